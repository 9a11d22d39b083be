/**
 * Result rows of an import batch applied to their traces, with the outcome of applying each in turn (apply-results.ts)
 * but in a fixed number of statements for the common case: a hop at a position the trace does not hold yet, on a
 * trace still open. Those are decided in memory from one look-up of the traces (locked) and of the positions they
 * hold, and stored together: hops and buyers in one statement, the traces that start being worked on in the same
 * statement, then every trace a retailer row ends completed at once (complete-many.ts).
 *
 * Everything else goes through applyResultRow, one row at a time, after the set-based part: a stop (not completed),
 * a row for a trace that has ended (a late result), a row at a position already taken. Traces are independent, so
 * only the order within one trace matters: once a trace has a row that goes one at a time, all its later rows do too.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { TraceStatus } from '../../domain/codes.js';
import type { TraceResultRow } from '../../formats/index.js';
import type { Actor } from '../audit/audit.service.js';
import { personAliases, personColumns, personFields } from '../ingest/normalise.js';
import { applyResultRow, HOP_SEQ_STEP, type ApplyOutcome } from './apply-results.js';
import { completeTraces } from './complete-many.js';
import { insertJsonRows } from './json-rows.js';
import { isTerminal } from './lifecycle.js';
import { hasIdentity, type Provenance } from './records.js';
import { toNotCompletedReason } from './results.js';

export interface ResultItem {
  traceId: number;
  row: TraceResultRow;
  prov: Provenance;
}

interface TraceState {
  status: TraceStatus;
  seqs: Set<number>;
  /** A row of this trace went one at a time: so do the rest. */
  oneByOne: boolean;
}

export async function applyResultRows(tx: Tx, actor: Actor, items: ResultItem[]): Promise<ApplyOutcome[]> {
  const out: ApplyOutcome[] = new Array(items.length);
  if (items.length === 0) return out;
  const ids = [...new Set(items.map((x) => x.traceId))];
  // Locked as completing or stopping a trace locks it, so the positions read here stay free until the commit.
  const held = await sql<{ id: number; status: string; seqs: number[] }>`
    SELECT t.id, t.status, ARRAY(SELECT h.seq FROM trace_hops h WHERE h.trace_id = t.id) AS seqs
    FROM trace_requests t WHERE t.id = ANY(${ids}::bigint[]) ORDER BY t.id FOR UPDATE OF t`.execute(tx);
  const state = new Map<number, TraceState>(
    held.rows.map((t) => [Number(t.id), { status: t.status as TraceStatus, seqs: new Set(t.seqs.map(Number)), oneByOne: false }]),
  );

  const hops: Array<Record<string, unknown>> = [];
  const buyers: Array<{ hop: Record<string, unknown>; person: Record<string, unknown> }> = [];
  const started: Array<{ traceId: number; note: string }> = [];
  const completions: Array<{ traceId: number; ref: string }> = [];
  const oneByOne: number[] = [];
  items.forEach(({ traceId, row, prov }, i) => {
    const s = state.get(traceId);
    if (!s) {
      out[i] = { rejected: { field: 'request_id', reason: 'no such trace request' } };
      return;
    }
    const seq = row.hop_seq * HOP_SEQ_STEP;
    if (row.not_completed_reason && !toNotCompletedReason(row.not_completed_reason)) {
      out[i] = { rejected: { field: 'not_completed_reason', reason: `${row.not_completed_reason} is not a known reason` } };
      return;
    }
    if (s.oneByOne || row.not_completed_reason || isTerminal(s.status) || s.seqs.has(seq)) {
      s.oneByOne = true;
      oneByOne.push(i);
      return;
    }
    const role = row.role!;
    const saleDate = role === 'retailer' ? (row.sale_date ?? null) : null;
    const src = { source_kind: prov.sourceKind, source_ref: prov.sourceRef };
    s.seqs.add(seq);
    hops.push({
      trace_id: traceId, seq, role, licence_number: row.licence_number ?? null, name: row.name ?? null, received_on: row.received_date ?? null,
      disposed_on: saleDate ?? row.disposed_date ?? null, state: null, country: null, person_record_id: null, entered_by: null, ...src,
    });
    if (role === 'retailer') {
      const buyer = personFields(row as unknown as Record<string, unknown>, 'buyer_');
      if (hasIdentity(buyer)) {
        buyers.push({
          person: { role: 'buyer', ...personColumns(buyer, undefined, ''), aliases: personAliases(buyer), agency_id: null, ...src, import_batch_id: prov.importBatchId },
          hop: {
            trace_id: traceId, seq: seq + 1, role: 'buyer', licence_number: null, name: null, received_on: saleDate, disposed_on: null,
            state: buyer.state ?? null, country: buyer.country ?? null, entered_by: null, ...src,
          },
        });
      }
      if (saleDate) {
        completions.push({ traceId, ref: prov.sourceRef });
        s.status = 'completed';
      }
    } else if (s.status === 'submitted') {
      // The first hop entered means someone is working the trace.
      started.push({ traceId, note: `hop ${row.hop_seq} from ${prov.sourceRef}` });
      s.status = 'in_progress';
    }
    out[i] = 'inserted';
  });

  if (hops.length) {
    const personIds = buyers.length
      ? (await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('person_records', 'id')) AS id FROM generate_series(1, ${buyers.length}::int)`.execute(tx)).rows.map((r) => Number(r.id))
      : [];
    const people = buyers.map((b, j) => ({ id: personIds[j], ...b.person }));
    const allHops = [...hops, ...buyers.map((b, j) => ({ ...b.hop, person_record_id: personIds[j] }))];
    // A buyer position already taken keeps what it holds, as a single row's insert would.
    const parts = [
      people.length ? insertJsonRows('person_records', people) : null,
      insertJsonRows('trace_hops', allHops, ' ON CONFLICT (trace_id, seq) DO NOTHING'),
      started.length ? sql`UPDATE trace_requests SET status = 'in_progress' WHERE id = ANY(${started.map((x) => x.traceId)}::bigint[])` : null,
      started.length
        ? insertJsonRows('trace_events', started.map((x) => ({ trace_id: x.traceId, from_status: 'submitted', to_status: 'in_progress', actor_id: actor.userId, note: x.note })))
        : null,
    ].filter((x) => x !== null);
    await sql`WITH ${sql.join(parts.map((q, i) => sql`${sql.raw(`w${i}`)} AS (${q})`))} SELECT 1`.execute(tx);
  }
  await completeTraces(tx, actor, completions.map((c) => ({ traceId: c.traceId, source: { kind: 'trace_result_import', ref: c.ref } })));
  for (const i of oneByOne) out[i] = await applyResultRow(tx, actor, items[i].traceId, items[i].row, items[i].prov);
  return out;
}
