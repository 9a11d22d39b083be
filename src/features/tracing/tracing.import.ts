/**
 * The import writers for trace requests, trace results and recoveries (contract: src/features/ingest/writer.ts).
 * Each goes through the same service as the HTTP path, set-based over the batch, so an imported request is checked for duplicates, answered
 * from what is held and matched against the suspect-gun register exactly like one typed into the web form.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { RecoveryRow, TraceRequestRow, TraceResultRow } from '../../formats/index.js';
import type { KindWriter, WriteResult } from '../ingest/writer.js';
import { applyResultRows, type ResultItem } from './apply-results-many.js';
import { insertJsonRows } from './json-rows.js';
import { recordRecoveries, type RecoveryItem } from './recoveries.js';
import type { Provenance } from './records.js';
import { submitTraces } from './submit.service.js';

/** ATF requests without an ORI are filed under the tracing center. */
const ATF_ORI = 'ATFNTC000';

async function agencyFor(tx: Tx, ori: string, name: string | undefined, kind: string): Promise<number> {
  const a = await tx.selectFrom('agencies').select('id').where('ori', '=', ori).executeTakeFirst();
  if (a) return a.id;
  // A request from an agency not seen before introduces it (an ORI is public); its users are created separately.
  const row = await tx
    .insertInto('agencies')
    .values({ ori, name: name ?? ori, kind, state: /^[A-Z]{2}/.test(ori) ? ori.slice(0, 2) : null })
    .onConflict((oc) => oc.column('ori').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  return (await tx.selectFrom('agencies').select('id').where('ori', '=', ori).executeTakeFirstOrThrow()).id;
}

function prov(fileName: string, line: number, kind: string, batchId: number | null): Provenance {
  return { sourceKind: kind, sourceRef: `${fileName}:${line}`, importBatchId: batchId };
}

/**
 * The agency of each ORI in a batch: one statement for those already held; an ORI not seen before is introduced
 * (agencyFor), in the order the rows name them.
 */
async function agenciesFor(tx: Tx, wanted: Array<{ ori: string; name: string | undefined; kind: string }>): Promise<Map<string, number>> {
  const oris = [...new Set(wanted.map((w) => w.ori))];
  const found = oris.length ? await tx.selectFrom('agencies').select(['id', 'ori']).where('ori', 'in', oris).execute() : [];
  const out = new Map(found.map((a) => [a.ori, a.id]));
  for (const w of wanted) if (!out.has(w.ori)) out.set(w.ori, await agencyFor(tx, w.ori, w.name, w.kind));
  return out;
}

export { recordRecovery } from './recoveries.js';

export const traceRequestWriter: KindWriter<TraceRequestRow> = {
  kind: 'trace_requests',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    const agencies = await agenciesFor(
      tx,
      rows.map(({ row }) => (row.requester_ori ? { ori: row.requester_ori, name: row.requester_agency, kind: 'police' } : { ori: ATF_ORI, name: 'National Tracing Center', kind: 'atf' })),
    );
    const accepted: Parameters<typeof submitTraces>[1] = [];
    for (const { row, line } of rows) {
      const agencyId = agencies.get(row.requester_ori ?? ATF_ORI)!;
      if (ctx.agencyId !== null && ctx.agencyId !== agencyId) {
        result.rejected.push({ line, field: 'requester_ori', reason: `${row.requester_ori ?? ATF_ORI} is not the agency importing this file` });
        continue;
      }
      accepted.push({ row, c: { actor: ctx.actor, agencyId, requestedBy: null, provenance: prov(ctx.fileName, line, 'trace_request', ctx.batchId) } });
    }
    // Set-based, with the outcome of submitting each row in turn (submit.service.ts).
    for (const r of await submitTraces(tx, accepted)) {
      if (r.alreadyHeld) result.duplicates++;
      else result.inserted++;
    }
    return result;
  },
};

export const traceResultWriter: KindWriter<TraceResultRow> = {
  kind: 'trace_results',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    // Every request the batch names, in one statement (each row was one look-up before).
    const refs = [...new Set(rows.map(({ row }) => row.request_id))];
    let q = tx.selectFrom('trace_requests').select(['id', 'request_ref']).where('request_ref', 'in', refs);
    if (ctx.agencyId !== null) q = q.where('agency_id', '=', ctx.agencyId);
    const tracesOf = new Map<string, number[]>();
    for (const t of refs.length ? await q.orderBy('id').execute() : []) tracesOf.set(t.request_ref!, [...(tracesOf.get(t.request_ref!) ?? []), t.id]);

    const items: ResultItem[] = [];
    const itemLines: number[] = [];
    const waiting: Array<{ line: number; key: string; values: Record<string, unknown> }> = [];
    for (const { row, line } of rows) {
      const traces = tracesOf.get(row.request_id) ?? [];
      if (traces.length > 1) {
        result.rejected.push({ line, field: 'request_id', reason: `${row.request_id} names requests of ${traces.length} agencies` });
      } else if (traces.length === 0) {
        // The result came before its request: held until the request arrives, then applied.
        const p = prov(ctx.fileName, line, 'trace_result', ctx.batchId);
        waiting.push({
          line, key: `${row.request_id}\u0000${row.hop_seq}`,
          values: { request_ref: row.request_id, hop_seq: row.hop_seq, row_data: row, source_ref: p.sourceRef, import_batch_id: ctx.batchId },
        });
      } else {
        items.push({ traceId: traces[0], row, prov: prov(ctx.fileName, line, 'trace_result', ctx.batchId) });
        itemLines.push(line);
      }
    }
    const held = await holdUntilRequested(tx, waiting.map((w) => ({ key: w.key, values: w.values })));
    for (const h of held) if (h) result.inserted++; else result.duplicates++;
    const outcomes = await applyResultRows(tx, ctx.actor, items);
    outcomes.forEach((outcome, i) => {
      if (outcome === 'inserted') result.inserted++;
      else if (outcome === 'duplicate') result.duplicates++;
      else result.rejected.push({ line: itemLines[i], ...outcome.rejected });
    });
    // Rejections in file order, as the row-by-row loop gave them.
    result.rejected.sort((a, b) => a.line - b.line);
    return result;
  },
};

/**
 * Results whose request is not held yet, kept in pending_trace_results (one per request and hop: the first wins),
 * in one statement. True per row when it was kept, false when that request and hop was already waiting.
 */
async function holdUntilRequested(tx: Tx, rows: Array<{ key: string; values: Record<string, unknown> }>): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const first = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!first.has(r.key)) first.set(r.key, i);
  });
  const unique = [...first.values()].map((i) => rows[i].values);
  const kept = await sql<{ request_ref: string; hop_seq: number }>`${insertJsonRows('pending_trace_results', unique, ' ON CONFLICT (request_ref, hop_seq) DO NOTHING')} RETURNING request_ref, hop_seq`.execute(tx);
  const keptKeys = new Set(kept.rows.map((k) => `${k.request_ref}\u0000${Number(k.hop_seq)}`));
  return rows.map((r, i) => first.get(r.key) === i && keptKeys.has(r.key));
}

export const recoveryWriter: KindWriter<RecoveryRow> = {
  kind: 'recoveries',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    const agencies = await agenciesFor(tx, rows.map(({ row }) => ({ ori: row.agency_ori, name: undefined, kind: 'police' })));
    const accepted: RecoveryItem[] = [];
    for (const { row, line } of rows) {
      const agencyId = agencies.get(row.agency_ori)!;
      if (ctx.agencyId !== null && ctx.agencyId !== agencyId) {
        result.rejected.push({ line, field: 'agency_ori', reason: `${row.agency_ori} is not the agency importing this file` });
        continue;
      }
      accepted.push({ actor: ctx.actor, row, agencyId, prov: prov(ctx.fileName, line, 'recovery', ctx.batchId) });
    }
    // Set-based, with the outcome of recording each row in turn (recoveries.ts).
    for (const r of await recordRecoveries(tx, accepted)) {
      if (r.duplicate) result.duplicates++;
      else result.inserted++;
    }
    return result;
  },
};
