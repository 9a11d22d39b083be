/**
 * Alerts as the people who must act on them see them: the inbox, one alert with its whole decision trail, and the
 * writes (decision, supervisor's review, dissent, outcome). Decisions, reviews and dissent are append-only (the
 * database refuses UPDATE and DELETE on them) and every write is audited in its transaction.
 */
import type { Tx } from '../../db/types.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf, can, canSeeAgency, requirePermission, type Principal } from '../auth/principal.js';
import { AppError, conflict, notFound } from '../../server/errors.js';
import { caseRoleOf, type CaseRole } from '../cases/cases.service.js';
import { queueWebhook } from './alerts.service.js';
import { alertsRepository as repo } from './alerts.repository.js';
import {
  alertAgeHours,
  checkNewDecision,
  checkReview,
  describeAge,
  statusAfterDecision,
  statusAfterReview,
  type AlertStatus,
  type ApprovalVerdict,
  type DecisionAction,
  type RuleResult,
} from './decision-rules.js';

type AlertRow = NonNullable<Awaited<ReturnType<typeof repo.findAlert>>>;

interface Standing {
  alert: AlertRow;
  recipient: boolean;
  caseRole: CaseRole | null;
}

function refuse(r: RuleResult): void {
  if (r.ok) return;
  const status = r.code === 'conflict' ? 409 : r.code === 'forbidden' ? 403 : 422;
  throw new AppError(status, r.code, r.message);
}

/**
 * Loads an alert the principal may see: one they were told of, one on a case they are on, or (with alert:read)
 * one of an agency in their scope. Anything else is "not found", exactly like a missing alert.
 */
async function standing(tx: Tx, p: Principal, alertId: number): Promise<Standing> {
  const alert = await repo.findAlert(tx, alertId);
  if (!alert) throw notFound('Alert');
  const recipient = Boolean(await repo.isRecipient(tx, alertId, p.userId));
  const caseRole = alert.case_id != null ? await caseRoleOf(tx, alert.case_id, p.userId) : null;
  const agencyId = alert.agency_id ?? alert.case_agency_id;
  const inScope = can(p, 'alert:read') && (p.visibleAgencyIds === null || (agencyId != null && canSeeAgency(p, agencyId)));
  if (!recipient && !caseRole && !inScope) throw notFound('Alert');
  return { alert, recipient, caseRole };
}

function withAge<T extends { created_at: Date; status: string }>(a: T) {
  const hours = alertAgeHours(new Date(a.created_at));
  return { ...a, age_hours: hours, age: describeAge(hours), needs_decision: a.status === 'open' || a.status === 'awaiting_approval' };
}

export async function listAlerts(tx: Tx, p: Principal, opts: { mine: boolean; statuses?: string[]; kind?: string; limit?: number }) {
  if (!opts.mine) requirePermission(p, 'alert:read');
  const rows = await repo.list(tx, {
    userId: p.userId,
    recipientId: opts.mine ? p.userId : undefined,
    agencyIds: p.visibleAgencyIds,
    statuses: opts.statuses,
    kind: opts.kind,
    limit: Math.min(opts.limit ?? 200, 1000),
  });
  return rows.map(withAge);
}

export async function getAlert(tx: Tx, p: Principal, alertId: number) {
  const s = await standing(tx, p, alertId);
  const decisions = await repo.decisions(tx, alertId);
  const ids = decisions.map((d) => d.id);
  const [approvals, dissents, outcomes, recipients] = await Promise.all([
    repo.approvals(tx, ids), repo.dissents(tx, ids), repo.outcomes(tx, alertId), repo.recipients(tx, alertId),
  ]);
  const matches = await tx
    .selectFrom('suspect_matches')
    .select(['id', 'suspect_gun_id', 'firearm_id', 'trace_id', 'recovery_id', 'score', 'reasons', 'status'])
    .where('alert_id', '=', alertId)
    .orderBy('score', 'desc')
    .execute();
  await repo.markSeen(tx, alertId, p.userId);
  const pending = decisions.find((d) => d.action === 'continue_monitoring' && !approvals.some((a) => a.decision_id === d.id));
  const status = s.alert.status as AlertStatus;
  return {
    alert: withAge(s.alert),
    decisions: decisions.map((d) => ({
      ...d,
      approvals: approvals.filter((a) => a.decision_id === d.id),
      dissents: dissents.filter((x) => x.decision_id === d.id),
    })),
    outcomes,
    recipients,
    matches,
    // What this user may do here, so the screen does not re-implement the rules.
    allowed: {
      decide: can(p, 'alert:decide') && (s.recipient || s.caseRole !== null) && (status === 'open' || status === 'decided'),
      review: Boolean(pending) && can(p, 'decision:approve') && pending!.decided_by !== p.userId,
      dissent: can(p, 'decision:dissent') && (s.recipient || s.caseRole !== null) && decisions.length > 0,
      outcome: can(p, 'alert:decide') && (s.recipient || s.caseRole !== null),
    },
    pendingDecisionId: pending?.id ?? null,
  };
}

export interface DecisionInput {
  action: DecisionAction;
  justification?: string | null;
}

export async function recordDecision(tx: Tx, p: Principal, alertId: number, input: DecisionInput) {
  requirePermission(p, 'alert:decide');
  const s = await standing(tx, p, alertId);
  if (!s.recipient && !s.caseRole) {
    throw new AppError(403, 'forbidden', 'Only the people told of this alert or on its case may decide it');
  }
  const locked = await repo.lockAlert(tx, alertId);
  if (!locked) throw notFound('Alert');
  refuse(checkNewDecision(locked.status as AlertStatus, input.action, input.justification));
  const justification = input.justification?.trim() || null;
  const d = await repo.insertDecision(tx, alertId, input.action, justification, p.userId);
  const next = statusAfterDecision(input.action);
  await repo.setStatus(tx, alertId, next, next === 'decided' ? new Date() : null);
  await queueWebhook(tx, alertId, next === 'awaiting_approval' ? 'decision.awaiting_approval' : 'decision.recorded');
  await recordAudit(tx, actorOf(p), {
    action: 'decision.recorded', targetType: 'alert', targetId: alertId, reason: s.alert.case_number ?? null,
    details: { decisionId: d.id, action: input.action, justification, alertStatus: next },
  });
  return { decisionId: d.id, alertStatus: next };
}

export async function reviewDecision(tx: Tx, p: Principal, decisionId: number, verdict: ApprovalVerdict, note: string | null) {
  requirePermission(p, 'decision:approve');
  const d = await repo.findDecision(tx, decisionId);
  if (!d) throw notFound('Decision');
  const s = await standing(tx, p, d.alert_id);
  const locked = await repo.lockAlert(tx, d.alert_id);
  const reviewed = await repo.approvals(tx, [decisionId]);
  const decider = await repo.user(tx, d.decided_by);
  const connected = s.recipient || s.caseRole !== null || decider?.supervisor_id === p.userId;
  refuse(
    checkReview({
      approverId: p.userId,
      approverIsSupervisor: p.roles.includes('supervisor'),
      approverConnected: connected,
      deciderId: d.decided_by,
      decisionAction: d.action as DecisionAction,
      alreadyReviewed: reviewed.length > 0,
      alertStatus: (locked?.status ?? 'closed') as AlertStatus,
    }),
  );
  const a = await repo.insertApproval(tx, decisionId, verdict, note?.trim() || null, p.userId);
  const next = statusAfterReview(verdict);
  await repo.setStatus(tx, d.alert_id, next, next === 'decided' ? new Date() : null);
  await queueWebhook(tx, d.alert_id, verdict === 'approved' ? 'decision.approved' : 'decision.rejected');
  await recordAudit(tx, actorOf(p), {
    action: verdict === 'approved' ? 'decision.approved' : 'decision.rejected', targetType: 'alert', targetId: d.alert_id,
    reason: s.alert.case_number ?? null, details: { decisionId, approvalId: a.id, note: note ?? null, alertStatus: next },
  });
  return { approvalId: a.id, alertStatus: next };
}

export async function recordDissent(tx: Tx, p: Principal, decisionId: number, text: string) {
  requirePermission(p, 'decision:dissent');
  const d = await repo.findDecision(tx, decisionId);
  if (!d) throw notFound('Decision');
  const s = await standing(tx, p, d.alert_id);
  if (!s.recipient && !s.caseRole) throw new AppError(403, 'forbidden', 'Only the people on the case may record dissent');
  const row = await repo.insertDissent(tx, decisionId, p.userId, text.trim());
  await recordAudit(tx, actorOf(p), {
    action: 'decision.dissent', targetType: 'alert', targetId: d.alert_id, reason: s.alert.case_number ?? null,
    details: { decisionId, dissentId: row.id, text: text.trim() },
  });
  return { dissentId: row.id };
}

export const OUTCOME_KINDS = ['seized', 'arrested', 'charged', 'referred', 'interdicted', 'recovered', 'lost_track', 'other'] as const;

export async function recordOutcome(tx: Tx, p: Principal, alertId: number, o: { kind: string; note?: string | null; occurredOn: string }) {
  requirePermission(p, 'alert:decide');
  const s = await standing(tx, p, alertId);
  if (!s.recipient && !s.caseRole) throw new AppError(403, 'forbidden', 'Only the people on the case may record what followed');
  const row = await repo.insertOutcome(tx, {
    alertId, caseId: s.alert.case_id, kind: o.kind, note: o.note?.trim() || null, occurredOn: o.occurredOn, userId: p.userId,
  });
  await recordAudit(tx, actorOf(p), {
    action: 'alert.outcome', targetType: 'alert', targetId: alertId, reason: s.alert.case_number ?? null,
    details: { outcomeId: row.id, kind: o.kind, occurredOn: o.occurredOn },
  });
  return { outcomeId: row.id };
}

/**
 * Closes an operational alert whose cause went away (an overdue trace that has now been answered). Alerts about
 * guns are never closed this way: they need a decision.
 */
export async function closeAlertBySystem(tx: Tx, actor: Parameters<typeof recordAudit>[1], alertId: number, reason: string) {
  const closed = await repo.close(tx, alertId, reason);
  if (closed.length === 0) return false;
  await recordAudit(tx, actor, { action: 'alert.closed', targetType: 'alert', targetId: alertId, details: { reason } });
  return true;
}

export async function ensureAlertOpen(tx: Tx, alertId: number) {
  const a = await repo.lockAlert(tx, alertId);
  if (!a) throw notFound('Alert');
  if (a.status === 'closed') throw conflict('The alert is closed');
  return a;
}
