/**
 * The life of a trace request and its clocks, as plain functions.
 * submitted -> in_progress -> completed | not_completed (with exactly one of the eleven reasons); a request can also
 * be completed or stopped straight from submitted (answered from what is held, or caught as a duplicate).
 */
import { NOT_COMPLETED_REASONS, type NotCompletedReason, type TracePriority, type TraceStatus } from '../../domain/codes.js';

/** Targets: urgent under 24 hours, routine about 7 days (DOMAIN.md). */
export const URGENT_HOURS = 24;
export const ROUTINE_HOURS = 7 * 24;
/** A dealer asked for its records must answer within 24 hours (18 U.S.C. 923(g)(7)). */
export const DEALER_ANSWER_HOURS = 24;

const NEXT: Record<TraceStatus, readonly TraceStatus[]> = {
  submitted: ['in_progress', 'completed', 'not_completed'],
  in_progress: ['completed', 'not_completed'],
  completed: [],
  not_completed: [],
};

export function canTransition(from: TraceStatus, to: TraceStatus): boolean {
  return NEXT[from].includes(to);
}

export function isTerminal(s: TraceStatus): boolean {
  return NEXT[s].length === 0;
}

export function isNotCompletedReason(x: string): x is NotCompletedReason {
  return (NOT_COMPLETED_REASONS as readonly string[]).includes(x);
}

export function traceDueAt(priority: TracePriority, submittedAt: Date): Date {
  return new Date(submittedAt.getTime() + (priority === 'urgent' ? URGENT_HOURS : ROUTINE_HOURS) * 3_600_000);
}

export function dealerDueAt(askedAt: Date): Date {
  return new Date(askedAt.getTime() + DEALER_ANSWER_HOURS * 3_600_000);
}

/** Whole hours past the due time (0 when not yet due). */
export function hoursOverdue(dueAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / 3_600_000));
}

/** Trace numbers: T + year + a sequence, readable on the phone ("T2024-0001234"). */
export function formatTraceNumber(year: number, seq: number): string {
  return `T${year}-${String(seq).padStart(7, '0')}`;
}
