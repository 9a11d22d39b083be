/**
 * "Travelled with others from the same town": buyers who live in one town and went to the same distant dealer, within
 * the same year, for guns that matter (trafficking-favoured guns on a multiple-sale report, or guns recovered in crime
 * within three years of the sale). A ring recruits its buyers in one town and drives them to shops spread over the
 * state, so that no one shop sees a pattern; a lawful buyer who travels far for a gun does it alone, and people from
 * his town who make the same trip to the same shop in the same year for guns that then turn up in crime are rare.
 *
 * Measured on border-baseline seeds 2 and 3 (favoured reports or traces within 3 years, 80 km, same town, same dealer,
 * 365 days): 62 and 78 straw-buyer subjects had at least one such partner, 36 and 43 lawful buyers, none of the lawful
 * ones above 18 points. Travel alone does not separate them (on seed 2, 573 lawful buyers with 10 to 49 points bought
 * 200 km or more from home); travelling *together* does.
 *
 * Where a buyer lives is the town on the record of that purchase (the report's or the trace's buyer), placed at the
 * mean location of the dealers held in that town: person records carry no coordinates, and a town with no dealer of
 * its own is not placed (its people have to travel, which says nothing). Found before scoring, over every subject,
 * and handed to both buyers as events, known when the later of the two records arrived (ADR 0012, 0013).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { DetectionConfig } from './config.js';
import type { TravelPairEvent } from './events.js';
import { firstTraceResultSales } from './features.repository.js';
import { pairInWindow } from './pairs.js';

export interface TravelPurchaseRow {
  subject_id: number;
  source: 'report' | 'trace';
  record_id: number;
  dealer_id: number;
  dealer_licence: string;
  dealer_city: string | null;
  /** The buyer's town as the record gives it: "HOUSTON, TX". */
  town: string;
  km: number;
  day: number;
  known_day: number;
}

/**
 * Purchases made `minKm` or more from the buyer's town, in dealer, town and day order: favoured guns' reports (from
 * det_fav_items, staged by co-purchase.ts, when `favouredStaged`) and completed traces of guns recovered within
 * `ttcDays` of the sale. Reports of sales at a gun show are left out: the sale took place at the show, not at the
 * shop whose location the dealer record gives, and a show draws buyers of one town to one dealer's table.
 * Set-based: hash joins and one sort; the town table has one row per town with a dealer.
 */
export function travelPurchasesQuery(o: { minKm: number; ttcDays: number; favouredStaged: boolean }): RawBuilder<TravelPurchaseRow> {
  const reports = o.favouredStaged
    ? sql`
      SELECT 'report'::text AS source, r.id AS record_id, r.buyer_record_id AS buyer_id, r.dealer_id,
        min(fi.transfer_date) AS day, r.report_date AS known_on
      FROM multiple_sale_reports r JOIN det_fav_items fi ON fi.report_id = r.id
      WHERE r.dealer_id IS NOT NULL AND r.buyer_record_id IS NOT NULL AND coalesce(r.gun_show_or_event, '') = ''
      GROUP BY r.id
      UNION ALL`
    : sql``;
  return sql<TravelPurchaseRow>`
    WITH town AS MATERIALIZED (
      SELECT upper(city) AS city, state, avg(lat) AS lat, avg(lon) AS lon
      FROM dealers WHERE lat IS NOT NULL AND lon IS NOT NULL AND coalesce(city, '') <> '' AND coalesce(state, '') <> ''
      GROUP BY upper(city), state
    ), sa AS (${firstTraceResultSales}), p AS (
      ${reports}
      SELECT 'trace'::text AS source, t.id AS record_id, coalesce(t.buyer_record_id, sa.buyer_record_id) AS buyer_id,
        coalesce(t.dealer_id, sa.dealer_id) AS dealer_id, coalesce(t.sale_date, sa.sold_on) AS day,
        coalesce(t.completed_at::date, t.sale_date, t.submitted_at::date) AS known_on
      FROM trace_requests t
      JOIN recoveries rc ON rc.id = t.recovery_id
      LEFT JOIN sa ON sa.firearm_id = t.firearm_id
      WHERE t.status = 'completed'
        AND rc.recovered_on - coalesce(t.sale_date, sa.sold_on) BETWEEN 0 AND ${sql.lit(o.ttcDays - 1)}
    ), placed AS (
      SELECT p.*, d.licence_number AS dealer_licence, d.city AS dealer_city, upper(b.city) || ', ' || b.state AS town,
        2 * 6371 * asin(least(1, sqrt(power(sin(radians(d.lat - tw.lat) / 2), 2)
          + cos(radians(tw.lat)) * cos(radians(d.lat)) * power(sin(radians(d.lon - tw.lon) / 2), 2)))) AS km
      FROM p
      JOIN dealers d ON d.id = p.dealer_id
      JOIN person_records b ON b.id = p.buyer_id
      JOIN town tw ON tw.city = upper(b.city) AND tw.state = b.state
      WHERE p.day IS NOT NULL AND d.lat IS NOT NULL AND d.lon IS NOT NULL
    )
    SELECT s.subject_id, pl.source, pl.record_id, pl.dealer_id, pl.dealer_licence, pl.dealer_city, pl.town,
      round(pl.km)::int AS km, (pl.day - DATE '1970-01-01') AS day, (pl.known_on - DATE '1970-01-01') AS known_day
    FROM placed pl JOIN detection_subjects s ON s.person_record_id = pl.buyer_id
    WHERE pl.km >= ${sql.lit(o.minKm)}
    ORDER BY pl.dealer_id, pl.town, day, pl.source, pl.record_id`;
}

/**
 * Pairs of different buyers from one town at one distant dealer within `days` of each other, as events of both.
 * `rows` must be in dealer, town and day order.
 */
export function pairTravelPurchases(rows: readonly TravelPurchaseRow[], days: number): Map<number, TravelPairEvent[]> {
  return pairInWindow(rows, {
    subject: (r) => r.subject_id,
    expired: (a, b) => a.dealer_id !== b.dealer_id || a.town !== b.town || b.day - a.day > days,
    event: (a, b): TravelPairEvent => ({
      kind: 'travel_pair', knownDay: Math.max(a.known_day, b.known_day), source: a.source, recordId: a.record_id,
      day: a.day, dealerLicence: a.dealer_licence, dealerCity: a.dealer_city, town: a.town, km: a.km,
      other: b.subject_id, otherSource: b.source, otherRecordId: b.record_id, otherDay: b.day,
    }),
    // Reports and traces have separate id sequences: a report is keyed negative so that the two never collide.
    own: (e) => (e.source === 'report' ? -e.recordId : e.recordId),
  });
}

/** Reads the distant purchases (det_fav_items must be staged when `favouredStaged`) and pairs them. */
export async function travelPairEvents(tx: Tx, cfg: DetectionConfig, favouredStaged: boolean): Promise<Map<number, TravelPairEvent[]>> {
  const w = cfg.windows;
  const r = await travelPurchasesQuery({ minKm: w.travelKm, ttcDays: w.travelTtcDays, favouredStaged }).execute(tx);
  return pairTravelPurchases(r.rows, w.travelDays);
}
