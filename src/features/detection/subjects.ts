import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

/**
 * Which person records are one subject. Records are joined by the person entity resolution put them in
 * (its resolved_person_records view; a record no run has linked is a person of its own there), and by exact identity keys: the normalised surname, given name and birth date; or the ID number with
 * its issuing state. The keys cover records that no resolution run has seen yet, and the time before entity
 * resolution first runs. Any of the three joins, so a subject is a connected component over them, found by label
 * propagation in SQL (each pass takes the smallest label over one key's groups, cycling through the keys until every
 * group agrees).
 *
 * Only rows whose subject changed are written; they are left in the temp table det_changed, so an incremental run
 * knows whom to rescore.
 */
export interface SubjectRefresh {
  records: number;
  changed: number;
  passes: number;
}

const MAX_PASSES = 10;

export async function refreshSubjects(tx: Tx): Promise<SubjectRefresh> {
  await sql`DROP TABLE IF EXISTS det_k, det_l0, det_l1`.execute(tx);
  await sql`
    CREATE TEMP TABLE det_k AS
    SELECT r.id, rp.person_id AS pk, rp.resolved,
      CASE WHEN dob IS NOT NULL AND coalesce(surname_norm, '') <> '' AND coalesce(given_norm, '') <> ''
           THEN surname_norm || '|' || given_norm || '|' || dob::text END AS nk,
      CASE WHEN length(regexp_replace(coalesce(id_number, ''), '[^A-Za-z0-9]', '', 'g')) >= 4
           THEN upper(regexp_replace(id_number, '[^A-Za-z0-9]', '', 'g')) || '|' || upper(coalesce(id_state, '')) END AS ik
    FROM person_records r JOIN resolved_person_records rp ON rp.person_record_id = r.id`.execute(tx);
  await sql`CREATE TEMP TABLE det_l0 AS SELECT id, pk, resolved, nk, ik, min(id) OVER (PARTITION BY pk) AS lab FROM det_k`.execute(tx);
  let cur = 'det_l0';
  let passes = 1;
  const keys = ['nk', 'ik', 'pk'] as const;
  for (; passes < MAX_PASSES; passes++) {
    const key = keys[(passes - 1) % 3];
    const next = cur === 'det_l0' ? 'det_l1' : 'det_l0';
    await sql`DROP TABLE IF EXISTS ${sql.table(next)}`.execute(tx);
    await sql`
      CREATE TEMP TABLE ${sql.table(next)} AS
      SELECT id, pk, resolved, nk, ik, min(lab) OVER (PARTITION BY coalesce(${sql.ref(key)}::text, 'r' || id)) AS lab FROM ${sql.table(cur)}`.execute(tx);
    cur = next;
    // Converged when the groups of every key carry one label each.
    const open = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM (SELECT 1 FROM ${sql.table(cur)} WHERE nk IS NOT NULL GROUP BY nk HAVING min(lab) <> max(lab)) a)
           + (SELECT count(*) FROM (SELECT 1 FROM ${sql.table(cur)} WHERE ik IS NOT NULL GROUP BY ik HAVING min(lab) <> max(lab)) b)
           + (SELECT count(*) FROM (SELECT 1 FROM ${sql.table(cur)} GROUP BY pk HAVING min(lab) <> max(lab)) c) AS n`.execute(tx);
    if (Number(open.rows[0].n) === 0) break;
  }
  // det_changed (record, new subject, old subject) stays in the session: incremental runs build their
  // scope from it, and drop it.
  await sql`DROP TABLE IF EXISTS det_changed`.execute(tx);
  await sql`
    CREATE TEMP TABLE det_changed AS
    SELECT f.id AS person_record_id, f.lab AS subject_id, o.subject_id AS old_subject,
      CASE WHEN f.resolved THEN 'resolved' ELSE 'exact_keys' END AS basis
    FROM ${sql.table(cur)} f LEFT JOIN detection_subjects o ON o.person_record_id = f.id
    WHERE o.subject_id IS DISTINCT FROM f.lab OR o.basis <> CASE WHEN f.resolved THEN 'resolved' ELSE 'exact_keys' END`.execute(tx);
  await sql`
    INSERT INTO detection_subjects (person_record_id, subject_id, basis)
    SELECT person_record_id, subject_id, basis FROM det_changed
    ON CONFLICT (person_record_id) DO UPDATE SET subject_id = EXCLUDED.subject_id, basis = EXCLUDED.basis`.execute(tx);
  const counts = await sql<{ records: number; changed: number }>`
    SELECT (SELECT count(*)::int FROM det_k) AS records, (SELECT count(*)::int FROM det_changed) AS changed`.execute(tx);
  await sql`DROP TABLE IF EXISTS det_k, det_l0, det_l1`.execute(tx);
  return { records: counts.rows[0].records, changed: counts.rows[0].changed, passes };
}
