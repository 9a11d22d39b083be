/**
 * A recovered gun not (yet) traced: stored with its possessor and matched against the register at once. Many
 * recoveries (an import batch) go set-based, with the outcome of recording each in turn: one look-up (recoveries
 * already held and the register candidates of every gun), one id draw, one statement storing guns, possessors,
 * recoveries and audit events; only the register candidates found need more. A recovery id repeated in a batch is a
 * duplicate of its first row, as it would be one row at a time; recoveries do not otherwise depend on each other.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { UNKNOWN } from '../../domain/serial.js';
import type { RecoveryRow } from '../../formats/index.js';
import { AUDIT_LOCK, chainAuditRows, type Actor } from '../audit/audit.service.js';
import { GENESIS_HASH } from '../audit/audit.hash.js';
import { firearmColumns, personAliases, personColumns, personFields } from '../ingest/normalise.js';
import { groupCandidates, probesOf, registerCandidates, registerManySql, type RegisterCandidate } from '../suspects/candidates.js';
import { matchObservationWith, type MatchOutcome } from '../suspects/matching.service.js';
import { auditJsonRows, insertJsonRows } from './json-rows.js';
import { hasIdentity, identityOf, type Provenance } from './records.js';

export interface RecoveryItem {
  actor: Actor;
  row: RecoveryRow;
  agencyId: number;
  prov: Provenance;
}

export interface RecoveryOutcome {
  id: number;
  duplicate: boolean;
  matches: MatchOutcome[];
}

export async function recordRecovery(tx: Tx, actor: Actor, row: RecoveryRow, agencyId: number, p: Provenance): Promise<RecoveryOutcome> {
  const [r] = await recordRecoveries(tx, [{ actor, row, agencyId, prov: p }]);
  return r;
}

export async function recordRecoveries(tx: Tx, items: RecoveryItem[]): Promise<RecoveryOutcome[]> {
  const out: RecoveryOutcome[] = new Array(items.length);
  if (items.length === 0) return out;
  const key = (agencyId: number, ref: string) => `${agencyId}\u0000${ref}`;
  const held = await sql<{ id: number; agency_id: number; recovery_ref: string }>`
    SELECT r.id, r.agency_id, r.recovery_ref FROM recoveries r
    JOIN unnest(${items.map((x) => x.agencyId)}::bigint[], ${items.map((x) => x.row.recovery_id)}::text[]) AS q(agency_id, recovery_ref)
      ON r.agency_id = q.agency_id AND r.recovery_ref = q.recovery_ref
    ORDER BY r.id`.execute(tx);
  const heldIds = new Map<string, number>();
  for (const h of held.rows) if (!heldIds.has(key(Number(h.agency_id), h.recovery_ref))) heldIds.set(key(Number(h.agency_id), h.recovery_ref), Number(h.id));

  const fresh: number[] = [];
  const firstInBatch = new Map<string, number>();
  const repeats: Array<{ i: number; j: number }> = [];
  items.forEach((x, i) => {
    const k = key(x.agencyId, x.row.recovery_id);
    const dup = heldIds.get(k);
    const j = firstInBatch.get(k);
    if (dup !== undefined) out[i] = { id: dup, duplicate: true, matches: [] };
    else if (j !== undefined) repeats.push({ i, j });
    else {
      firstInBatch.set(k, fresh.length);
      fresh.push(i);
    }
  });
  if (fresh.length === 0) return out;

  const prepared = fresh.map((i) => {
    const { row } = items[i];
    const gun = firearmColumns({ ...row, obliterated: row.serial_obliterated });
    const possessor = personFields(row as unknown as Record<string, unknown>, 'possessor_');
    return { gun, identity: identityOf(gun), possessor: hasIdentity(possessor) ? possessor : null };
  });
  const matchKeys = prepared.map((p) => p.identity.serialKey);
  const { probes, owner } = probesOf(matchKeys);
  const nPeople = prepared.filter((p) => p.possessor).length;
  const draw = (table: string, n: number) => sql`ARRAY(SELECT nextval(pg_get_serial_sequence(${table}, 'id')) FROM generate_series(1, ${n}::int))`;
  const full = probes.length ? sql`(SELECT coalesce(json_agg(c), '[]'::json) FROM (${registerManySql(probes, owner, matchKeys)}) c)` : sql`'[]'::json`;
  const look = (
    await sql<{ f: number[]; p: number[]; r: number[]; last: string | null; candidates: Array<RegisterCandidate & { i: number }> }>`
      SELECT (SELECT 1 FROM pg_advisory_xact_lock(${AUDIT_LOCK})) AS locked, ${draw('firearms', fresh.length)} AS f,
        ${draw('person_records', nPeople)} AS p, ${draw('recoveries', fresh.length)} AS r,
        (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS last, ${full} AS candidates`.execute(tx)
  ).rows[0];
  const candidates = groupCandidates(fresh.length, look.candidates);
  // Keys with unknown positions (an obliterated serial, rare) search by pattern, one statement each.
  for (let j = 0; j < fresh.length; j++) {
    const k = matchKeys[j];
    if (k && k.includes(UNKNOWN)) candidates[j] = await registerCandidates(tx, k);
  }

  const firearms: Array<Record<string, unknown>> = [];
  const people: Array<Record<string, unknown>> = [];
  const recoveries: Array<Record<string, unknown>> = [];
  let prev = look.last ?? GENESIS_HASH;
  const audits: Array<ReturnType<typeof chainAuditRows>[number]> = [];
  let nextPerson = 0;
  const stored = fresh.map((i, j) => {
    const { row, agencyId, prov, actor } = items[i];
    const src = { source_kind: prov.sourceKind, source_ref: prov.sourceRef, import_batch_id: prov.importBatchId };
    const firearmId = Number(look.f[j]);
    const recoveryId = Number(look.r[j]);
    const possessor = prepared[j].possessor;
    const possessorId = possessor ? Number(look.p[nextPerson++]) : null;
    firearms.push({ id: firearmId, ...prepared[j].gun, ...src });
    if (possessor) {
      people.push({ id: possessorId, role: 'possessor', ...personColumns(possessor, undefined, ''), aliases: personAliases(possessor), agency_id: agencyId, ...src });
    }
    recoveries.push({
      id: recoveryId, recovery_ref: row.recovery_id, firearm_id: firearmId, agency_id: agencyId, recovered_on: row.recovery_date, address: row.recovery_address ?? null,
      city: row.recovery_city ?? null, state: row.recovery_state ?? null, mx_state: row.recovery_mx_state ?? null, country: row.recovery_country,
      lat: row.recovery_lat ?? null, lon: row.recovery_lon ?? null, ncic_code: row.ncic_code ?? null, possessor_record_id: possessorId, ...src,
    });
    const [audit] = chainAuditRows(prev, actor, [{
      action: 'recovery.recorded', targetType: 'recovery', targetId: recoveryId, reason: row.agency_case_number ?? row.recovery_id,
      details: { recoveryRef: row.recovery_id, possessorRecordId: possessorId, source: prov.sourceRef },
    }]);
    prev = audit.hash;
    audits.push(audit);
    return { firearmId, recoveryId };
  });
  const parts = [
    insertJsonRows('firearms', firearms),
    people.length ? insertJsonRows('person_records', people) : null,
    insertJsonRows('recoveries', recoveries),
    insertJsonRows('audit_events', auditJsonRows(audits)),
  ].filter((q) => q !== null);
  await sql`WITH ${sql.join(parts.map((q, k) => sql`${sql.raw(`w${k}`)} AS (${q})`))} SELECT 1`.execute(tx);

  for (const r of repeats) out[r.i] = { id: stored[r.j].recoveryId, duplicate: true, matches: [] };
  for (let j = 0; j < fresh.length; j++) {
    const { row, actor } = items[fresh[j]];
    const matches = candidates[j].length
      ? await matchObservationWith(tx, actor, {
        firearmId: stored[j].firearmId, serialKey: prepared[j].identity.serialKey,
        marks: { serial: row.serial ?? null, maker: row.manufacturer ?? null, importer: row.importer ?? null, model: row.model ?? null, caliber: row.caliber ?? null },
        traceId: null, traceNumber: null, recoveryId: stored[j].recoveryId, ncicCode: row.ncic_code ?? null, recoveredOn: row.recovery_date,
        place: [row.recovery_city, row.recovery_state ?? row.recovery_mx_state, row.recovery_country].filter(Boolean).join(', '),
      }, candidates[j])
      : [];
    out[fresh[j]] = { id: stored[j].recoveryId, duplicate: false, matches };
  }
  return out;
}
