import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

export interface AlertListFilter {
  /** Only alerts this user was told of. */
  recipientId?: number;
  /** Agencies whose alerts are visible (null: all). */
  agencyIds?: number[] | null;
  /** Also visible: alerts on cases this user is on. */
  userId: number;
  statuses?: string[];
  kind?: string;
  limit: number;
}

const ALERT_COLUMNS = [
  'alerts.id', 'alerts.kind', 'alerts.status', 'alerts.severity', 'alerts.case_id', 'alerts.agency_id',
  'alerts.suspect_gun_id', 'alerts.trace_id', 'alerts.recovery_id', 'alerts.subject_ref', 'alerts.score',
  'alerts.title', 'alerts.reasons', 'alerts.assigned_to', 'alerts.escalated_to', 'alerts.created_at',
  'alerts.decided_at', 'alerts.closed_at', 'alerts.closed_reason',
] as const;

export const alertsRepository = {
  findAlert(tx: Tx, id: number) {
    return tx
      .selectFrom('alerts')
      .leftJoin('cases', 'cases.id', 'alerts.case_id')
      .select([...ALERT_COLUMNS, 'cases.case_number', 'cases.agency_id as case_agency_id'])
      .where('alerts.id', '=', id)
      .executeTakeFirst();
  },

  lockAlert(tx: Tx, id: number) {
    return tx.selectFrom('alerts').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
  },

  list(tx: Tx, f: AlertListFilter) {
    let q = tx
      .selectFrom('alerts')
      .leftJoin('cases', 'cases.id', 'alerts.case_id')
      .select([...ALERT_COLUMNS, 'cases.case_number'])
      .select((eb) =>
        eb
          .selectFrom('alert_recipients')
          .select('seen_at')
          .whereRef('alert_recipients.alert_id', '=', 'alerts.id')
          .where('alert_recipients.user_id', '=', f.userId)
          .as('my_seen_at'),
      )
      .select((eb) =>
        eb
          .selectFrom('alert_recipients')
          .select(sql<boolean>`true`.as('x'))
          .whereRef('alert_recipients.alert_id', '=', 'alerts.id')
          .where('alert_recipients.user_id', '=', f.userId)
          .as('to_me'),
      )
      .orderBy('alerts.created_at', 'desc')
      .orderBy('alerts.id', 'desc')
      .limit(f.limit);
    if (f.statuses?.length) q = q.where('alerts.status', 'in', f.statuses);
    if (f.kind) q = q.where('alerts.kind', '=', f.kind);
    if (f.recipientId != null) {
      const rid = f.recipientId;
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('alert_recipients').select('alert_id').whereRef('alert_recipients.alert_id', '=', 'alerts.id').where('alert_recipients.user_id', '=', rid)),
      );
    } else if (f.agencyIds) {
      const ids = f.agencyIds.length ? f.agencyIds : [-1];
      const uid = f.userId;
      q = q.where((eb) =>
        eb.or([
          eb('alerts.agency_id', 'in', ids),
          eb('cases.agency_id', 'in', ids),
          eb.exists(eb.selectFrom('alert_recipients').select('alert_id').whereRef('alert_recipients.alert_id', '=', 'alerts.id').where('alert_recipients.user_id', '=', uid)),
        ]),
      );
    }
    return q.execute();
  },

  recipients(tx: Tx, alertId: number) {
    return tx
      .selectFrom('alert_recipients')
      .innerJoin('users', 'users.id', 'alert_recipients.user_id')
      .select(['users.id', 'users.username', 'users.display_name', 'alert_recipients.reason', 'alert_recipients.notified_at', 'alert_recipients.seen_at'])
      .where('alert_recipients.alert_id', '=', alertId)
      .orderBy('alert_recipients.notified_at')
      .execute();
  },

  isRecipient(tx: Tx, alertId: number, userId: number) {
    return tx.selectFrom('alert_recipients').select('reason').where('alert_id', '=', alertId).where('user_id', '=', userId).executeTakeFirst();
  },

  markSeen(tx: Tx, alertId: number, userId: number) {
    return tx
      .updateTable('alert_recipients')
      .set({ seen_at: new Date() })
      .where('alert_id', '=', alertId)
      .where('user_id', '=', userId)
      .where('seen_at', 'is', null)
      .execute();
  },

  decisions(tx: Tx, alertId: number) {
    return tx
      .selectFrom('decisions')
      .innerJoin('users', 'users.id', 'decisions.decided_by')
      .select(['decisions.id', 'decisions.action', 'decisions.justification', 'decisions.decided_by', 'decisions.decided_at', 'users.username as decided_by_username'])
      .where('decisions.alert_id', '=', alertId)
      .orderBy('decisions.decided_at')
      .orderBy('decisions.id')
      .execute();
  },

  approvals(tx: Tx, decisionIds: number[]) {
    if (decisionIds.length === 0) return Promise.resolve([]);
    return tx
      .selectFrom('decision_approvals')
      .innerJoin('users', 'users.id', 'decision_approvals.approved_by')
      .select(['decision_approvals.id', 'decision_approvals.decision_id', 'decision_approvals.verdict', 'decision_approvals.note', 'decision_approvals.approved_by', 'decision_approvals.approved_at', 'users.username as approved_by_username'])
      .where('decision_approvals.decision_id', 'in', decisionIds)
      .orderBy('decision_approvals.id')
      .execute();
  },

  dissents(tx: Tx, decisionIds: number[]) {
    if (decisionIds.length === 0) return Promise.resolve([]);
    return tx
      .selectFrom('dissents')
      .innerJoin('users', 'users.id', 'dissents.user_id')
      .select(['dissents.id', 'dissents.decision_id', 'dissents.text', 'dissents.user_id', 'dissents.created_at', 'users.username'])
      .where('dissents.decision_id', 'in', decisionIds)
      .orderBy('dissents.id')
      .execute();
  },

  outcomes(tx: Tx, alertId: number) {
    return tx
      .selectFrom('outcomes')
      .leftJoin('users', 'users.id', 'outcomes.recorded_by')
      .select(['outcomes.id', 'outcomes.kind', 'outcomes.note', 'outcomes.occurred_on', 'outcomes.created_at', 'users.username as recorded_by_username'])
      .where('outcomes.alert_id', '=', alertId)
      .orderBy('outcomes.occurred_on')
      .orderBy('outcomes.id')
      .execute();
  },

  findDecision(tx: Tx, id: number) {
    return tx
      .selectFrom('decisions')
      .select(['id', 'alert_id', 'action', 'justification', 'decided_by', 'decided_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  insertDecision(tx: Tx, alertId: number, action: string, justification: string | null, userId: number) {
    return tx
      .insertInto('decisions')
      .values({ alert_id: alertId, action, justification, decided_by: userId })
      .returning(['id', 'decided_at'])
      .executeTakeFirstOrThrow();
  },

  insertApproval(tx: Tx, decisionId: number, verdict: string, note: string | null, userId: number) {
    return tx
      .insertInto('decision_approvals')
      .values({ decision_id: decisionId, verdict, note, approved_by: userId })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  insertDissent(tx: Tx, decisionId: number, userId: number, text: string) {
    return tx.insertInto('dissents').values({ decision_id: decisionId, user_id: userId, text }).returning('id').executeTakeFirstOrThrow();
  },

  insertOutcome(tx: Tx, o: { alertId: number; caseId: number | null; kind: string; note: string | null; occurredOn: string; userId: number }) {
    return tx
      .insertInto('outcomes')
      .values({ alert_id: o.alertId, case_id: o.caseId, kind: o.kind, note: o.note, occurred_on: o.occurredOn, recorded_by: o.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  setStatus(tx: Tx, alertId: number, status: string, decidedAt: Date | null) {
    return tx.updateTable('alerts').set({ status, decided_at: decidedAt }).where('id', '=', alertId).execute();
  },

  close(tx: Tx, alertId: number, reason: string) {
    return tx
      .updateTable('alerts')
      .set({ status: 'closed', closed_at: new Date(), closed_reason: reason })
      .where('id', '=', alertId)
      .where('status', '!=', 'closed')
      .returning('id')
      .execute();
  },

  user(tx: Tx, id: number) {
    return tx.selectFrom('users').select(['id', 'username', 'roles', 'supervisor_id', 'agency_id']).where('id', '=', id).executeTakeFirst();
  },
};
