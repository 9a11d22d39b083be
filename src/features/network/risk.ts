/**
 * Risk from detection (migration 0301), read to colour people and to pick the flagged ones. Detection scores
 * subjects; detection_subjects says which records each subject holds, so a network person takes the highest score
 * of any of its records' subjects. When detection has not run, nobody has a score and nothing is flagged.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

export interface Risk {
  score: number;
  level: 'low' | 'elevated' | 'high';
  flagged: boolean;
  /** Detection's subject id, to link to the person's risk page. */
  subjectId: number;
}

interface RiskRow {
  person_record_id: number;
  subject_id: number;
  score: number;
  level: Risk['level'];
  flagged: boolean;
}

/** Current risk of every scored record, streamed in pages. */
export async function loadRiskByRecord(tx: Tx, pageSize = 20_000): Promise<Map<number, Risk>> {
  const out = new Map<number, Risk>();
  let after = 0;
  for (;;) {
    const { rows } = await sql<RiskRow>`
      SELECT ds.person_record_id, prs.subject_id, prs.score, prs.level, prs.flagged
      FROM detection_subjects ds
      JOIN person_risk_scores prs ON prs.subject_id = ds.subject_id AND prs.current
      WHERE ds.person_record_id > ${after}
      ORDER BY ds.person_record_id
      LIMIT ${pageSize}`.execute(tx);
    for (const r of rows) out.set(r.person_record_id, { score: Number(r.score), level: r.level, flagged: r.flagged, subjectId: r.subject_id });
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1].person_record_id;
  }
  return out;
}

/** The highest risk among a person's records (flagged if any of them is). */
export function riskOfRecords(records: readonly number[], byRecord: ReadonlyMap<number, Risk>): Risk | undefined {
  let best: Risk | undefined;
  let flagged = false;
  for (const id of records) {
    const r = byRecord.get(id);
    if (!r) continue;
    flagged ||= r.flagged;
    if (!best || r.score > best.score) best = r;
  }
  return best ? { ...best, flagged } : undefined;
}
