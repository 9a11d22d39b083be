/**
 * The set-based half of detection: SQL that gathers, per subject and in subject order, what is known of them
 * (multiple sales, traced guns, dealer tips) and which attributes they share with others. Scoring happens in TS
 * as the rows stream past (see detect.service.ts). Dates leave the database as day numbers (days since 1970-01-01).
 *
 * When `scoped` is true every query is limited to the subjects in the temp table det_scope(subject_id).
 */
import { sql, type RawBuilder } from 'kysely';

export interface ReportRow {
  subject_id: number;
  report_id: number;
  known_day: number;
  dealer_id: number | null;
  dealer_licence: string;
  form: string;
  connected: boolean;
  cash: boolean;
  firearm_ids: number[];
  days: number[];
  /** maker|model|caliber|type per gun. */
  guns: string[];
}

export interface TraceRow {
  subject_id: number;
  trace_id: number;
  known_day: number;
  dealer_id: number | null;
  dealer_licence: string | null;
  dealer_state: string | null;
  buyer_state: string | null;
  firearm_id: number;
  maker: string | null;
  model: string | null;
  caliber: string | null;
  firearm_type: string | null;
  obliterated: boolean;
  sale_day: number | null;
  recovered_day: number | null;
  ttc_days: number | null;
  country: string | null;
  recovery_state: string | null;
  recovery_mx_state: string | null;
  possessor_differs: boolean;
  cash: boolean;
  msr_report_id: number | null;
  msr_day: number | null;
  co_subjects: number[] | null;
}

export interface TipRow {
  subject_id: number;
  tip_id: number;
  known_day: number;
  dealer_licence: string;
  summary: string;
}

export interface LinkGroupRow {
  kind: string;
  value: string;
  subjects: number[];
}

const scopeJoin = (scoped: boolean, col: RawBuilder<unknown>) =>
  scoped ? sql`JOIN det_scope sc ON sc.subject_id = ${col}` : sql``;

export function reportsQuery(scoped: boolean): RawBuilder<ReportRow> {
  return sql<ReportRow>`
    SELECT s.subject_id, r.id AS report_id, (r.report_date - DATE '1970-01-01') AS known_day,
      r.dealer_id, r.dealer_licence, r.form, r.connected_to_earlier AS connected,
      coalesce(r.payment_method = 'cash', false) AS cash,
      array_agg(f.id::int ORDER BY i.item_no) AS firearm_ids,
      array_agg((i.transfer_date - DATE '1970-01-01') ORDER BY i.item_no) AS days,
      array_agg(concat_ws('|', coalesce(f.maker, f.maker_raw, ''), coalesce(f.model, ''), coalesce(f.caliber, f.caliber_raw, ''), coalesce(f.firearm_type, '')) ORDER BY i.item_no) AS guns
    FROM multiple_sale_reports r
    JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id
    ${scopeJoin(scoped, sql`s.subject_id`)}
    JOIN multiple_sale_items i ON i.report_id = r.id
    JOIN firearms f ON f.id = i.firearm_id
    GROUP BY s.subject_id, r.id
    ORDER BY s.subject_id, r.report_date, r.id`;
}

/** The first sale a trace result recorded for each firearm: where a trace leaves buyer, dealer or date out. */
export const firstTraceResultSales = sql`
  SELECT DISTINCT ON (x.firearm_id) x.firearm_id, x.buyer_record_id, x.sold_on, x.dealer_id, x.dealer_licence, x.payment_method
  FROM sales x WHERE x.source_kind = 'trace_result' ORDER BY x.firearm_id, x.id`;

/**
 * Completed traces with their first buyer. The buyer, sale date and dealer come from the trace, or from the sale the
 * trace result recorded. Guns recovered "together" are those of one incident: the same day and the same possessor,
 * address or agency case number.
 */
export function tracesQuery(scoped: boolean): RawBuilder<TraceRow> {
  // Set-based throughout: the first trace-result sale of each firearm, and the multiple-sale item that listed the
  // same gun, are found with hash joins over the whole tables rather than one index probe per trace (500,000 traces
  // at the benchmark's scale). Each large table is joined once, in tbs, which carries everything later steps need
  // (the firearm's match key, the incident key): joining firearms again for the serial match and the trace's
  // incident again for its group cost 4 to 5 s of 15 at scale 21.
  return sql<TraceRow>`
    WITH sa AS (${firstTraceResultSales}), tb AS (
      SELECT t.id, t.firearm_id, t.recovery_id, t.possessor_record_id, t.ttc_days, t.requester_case_number, t.agency_id,
        coalesce(t.completed_at::date, t.sale_date, t.submitted_at::date) AS known_on,
        coalesce(t.buyer_record_id, sa.buyer_record_id) AS buyer_id,
        coalesce(t.sale_date, sa.sold_on) AS sale_on,
        coalesce(t.dealer_id, sa.dealer_id) AS dlr_id,
        coalesce(t.dealer_licence, sa.dealer_licence) AS dlr_licence,
        sa.payment_method
      FROM trace_requests t
      LEFT JOIN sa ON sa.firearm_id = t.firearm_id
      WHERE t.status = 'completed'
    ), tbs AS MATERIALIZED (
      SELECT tb.*, s.subject_id, rc.recovered_on, rc.country, rc.state AS rstate, rc.mx_state,
        ps.subject_id AS possessor_subject,
        f.maker AS maker_norm, coalesce(f.maker, f.maker_raw) AS maker, f.model, coalesce(f.caliber, f.caliber_raw) AS caliber,
        f.firearm_type, f.obliterated,
        CASE WHEN f.serial_key IS NOT NULL AND length(f.serial_key) >= 4 AND NOT f.serial_partial AND NOT f.obliterated
          THEN f.serial_key END AS match_key,
        -- Guns recovered "together": one incident, the same day and the same possessor or agency case number.
        CASE WHEN rc.recovered_on IS NOT NULL THEN rc.recovered_on::text || '|' ||
          coalesce('p' || ps.subject_id::text, 'c' || tb.agency_id::text || ':' || nullif(tb.requester_case_number, '')) END AS ikey
      FROM tb
      JOIN detection_subjects s ON s.person_record_id = tb.buyer_id
      JOIN firearms f ON f.id = tb.firearm_id
      LEFT JOIN recoveries rc ON rc.id = tb.recovery_id
      LEFT JOIN detection_subjects ps ON ps.person_record_id = coalesce(tb.possessor_record_id, rc.possessor_record_id)
    ), multi AS (
      -- Almost every incident key belongs to one subject: only the others are grouped.
      SELECT ikey FROM tbs WHERE ikey IS NOT NULL GROUP BY ikey HAVING min(subject_id) <> max(subject_id)
    ), grp AS (
      SELECT tbs.ikey, array_agg(DISTINCT tbs.subject_id::int) AS subs
      FROM tbs JOIN multi USING (ikey)
      GROUP BY tbs.ikey HAVING count(DISTINCT tbs.subject_id) BETWEEN 2 AND 60
    ), m AS (
      SELECT DISTINCT ON (tbs.id) tbs.id AS trace_id, i.report_id, (i.transfer_date - DATE '1970-01-01') AS day
      FROM tbs
      JOIN firearms f2 ON f2.serial_key = tbs.match_key AND f2.id <> tbs.firearm_id
        AND (f2.maker IS NULL OR tbs.maker_norm IS NULL OR f2.maker = tbs.maker_norm)
      JOIN multiple_sale_items i ON i.firearm_id = f2.id
      ORDER BY tbs.id, i.transfer_date
    )
    SELECT tbs.subject_id, tbs.id AS trace_id, (tbs.known_on - DATE '1970-01-01') AS known_day,
      tbs.dlr_id AS dealer_id, coalesce(tbs.dlr_licence, d.licence_number) AS dealer_licence, d.state AS dealer_state,
      b.state AS buyer_state, tbs.firearm_id, tbs.maker, tbs.model, tbs.caliber, tbs.firearm_type, tbs.obliterated,
      (tbs.sale_on - DATE '1970-01-01') AS sale_day, (tbs.recovered_on - DATE '1970-01-01') AS recovered_day,
      coalesce(tbs.ttc_days, tbs.recovered_on - tbs.sale_on) AS ttc_days,
      tbs.country, tbs.rstate AS recovery_state, tbs.mx_state AS recovery_mx_state,
      (tbs.possessor_subject IS NOT NULL AND tbs.possessor_subject <> tbs.subject_id) AS possessor_differs,
      coalesce(tbs.payment_method = 'cash', false) AS cash,
      m.report_id AS msr_report_id, m.day AS msr_day, g.subs AS co_subjects
    FROM tbs
    ${scopeJoin(scoped, sql`tbs.subject_id`)}
    LEFT JOIN dealers d ON d.id = tbs.dlr_id
    LEFT JOIN person_records b ON b.id = tbs.buyer_id
    LEFT JOIN grp g ON g.ikey = tbs.ikey
    LEFT JOIN m ON m.trace_id = tbs.id
    ORDER BY tbs.subject_id, tbs.known_on, tbs.id`;
}

export function tipsQuery(scoped: boolean): RawBuilder<TipRow> {
  return sql<TipRow>`
    SELECT s.subject_id, tp.id AS tip_id, (tp.tip_date - DATE '1970-01-01') AS known_day, tp.dealer_licence,
      left(tp.narrative, 160) AS summary
    FROM dealer_tips tp
    JOIN detection_subjects s ON s.person_record_id = tp.person_record_id
    ${scopeJoin(scoped, sql`s.subject_id`)}
    ORDER BY s.subject_id, tp.tip_date, tp.id`;
}

/**
 * Attributes shared by 2..maxGroup subjects: addresses, phones, and the payers, vehicles, e-mails and companions
 * recorded on person attributes. Values shared more widely (a gun shop's address, a shelter) say little.
 *
 * Almost every value belongs to one subject (1.48 of 1.5 million at the benchmark's volume), so the values held by
 * two or more subjects are picked first by one hash aggregate (min and max subject differ), and only their rows are
 * deduplicated and grouped. Deduplicating and sorting all the rows first took twice as long (scale 21: 7-9 s against
 * 14-15 s, same result). The order is fixed because links to one flagged person on the same day keep the first.
 */
export function linkGroupsQuery(maxGroup: number, scoped: boolean): RawBuilder<LinkGroupRow> {
  return sql<LinkGroupRow>`
    WITH v AS MATERIALIZED (
      SELECT s.subject_id, 'address' AS kind,
        upper(pr.street_norm) || ', ' || coalesce(nullif(pr.postcode, ''), upper(pr.city), '') AS value
      FROM person_records pr JOIN detection_subjects s ON s.person_record_id = pr.id
      WHERE coalesce(pr.street_norm, '') <> ''
      UNION ALL
      SELECT s.subject_id, 'phone', regexp_replace(pr.phone, '[^0-9]', '', 'g')
      FROM person_records pr JOIN detection_subjects s ON s.person_record_id = pr.id
      WHERE length(regexp_replace(coalesce(pr.phone, ''), '[^0-9]', '', 'g')) >= 7
      UNION ALL
      SELECT s.subject_id, pa.kind, pa.value_norm
      FROM person_attributes pa JOIN detection_subjects s ON s.person_record_id = pa.person_record_id
      WHERE pa.kind IN ('address', 'phone', 'payer', 'vehicle', 'email', 'companion') AND pa.value_norm <> ''
    ), shared AS (
      SELECT kind, value FROM v GROUP BY kind, value HAVING min(subject_id) <> max(subject_id)
    ), g AS (
      SELECT v.kind, v.value, array_agg(DISTINCT v.subject_id::int ORDER BY v.subject_id::int) AS subjects
      FROM v JOIN shared USING (kind, value)
      GROUP BY v.kind, v.value HAVING count(DISTINCT v.subject_id) BETWEEN 2 AND ${sql.lit(maxGroup)}
    )
    SELECT kind, value, subjects FROM g
    ${scoped ? sql`WHERE EXISTS (SELECT 1 FROM det_scope sc WHERE sc.subject_id = ANY (g.subjects))` : sql``}
    ORDER BY kind, value`;
}
