/**
 * Candidate search in the database, built to scale: every way a misread serial can still meet its entry is a set of
 * exact btree probes, never a scan. Ranking happens afterwards in TypeScript (rank.ts), which accepts at most one
 * edit, so the search only has to be complete up to one edit.
 *
 * Observed gun -> register (every trace and recovery, latency-critical), one statement:
 * - same match key (confusables folded, separators gone), or one character misread, swapped, added or dropped:
 *   symmetric deletion over suspect_serial_variants (migration 0203);
 * - unknown positions on the register entry: the entry is stored under an anchor, its key length with its known
 *   prefix or suffix (the longer one, migration 0204); the observed key probes its own n+1 prefixes and suffixes
 *   at its length, and the pattern is checked on the few entries found;
 * - unknown positions on the observed gun (rare: an obliterated serial): `serial_key LIKE pattern` on the pg_trgm
 *   GIN index, bounded.
 * Register entry -> held guns (a new referral, against every recovered gun held): the entry's whole one-edit
 * neighbourhood (every substitution, insertion, deletion and swap over the match-key alphabet, about 60 keys per
 * character) probed on the firearms serial_key btree. That is complete for one edit, so pg_trgm is not needed there;
 * held guns with unknown positions are checked by pattern at the same key length, bounded.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { UNKNOWN } from '../../domain/serial.js';

/** Keys shorter than this get no one-edit variants: the ranking refuses edits on so few characters anyway. */
const MIN_KEY_FOR_VARIANTS = 4;
/** Bounds on the searches that go by pattern (unknown positions on both sides): a lead, not a census. */
const PATTERN_LIMIT = 500;
/** Every character a match key can hold apart from '?': digits and the letters that are not folded to digits. */
const KEY_ALPHABET = [...'0123456789ACDEFHJKMNPQRTUVWXY'];

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

// Anchors cannot collide with variants: match keys hold only A-Z, 0-9 and '?'.
const prefixAnchor = (len: number, prefix: string) => `^${len}:${prefix}`;
const suffixAnchor = (len: number, suffix: string) => `$${len}:${suffix}`;

/**
 * The anchor of a key with unknown positions: its length with the known characters before the first unknown one,
 * or after the last, whichever is longer (both when they are as long). Any full key that fits the pattern has that
 * prefix (or suffix) at that length, so the search finds the entry with one probe per prefix of the observed key.
 */
export function partialAnchors(key: string): string[] {
  const prefix = key.slice(0, key.indexOf(UNKNOWN));
  const suffix = key.slice(key.lastIndexOf(UNKNOWN) + 1);
  const out: string[] = [];
  if (prefix.length >= suffix.length) out.push(prefixAnchor(key.length, prefix));
  if (suffix.length >= prefix.length) out.push(suffixAnchor(key.length, suffix));
  return out;
}

/** What an observed full key probes: its deletion variants, and every prefix and suffix anchor at its length. */
export function probeKeys(key: string): string[] {
  const out = deletionVariants(key);
  for (let i = 0; i <= key.length; i++) out.push(prefixAnchor(key.length, key.slice(0, i)), suffixAnchor(key.length, key.slice(i)));
  return out;
}

/** A register entry's search keys: deletion variants for a full key, anchors for one with unknown positions. */
export function searchKeys(key: string): string[] {
  if (!key) return [];
  return key.includes(UNKNOWN) ? partialAnchors(key) : deletionVariants(key);
}

/** Stores register entries' search keys (searchKeys). */
export async function storeVariants(tx: Tx, entries: Array<{ id: number; key: string }>): Promise<void> {
  const rows = entries.flatMap((e) => searchKeys(e.key).map((v) => ({ variant: v, suspect_gun_id: e.id })));
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

/**
 * Every key one edit from `key` (substitution, insertion, deletion, swap of neighbours) over the match-key
 * alphabet, and the key itself: what a held gun's key must be for the ranking to accept the pair.
 */
export function oneEditNeighbourhood(key: string): string[] {
  const out = new Set<string>([key]);
  if (key.length < MIN_KEY_FOR_VARIANTS) return [...out];
  for (let i = 0; i <= key.length; i++) {
    const head = key.slice(0, i);
    for (const c of KEY_ALPHABET) {
      out.add(head + c + key.slice(i));
      if (i < key.length) out.add(head + c + key.slice(i + 1));
    }
    if (i < key.length) out.add(head + key.slice(i + 1));
    if (i + 1 < key.length) out.add(head + key[i + 1] + key[i] + key.slice(i + 2));
  }
  return [...out];
}

const REGISTER_COLUMNS = sql`sg.id, sg.case_id, sg.agency_id, sg.status, sg.serial_key, f.serial_raw, f.maker_raw, f.importer_raw, f.model,
  f.caliber_raw, sg.approved_by, sg.investigator_id, sg.entered_by`;

/** Active register entries (pending or approved) that may be the observed gun with match key `key`. One statement. */
export async function registerCandidates(tx: Tx, key: string): Promise<RegisterCandidate[]> {
  if (!key) return [];
  if (!key.includes(UNKNOWN)) {
    const r = await sql<RegisterCandidate>`
      SELECT ${REGISTER_COLUMNS}
      FROM suspect_guns sg JOIN firearms f ON f.id = sg.firearm_id
      WHERE sg.id IN (SELECT suspect_gun_id FROM suspect_serial_variants WHERE variant = ANY(${probeKeys(key)}::text[]))
        AND sg.status IN ('pending', 'approved')
        AND (NOT sg.serial_partial OR ${key} LIKE replace(sg.serial_key, '?', '_'))`.execute(tx);
    return r.rows;
  }
  // Both sides may have unknown positions here: the pattern finds full entries, the length finds partial ones.
  const r = await sql<RegisterCandidate & { serial_partial: boolean }>`
    SELECT ${REGISTER_COLUMNS}, sg.serial_partial
    FROM suspect_guns sg JOIN firearms f ON f.id = sg.firearm_id
    WHERE sg.id IN (
      (SELECT id FROM suspect_guns WHERE serial_key LIKE ${likePattern(key)} AND status IN ('pending', 'approved') LIMIT ${PATTERN_LIMIT})
      UNION
      (SELECT id FROM suspect_guns WHERE serial_partial AND key_len = ${key.length} AND status IN ('pending', 'approved') LIMIT ${PATTERN_LIMIT * 10}))`.execute(tx);
  return r.rows.filter((x) => !x.serial_partial || wildcardEqual(x.serial_key, key)).map(({ serial_partial: _, ...x }) => x);
}

/**
 * Register candidates for many observed keys in one statement (an import batch, or a submission whose other look-ups
 * share the round trip): the full keys' probes go in as one array with the index of the key each came from. Keys
 * with unknown positions (rare) are not covered: search those one by one with registerCandidates.
 */
export function registerManySql(probes: string[], owner: number[], keys: Array<string | null>) {
  const fullKeys = keys.map((k) => k ?? '');
  return sql`
    SELECT DISTINCT ON (p.i, sg.id) p.i, ${REGISTER_COLUMNS}
    FROM unnest(${probes}::text[], ${owner}::int[]) AS p(variant, i)
    JOIN suspect_serial_variants v ON v.variant = p.variant
    JOIN suspect_guns sg ON sg.id = v.suspect_gun_id
    JOIN firearms f ON f.id = sg.firearm_id
    WHERE sg.status IN ('pending', 'approved')
      AND (NOT sg.serial_partial OR (${fullKeys}::text[])[p.i + 1] LIKE replace(sg.serial_key, '?', '_'))
    ORDER BY p.i, sg.id`;
}

/** Rows of registerManySql (each with the index of its key) as candidates per key. */
export function groupCandidates(n: number, rows: Array<RegisterCandidate & { i: number }>): RegisterCandidate[][] {
  const out: RegisterCandidate[][] = Array.from({ length: n }, () => []);
  for (const { i, ...c } of rows) out[Number(i)].push(c);
  return out;
}

/** The probes of registerManySql: every full key's probe keys, each with the index of its key. */
export function probesOf(keys: Array<string | null>): { probes: string[]; owner: number[] } {
  const probes: string[] = [];
  const owner: number[] = [];
  keys.forEach((k, i) => {
    if (!k || k.includes(UNKNOWN)) return;
    for (const p of probeKeys(k)) {
      probes.push(p);
      owner.push(i);
    }
  });
  return { probes, owner };
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

/** The recovered guns among `firearmIds`, with their recovery and trace: one statement for any number of owners. */
function heldRowsSql(ids: number[], owner: number[]) {
  return sql<HeldCandidate & { i: number; trace_number: string | null }>`
    SELECT DISTINCT ON (q.i, r.id, t.id) q.i, f.id AS firearm_id, coalesce(f.serial_key, '') AS serial_key, f.serial_raw, f.maker_raw, f.importer_raw,
      f.model, f.caliber_raw, r.id AS recovery_id, t.id AS trace_id, t.trace_number, r.ncic_code, r.recovered_on, r.agency_id
    FROM unnest(${ids}::bigint[], ${owner}::int[]) AS q(firearm_id, i)
    JOIN recoveries r ON r.firearm_id = q.firearm_id
    JOIN firearms f ON f.id = r.firearm_id
    LEFT JOIN trace_requests t ON t.recovery_id = r.id
    ORDER BY q.i, r.id, t.id`;
}

/**
 * Guns already held as recovered (every trace request carries its recovery; recoveries not yet traced too) that
 * may be the register entry with match key `key`. Guns known only from multiple-sale or theft reports are not
 * recovered guns and are not searched here.
 */
export async function heldCandidates(tx: Tx, key: string, limit = 200): Promise<HeldCandidate[]> {
  if (!key) return [];
  let ids: number[];
  if (!key.includes(UNKNOWN)) {
    const r = await sql<{ id: number }>`
      SELECT id FROM firearms WHERE serial_key = ANY(${oneEditNeighbourhood(key)}::text[])
      UNION
      (SELECT id FROM firearms WHERE serial_partial AND length(serial_key) = ${key.length} AND ${key} LIKE replace(serial_key, '?', '_') LIMIT ${limit})
    `.execute(tx);
    ids = r.rows.map((x) => Number(x.id));
  } else {
    const r = await sql<{ id: number; serial_key: string; serial_partial: boolean }>`
      (SELECT id, serial_key, serial_partial FROM firearms WHERE serial_key LIKE ${likePattern(key)} LIMIT ${limit * 10})
      UNION
      (SELECT id, serial_key, serial_partial FROM firearms WHERE serial_partial AND length(serial_key) = ${key.length} LIMIT ${PATTERN_LIMIT * 10})
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

/** A held candidate with the number of its trace (the alert names it). */
export type HeldWithTrace = HeldCandidate & { trace_number: string | null };

/**
 * heldCandidates for many register keys at once (an import batch of referrals): full keys probe their one-edit
 * neighbourhoods and the partial guns of their length in one statement per chunk; keys with unknown positions (rare)
 * are searched one by one as heldCandidates does. Per key, the same candidates heldCandidates finds.
 */
export async function heldCandidatesMany(tx: Tx, keys: Array<string | null>, limit = 200): Promise<HeldWithTrace[][]> {
  const out: HeldWithTrace[][] = keys.map(() => []);
  const full = keys.flatMap((k, i) => (k && !k.includes(UNKNOWN) ? [i] : []));
  // About 600 probe keys per register key: chunks keep one statement's arrays to a few megabytes.
  for (let from = 0; from < full.length; from += HELD_CHUNK) {
    const chunk = full.slice(from, from + HELD_CHUNK);
    const probes: string[] = [];
    const owner: number[] = [];
    for (const i of chunk) {
      for (const p of oneEditNeighbourhood(keys[i]!)) {
        probes.push(p);
        owner.push(i);
      }
    }
    const found = await sql<{ i: number; id: number }>`
      SELECT DISTINCT p.i, f.id FROM unnest(${probes}::text[], ${owner}::int[]) AS p(key, i) JOIN firearms f ON f.serial_key = p.key
      UNION
      SELECT k.i, x.id FROM unnest(${chunk.map((i) => keys[i]!)}::text[], ${chunk}::int[]) AS k(key, i),
        LATERAL (SELECT id FROM firearms WHERE serial_partial AND length(serial_key) = length(k.key) AND k.key LIKE replace(serial_key, '?', '_') LIMIT ${limit}) x
    `.execute(tx);
    if (found.rows.length === 0) continue;
    const rows = await heldRowsSql(found.rows.map((r) => Number(r.id)), found.rows.map((r) => Number(r.i))).execute(tx);
    for (const { i, ...c } of rows.rows) out[Number(i)].push({ ...c, firearm_id: Number(c.firearm_id), recovery_id: Number(c.recovery_id), trace_id: c.trace_id === null ? null : Number(c.trace_id) });
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!k || !k.includes(UNKNOWN)) continue;
    const held = await heldCandidates(tx, k, limit);
    const traceIds = held.map((h) => h.trace_id).filter((x): x is number => x !== null);
    const numbers = new Map((traceIds.length ? await tx.selectFrom('trace_requests').select(['id', 'trace_number']).where('id', 'in', traceIds).execute() : []).map((t) => [t.id, t.trace_number]));
    out[i] = held.map((h) => ({ ...h, trace_number: h.trace_id === null ? null : (numbers.get(h.trace_id) ?? null) }));
  }
  return out;
}

const HELD_CHUNK = 200;
