/**
 * Reads for the API and the web pages: ranked people and dealers, a person's risk with its records and history, a
 * dealer's profile. Kysely only; every function takes the transaction.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

export interface PeopleQuery {
  level?: 'low' | 'elevated' | 'high';
  q?: string;
  limit: number;
  offset: number;
}

export async function rankedPeople(tx: Tx, o: PeopleQuery) {
  let qb = tx
    .selectFrom('person_risk_scores')
    .select(['subject_id', 'score', 'level', 'flagged', 'flagged_on', 'display_name', 'dob', 'guns_known', 'first_seen_on', 'last_seen_on', 'run_id', 'alert_id', 'features'])
    .where('current', '=', true);
  if (o.level) qb = qb.where('level', '=', o.level);
  if (o.q) qb = qb.where('display_name', 'ilike', `%${o.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const rows = await qb.orderBy('score', 'desc').orderBy('subject_id').limit(o.limit).offset(o.offset).execute();
  const counts = await tx
    .selectFrom('person_risk_scores')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('subject_id').filterWhere('level', '=', 'high').as('high'),
      eb.fn.count<number>('subject_id').filterWhere('level', '=', 'elevated').as('elevated'),
    ])
    .where('current', '=', true)
    .executeTakeFirstOrThrow();
  return {
    people: rows.map((r) => ({ ...r, headline: (r.features as { headline?: string }).headline ?? '', features: undefined })),
    counts: { total: Number(counts.total), high: Number(counts.high), elevated: Number(counts.elevated) },
  };
}

/** The subject a person record belongs to (a page may be opened from any of its records). */
export async function subjectOfRecord(tx: Tx, recordId: number): Promise<number | null> {
  const r = await tx.selectFrom('detection_subjects').select('subject_id').where('person_record_id', '=', recordId).executeTakeFirst();
  return r?.subject_id ?? null;
}

export async function personRisk(tx: Tx, subjectId: number) {
  const current = await tx.selectFrom('person_risk_scores').selectAll().where('subject_id', '=', subjectId).where('current', '=', true).executeTakeFirst();
  const records = await tx
    .selectFrom('detection_subjects as s')
    .innerJoin('person_records as p', 'p.id', 's.person_record_id')
    .select(['p.id', 'p.role', 'p.given_name', 'p.middle_name', 'p.surname', 'p.maternal_surname', 'p.dob', 'p.id_number', 'p.id_state',
      'p.street_raw', 'p.city', 'p.state', 'p.postcode', 'p.phone', 'p.source_kind', 'p.source_ref', 's.basis'])
    .where('s.subject_id', '=', subjectId)
    .orderBy('p.id')
    .limit(500)
    .execute();
  if (!current && records.length === 0) return null;
  const history = await tx
    .selectFrom('person_risk_scores as p')
    .innerJoin('detection_runs as r', 'r.id', 'p.run_id')
    .select(['p.run_id', 'p.score', 'p.level', 'p.flagged', 'r.mode', 'r.finished_at'])
    .where('p.subject_id', '=', subjectId)
    .orderBy('p.run_id', 'desc')
    .limit(20)
    .execute();
  const alerts = await tx
    .selectFrom('alerts')
    .select(['id', 'kind', 'status', 'severity', 'title', 'score', 'created_at', 'decided_at'])
    .where('subject_ref', '=', `person:${subjectId}`)
    .orderBy('id', 'desc')
    .execute();
  const findings = await tx
    .selectFrom('compliance_findings')
    .select(['id', 'dealer_id', 'dealer_licence', 'form', 'certainty', 'first_sale_on', 'last_sale_on', 'guns', 'unreported_guns', 'explanation', 'evidence'])
    .where('subject_id', '=', subjectId)
    .where('current', '=', true)
    .execute();
  const purchases = await sql<{ source: string; id: number; date: string; dealer_licence: string | null; dealer_id: number | null; guns: number; label: string }>`
    SELECT 'multiple_sale_report' AS source, r.id, r.report_date::text AS date, r.dealer_licence, r.dealer_id,
      (SELECT count(*)::int FROM multiple_sale_items i WHERE i.report_id = r.id) AS guns,
      (SELECT string_agg(DISTINCT concat_ws(' ', f.maker, f.model), ', ') FROM multiple_sale_items i JOIN firearms f ON f.id = i.firearm_id WHERE i.report_id = r.id) AS label
    FROM multiple_sale_reports r JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id WHERE s.subject_id = ${subjectId}
    UNION ALL
    SELECT 'trace', t.id, coalesce(t.sale_date::text, ''), t.dealer_licence, t.dealer_id, 1, concat_ws(' ', f.maker, f.model)
    FROM trace_requests t JOIN detection_subjects s ON s.person_record_id = t.buyer_record_id JOIN firearms f ON f.id = t.firearm_id
    WHERE s.subject_id = ${subjectId} AND t.status = 'completed'
    ORDER BY date LIMIT 500`.execute(tx);
  return { subjectId, current: current ?? null, records, history, alerts, findings, purchases: purchases.rows };
}

export async function rankedDealers(tx: Tx, o: { level?: 'low' | 'elevated' | 'high'; limit: number; offset: number }) {
  let qb = tx
    .selectFrom('dealer_risk_scores as s')
    .innerJoin('dealers as d', 'd.id', 's.dealer_id')
    .select(['s.dealer_id', 'd.licence_number', 'd.name', 'd.city', 'd.state', 'd.status', 's.score', 's.level', 's.volume', 's.traces',
      's.short_ttc', 's.expected_short_ttc', 's.rate_ratio', 's.reasons', 's.run_id'])
    .where('s.current', '=', true);
  if (o.level) qb = qb.where('s.level', '=', o.level);
  const rows = await qb.orderBy('s.score', 'desc').orderBy('s.rate_ratio', 'desc').orderBy('s.dealer_id').limit(o.limit).offset(o.offset).execute();
  return { dealers: rows };
}

export async function dealerProfile(tx: Tx, dealerId: number) {
  const dealer = await tx.selectFrom('dealers').selectAll().where('id', '=', dealerId).executeTakeFirst();
  if (!dealer) return null;
  const current = await tx.selectFrom('dealer_risk_scores').selectAll().where('dealer_id', '=', dealerId).where('current', '=', true).executeTakeFirst();
  const history = await tx
    .selectFrom('dealer_risk_scores')
    .select(['run_id', 'score', 'level', 'rate_ratio', 'created_at'])
    .where('dealer_id', '=', dealerId)
    .orderBy('run_id', 'desc')
    .limit(20)
    .execute();
  const flaggedBuyers = await sql<{ subject_id: number; display_name: string | null; score: number; level: string; guns_here: number }>`
    SELECT p.subject_id, p.display_name, p.score, p.level, count(*)::int AS guns_here
    FROM person_risk_scores p
    JOIN detection_subjects s ON s.subject_id = p.subject_id
    JOIN (
      SELECT r.buyer_record_id AS rec FROM multiple_sale_reports r JOIN multiple_sale_items i ON i.report_id = r.id WHERE r.dealer_id = ${dealerId}
      UNION ALL SELECT t.buyer_record_id FROM trace_requests t WHERE t.dealer_id = ${dealerId} AND t.status = 'completed'
    ) x ON x.rec = s.person_record_id
    WHERE p.current AND p.level <> 'low'
    GROUP BY p.subject_id, p.display_name, p.score, p.level
    ORDER BY p.score DESC LIMIT 50`.execute(tx);
  const findings = await tx
    .selectFrom('compliance_findings')
    .select(['id', 'subject_id', 'form', 'certainty', 'first_sale_on', 'last_sale_on', 'guns', 'unreported_guns', 'explanation', 'evidence'])
    .where('dealer_id', '=', dealerId)
    .where('current', '=', true)
    .orderBy('first_sale_on', 'desc')
    .limit(100)
    .execute();
  const ttc = await sql<{ bracket: string; n: number }>`
    SELECT CASE WHEN d < 91 THEN '< 3 months' WHEN d < 213 THEN '3 to < 7 months' WHEN d < 365 THEN '7 months to < 1 year'
      WHEN d < 730 THEN '1 to < 2 years' WHEN d < 1096 THEN '2 to < 3 years' ELSE '3 years or more' END AS bracket, count(*)::int AS n
    FROM (SELECT coalesce(t.ttc_days, rc.recovered_on - t.sale_date) AS d FROM trace_requests t LEFT JOIN recoveries rc ON rc.id = t.recovery_id
          WHERE t.dealer_id = ${dealerId} AND t.status = 'completed') x
    WHERE d IS NOT NULL GROUP BY 1`.execute(tx);
  return { dealer, current: current ?? null, history, flaggedBuyers: flaggedBuyers.rows, findings, ttcBrackets: ttc.rows };
}

export async function recentRuns(tx: Tx, limit = 20) {
  return tx.selectFrom('detection_runs').select(['id', 'mode', 'status', 'trigger', 'import_batch_id', 'stats', 'error', 'started_at', 'finished_at'])
    .orderBy('id', 'desc').limit(limit).execute();
}
