/**
 * Candidate search in the database, built to scale: every way a misread serial can still meet its entry uses an
 * index. Ranking happens afterwards in TypeScript (rank.ts), which accepts at most one edit, so the search only
 * has to be complete up to one edit.
 *
 * Observed gun -> register (every trace and recovery, latency-critical):
 * - same match key (confusables folded, separators gone), or one character misread, swapped, added or dropped:
 *   symmetric deletion over suspect_serial_variants (btree probes, see migration 0203);
 * - unknown positions on the register entry: `key LIKE replace(serial_key, '?', '_')`, restricted by key length
 *   through a partial index on the entries that have unknown positions;
 * - unknown positions on the observed gun: `serial_key LIKE pattern`, served by the pg_trgm GIN index.
 * Register entry -> held guns (a new referral, rare): equality and one-deletion keys by btree, pg_trgm similarity
 * on the firearms GIN index for the rest, LIKE for unknown positions.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { UNKNOWN } from '../../domain/serial.js';

/** Low enough that one transposition in a six-character serial is still a candidate; the ranking is strict. */
const TRGM_THRESHOLD = '0.2';
const MIN_KEY_FOR_TRGM = 5;
/** Keys shorter than this get no one-edit variants: the ranking refuses edits on so few characters anyway. */
const MIN_KEY_FOR_VARIANTS = 4;
const ACTIVE = ['pending', 'approved'];

export interface RegisterCandidate {
  id: number;
  case_id: number;
  agency_id: number | null;
  status: string;
  serial_key: string;
  serial_raw: string | null;
  maker_raw: string | null;
  importer_raw: string | null;
  model: string | null;
  caliber_raw: string | null;
  approved_by: number | null;
  investigator_id: number | null;
  entered_by: number | null;
}

/** The key and every key made by deleting one of its characters (symmetric deletion, edit distance 1). */
export function deletionVariants(key: string): string[] {
  const out = new Set<string>([key]);
  if (key.length >= MIN_KEY_FOR_VARIANTS) for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
}

/** Stores a register entry's variants (entries with unknown positions are found by pattern instead). */
export async function storeVariants(tx: Tx, entries: Array<{ id: number; key: string }>): Promise<void> {
  const rows = entries.filter((e) => e.key && !e.key.includes(UNKNOWN)).flatMap((e) => deletionVariants(e.key).map((v) => ({ variant: v, suspect_gun_id: e.id })));
  for (let i = 0; i < rows.length; i += 5000) await tx.insertInto('suspect_serial_variants').values(rows.slice(i, i + 5000)).execute();
}

export function likePattern(key: string): string {
  return key.replaceAll(UNKNOWN, '_');
}

const wildEq = (x: string, y: string) => x === y || x === UNKNOWN || y === UNKNOWN;

/** Two keys of equal length that agree wherever both are known. */
export function wildcardEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!wildEq(a[i], b[i])) return false;
  return true;
}

async function setTrgmThreshold(tx: Tx): Promise<void> {
  await sql`SELECT set_config('pg_trgm.similarity_threshold', ${TRGM_THRESHOLD}, true)`.execute(tx);
}

/** Active register entries (pending or approved) that may be the observed gun with match key `key`. */
export async function registerCandidates(tx: Tx, key: string): Promise<RegisterCandidate[]> {
  if (!key) return [];
  const partial = key.includes(UNKNOWN);
  let ids: number[];
  if (!partial) {
    const r = await sql<{ id: number }>`
      SELECT suspect_gun_id AS id FROM suspect_serial_variants WHERE variant = ANY(${deletionVariants(key)}::text[])
      UNION
      SELECT id FROM suspect_guns WHERE serial_partial AND key_len = ${key.length} AND ${key} LIKE replace(serial_key, '?', '_')
    `.execute(tx);
    ids = r.rows.map((x) => Number(x.id));
  } else {
    const r = await sql<{ id: number; serial_key: string; serial_partial: boolean }>`
      SELECT id, serial_key, serial_partial FROM suspect_guns WHERE serial_key LIKE ${likePattern(key)}
      UNION
      (SELECT id, serial_key, serial_partial FROM suspect_guns WHERE serial_partial AND key_len = ${key.length} LIMIT 5000)
    `.execute(tx);
    ids = r.rows.filter((x) => !x.serial_partial || wildcardEqual(x.serial_key, key)).map((x) => Number(x.id));
  }
  if (ids.length === 0) return [];
  return tx
    .selectFrom('suspect_guns as sg')
    .innerJoin('firearms as f', 'f.id', 'sg.firearm_id')
    .select([
      'sg.id', 'sg.case_id', 'sg.agency_id', 'sg.status', 'sg.serial_key', 'f.serial_raw', 'f.maker_raw', 'f.importer_raw',
      'f.model', 'f.caliber_raw', 'sg.approved_by', 'sg.investigator_id', 'sg.entered_by',
    ])
    .where('sg.id', 'in', ids)
    .where('sg.status', 'in', ACTIVE)
    .execute();
}

export interface HeldCandidate {
  firearm_id: number;
  serial_key: string;
  serial_raw: string | null;
  maker_raw: string | null;
  importer_raw: string | null;
  model: string | null;
  caliber_raw: string | null;
  recovery_id: number;
  trace_id: number | null;
  ncic_code: string | null;
  recovered_on: string;
  agency_id: number | null;
}

/**
 * Guns already held as recovered (every trace request carries its recovery; recoveries not yet traced too) that
 * may be the register entry with match key `key`. Guns known only from multiple-sale or theft reports are not
 * recovered guns and are not searched here.
 */
export async function heldCandidates(tx: Tx, key: string, limit = 200): Promise<HeldCandidate[]> {
  if (!key) return [];
  const partial = key.includes(UNKNOWN);
  let ids: number[];
  if (!partial) {
    const useTrgm = key.length >= MIN_KEY_FOR_TRGM;
    if (useTrgm) await setTrgmThreshold(tx);
    const r = await sql<{ id: number }>`
      SELECT id FROM firearms WHERE serial_key = ANY(${deletionVariants(key)}::text[])
      UNION
      SELECT id FROM firearms WHERE serial_partial AND length(serial_key) = ${key.length} AND ${key} LIKE replace(serial_key, '?', '_')
      UNION
      (SELECT id FROM firearms WHERE ${useTrgm} AND serial_key % ${key} ORDER BY similarity(serial_key, ${key}) DESC LIMIT ${limit})
    `.execute(tx);
    ids = r.rows.map((x) => Number(x.id));
  } else {
    const r = await sql<{ id: number; serial_key: string; serial_partial: boolean }>`
      (SELECT id, serial_key, serial_partial FROM firearms WHERE serial_key LIKE ${likePattern(key)} LIMIT ${limit * 10})
      UNION
      (SELECT id, serial_key, serial_partial FROM firearms WHERE serial_partial AND length(serial_key) = ${key.length} LIMIT 5000)
    `.execute(tx);
    ids = r.rows.filter((x) => !x.serial_partial || wildcardEqual(x.serial_key, key)).map((x) => Number(x.id));
  }
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('recoveries as r')
    .innerJoin('firearms as f', 'f.id', 'r.firearm_id')
    .leftJoin('trace_requests as t', 't.recovery_id', 'r.id')
    .select([
      'f.id as firearm_id', 'f.serial_key', 'f.serial_raw', 'f.maker_raw', 'f.importer_raw', 'f.model', 'f.caliber_raw',
      'r.id as recovery_id', 't.id as trace_id', 'r.ncic_code', 'r.recovered_on', 'r.agency_id',
    ])
    .where('r.firearm_id', 'in', ids)
    .execute();
  return rows.map((x) => ({ ...x, serial_key: x.serial_key ?? '' }));
}
