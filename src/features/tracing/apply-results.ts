/**
 * One row of a trace result (a hop of the chain, or the end of a stopped trace) applied to its trace. Shared by the
 * results import and by a request that arrives after its results (held in pending_trace_results until then).
 * A row for a trace that has already ended, or one that disagrees with the hop held at its position, is kept as a
 * further source (late-results.ts): never refused, never changing the trace's answer.
 */
import type { Tx } from '../../db/types.js';
import type { TraceStatus } from '../../domain/codes.js';
import type { TraceResultRow } from '../../formats/index.js';
import type { Actor } from '../audit/audit.service.js';
import { completeTrace, stopTrace } from './complete.service.js';
import { isTerminal } from './lifecycle.js';
import { personFields } from '../ingest/normalise.js';
import { recordLateResult } from './late-results.js';
import { hasIdentity, insertPerson, type Provenance } from './records.js';
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
    if (isTerminal(t.status as TraceStatus)) return recordLateResult(tx, actor, t, row, reason, prov);
    await stopTrace(tx, actor, traceId, reason, `from ${prov.sourceRef}`);
    return 'inserted';
  }
  if (isTerminal(t.status as TraceStatus)) return recordLateResult(tx, actor, t, row, null, prov);
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
  // The position is taken: the same hop again adds nothing; a different one is a further source to review.
  if (!hop) return recordLateResult(tx, actor, t, row, null, prov);
  if (role === 'retailer') {
    const buyer = personFields(row as unknown as Record<string, unknown>, 'buyer_');
    if (hasIdentity(buyer)) {
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
