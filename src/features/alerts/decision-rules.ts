/**
 * The decision rule, as plain functions: every alert demands a recorded action; keeping a flagged gun on the street
 * (continue_monitoring) needs a written justification and a supervisor who is not the person who decided.
 * The lesson of 2009-2011 is that notifications arrived and nobody acted: here an alert stays open, and ages, until
 * a decision stands.
 */
import { DECISION_ACTIONS, type DecisionAction } from '../../domain/codes.js';

export { DECISION_ACTIONS, type DecisionAction };

export const ALERT_STATUSES = ['open', 'awaiting_approval', 'decided', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const APPROVAL_VERDICTS = ['approved', 'rejected'] as const;
export type ApprovalVerdict = (typeof APPROVAL_VERDICTS)[number];

/** The database refuses shorter ones too (CHECK on decisions): "keep watching" must be argued, not ticked. */
export const MIN_MONITORING_JUSTIFICATION = 20;

export type RuleResult = { ok: true } | { ok: false; code: 'conflict' | 'unprocessable' | 'forbidden'; message: string };
const OK: RuleResult = { ok: true };

export function checkNewDecision(status: AlertStatus, action: DecisionAction, justification: string | null | undefined): RuleResult {
  switch (status) {
    case 'awaiting_approval':
      return { ok: false, code: 'conflict', message: 'A decision on this alert awaits a supervisor; it must be approved or rejected first' };
    case 'closed':
      return { ok: false, code: 'conflict', message: 'The alert is closed' };
    case 'open':
    case 'decided':
      break;
  }
  if (action === 'continue_monitoring' && (justification ?? '').trim().length < MIN_MONITORING_JUSTIFICATION) {
    return {
      ok: false,
      code: 'unprocessable',
      message: `continue_monitoring needs a written justification of at least ${MIN_MONITORING_JUSTIFICATION} characters`,
    };
  }
  return OK;
}

/** A decision to act stands at once; a decision to keep watching waits for a supervisor. */
export function statusAfterDecision(action: DecisionAction): AlertStatus {
  return action === 'continue_monitoring' ? 'awaiting_approval' : 'decided';
}

/** An approved decision stands; a rejected one reopens the alert for a new decision. */
export function statusAfterReview(verdict: ApprovalVerdict): AlertStatus {
  return verdict === 'approved' ? 'decided' : 'open';
}

export interface ReviewCheck {
  approverId: number;
  approverIsSupervisor: boolean;
  /** The approver is the decider's supervisor, the case's supervisor, on the case, or was told of the alert. */
  approverConnected: boolean;
  deciderId: number;
  decisionAction: DecisionAction;
  alreadyReviewed: boolean;
  alertStatus: AlertStatus;
}

export function checkReview(c: ReviewCheck): RuleResult {
  if (c.decisionAction !== 'continue_monitoring') {
    return { ok: false, code: 'conflict', message: 'Only a decision to continue monitoring is approved; the others stand on their own' };
  }
  if (c.alreadyReviewed) return { ok: false, code: 'conflict', message: 'This decision has already been reviewed' };
  if (c.alertStatus !== 'awaiting_approval') return { ok: false, code: 'conflict', message: 'The alert is not awaiting approval' };
  if (c.approverId === c.deciderId) {
    return { ok: false, code: 'forbidden', message: 'Nobody approves their own decision to keep watching' };
  }
  if (!c.approverIsSupervisor) return { ok: false, code: 'forbidden', message: 'Only a supervisor approves a decision to continue monitoring' };
  if (!c.approverConnected) {
    return { ok: false, code: 'forbidden', message: "Only the decider's supervisor or a supervisor on the case may approve" };
  }
  return OK;
}

/** Age of an open alert in whole hours, for the inbox ("open for 3 days"). */
export function alertAgeHours(createdAt: Date, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 3_600_000));
}

export function describeAge(hours: number): string {
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.floor(hours / 24)} days`;
}
