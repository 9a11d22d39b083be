/**
 * Ending a trace: completed (the chain reaches the retail dealer; the result is read from the hops) or not completed
 * with exactly one reason. Used by the tracer's screen, the results import and the automatic answer from what is
 * held, so a trace ends the same way whoever ends it.
 */
import type { Tx } from '../../db/types.js';
import type { NotCompletedReason, TraceStatus } from '../../domain/codes.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { conflict, unprocessable } from '../../server/errors.js';
import { canTransition } from './lifecycle.js';
import { closeClockAlerts, completeTraces, type AnswerSource } from './complete-many.js';

export type { AnswerSource } from './complete-many.js';
import { tracingRepository as repo } from './tracing.repository.js';

/**
 * Completes a trace from its hops: the last retailer hop gives the dealer and the sale date, the buyer hop the first
 * buyer. Time-to-crime and the flags are computed and stored with it (complete-many.ts, the same for many traces).
 */
export async function completeTrace(tx: Tx, actor: Actor, traceId: number, source: AnswerSource): Promise<{ flags: string[]; ttcDays: number | null }> {
  const [done] = await completeTraces(tx, actor, [{ traceId, source }]);
  return done;
}

export async function stopTrace(
  tx: Tx,
  actor: Actor,
  traceId: number,
  reason: NotCompletedReason,
  note: string | null,
  duplicateOf: number | null = null,
): Promise<void> {
  const t = await repo.lockTrace(tx, traceId);
  if (!t) throw unprocessable('No such trace');
  if (!canTransition(t.status as TraceStatus, 'not_completed')) throw conflict(`The trace is ${t.status}; it cannot be stopped`);
  await tx
    .updateTable('trace_requests')
    .set({ status: 'not_completed', not_completed_reason: reason, completed_at: new Date(), duplicate_of: duplicateOf })
    .where('id', '=', traceId)
    .execute();
  await repo.insertEvent(tx, traceId, t.status, 'not_completed', actor.userId, note ? `${reason}: ${note}` : reason);
  await closeClockAlerts(tx, actor, [traceId]);
  await recordAudit(tx, actor, {
    action: 'trace.not_completed', targetType: 'trace', targetId: traceId, reason: t.trace_number, details: { reason, note, duplicateOf },
  });
}
