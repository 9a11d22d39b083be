/**
 * Storage of detection runs and their scores (Kysely and a few set-based statements). Every method takes the
 * transaction it runs in.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { DealerFacts } from './dealer-risk.js';

export interface PersonScoreRow {
  subject_id: number;
  score: number;
  level: 'low' | 'elevated' | 'high';
  flagged: boolean;
  flagged_on: string | null;
  first_seen_on: string | null;
  last_seen_on: string | null;
  guns_known: number;
  guns_before_flag: number | null;
  reasons: unknown;
  features: unknown;
}

export interface DealerScoreRow {
  dealer_id: number;
  score: number;
  level: 'low' | 'elevated' | 'high';
  volume: number;
  traces: number;
  short_ttc: number;
  expected_short_ttc: number;
  rate_ratio: number;
  reasons: unknown;
  features: unknown;
}

export async function startRun(tx: Tx, r: { mode: 'full' | 'incremental'; trigger: string; importBatchId: number | null; params: unknown }): Promise<number> {
  const row = await tx
    .insertInto('detection_runs')
    .values({ mode: r.mode, trigger: r.trigger, import_batch_id: r.importBatchId, params: JSON.stringify(r.params) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(tx: Tx, id: number, stats: unknown): Promise<void> {
  await tx.updateTable('detection_runs').set({ status: 'completed', stats: JSON.stringify(stats), finished_at: new Date() }).where('id', '=', id).execute();
}

export async function failRun(tx: Tx, id: number, error: string): Promise<void> {
  await tx.updateTable('detection_runs').set({ status: 'failed', error, finished_at: new Date() }).where('id', '=', id).execute();
}

export async function lastCompletedRun(tx: Tx) {
  return tx.selectFrom('detection_runs').selectAll().where('status', '=', 'completed').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * Whether a run between two runs failed or never finished. A failed concurrent full run may have committed new
 * subjects: who changed is then unknown, and the next incremental run rescores everyone.
 */
export async function failedSince(tx: Tx, afterRunId: number, beforeRunId: number): Promise<boolean> {
  const r = await tx
    .selectFrom('detection_runs')
    .select('id')
    .where('id', '>', afterRunId)
    .where('id', '<', beforeRunId)
    .where('status', 'in', ['failed', 'running'])
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Inserts a run's person scores, with each subject's display name, birth date and records, set-based: each chunk of
 * rows travels as one JSON parameter and is unpacked by jsonb_to_recordset, and the names come from one lateral
 * lookup per subject in the same statement. (Row-by-row VALUES with two JSON columns each, then a separate UPDATE
 * for the names, took most of the 53 s this phase needed at a quarter of the benchmark's volume.)
 */
export async function insertPersonScores(tx: Tx, runId: number, rows: readonly PersonScoreRow[]): Promise<void> {
  // Each chunk is serialised while the database inserts the one before (one connection queues the statements).
  let previous: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < rows.length; i += PERSON_CHUNK) {
    const chunk = JSON.stringify(rows.slice(i, i + PERSON_CHUNK));
    await previous;
    previous = sql`
      INSERT INTO person_risk_scores (run_id, subject_id, score, level, flagged, flagged_on, first_seen_on, last_seen_on,
        guns_known, guns_before_flag, reasons, features, display_name, dob, record_ids)
      SELECT ${runId}, x.subject_id, x.score, x.level, x.flagged, x.flagged_on, x.first_seen_on, x.last_seen_on,
        x.guns_known, x.guns_before_flag, x.reasons, x.features, d.name, d.dob, coalesce(d.ids, '{}')
      FROM jsonb_to_recordset(${chunk}::jsonb) AS x(subject_id bigint, score real, level text, flagged boolean,
        flagged_on date, first_seen_on date, last_seen_on date, guns_known int, guns_before_flag int, reasons jsonb, features jsonb)
      LEFT JOIN LATERAL (
        SELECT (array_agg(nullif(trim(concat_ws(' ', pr.given_name, pr.surname, pr.maternal_surname)), '') ORDER BY pr.id))[1] AS name,
          min(pr.dob) AS dob, array_agg(pr.id ORDER BY pr.id) AS ids
        FROM detection_subjects s JOIN person_records pr ON pr.id = s.person_record_id
        WHERE s.subject_id = x.subject_id
      ) d ON true`.execute(tx);
    previous.catch(() => undefined);
  }
  await previous;
}

const PERSON_CHUNK = 5000;

export async function insertDealerScores(tx: Tx, runId: number, rows: readonly DealerScoreRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await tx
      .insertInto('dealer_risk_scores')
      .values(rows.slice(i, i + 2000).map((r) => ({ ...r, run_id: runId, reasons: JSON.stringify(r.reasons), features: JSON.stringify(r.features) })))
      .execute();
  }
}

/**
 * Retires the rows a run replaces: all current rows on a full run; on an incremental run those of the subjects in
 * det_scope and those whose subject id disappeared (merged into another).
 */
export async function retirePersonScores(tx: Tx, runId: number, scoped: boolean): Promise<void> {
  if (!scoped) {
    await sql`UPDATE person_risk_scores SET current = false WHERE current AND run_id <> ${runId}`.execute(tx);
    return;
  }
  await sql`
    UPDATE person_risk_scores p SET current = false
    WHERE p.current AND p.run_id <> ${runId}
      AND (EXISTS (SELECT 1 FROM det_scope sc WHERE sc.subject_id = p.subject_id)
           OR NOT EXISTS (SELECT 1 FROM detection_subjects s WHERE s.subject_id = p.subject_id))`.execute(tx);
}

export async function retireDealerScores(tx: Tx, runId: number): Promise<void> {
  await sql`UPDATE dealer_risk_scores SET current = false WHERE current AND run_id <> ${runId}`.execute(tx);
}

export async function setAlertIds(tx: Tx, runId: number, pairs: ReadonlyArray<[subjectId: number, alertId: number]>): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    UPDATE person_risk_scores p SET alert_id = x.alert_id
    FROM unnest(${pairs.map((p) => p[0])}::bigint[], ${pairs.map((p) => p[1])}::bigint[]) AS x(subject_id, alert_id)
    WHERE p.run_id = ${runId} AND p.subject_id = x.subject_id`.execute(tx);
}

/** Display names of subjects (for link reasons), whether or not they were scored. */
export async function subjectNames(tx: Tx, subjects: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < subjects.length; i += 10_000) {
    const r = await sql<{ subject_id: number; name: string | null }>`
      SELECT s.subject_id, (array_agg(nullif(trim(concat_ws(' ', pr.given_name, pr.surname)), '') ORDER BY pr.id))[1] AS name
      FROM detection_subjects s JOIN person_records pr ON pr.id = s.person_record_id
      WHERE s.subject_id = ANY (${subjects.slice(i, i + 10_000)}::bigint[])
      GROUP BY s.subject_id`.execute(tx);
    for (const row of r.rows) out.set(row.subject_id, row.name ?? `person ${row.subject_id}`);
  }
  return out;
}

/** Current flags of subjects not rescored in this run (their links still count). */
export async function currentFlags(tx: Tx, subjects: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < subjects.length; i += 10_000) {
    const r = await sql<{ subject_id: number; day: number }>`
      SELECT subject_id, (flagged_on - DATE '1970-01-01') AS day FROM person_risk_scores
      WHERE current AND flagged AND flagged_on IS NOT NULL AND subject_id = ANY (${subjects.slice(i, i + 10_000)}::bigint[])`.execute(tx);
    for (const row of r.rows) out.set(row.subject_id, row.day);
  }
  return out;
}

/** Each dealer's buyers as records: of its multiple sales and of its completed traces (repeats left in). */
const dealerBuyerRecords = sql`
  SELECT dealer_id, buyer_record_id FROM multiple_sale_reports WHERE dealer_id IS NOT NULL
  UNION ALL SELECT dealer_id, buyer_record_id FROM trace_requests WHERE status = 'completed' AND dealer_id IS NOT NULL`;

/**
 * Per dealer: volume, traces and their outcomes, and buyers; flaggedBuyers is 0 here and comes from
 * flaggedBuyersByDealer once the run's person scores are stored. Split so that this, the heavy part, can run while
 * people are still being scored.
 */
export async function dealerFacts(tx: Tx): Promise<DealerFacts[]> {
  const r = await sql<{
    dealer_id: number; licence: string; name: string; state: string | null; ms_reports: number; ms_items: number;
    traces: number; traced_not_ms: number; ttc1: number; ttc3: number; mexico: number; obliterated: number;
    possessor: number; buyers: number; findings: number;
  }>`
    WITH on_ms AS (
      -- Traced guns whose serial is on a multiple-sale item (another firearm row with the same serial): one hash
      -- join for all traces rather than an index probe per trace (5.2 s against 2.5 s for 418,000 traces).
      SELECT DISTINCT t.id FROM trace_requests t
      JOIN firearms f ON f.id = t.firearm_id
      JOIN firearms f2 ON f2.serial_key = f.serial_key AND f2.id <> f.id
      JOIN multiple_sale_items i ON i.firearm_id = f2.id
      WHERE t.status = 'completed' AND t.dealer_id IS NOT NULL AND f.serial_key IS NOT NULL
    ), ms AS (
      -- Items counted per report first: count(DISTINCT report) over the items sorted all 1.08M of them (2.4 s).
      SELECT r.dealer_id, count(*)::int AS ms_reports, sum(i.n)::int AS ms_items
      FROM multiple_sale_reports r JOIN (SELECT report_id, count(*) AS n FROM multiple_sale_items GROUP BY report_id) i ON i.report_id = r.id
      WHERE r.dealer_id IS NOT NULL GROUP BY r.dealer_id
    ), tr AS (
      SELECT t.dealer_id, count(*)::int AS traces,
        count(*) FILTER (WHERE om.id IS NULL)::int AS traced_not_ms,
        count(*) FILTER (WHERE coalesce(t.ttc_days, rc.recovered_on - t.sale_date) < 365)::int AS ttc1,
        count(*) FILTER (WHERE coalesce(t.ttc_days, rc.recovered_on - t.sale_date) < 1096)::int AS ttc3,
        count(*) FILTER (WHERE rc.country = 'MX')::int AS mexico,
        count(*) FILTER (WHERE f.obliterated)::int AS obliterated,
        count(*) FILTER (WHERE t.possessor_record_id IS NOT NULL AND t.buyer_record_id IS NOT NULL
          AND ps.subject_id IS DISTINCT FROM bs.subject_id)::int AS possessor
      FROM trace_requests t
      JOIN firearms f ON f.id = t.firearm_id
      LEFT JOIN on_ms om ON om.id = t.id
      LEFT JOIN recoveries rc ON rc.id = t.recovery_id
      LEFT JOIN detection_subjects bs ON bs.person_record_id = t.buyer_record_id
      LEFT JOIN detection_subjects ps ON ps.person_record_id = t.possessor_record_id
      WHERE t.status = 'completed' AND t.dealer_id IS NOT NULL
      GROUP BY t.dealer_id
    ), buyers AS (
      SELECT dealer_id, count(*)::int AS buyers FROM (
        SELECT DISTINCT x.dealer_id, s.subject_id
        -- The DISTINCT after the join removes the repeats (a UNION inside removed none at scale 21, for 1.2 s).
        FROM (${dealerBuyerRecords}) x
        JOIN detection_subjects s ON s.person_record_id = x.buyer_record_id
      ) y GROUP BY dealer_id
    ), fi AS (
      SELECT dealer_id, count(*)::int AS findings FROM compliance_findings WHERE current AND dealer_id IS NOT NULL GROUP BY dealer_id
    )
    SELECT d.id AS dealer_id, d.licence_number AS licence, d.name, d.state,
      coalesce(ms.ms_reports, 0) AS ms_reports, coalesce(ms.ms_items, 0) AS ms_items,
      coalesce(tr.traces, 0) AS traces, coalesce(tr.traced_not_ms, 0) AS traced_not_ms,
      coalesce(tr.ttc1, 0) AS ttc1, coalesce(tr.ttc3, 0) AS ttc3, coalesce(tr.mexico, 0) AS mexico,
      coalesce(tr.obliterated, 0) AS obliterated, coalesce(tr.possessor, 0) AS possessor,
      coalesce(buyers.buyers, 0) AS buyers, coalesce(fi.findings, 0) AS findings
    FROM dealers d
    LEFT JOIN ms ON ms.dealer_id = d.id
    LEFT JOIN tr ON tr.dealer_id = d.id
    LEFT JOIN buyers ON buyers.dealer_id = d.id
    LEFT JOIN fi ON fi.dealer_id = d.id
    WHERE ms.dealer_id IS NOT NULL OR tr.dealer_id IS NOT NULL`.execute(tx);
  return r.rows.map((x) => ({
    dealerId: x.dealer_id, licence: x.licence, name: x.name, state: x.state, volume: x.ms_items + x.traced_not_ms,
    msReports: x.ms_reports, msItems: x.ms_items, traces: x.traces, shortTtc1y: x.ttc1, shortTtc3y: x.ttc3,
    mexico: x.mexico, obliterated: x.obliterated, possessorNotBuyer: x.possessor, buyers: x.buyers, flaggedBuyers: 0,
    findings: x.findings,
  }));
}

/** Per dealer, its buyers (of multiple sales and completed traces) whose current score is flagged. */
export async function flaggedBuyersByDealer(tx: Tx): Promise<Map<number, number>> {
  const r = await sql<{ dealer_id: number; flagged: number }>`
    WITH fs AS (
      SELECT s.person_record_id, s.subject_id
      FROM person_risk_scores p JOIN detection_subjects s ON s.subject_id = p.subject_id
      WHERE p.current AND p.flagged
    )
    SELECT x.dealer_id, count(DISTINCT fs.subject_id)::int AS flagged
    FROM (${dealerBuyerRecords}) x JOIN fs ON fs.person_record_id = x.buyer_record_id
    GROUP BY x.dealer_id`.execute(tx);
  return new Map(r.rows.map((x) => [x.dealer_id, x.flagged]));
}

/** Dealer calendars for the business-day rule. */
export async function dealerCalendars(tx: Tx) {
  return tx.selectFrom('dealers').select(['id', 'state', 'licence_type', 'business_days', 'closed_on_federal_holidays']).execute();
}

/** Keeps the current rows and the rows of the last `keepRuns` runs; older superseded rows are deleted. */
export async function pruneOldScores(tx: Tx, keepRuns = 3): Promise<void> {
  await sql`
    WITH keep AS (SELECT id FROM detection_runs ORDER BY id DESC LIMIT ${keepRuns})
    DELETE FROM person_risk_scores WHERE NOT current AND alert_id IS NULL AND run_id NOT IN (SELECT id FROM keep)`.execute(tx);
  await sql`
    WITH keep AS (SELECT id FROM detection_runs ORDER BY id DESC LIMIT ${keepRuns})
    DELETE FROM dealer_risk_scores WHERE NOT current AND run_id NOT IN (SELECT id FROM keep)`.execute(tx);
}
