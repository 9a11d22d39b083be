import type { Tx } from '../../db/types.js';
import { recordAudits, type Actor } from '../audit/audit.service.js';

export interface AlertReason {
  /** Short code, e.g. 'serial_confusable', 'short_ttc'. */
  code: string;
  /** Plain words for the analyst. */
  text: string;
  /** Records behind the reason: [{ type: 'trace', id: 12 }, ...]. */
  evidence?: Array<{ type: string; id: number | string; date?: string }>;
  weight?: number;
}

export interface AlertRecipient {
  userId: number;
  /** Why this person is told: 'investigator', 'supervisor', 'assignee', 'escalation', ... */
  reason: string;
}

export interface NewAlert {
  kind: string;
  title: string;
  severity?: 'normal' | 'high' | 'critical';
  caseId?: number | null;
  agencyId?: number | null;
  suspectGunId?: number | null;
  traceId?: number | null;
  recoveryId?: number | null;
  subjectRef?: string | null;
  score?: number | null;
  reasons: AlertReason[];
  assignedTo?: number | null;
  /** Same key, same alert: raising it again returns the existing one instead of a second alert. */
  dedupeKey: string;
  /** People to tell besides those the rule finds (the case's investigator and supervisors, the assignee's supervisor). */
  notify?: AlertRecipient[];
  /** Set on an escalation: the alert is also shown as escalated to this user. */
  escalatedTo?: number | null;
}

/**
 * Raises an alert (idempotent by dedupeKey) in the caller's transaction and audits it. In the same transaction it
 * decides who is told (see alertRecipients) and queues the optional webhook, so that an alert never exists without
 * reaching someone. Every alert then demands a recorded decision (decisions.service.ts).
 */
export async function raiseAlert(tx: Tx, actor: Actor, a: NewAlert): Promise<{ id: number; created: boolean }> {
  const [r] = await raiseAlerts(tx, actor, [a]);
  return r;
}

/**
 * Raises many alerts at once, with the same effects as raiseAlert for each (recipients, webhook, one audit event
 * each) in a handful of statements: a detection run raises hundreds to thousands, and one at a time that was about
 * six round trips each. Results are in the order given.
 */
export async function raiseAlerts(tx: Tx, actor: Actor, alerts: readonly NewAlert[]): Promise<Array<{ id: number; created: boolean }>> {
  const byKey = new Map<string, { id: number; created: boolean }>();
  for (let k = 0; k < alerts.length; k += ALERT_CHUNK) {
    const chunk = alerts.slice(k, k + ALERT_CHUNK);
    const inserted = await tx
      .insertInto('alerts')
      .values(chunk.map((a) => ({
        kind: a.kind,
        title: a.title,
        severity: a.severity ?? 'normal',
        case_id: a.caseId ?? null,
        agency_id: a.agencyId ?? null,
        suspect_gun_id: a.suspectGunId ?? null,
        trace_id: a.traceId ?? null,
        recovery_id: a.recoveryId ?? null,
        subject_ref: a.subjectRef ?? null,
        score: a.score ?? null,
        reasons: JSON.stringify(a.reasons),
        assigned_to: a.assignedTo ?? null,
        escalated_to: a.escalatedTo ?? null,
        dedupe_key: a.dedupeKey,
      })))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning(['id', 'dedupe_key'])
      .execute();
    for (const r of inserted) byKey.set(String(r.dedupe_key), { id: r.id, created: true });
  }
  const existing = [...new Set(alerts.map((a) => a.dedupeKey).filter((key) => !byKey.has(key)))];
  for (let k = 0; k < existing.length; k += ALERT_CHUNK) {
    const rows = await tx.selectFrom('alerts').select(['id', 'dedupe_key']).where('dedupe_key', 'in', existing.slice(k, k + ALERT_CHUNK)).execute();
    for (const r of rows) byKey.set(String(r.dedupe_key), { id: r.id, created: false });
  }

  // Each new alert once (a key given twice is one alert), with its recipients; alerts naming the same case, assignee,
  // agency and extra people share one recipient look-up.
  const fresh: Array<{ id: number; a: NewAlert; recipients: AlertRecipient[] }> = [];
  const seen = new Set<number>();
  const ruleCache = new Map<string, AlertRecipient[]>();
  for (const a of alerts) {
    const r = byKey.get(a.dedupeKey)!;
    if (!r.created || seen.has(r.id)) continue;
    seen.add(r.id);
    const ruleKey = JSON.stringify([a.caseId ?? null, a.assignedTo ?? null, a.agencyId ?? null, a.notify ?? []]);
    let recipients = ruleCache.get(ruleKey);
    if (!recipients) {
      recipients = await alertRecipients(tx, a);
      ruleCache.set(ruleKey, recipients);
    }
    fresh.push({ id: r.id, a, recipients });
  }
  if (fresh.length) {
    const told = fresh.flatMap((f) => f.recipients.map((r) => ({ alert_id: f.id, user_id: r.userId, reason: r.reason })));
    for (let k = 0; k < told.length; k += ALERT_CHUNK) {
      await tx.insertInto('alert_recipients').values(told.slice(k, k + ALERT_CHUNK)).onConflict((oc) => oc.columns(['alert_id', 'user_id']).doNothing()).execute();
    }
    await queueWebhooks(tx, fresh.map((f) => f.id), 'alert.raised');
    await recordAudits(tx, actor, fresh.map((f) => ({
      action: 'alert.raised', targetType: 'alert', targetId: f.id,
      details: { kind: f.a.kind, title: f.a.title, recipients: f.recipients.map((r) => r.userId) },
    })));
  }
  // The first mention of a new key created it; a repeat in the same call found it.
  const answered = new Set<string>();
  return alerts.map((a) => {
    const r = byKey.get(a.dedupeKey)!;
    const first = !answered.has(a.dedupeKey);
    answered.add(a.dedupeKey);
    return { id: r.id, created: r.created && first };
  });
}

const ALERT_CHUNK = 1000;

/**
 * Who must hear of an alert at once: the case's lead investigator and that investigator's own supervisor, the
 * case's supervisor, the assignee and their supervisor, plus anyone named by the caller. When the rule finds nobody
 * (an alert with no case and no assignee), the supervisors of the alert's agency are told, so it is never orphaned.
 */
export async function alertRecipients(tx: Tx, a: Pick<NewAlert, 'caseId' | 'assignedTo' | 'agencyId' | 'notify'>): Promise<AlertRecipient[]> {
  const out = new Map<number, string>();
  const add = (id: number | null | undefined, reason: string) => {
    if (id != null && !out.has(id)) out.set(id, reason);
  };
  for (const n of a.notify ?? []) add(n.userId, n.reason);
  if (a.caseId != null) {
    const c = await tx
      .selectFrom('cases')
      .leftJoin('users as lead', 'lead.id', 'cases.lead_investigator_id')
      .select(['cases.lead_investigator_id', 'cases.supervisor_id', 'lead.supervisor_id as lead_supervisor_id'])
      .where('cases.id', '=', a.caseId)
      .executeTakeFirst();
    add(c?.lead_investigator_id, 'investigator');
    add(c?.lead_supervisor_id, 'supervisor');
    add(c?.supervisor_id, 'supervisor');
  }
  if (a.assignedTo != null) {
    add(a.assignedTo, 'assignee');
    const u = await tx.selectFrom('users').select('supervisor_id').where('id', '=', a.assignedTo).executeTakeFirst();
    add(u?.supervisor_id, 'supervisor');
  }
  if (out.size === 0 && a.agencyId != null) {
    const sups = await tx
      .selectFrom('users')
      .select('id')
      .where('agency_id', '=', a.agencyId)
      .where('active', '=', true)
      .where((eb) => eb(eb.val('supervisor'), '=', eb.fn.any('roles')))
      .execute();
    for (const s of sups) add(s.id, 'agency_supervisor');
  }
  return [...out].map(([userId, reason]) => ({ userId, reason }));
}

/** Queues a webhook delivery in the caller's transaction (delivered after commit; see webhook.ts). */
export async function queueWebhook(tx: Tx, alertId: number, event: string): Promise<void> {
  await queueWebhooks(tx, [alertId], event);
}

/** Queues the same event for many alerts. */
export async function queueWebhooks(tx: Tx, alertIds: readonly number[], event: string): Promise<void> {
  for (let k = 0; k < alertIds.length; k += ALERT_CHUNK) {
    await tx.insertInto('alert_webhook_outbox').values(alertIds.slice(k, k + ALERT_CHUNK).map((id) => ({ alert_id: id, event }))).execute();
  }
}
