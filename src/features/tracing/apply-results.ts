/**
 * One row of a trace result (a hop of the chain, or the end of a stopped trace) applied to its trace. Shared by the
 * results import and by a request that arrives after its results (held in pending_trace_results until then).
 */
import type { Tx } from '../../db/types.js';
import type { TraceStatus } from '../../domain/codes.js';
import type { TraceResultRow } from '../../formats/index.js';
import type { Actor } from '../audit/audit.service.js';
import { completeTrace, stopTrace } from './complete.service.js';
import { isTerminal } from './lifecycle.js';
import { hasIdentity, insertPerson, pickPerson, type Provenance } from './records.js';
import { toNotCompletedReason } from './results.js';
import { tracingRepository as repo } from './tracing.repository.js';

/** Hops of a result file keep their order: seq = hop_seq x 10; the buyer follows the retailer at +1. */
export const HOP_SEQ_STEP = 10;

export type ApplyOutcome = 'inserted' | 'duplicate' | { rejected: { field: string; reason: string } };

export async function applyResultRow(tx: Tx, actor: Actor, traceId: number, row: TraceResultRow, prov: Provenance): Promise<ApplyOutcome> {
  const t = await repo.findTrace(tx, traceId);
  if (!t) return { rejected: { field: 'request_id', reason: 'no such trace request' } };
  if (row.not_completed_reason) {
    const reason = toNotCompletedReason(row.not_completed_reason);
    if (!reason) return { rejected: { field: 'not_completed_reason', reason: `${row.not_completed_reason} is not a known reason` } };
    if (isTerminal(t.status as TraceStatus)) return t.status === 'not_completed' && t.not_completed_reason === reason ? 'duplicate' : { rejected: { field: 'not_completed_reason', reason: `the trace is already ${t.status}` } };
    await stopTrace(tx, actor, traceId, reason, `from ${prov.sourceRef}`);
    return 'inserted';
  }
  const role = row.role!;
  const seq = row.hop_seq * HOP_SEQ_STEP;
  const saleDate = role === 'retailer' ? (row.sale_date ?? null) : null;
  const hop = await repo.insertHop(tx, traceId, seq, {
    role,
    licence_number: row.licence_number ?? null,
    name: row.name ?? null,
    received_on: row.received_date ?? null,
    disposed_on: saleDate ?? row.disposed_date ?? null,
    state: null,
    country: null,
    person_record_id: null,
    entered_by: null,
    source_kind: prov.sourceKind,
    source_ref: prov.sourceRef,
  });
  if (!hop) return 'duplicate';
  if (role === 'retailer') {
    const buyer = pickPerson(row as unknown as Record<string, unknown>, 'buyer_');
    if (buyer && hasIdentity(buyer)) {
      const personId = await insertPerson(tx, 'buyer', buyer, null, prov);
      await repo.insertHop(tx, traceId, seq + 1, {
        role: 'buyer', licence_number: null, name: null, received_on: saleDate, disposed_on: null, state: buyer.state ?? null,
        country: buyer.country ?? null, person_record_id: personId, entered_by: null, source_kind: prov.sourceKind, source_ref: prov.sourceRef,
      });
    }
    if (saleDate && !isTerminal(t.status as TraceStatus)) {
      await completeTrace(tx, actor, traceId, { kind: 'trace_result_import', ref: prov.sourceRef });
    }
  } else if (t.status === 'submitted') {
    // The first hop entered means someone is working the trace.
    await tx.updateTable('trace_requests').set({ status: 'in_progress' }).where('id', '=', traceId).execute();
    await repo.insertEvent(tx, traceId, 'submitted', 'in_progress', actor.userId, `hop ${row.hop_seq} from ${prov.sourceRef}`);
  }
  return 'inserted';
}
