/**
 * The import writers for trace requests, trace results and recoveries (contract: src/features/ingest/writer.ts).
 * Each goes through the same service as the HTTP path, so an imported request is checked for duplicates, answered
 * from what is held and matched against the suspect-gun register exactly like one typed into the web form.
 */
import type { Tx } from '../../db/types.js';
import type { RecoveryRow, TraceRequestRow, TraceResultRow } from '../../formats/index.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { KindWriter, WriteResult } from '../ingest/writer.js';
import { matchObservation } from '../suspects/matching.service.js';
import { applyResultRow } from './apply-results.js';
import { personFields } from '../ingest/normalise.js';
import { hasIdentity, insertFirearm, insertPerson, type Provenance } from './records.js';
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
    for (const { row, line } of rows) {
      const p = prov(ctx.fileName, line, 'trace_result', ctx.batchId);
      let q = tx.selectFrom('trace_requests').select(['id', 'agency_id']).where('request_ref', '=', row.request_id);
      if (ctx.agencyId !== null) q = q.where('agency_id', '=', ctx.agencyId);
      const traces = await q.execute();
      if (traces.length > 1) {
        result.rejected.push({ line, field: 'request_id', reason: `${row.request_id} names requests of ${traces.length} agencies` });
        continue;
      }
      if (traces.length === 0) {
        // The result came before its request: held until the request arrives, then applied.
        const held = await tx
          .insertInto('pending_trace_results')
          .values({ request_ref: row.request_id, hop_seq: row.hop_seq, row_data: JSON.stringify(row), source_ref: p.sourceRef, import_batch_id: ctx.batchId })
          .onConflict((oc) => oc.columns(['request_ref', 'hop_seq']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (held) result.inserted++;
        else result.duplicates++;
        continue;
      }
      const outcome = await applyResultRow(tx, ctx.actor, traces[0].id, row, p);
      if (outcome === 'inserted') result.inserted++;
      else if (outcome === 'duplicate') result.duplicates++;
      else result.rejected.push({ line, ...outcome.rejected });
    }
    return result;
  },
};

/** A recovered gun not (yet) traced: stored with its possessor and matched against the register at once. */
export async function recordRecovery(tx: Tx, actor: Actor, row: RecoveryRow, agencyId: number, p: Provenance) {
  const dup = await tx.selectFrom('recoveries').select('id').where('agency_id', '=', agencyId).where('recovery_ref', '=', row.recovery_id).executeTakeFirst();
  if (dup) return { id: dup.id, duplicate: true, matches: [] };
  const gun = await insertFirearm(tx, { ...row, obliterated: row.serial_obliterated }, p);
  const possessor = personFields(row as unknown as Record<string, unknown>, 'possessor_');
  const possessorId = hasIdentity(possessor) ? await insertPerson(tx, 'possessor', possessor, agencyId, p) : null;
  const rec = await tx
    .insertInto('recoveries')
    .values({
      recovery_ref: row.recovery_id, firearm_id: gun.id, agency_id: agencyId, recovered_on: row.recovery_date, address: row.recovery_address ?? null,
      city: row.recovery_city ?? null, state: row.recovery_state ?? null, mx_state: row.recovery_mx_state ?? null, country: row.recovery_country,
      lat: row.recovery_lat ?? null, lon: row.recovery_lon ?? null, ncic_code: row.ncic_code ?? null, possessor_record_id: possessorId,
      source_kind: p.sourceKind, source_ref: p.sourceRef, import_batch_id: p.importBatchId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, actor, {
    action: 'recovery.recorded', targetType: 'recovery', targetId: rec.id, reason: row.agency_case_number ?? row.recovery_id,
    details: { recoveryRef: row.recovery_id, possessorRecordId: possessorId, source: p.sourceRef },
  });
  const matches = await matchObservation(tx, actor, {
    firearmId: gun.id, serialKey: gun.identity.serialKey,
    marks: { serial: row.serial ?? null, maker: row.manufacturer ?? null, importer: row.importer ?? null, model: row.model ?? null, caliber: row.caliber ?? null },
    traceId: null, traceNumber: null, recoveryId: rec.id, ncicCode: row.ncic_code ?? null, recoveredOn: row.recovery_date,
    place: [row.recovery_city, row.recovery_state ?? row.recovery_mx_state, row.recovery_country].filter(Boolean).join(', '),
  });
  return { id: rec.id, duplicate: false, matches };
}

export const recoveryWriter: KindWriter<RecoveryRow> = {
  kind: 'recoveries',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    for (const { row, line } of rows) {
      const agencyId = await agencyFor(tx, row.agency_ori, undefined, 'police');
      if (ctx.agencyId !== null && ctx.agencyId !== agencyId) {
        result.rejected.push({ line, field: 'agency_ori', reason: `${row.agency_ori} is not the agency importing this file` });
        continue;
      }
      const r = await recordRecovery(tx, ctx.actor, row, agencyId, prov(ctx.fileName, line, 'recovery', ctx.batchId));
      if (r.duplicate) result.duplicates++;
      else result.inserted++;
    }
    return result;
  },
};
