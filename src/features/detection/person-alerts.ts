/**
 * Alerts for the people a run flagged: one per person per threshold crossing, carrying the reasons and their
 * evidence, in the same inbox and under the same decision rule as suspect-gun alerts.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { Actor } from '../audit/audit.service.js';
import { raiseAlerts, type NewAlert } from '../alerts/alerts.service.js';
import type { DetectionConfig } from './config.js';
import * as repo from './detection.repository.js';
import type { PersonScore } from './risk.js';

/** One alert per person per threshold crossing (dedupe key), carrying the reasons and their evidence. */
export async function raisePersonAlerts(tx: Tx, runId: number, cfg: DetectionConfig, actor: Actor): Promise<number> {
  const rows = await sql<{ subject_id: number; display_name: string | null; score: number; reasons: unknown; flagged_on: string | null; dob: string | null }>`
    SELECT p.subject_id, p.display_name, p.score, p.reasons, p.flagged_on, p.dob
    FROM person_risk_scores p
    WHERE p.run_id = ${runId} AND p.flagged
      AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = 'risk:person:' || p.subject_id || ':t' || ${String(cfg.threshold)})
    ORDER BY p.score DESC`.execute(tx);
  if (rows.rows.length === 0) return 0;
  // Who hears of it: the case of an open investigation the person is already a subject of; otherwise the
  // supervisors of the national tracing center (the agency of kind 'atf'), so that no alert is orphaned.
  const cases = await sql<{ subject_id: number; case_id: number }>`
    SELECT DISTINCT ON (s.subject_id) s.subject_id, cs.case_id
    FROM case_subjects cs JOIN cases c ON c.id = cs.case_id AND c.status = 'open'
    JOIN detection_subjects s ON s.person_record_id = cs.person_record_id
    WHERE s.subject_id = ANY (${rows.rows.map((r) => r.subject_id)}::bigint[])
    ORDER BY s.subject_id, c.opened_on DESC`.execute(tx);
  const caseOf = new Map(cases.rows.map((c) => [c.subject_id, c.case_id]));
  const national = await tx.selectFrom('agencies').select('id').where('kind', '=', 'atf').orderBy('id').limit(1).executeTakeFirst();
  const alerts: NewAlert[] = rows.rows.map((r) => ({
    kind: 'risk_threshold',
    title: `Possible straw purchasing: ${r.display_name ?? `person ${r.subject_id}`}${r.dob ? ` (born ${r.dob})` : ''}, risk ${Math.round(r.score)}`,
    severity: r.score >= 2 * cfg.threshold ? 'high' : 'normal',
    subjectRef: `person:${r.subject_id}`,
    caseId: caseOf.get(r.subject_id) ?? null,
    agencyId: caseOf.has(r.subject_id) ? null : national?.id ?? null,
    score: r.score,
    reasons: (r.reasons as PersonScore['indicators']).map((i) => ({ code: i.code, text: i.text, evidence: i.evidence, weight: i.points })),
    dedupeKey: `risk:person:${r.subject_id}:t${cfg.threshold}`,
  }));
  const raisedAs = await raiseAlerts(tx, actor, alerts);
  await repo.setAlertIds(tx, runId, rows.rows.map((r, k): [number, number] => [r.subject_id, raisedAs[k].id]));
  return raisedAs.filter((a) => a.created).length;
}
