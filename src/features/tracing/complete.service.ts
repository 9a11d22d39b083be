/**
 * Ending a trace: completed (the chain reaches the retail dealer; the result is read from the hops) or not completed
 * with exactly one reason. Used by the tracer's screen, the results import and the automatic answer from what is
 * held, so a trace ends the same way whoever ends it.
 */
import type { Tx } from '../../db/types.js';
import type { NotCompletedReason, TraceStatus } from '../../domain/codes.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { closeAlertBySystem } from '../alerts/decisions.service.js';
import { conflict, unprocessable } from '../../server/errors.js';
import { canTransition } from './lifecycle.js';
import { computeResult, type PersonFacts } from './results.js';
import { tracingRepository as repo } from './tracing.repository.js';

export interface AnswerSource {
  /** 'tracer', 'trace_result_import', 'earlier_trace', 'multiple_sale', 'theft_report'. */
  kind: string;
  ref: string | null;
}

async function personFacts(tx: Tx, id: number | null): Promise<PersonFacts | null> {
  if (id == null) return null;
  const p = await repo.person(tx, id);
  if (!p) return null;
  return { given_name: p.given_name, surname: [p.surname, p.maternal_surname].filter(Boolean).join(' ') || null, dob: p.dob };
}

/** Closes the clock escalations of a trace once it has ended: their cause is gone. */
async function closeClockAlerts(tx: Tx, actor: Actor, traceId: number): Promise<void> {
  const open = await tx
    .selectFrom('alerts')
    .select('id')
    .where('trace_id', '=', traceId)
    .where('kind', 'in', ['trace_overdue', 'dealer_overdue'])
    .where('status', '!=', 'closed')
    .execute();
  for (const a of open) await closeAlertBySystem(tx, actor, a.id, 'the trace has ended');
}

/**
 * Completes a trace from its hops: the last retailer hop gives the dealer and the sale date, the buyer hop the first
 * buyer. Time-to-crime and the flags are computed and stored with it.
 */
export async function completeTrace(tx: Tx, actor: Actor, traceId: number, source: AnswerSource): Promise<{ flags: string[]; ttcDays: number | null }> {
  const t = await repo.lockTrace(tx, traceId);
  if (!t) throw unprocessable('No such trace');
  if (!canTransition(t.status as TraceStatus, 'completed')) throw conflict(`The trace is ${t.status}; it cannot be completed`);
  const hops = await repo.hops(tx, traceId);
  const retailer = [...hops].reverse().find((h) => h.role === 'retailer');
  if (!retailer) throw unprocessable('A trace is completed when the chain reaches the retail dealer: enter the retailer hop first');
  const buyerHop = hops.find((h) => h.role === 'buyer' && h.seq > retailer.seq) ?? hops.find((h) => h.role === 'buyer');
  const recovery = t.recovery_id
    ? await tx.selectFrom('recoveries').select(['recovered_on', 'country', 'state']).where('id', '=', t.recovery_id).executeTakeFirst()
    : undefined;
  const dealer = retailer.licence_number ? await repo.dealerByLicence(tx, retailer.licence_number) : undefined;
  const firearm = await tx.selectFrom('firearms').select(['serial_key', 'maker']).where('id', '=', t.firearm_id).executeTakeFirstOrThrow();
  const key = firearm.serial_key && !firearm.serial_key.includes('?') ? firearm.serial_key : null;
  const fromMultipleSale = key ? (await repo.multipleSalesOf(tx, key, firearm.maker)).length > 0 : false;
  const stolen = source.kind === 'theft_report' || (key ? (await repo.theftReportsOf(tx, key, firearm.maker)).length > 0 : false);
  const saleDate = buyerHop ? retailer.disposed_on : null;
  const result = computeResult({
    saleDate,
    recoveredOn: recovery?.recovered_on ?? new Date(t.submitted_at).toISOString().slice(0, 10),
    recoveryCountry: recovery?.country ?? 'US',
    recoveryState: recovery?.state ?? null,
    dealerState: dealer?.state ?? retailer.state,
    buyer: await personFacts(tx, buyerHop?.person_record_id ?? null),
    possessor: await personFacts(tx, t.possessor_record_id),
    fromMultipleSale,
    stolenFromDealer: stolen,
  });
  await tx
    .updateTable('trace_requests')
    .set({
      status: 'completed',
      completed_at: new Date(),
      answered_by_source: source.kind,
      answered_by_ref: source.ref,
      dealer_id: dealer?.id ?? null,
      dealer_licence: retailer.licence_number,
      dealer_name: retailer.name ?? null,
      sale_date: saleDate,
      buyer_record_id: buyerHop?.person_record_id ?? null,
      ttc_days: result.ttcDays,
      ttc_bracket: result.ttcBracket,
      result_flags: result.flags,
    })
    .where('id', '=', traceId)
    .execute();
  await repo.insertEvent(tx, traceId, t.status, 'completed', actor.userId, `answered by ${source.kind}${source.ref ? ` (${source.ref})` : ''}`);
  await closeClockAlerts(tx, actor, traceId);
  await recordAudit(tx, actor, {
    action: 'trace.completed', targetType: 'trace', targetId: traceId, reason: t.trace_number,
    details: { source: source.kind, ref: source.ref, dealer: retailer.licence_number, flags: result.flags, ttcDays: result.ttcDays },
  });
  return { flags: result.flags, ttcDays: result.ttcDays };
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
  await closeClockAlerts(tx, actor, traceId);
  await recordAudit(tx, actor, {
    action: 'trace.not_completed', targetType: 'trace', targetId: traceId, reason: t.trace_number, details: { reason, note, duplicateOf },
  });
}
