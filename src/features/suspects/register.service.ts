/**
 * The suspect-gun register: an entry names the gun (maker, serial or partial serial, model, caliber), the case, the
 * reason and the investigator. A supervisor other than the person who entered it approves it; it carries a review
 * date (periodic re-approval) and closes with its case. One code path serves the HTTP referral and the import.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { addDays } from '../../domain/dates.js';
import { parsePartialSerial, type PartialSerial } from '../../domain/serial.js';
import type { SuspectGunRow } from '../../formats/index.js';
import { AUDIT_LOCK, chainAuditRows, type Actor, type AuditEntry } from '../audit/audit.service.js';
import { GENESIS_HASH } from '../audit/audit.hash.js';
import { caseOpenTo } from '../cases/cases.service.js';
import { firearmColumns } from '../ingest/normalise.js';
import { auditJsonRows, insertJsonRows } from '../tracing/json-rows.js';
import { identityOf, type Provenance } from '../tracing/records.js';
import { heldCandidatesMany, searchKeys } from './candidates.js';
import { matchEntryWith, type MatchOutcome, type RegisterEntry } from './matching.service.js';

/** Entries are re-approved at least twice a year unless the referral names an earlier review date. */
export const DEFAULT_REVIEW_DAYS = 180;

export interface ReferralContext {
  actor: Actor;
  /** The agency the referral is made for (the case must belong to it); null lets the case decide (national import). */
  agencyId: number | null;
  /** The signed-in user entering it (null for an import). */
  enteredBy: number | null;
  provenance: Provenance;
}

export type ReferralResult =
  | { ok: true; id: number; duplicate: false; matches: MatchOutcome[] }
  | { ok: true; id: number; duplicate: true; matches: [] }
  | { ok: false; field: string; reason: string };

export async function referSuspectGun(tx: Tx, row: SuspectGunRow, c: ReferralContext): Promise<ReferralResult> {
  const [r] = await referSuspectGuns(tx, [{ row, c }]);
  return r;
}

/**
 * Many referrals (an import batch), with the outcome of referring each in turn: a fixed number of statements for the
 * checks (cases, entries already held, investigators), one to store every accepted entry with its gun, search keys
 * and audit event, and one per chunk of 200 to find the recovered guns each may be; only the pairs found need more.
 * Entries do not depend on each other except by entry id: the second referral of an entry id in a batch is a
 * duplicate of the first, as it would be one row at a time.
 */
export async function referSuspectGuns(tx: Tx, items: Array<{ row: SuspectGunRow; c: ReferralContext }>): Promise<ReferralResult[]> {
  const out: ReferralResult[] = new Array(items.length);
  if (items.length === 0) return out;
  const caseNumbers = [...new Set(items.map((x) => x.row.case_number))];
  const cases = new Map((await tx.selectFrom('cases').select(['id', 'agency_id', 'status', 'case_number']).where('case_number', 'in', caseNumbers).execute()).map((x) => [x.case_number, x]));

  type Checked = { i: number; serial: PartialSerial; caseId: number; agencyId: number };
  const checked: Checked[] = [];
  items.forEach(({ row, c }, i) => {
    const serial = parsePartialSerial(row.serial);
    if (!serial.ok) {
      out[i] = { ok: false, field: 'serial', reason: serial.reason };
      return;
    }
    const theCase = caseOpenTo(cases.get(row.case_number), row.case_number, c.agencyId);
    if ('error' in theCase) {
      out[i] = { ok: false, field: 'case_number', reason: theCase.error ?? 'unknown case' };
      return;
    }
    checked.push({ i, serial: serial.value, caseId: theCase.id, agencyId: theCase.agencyId });
  });
  if (checked.length === 0) return out;

  const agencyIds = checked.map((x) => x.agencyId);
  const refs = checked.map((x) => items[x.i].row.entry_id);
  const names = checked.map((x) => items[x.i].row.investigator);
  const looked = (
    await sql<{ held: Array<{ agency_id: number; entry_ref: string; id: number }>; named: Array<{ agency_id: number; name: string; id: number }> }>`
      SELECT
        (SELECT coalesce(json_agg(json_build_object('agency_id', sg.agency_id, 'entry_ref', sg.entry_ref, 'id', sg.id)), '[]'::json)
         FROM suspect_guns sg JOIN unnest(${agencyIds}::bigint[], ${refs}::text[]) AS q(agency_id, entry_ref)
           ON sg.agency_id = q.agency_id AND sg.entry_ref = q.entry_ref) AS held,
        (SELECT coalesce(json_agg(json_build_object('agency_id', q.agency_id, 'name', q.name, 'id', u.id)), '[]'::json)
         FROM (SELECT DISTINCT agency_id, name FROM unnest(${agencyIds}::bigint[], ${names}::text[]) AS x(agency_id, name)) q,
           LATERAL (SELECT id FROM users WHERE agency_id = q.agency_id AND (username = q.name OR display_name = q.name) ORDER BY id LIMIT 1) u) AS named`.execute(tx)
  ).rows[0];
  const key = (agencyId: number, s: string) => `${agencyId}\u0000${s}`;
  const heldIds = new Map(looked.held.map((h) => [key(Number(h.agency_id), h.entry_ref), Number(h.id)]));
  const investigators = new Map(looked.named.map((n) => [key(Number(n.agency_id), n.name), Number(n.id)]));

  // Entries to store, in order; a repeat of an entry id already held (or earlier in the batch) is a duplicate.
  const fresh: Checked[] = [];
  const firstInBatch = new Map<string, number>();
  const repeats: Array<{ i: number; j: number }> = [];
  for (const x of checked) {
    const k = key(x.agencyId, items[x.i].row.entry_id);
    const dup = heldIds.get(k);
    const j = firstInBatch.get(k);
    if (dup !== undefined) out[x.i] = { ok: true, id: dup, duplicate: true, matches: [] };
    else if (j !== undefined) repeats.push({ i: x.i, j });
    else {
      firstInBatch.set(k, fresh.length);
      fresh.push(x);
    }
  }
  if (fresh.length === 0) return out;

  const ids = (
    await sql<{ f: number[]; s: number[]; last: string | null }>`
      SELECT (SELECT 1 FROM pg_advisory_xact_lock(${AUDIT_LOCK})) AS locked,
        ARRAY(SELECT nextval(pg_get_serial_sequence('firearms', 'id')) FROM generate_series(1, ${fresh.length}::int)) AS f,
        ARRAY(SELECT nextval(pg_get_serial_sequence('suspect_guns', 'id')) FROM generate_series(1, ${fresh.length}::int)) AS s,
        (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS last`.execute(tx)
  ).rows[0];
  const firearms: Array<Record<string, unknown>> = [];
  const entries: Array<Record<string, unknown>> = [];
  const variants: Array<Record<string, unknown>> = [];
  const auditEntries: AuditEntry[] = [];
  const stored: RegisterEntry[] = [];
  fresh.forEach((x, j) => {
    const { row, c } = items[x.i];
    const firearmId = Number(ids.f[j]);
    const entryId = Number(ids.s[j]);
    const gun = firearmColumns({ serial: row.serial, manufacturer: row.manufacturer, importer: row.importer, model: row.model, caliber: row.caliber, type: row.type });
    const id = identityOf(gun);
    const src = { source_kind: c.provenance.sourceKind, source_ref: c.provenance.sourceRef, import_batch_id: c.provenance.importBatchId };
    // The investigator named on the referral, when they are a user of the agency; the name is kept either way.
    const investigatorId = investigators.get(key(x.agencyId, row.investigator)) ?? c.enteredBy;
    firearms.push({ id: firearmId, ...gun, ...src });
    entries.push({
      id: entryId, case_id: x.caseId, firearm_id: firearmId, reason: row.reason, reason_detail: row.reason_detail ?? null, entered_by: c.enteredBy,
      investigator_id: investigatorId, investigator_name: row.investigator, status: 'pending', review_on: row.review_on ?? addDays(row.referred_on, DEFAULT_REVIEW_DAYS),
      referred_on: row.referred_on, entry_ref: row.entry_id, agency_id: x.agencyId, serial_key: x.serial.key, serial_partial: x.serial.isPartial,
      key_len: x.serial.key.length, maker: id.maker, importer: id.importer, ...src,
    });
    for (const v of searchKeys(x.serial.key)) variants.push({ variant: v, suspect_gun_id: entryId });
    auditEntries.push({
      action: 'suspect_gun.referred', targetType: 'suspect_gun', targetId: entryId, reason: row.case_number,
      details: { entryRef: row.entry_id, serial: row.serial, maker: id.maker, partial: x.serial.isPartial, reason: row.reason },
    });
    stored.push({
      id: entryId, case_id: x.caseId, agency_id: x.agencyId, investigator_id: investigatorId, entered_by: c.enteredBy,
      marks: { serial: gun.serial_raw, maker: gun.maker_raw, importer: gun.importer_raw, model: gun.model, caliber: gun.caliber_raw },
    });
  });
  // One actor per batch in practice (the importer's); chained per item so a mixed batch is still right.
  let prev = ids.last ?? GENESIS_HASH;
  const audits = auditEntries.map((e, j) => {
    const [a] = chainAuditRows(prev, items[fresh[j].i].c.actor, [e]);
    prev = a.hash;
    return a;
  });
  const parts = [
    insertJsonRows('firearms', firearms),
    insertJsonRows('suspect_guns', entries),
    variants.length ? insertJsonRows('suspect_serial_variants', variants) : null,
    insertJsonRows('audit_events', auditJsonRows(audits)),
  ].filter((q) => q !== null);
  await sql`WITH ${sql.join(parts.map((q, k) => sql`${sql.raw(`w${k}`)} AS (${q})`))} SELECT 1`.execute(tx);

  for (const r of repeats) out[r.i] = { ok: true, id: stored[r.j].id, duplicate: true, matches: [] };

  // Matched against every recovered gun already held, now, while the entries await approval.
  const held = await heldCandidatesMany(tx, fresh.map((x) => x.serial.key));
  for (let j = 0; j < fresh.length; j++) {
    const matches = held[j].length ? await matchEntryWith(tx, items[fresh[j].i].c.actor, stored[j], held[j]) : [];
    out[fresh[j].i] = { ok: true, id: stored[j].id, duplicate: false, matches };
  }
  return out;
}

