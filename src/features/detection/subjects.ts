import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { CursorReader } from './cursor.js';

/**
 * Which person records are one subject. Records are joined by the person entity resolution put them in
 * (its resolved_person_records view, read here from person_links; a record no run has linked is a person of its own), and by exact identity
 * keys: the normalised surname, given name and birth date; or the ID number with its issuing state. The keys cover
 * records that no resolution run has seen yet, and the time before entity resolution first runs. Any of the three
 * joins, so a subject is a connected component over them; its id is the smallest record id in it.
 *
 * The components are found with union-find in one streaming pass over the records (typed arrays, a map per key).
 * The SQL label propagation this replaces took a full-table window sort and three GROUP BYs per pass, several passes
 * a run: the largest database cost of a run at the benchmark's 1.4 million records.
 *
 * Only rows whose subject changed are written; they are left in the temp table det_changed, so an incremental run
 * knows whom to rescore. A full run rescores everyone and does not read det_changed (`keepChanged: false`): on a first
 * run every record changes, and the temp copy of 1.4 million rows cost as much as writing them to detection_subjects.
 */
export interface SubjectRefresh {
  records: number;
  changed: number;
}

interface KeyRow {
  id: number;
  pk: number;
  resolved: boolean;
  nk: string | null;
  ik: string | null;
  old_subject: number | null;
  old_resolved: boolean | null;
}

/** Growable typed arrays of the records, in the order read. */
class Records {
  n = 0;
  ids = new Float64Array(1 << 16);
  parent = new Int32Array(1 << 16);
  /** Smallest record id of the component, kept at its root. */
  minId = new Float64Array(1 << 16);
  oldSubject = new Float64Array(1 << 16);
  /** bit 0: resolved now; bit 1: resolved before; bit 2: had a subject row before. */
  flags = new Uint8Array(1 << 16);

  add(r: KeyRow): number {
    if (this.n === this.ids.length) this.grow();
    const i = this.n++;
    this.ids[i] = Number(r.id);
    this.parent[i] = i;
    this.minId[i] = Number(r.id);
    this.oldSubject[i] = r.old_subject === null ? -1 : Number(r.old_subject);
    this.flags[i] = (r.resolved ? 1 : 0) | (r.old_resolved ? 2 : 0) | (r.old_subject !== null ? 4 : 0);
    return i;
  }

  private grow(): void {
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.ids = g(this.ids);
    this.parent = g(this.parent);
    this.minId = g(this.minId);
    this.oldSubject = g(this.oldSubject);
    this.flags = g(this.flags);
  }

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[i] !== r) {
      const next = this.parent[i];
      this.parent[i] = r;
      i = next;
    }
    return r;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const [keep, gone] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[gone] = keep;
    if (this.minId[gone] < this.minId[keep]) this.minId[keep] = this.minId[gone];
  }
}

const WRITE_CHUNK = 20_000;

/** A chunk of subject rows to write, column by column (one array parameter per column). */
class SubjectRows {
  ids: number[] = [];
  subjects: number[] = [];
  olds: Array<number | null> = [];
  bases: string[] = [];

  push(id: number, subject: number, old: number | null, basis: string): void {
    this.ids.push(id);
    this.subjects.push(subject);
    this.olds.push(old);
    this.bases.push(basis);
  }

  clear(): void {
    this.ids = [];
    this.subjects = [];
    this.olds = [];
    this.bases = [];
  }
}

export async function refreshSubjects(tx: Tx, opts: { keepChanged?: boolean } = {}): Promise<SubjectRefresh> {
  const keepChanged = opts.keepChanged ?? true;
  const cur = new CursorReader<KeyRow>(tx, 'det_subject_keys', sql`
    SELECT r.id, coalesce(l.person_id, r.id) AS pk, l.person_id IS NOT NULL AS resolved,
      CASE WHEN r.dob IS NOT NULL AND coalesce(r.surname_norm, '') <> '' AND coalesce(r.given_norm, '') <> ''
           THEN r.surname_norm || '|' || r.given_norm || '|' || r.dob::text END AS nk,
      CASE WHEN length(k.idn) >= 4 THEN upper(k.idn) || '|' || upper(coalesce(r.id_state, '')) END AS ik,
      o.subject_id AS old_subject, (o.basis = 'resolved') AS old_resolved
    FROM person_records r
    -- What the resolved_person_records view gives (person_id and resolved), read from person_links directly: the
    -- view joins person_records again, a second hash join of every record (1.2-1.8 s of 6.2-6.6 at scale 21).
    LEFT JOIN person_links l ON l.person_record_id = r.id
    CROSS JOIN LATERAL (SELECT regexp_replace(coalesce(r.id_number, ''), '[^A-Za-z0-9]', '', 'g') AS idn) k
    LEFT JOIN detection_subjects o ON o.person_record_id = r.id`, 20_000);
  const recs = new Records();
  // First record seen with each key value: later records with the value are joined to it.
  const byPk = new Map<number, number>();
  const byNk = new Map<string, number>();
  const byIk = new Map<string, number>();
  for (let r = await cur.next(); r; r = await cur.next()) {
    const i = recs.add(r);
    const pk = Number(r.pk);
    const p = byPk.get(pk);
    if (p === undefined) byPk.set(pk, i);
    else recs.union(p, i);
    if (r.nk !== null) {
      const q = byNk.get(r.nk);
      if (q === undefined) byNk.set(r.nk, i);
      else recs.union(q, i);
    }
    if (r.ik !== null) {
      const q = byIk.get(r.ik);
      if (q === undefined) byIk.set(r.ik, i);
      else recs.union(q, i);
    }
  }
  await cur.close();
  byPk.clear();
  byNk.clear();
  byIk.clear();

  // det_changed (record, new subject, old subject) stays in the session: incremental runs build their
  // scope from it, and drop it.
  await sql`DROP TABLE IF EXISTS det_changed`.execute(tx);
  if (keepChanged) {
    await sql`CREATE TEMP TABLE det_changed (person_record_id bigint PRIMARY KEY, subject_id bigint NOT NULL, old_subject bigint, basis text NOT NULL)`.execute(tx);
  }
  let changed = 0;
  // Records new to detection are inserted, records whose subject changed are updated: a first run writes every
  // record, and a plain INSERT skips the conflict check per row that an upsert makes.
  const inserts = new SubjectRows();
  const updates = new SubjectRows();
  const flush = async (rows: SubjectRows, isNew: boolean) => {
    if (rows.ids.length === 0) return;
    const { ids, subjects, olds, bases } = rows;
    if (keepChanged) {
      await sql`INSERT INTO det_changed (person_record_id, subject_id, old_subject, basis)
        SELECT * FROM unnest(${ids}::bigint[], ${subjects}::bigint[], ${olds}::bigint[], ${bases}::text[])`.execute(tx);
    }
    if (isNew) {
      await sql`INSERT INTO detection_subjects (person_record_id, subject_id, basis)
        SELECT * FROM unnest(${ids}::bigint[], ${subjects}::bigint[], ${bases}::text[])`.execute(tx);
    } else {
      await sql`UPDATE detection_subjects d SET subject_id = x.subject_id, basis = x.basis
        FROM unnest(${ids}::bigint[], ${subjects}::bigint[], ${bases}::text[]) AS x(person_record_id, subject_id, basis)
        WHERE d.person_record_id = x.person_record_id`.execute(tx);
    }
    changed += ids.length;
    rows.clear();
  };
  for (let i = 0; i < recs.n; i++) {
    const subject = recs.minId[recs.find(i)];
    const f = recs.flags[i];
    const resolved = (f & 1) !== 0;
    const had = (f & 4) !== 0;
    if (had && recs.oldSubject[i] === subject && ((f & 2) !== 0) === resolved) continue;
    const rows = had ? updates : inserts;
    rows.push(recs.ids[i], subject, had ? recs.oldSubject[i] : null, resolved ? 'resolved' : 'exact_keys');
    if (rows.ids.length >= WRITE_CHUNK) await flush(rows, !had);
  }
  await flush(inserts, true);
  await flush(updates, false);
  // After a large rewrite (a first run writes every record) the table's statistics still describe the old table,
  // often an empty one. Planned with them, the per-subject look-ups that follow (score storage names each subject)
  // hash-joined all person records for every subject: 288 s instead of 3 s on border-baseline scale 1.
  // ANALYZE samples the rows this transaction wrote as well.
  if (changed > 10_000 && changed > recs.n / 10) await sql`ANALYZE detection_subjects`.execute(tx);
  return { records: recs.n, changed };
}
