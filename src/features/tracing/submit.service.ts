/**
 * Submitting a trace request (ATF F 3312.1), by a requester on the web or the API, or in a file: one code path.
 *
 * In one transaction: the gun, the recovery, the possessor and associates are stored as written (with normalised
 * values beside them); the clock starts (urgent 24 h, routine 7 days); a duplicate request is caught; the trace is
 * answered from what Interdict already holds where it can be (results that arrived first, an earlier trace of the
 * same gun, a multiple-sale report, a theft report), saying which source answered; and the gun is matched against
 * the suspect-gun register now, not when the trace completes.
 */
import type { Tx } from '../../db/types.js';
import type { TraceRequestRow, TraceResultRow } from '../../formats/index.js';
import type { Actor } from '../audit/audit.service.js';
import { matchObservationWith, type MatchOutcome } from '../suspects/matching.service.js';
import { applyResultRow } from './apply-results.js';
import { completeTrace, stopTrace } from './complete.service.js';
import type { FirearmIdentity } from './records.js';
import { lookUp, prepare, storePrepared, STORE_CHUNK, type HeldRequest, type LookUp, type Prepared, type Stored, type SubmitContext } from './submit-store.js';
import { tracingRepository as repo } from './tracing.repository.js';

export type { SubmitContext } from './submit-store.js';

export interface SubmitResult {
  id: number;
  traceNumber: string;
  /** The same request (same agency and request id) was already held: nothing new was stored. */
  alreadyHeld: boolean;
  status: string;
  duplicateOf: number | null;
  answeredBySource: string | null;
  matches: MatchOutcome[];
}

function place(row: TraceRequestRow): string {
  return [row.recovery_city, row.recovery_state ?? row.recovery_mx_state, row.recovery_country].filter(Boolean).join(', ');
}

const heldResult = (h: HeldRequest): SubmitResult => ({
  id: h.id, traceNumber: h.trace_number, alreadyHeld: true, status: h.status, duplicateOf: h.duplicate_of, answeredBySource: h.answered_by_source, matches: [],
});

/** Matches a stored request's gun against the register candidates found for it at look-up. */
function matchStored(tx: Tx, p: Prepared, s: Stored, candidates: LookUp['candidates'][number]): Promise<MatchOutcome[]> {
  const row = p.row;
  return matchObservationWith(tx, p.c.actor, {
    firearmId: s.firearmId, serialKey: p.identity.serialKey,
    marks: { serial: row.serial ?? null, maker: row.manufacturer ?? null, importer: row.importer ?? null, model: row.model ?? null, caliber: row.caliber ?? null },
    traceId: s.traceId, traceNumber: s.traceNumber, recoveryId: s.recoveryId, ncicCode: row.ncic_code ?? null, recoveredOn: row.recovery_date, place: place(row),
  }, candidates);
}

export async function submitTrace(tx: Tx, row: TraceRequestRow, c: SubmitContext): Promise<SubmitResult> {
  return submitOne(tx, prepare(row, c));
}

/** One request on its own: three statements when the gun is new and unflagged (submit-store.ts). */
async function submitOne(tx: Tx, p: Prepared): Promise<SubmitResult> {
  const look = await lookUp(tx, [p]);
  if (look.held[0]) return heldResult(look.held[0]);
  const [s] = await storePrepared(tx, [p]);
  const auto = look.pending[0] || look.seen[0]
    ? await answerFromHeld(tx, p.c.actor, s.traceId, p.row, { id: s.firearmId, identity: p.identity }, p.c.agencyId, look.seen[0])
    : { duplicateOf: null, changed: false };
  // A duplicate of a request already held was matched when the first one came in.
  const matches = auto.duplicateOf ? [] : await matchStored(tx, p, s, look.candidates[0]);
  const after = auto.changed
    ? await tx.selectFrom('trace_requests').select(['status', 'answered_by_source']).where('id', '=', s.traceId).executeTakeFirstOrThrow()
    : { status: 'submitted', answered_by_source: null };
  return {
    id: s.traceId, traceNumber: s.traceNumber, alreadyHeld: false, status: after.status, duplicateOf: auto.duplicateOf,
    answeredBySource: after.answered_by_source, matches,
  };
}

/**
 * Many requests (an import batch), with the same outcome as submitting each in turn, in order. Most requests name a
 * gun Interdict has never seen: those are stored together (one look-up, one id draw, one insert statement per
 * STORE_CHUNK) and only the register candidates found need more work. A request that could depend on what came
 * before it (a gun already held or named earlier in the batch, results waiting for it, a request id repeated in
 * the batch) goes on its own through submitOne, after everything before it is stored.
 */
export async function submitTraces(tx: Tx, rows: Array<{ row: TraceRequestRow; c: SubmitContext }>): Promise<SubmitResult[]> {
  const out: SubmitResult[] = new Array(rows.length);
  for (let from = 0; from < rows.length; from += STORE_CHUNK) {
    const items = rows.slice(from, from + STORE_CHUNK).map(({ row, c }) => prepare(row, c));
    const look = await lookUp(tx, items);
    const refs = new Set<string>();
    const keys = new Set<string>();
    let run: number[] = [];
    const flush = async () => {
      const stored = await storePrepared(tx, run.map((i) => items[i]));
      for (let j = 0; j < run.length; j++) {
        const i = run[j];
        const s = stored[j];
        const matches = look.candidates[i].length ? await matchStored(tx, items[i], s, look.candidates[i]) : [];
        out[from + i] = { id: s.traceId, traceNumber: s.traceNumber, alreadyHeld: false, status: 'submitted', duplicateOf: null, answeredBySource: null, matches };
      }
      run = [];
    };
    for (let i = 0; i < items.length; i++) {
      const p = items[i];
      const ref = `${p.c.agencyId}\u0000${p.row.request_id}`;
      const repeated = refs.has(ref) || (p.heldKey !== null && keys.has(p.heldKey));
      refs.add(ref);
      if (p.heldKey !== null) keys.add(p.heldKey);
      const h = look.held[i];
      if (h && !repeated) {
        out[from + i] = heldResult(h);
      } else if (repeated || look.pending[i] || look.seen[i]) {
        await flush();
        out[from + i] = await submitOne(tx, p);
      } else {
        run.push(i);
      }
    }
    await flush();
  }
  return out;
}

/**
 * Looks in what is held and ends the trace where it can. Order: a duplicate request first (same agency, same gun,
 * same recovery date); then results imported before the request; then an earlier completed trace of the same gun;
 * then a multiple-sale report naming it; then a dealer's theft or loss report.
 */
async function answerFromHeld(
  tx: Tx,
  actor: Actor,
  traceId: number,
  row: TraceRequestRow,
  inserted: { id: number; identity: FirearmIdentity },
  agencyId: number,
  seen: boolean,
): Promise<{ duplicateOf: number | null; changed: boolean }> {
  const gun = inserted.identity;
  const key = gun.serialKey && !gun.serialPartial ? gun.serialKey : null;
  const earlier = key ? await repo.sameGunTraces(tx, key, gun.maker, traceId) : [];
  const original = earlier.find((e) => e.agency_id === agencyId && e.recovered_on === row.recovery_date && e.duplicate_of === null);
  if (original) {
    await stopTrace(tx, actor, traceId, 'duplicate_request', `same gun and recovery as ${original.trace_number}`, original.id);
    return { duplicateOf: original.id, changed: true };
  }

  const pending = await tx.selectFrom('pending_trace_results').selectAll().where('request_ref', '=', row.request_id).orderBy('hop_seq').execute();
  if (pending.length) {
    for (const p of pending) {
      await applyResultRow(tx, actor, traceId, p.row_data as unknown as TraceResultRow, { sourceKind: 'trace_result', sourceRef: p.source_ref, importBatchId: p.import_batch_id });
    }
    await tx.deleteFrom('pending_trace_results').where('request_ref', '=', row.request_id).execute();
    const now = await repo.findTrace(tx, traceId);
    if (now && (now.status === 'completed' || now.status === 'not_completed')) return { duplicateOf: null, changed: true };
  }
  if (!key || !seen) return { duplicateOf: null, changed: true };

  const done = earlier.find((e) => e.status === 'completed' && e.dealer_licence);
  if (done) {
    const hops = await repo.hops(tx, done.id);
    for (const h of hops) {
      await repo.insertHop(tx, traceId, h.seq, {
        role: h.role, licence_number: h.licence_number, name: h.name, received_on: h.received_on, disposed_on: h.disposed_on,
        state: h.state, country: h.country, person_record_id: h.person_record_id, entered_by: null,
        source_kind: 'earlier_trace', source_ref: done.trace_number,
      });
    }
    await completeTrace(tx, actor, traceId, { kind: 'earlier_trace', ref: done.trace_number });
    return { duplicateOf: null, changed: true };
  }

  const sales = await repo.multipleSalesOf(tx, key, gun.maker);
  const sale = sales.find((s) => s.buyer_record_id !== null && s.buyer_purged_at === null) ?? sales[0];
  if (sale) {
    await repo.insertHop(tx, traceId, 90, {
      role: 'retailer', licence_number: sale.dealer_licence, name: sale.dealer_name ?? sale.dealer_registered_name, received_on: null,
      disposed_on: sale.transfer_date, state: sale.dealer_state, country: 'US', person_record_id: null, entered_by: null,
      source_kind: 'multiple_sale', source_ref: `${sale.form}:${sale.report_ref}`,
    });
    if (sale.buyer_record_id !== null && sale.buyer_purged_at === null) {
      await repo.insertHop(tx, traceId, 91, {
        role: 'buyer', licence_number: null, name: null, received_on: sale.transfer_date, disposed_on: null, state: null, country: null,
        person_record_id: sale.buyer_record_id, entered_by: null, source_kind: 'multiple_sale', source_ref: `${sale.form}:${sale.report_ref}`,
      });
    }
    await completeTrace(tx, actor, traceId, { kind: 'multiple_sale', ref: `${sale.form}:${sale.report_ref}` });
    await tx.updateTable('multiple_sale_reports').set({ traced: true }).where('id', '=', sale.report_id).execute();
    return { duplicateOf: null, changed: true };
  }

  const thefts = await repo.theftReportsOf(tx, key, gun.maker);
  if (thefts.length) {
    const th = thefts[0];
    await repo.insertHop(tx, traceId, 90, {
      role: 'retailer', licence_number: th.dealer_licence, name: th.dealer_name, received_on: null, disposed_on: th.incident_date ?? th.report_date,
      state: th.dealer_state, country: 'US', person_record_id: null, entered_by: null, source_kind: 'theft_report', source_ref: th.report_ref,
    });
    await completeTrace(tx, actor, traceId, { kind: 'theft_report', ref: th.report_ref });
  }
  return { duplicateOf: null, changed: true };
}
