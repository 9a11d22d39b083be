/**
 * "Sold alongside other buyers' guns that also went to Mexico": the trace-side twin of co-purchase.ts, and the lead
 * that trace analysts work from. A lawful buyer's gun recovered in Mexico within a year of its sale (stolen, resold)
 * is an isolated event; a careful ring's members each lose one or two guns that way, bought at the same few dealers
 * within weeks of each other. Measured on border-baseline seeds 5 and 6: 67 and 50 straw-buyer subjects had such a
 * partner at the same dealer within 60 days, 0 and 2 lawful buyers (of some 1,300 with a gun recovered in Mexico).
 * The same pairing at the state level caught more straw buyers but 6 to 9 lawful ones per world: too broad.
 *
 * Found before scoring, over every subject (incremental runs add a rescored buyer's partners to the scope), from a
 * small query: only completed traces of guns recovered in Mexico.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { DetectionConfig } from './config.js';
import type { MexicoPairEvent } from './events.js';
import { pairInWindow } from './pairs.js';

export interface MexicoTraceRow {
  subject_id: number;
  trace_id: number;
  dealer_key: string;
  dealer_licence: string;
  sale_day: number;
  known_day: number;
}

/**
 * Completed traces of guns recovered in Mexico within `ttcDays` of the sale, with their first buyer's subject, in
 * dealer and sale-day order. The buyer, dealer and sale date come from the trace or, failing that, from the sale its
 * result recorded, as in the trace feature query (features.repository.ts).
 */
export function mexicoTracesQuery(ttcDays: number): RawBuilder<MexicoTraceRow> {
  return sql<MexicoTraceRow>`
    WITH t AS (
      SELECT t.id, t.firearm_id, t.buyer_record_id, t.sale_date, t.dealer_id, t.dealer_licence, rc.recovered_on,
        coalesce(t.completed_at::date, t.sale_date, t.submitted_at::date) AS known_on
      FROM recoveries rc JOIN trace_requests t ON t.recovery_id = rc.id
      WHERE rc.country = 'MX' AND t.status = 'completed'
    ), tb AS (
      SELECT t.id, t.known_on, t.recovered_on,
        coalesce(t.buyer_record_id, sa.buyer_record_id) AS buyer_id,
        coalesce(t.sale_date, sa.sold_on) AS sale_on,
        coalesce(t.dealer_id::text, sa.dealer_id::text, t.dealer_licence, sa.dealer_licence) AS dealer_key,
        coalesce(t.dealer_licence, sa.dealer_licence, '') AS dealer_licence
      FROM t LEFT JOIN LATERAL (
        SELECT x.buyer_record_id, x.sold_on, x.dealer_id, x.dealer_licence FROM sales x
        WHERE x.firearm_id = t.firearm_id AND x.source_kind = 'trace_result' ORDER BY x.id LIMIT 1
      ) sa ON true
    )
    SELECT s.subject_id, tb.id AS trace_id, tb.dealer_key, tb.dealer_licence,
      (tb.sale_on - DATE '1970-01-01') AS sale_day, (tb.known_on - DATE '1970-01-01') AS known_day
    FROM tb JOIN detection_subjects s ON s.person_record_id = tb.buyer_id
    WHERE tb.sale_on IS NOT NULL AND tb.dealer_key IS NOT NULL AND tb.recovered_on - tb.sale_on BETWEEN 0 AND ${sql.lit(ttcDays - 1)}
    ORDER BY tb.dealer_key, sale_day, tb.id`;
}

/** Pairs of different buyers' traced guns sold by one dealer within `days` of each other, as events of both. */
export function pairMexicoTraces(rows: readonly MexicoTraceRow[], days: number): Map<number, MexicoPairEvent[]> {
  return pairInWindow(rows, {
    subject: (r) => r.subject_id,
    expired: (a, b) => a.dealer_key !== b.dealer_key || b.sale_day - a.sale_day > days,
    event: (a, b): MexicoPairEvent => ({
      kind: 'mexico_pair', knownDay: Math.max(a.known_day, b.known_day), traceId: a.trace_id, saleDay: a.sale_day,
      dealerLicence: a.dealer_licence, other: b.subject_id, otherTraceId: b.trace_id, otherSaleDay: b.sale_day,
    }),
    own: (e) => e.traceId,
  });
}

export async function mexicoPairEvents(tx: Tx, cfg: DetectionConfig): Promise<Map<number, MexicoPairEvent[]>> {
  const r = await mexicoTracesQuery(cfg.windows.mexicoPairTtcDays).execute(tx);
  return pairMexicoTraces(r.rows, cfg.windows.mexicoPairDays);
}
