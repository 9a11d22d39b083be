/**
 * Who an incremental run rescores (the temp table det_scope): the subjects whose records, reports, traces, sales,
 * tips or attributes arrived since the last completed run, those whose subject changed, and their linked
 * neighbours. Also the shared-attribute links every run reads.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { DetectionConfig } from './config.js';
import type { SubjectLink } from './events.js';
import { linkGroupsQuery, type LinkGroupRow } from './features.repository.js';

export async function buildScope(tx: Tx, since: Date): Promise<void> {
  await sql`DROP TABLE IF EXISTS det_scope`.execute(tx);
  await sql`CREATE TEMP TABLE det_scope (subject_id bigint PRIMARY KEY)`.execute(tx);
  await sql`
    INSERT INTO det_scope
    SELECT DISTINCT subject_id FROM (
      SELECT subject_id FROM det_changed
      UNION SELECT old_subject FROM det_changed WHERE old_subject IS NOT NULL
      UNION SELECT s.subject_id FROM person_records pr JOIN detection_subjects s ON s.person_record_id = pr.id WHERE pr.created_at >= ${since}
      UNION SELECT s.subject_id FROM person_attributes pa JOIN detection_subjects s ON s.person_record_id = pa.person_record_id WHERE pa.created_at >= ${since}
      UNION SELECT s.subject_id FROM multiple_sale_reports r JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id WHERE r.created_at >= ${since}
      UNION SELECT s.subject_id FROM trace_requests t JOIN detection_subjects s ON s.person_record_id = t.buyer_record_id
        WHERE t.created_at >= ${since} OR t.completed_at >= ${since}
      UNION SELECT s.subject_id FROM sales x JOIN detection_subjects s ON s.person_record_id = x.buyer_record_id WHERE x.created_at >= ${since}
      UNION SELECT s.subject_id FROM dealer_tips tp JOIN detection_subjects s ON s.person_record_id = tp.person_record_id WHERE tp.created_at >= ${since}
    ) x WHERE subject_id IS NOT NULL`.execute(tx);
}

export async function expandScopeByLinks(tx: Tx, maxGroup: number): Promise<void> {
  await sql`
    INSERT INTO det_scope
    SELECT DISTINCT unnest(subjects) FROM (${linkGroupsQuery(maxGroup, true)}) g
    ON CONFLICT DO NOTHING`.execute(tx);
}

export async function loadLinks(tx: Tx, cfg: DetectionConfig, scoped: boolean): Promise<Map<number, SubjectLink[]>> {
  const r = await linkGroupsQuery(cfg.windows.linkMaxGroup, scoped).execute(tx);
  const out = new Map<number, SubjectLink[]>();
  for (const g of r.rows as LinkGroupRow[]) {
    for (const a of g.subjects) {
      for (const b of g.subjects) {
        if (a === b) continue;
        const list = out.get(a) ?? [];
        list.push({ other: b, kind: g.kind as SubjectLink['kind'], value: g.value });
        out.set(a, list);
      }
    }
  }
  return out;
}
