/**
 * "Bought alongside other new buyers": the ring-level signal that no one buyer's own record shows. Straw buyers are
 * recruited in groups and taken to the same few dealers, so new buyers take trafficking-favoured guns at one dealer (or
 * at dealers of one metro area) within days of each other. A lawful buyer's first AK at a shop rarely coincides with other newcomers doing the same
 * (measured on border-baseline seed 3: 67 of 105 straw-buyer subjects had at least one such partner, 26 of 28,630
 * lawful buyers; with two partners, 50 and 1).
 *
 * Read from multiple-sale reports only: they are what the system learns within days of the purchase, which is the
 * point of the indicator (the Phoenix ring's first week). A purchase is "new" when it falls within `coPurchaseNewDays`
 * of the buyer's first reported multiple sale.
 *
 * The pairs are found here, before scoring, and become events of both buyers (known on the day the later of the two
 * reports arrived), so the replay that finds the flag day treats them like any other event.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { GunClassifier } from './assemble.js';
import type { DetectionConfig } from './config.js';
import { distanceKm } from '../../domain/geo.js';
import { CursorReader } from './cursor.js';
import { pairInWindow } from './pairs.js';
import type { CoPurchaseEvent } from './events.js';
import { FAVOURED_LABELS, type FavouredType } from './trafficking-types.js';

export interface NewPurchaseRow {
  subject_id: number;
  report_id: number;
  dealer_key: string;
  dealer_licence: string;
  lat: number | null;
  lon: number | null;
  known_day: number;
  day: number;
  /** maker|model|caliber|type per favoured gun of the report bought on `day`. */
  guns: string[];
}

/** One report's favoured guns bought by a new buyer: a candidate for pairing. */
export interface NewFavouredPurchase {
  subject: number;
  reportId: number;
  dealerKey: string;
  dealerLicence: string;
  lat: number | null;
  lon: number | null;
  day: number;
  knownDay: number;
  /** Favoured guns in the purchase, and their description ("2 AK-type rifles"). */
  favoured: number;
  what: string;
}

/** A maker/model/caliber/type combination as firearms store it (the key the classifier caches on). */
interface GunKeyRow {
  maker: string;
  model: string;
  caliber: string;
  type: string;
}

/**
 * The favoured-type combinations among the firearms held. A million items have a few thousand distinct guns: they are
 * classified once in TS (trafficking-types.ts), and only favoured guns' items are read below. Measured on the
 * benchmark world (1.08M items): reading every new buyer's items and classifying them in TS took 13 s.
 */
async function favouredKeys(tx: Tx, guns: GunClassifier): Promise<GunKeyRow[]> {
  const rows = await sql<GunKeyRow>`
    SELECT DISTINCT coalesce(f.maker, f.maker_raw, '') AS maker, coalesce(f.model, '') AS model,
      coalesce(f.caliber, f.caliber_raw, '') AS caliber, coalesce(f.firearm_type, '') AS type
    FROM firearms f`.execute(tx);
  return rows.rows.filter((k) => guns.info(k.maker || null, k.model || null, k.caliber || null, k.type || null).favoured !== null);
}

/**
 * The multiple-sale items of favoured guns, into a temp table with fresh statistics: as CTEs, the planner took them for
 * a single row (the join on the four-part key) and nested-looped 18 million pairs on scale 1.
 */
async function stageFavouredItems(tx: Tx, keys: readonly GunKeyRow[]): Promise<void> {
  await sql`DROP TABLE IF EXISTS det_fav_items`.execute(tx);
  await sql`
    CREATE TEMP TABLE det_fav_items AS
    WITH k AS (
      SELECT * FROM unnest(${keys.map((k) => k.maker)}::text[], ${keys.map((k) => k.model)}::text[],
        ${keys.map((k) => k.caliber)}::text[], ${keys.map((k) => k.type)}::text[]) AS k(maker, model, caliber, type)
    )
    SELECT i.report_id, i.transfer_date, concat_ws('|', k.maker, k.model, k.caliber, k.type) AS gun
    FROM firearms f
    JOIN k ON k.maker = coalesce(f.maker, f.maker_raw, '') AND k.model = coalesce(f.model, '')
      AND k.caliber = coalesce(f.caliber, f.caliber_raw, '') AND k.type = coalesce(f.firearm_type, '')
    JOIN multiple_sale_items i ON i.firearm_id = f.id`.execute(tx);
  await sql`ANALYZE det_fav_items`.execute(tx);
}

/**
 * New buyers' purchases of favoured guns (det_fav_items), bought within `newDays` of the buyer's first reported
 * multiple sale, grouped by report and day, in day order. Always over every subject, incremental runs included: a
 * rescored buyer's partners are rescored too, and each of them needs all of its own pairs, at any dealer.
 */
export function newPurchasesQuery(newDays: number): RawBuilder<NewPurchaseRow> {
  return sql<NewPurchaseRow>`
    WITH fr AS (
      SELECT s.subject_id, r.id AS report_id, r.dealer_id, coalesce(r.dealer_id::text, r.dealer_licence) AS dealer_key,
        r.dealer_licence, r.report_date
      FROM multiple_sale_reports r JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id
      WHERE r.id IN (SELECT report_id FROM det_fav_items)
    ), first AS (
      SELECT s.subject_id, min(r.report_date) AS first_on
      FROM multiple_sale_reports r JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id
      WHERE s.subject_id IN (SELECT subject_id FROM fr)
      GROUP BY s.subject_id
    )
    SELECT fr.subject_id, fr.report_id, fr.dealer_key, fr.dealer_licence, d.lat, d.lon,
      (fr.report_date - DATE '1970-01-01') AS known_day, (fi.transfer_date - DATE '1970-01-01') AS day, array_agg(fi.gun) AS guns
    FROM fr JOIN first ON first.subject_id = fr.subject_id
    JOIN det_fav_items fi ON fi.report_id = fr.report_id
    LEFT JOIN dealers d ON d.id = fr.dealer_id
    WHERE fi.transfer_date - first.first_on <= ${sql.lit(newDays)}
    GROUP BY fr.subject_id, fr.report_id, fr.dealer_key, fr.dealer_licence, d.lat, d.lon, fr.report_date, fi.transfer_date
    ORDER BY day, fr.dealer_key, fr.subject_id`;
}

/** The favoured guns of a row, described ("2 AK-type rifles, 1 AR-type rifle"), or null when there are none. */
export function favouredPurchase(row: NewPurchaseRow, guns: GunClassifier): NewFavouredPurchase | null {
  const kinds = new Map<FavouredType, number>();
  for (const g of row.guns) {
    const f = guns.fromPacked(g).favoured;
    if (f) kinds.set(f, (kinds.get(f) ?? 0) + 1);
  }
  if (kinds.size === 0) return null;
  const what = [...kinds].map(([k, n]) => `${n} ${FAVOURED_LABELS[k]}${n === 1 ? '' : 's'}`).join(', ');
  return {
    subject: row.subject_id, reportId: row.report_id, dealerKey: row.dealer_key, dealerLicence: row.dealer_licence,
    lat: row.lat, lon: row.lon, day: row.day, knownDay: row.known_day, favoured: [...kinds.values()].reduce((x, n) => x + n, 0), what,
  };
}

/**
 * At one dealer, each purchase taking at least `coPurchaseMin` favoured guns; or at dealers within `coPurchaseKm` of
 * each other (both locations known, km > 0) when each purchase took at least `coPurchaseNearbyMin` favoured guns at once: in a metro area, one newcomer's AK is common, several newcomers' bulk
 * purchases in one week are not.
 */
function near(a: NewFavouredPurchase, b: NewFavouredPurchase, w: DetectionConfig['windows']): boolean {
  if (a.dealerKey === b.dealerKey) return a.favoured >= w.coPurchaseMin && b.favoured >= w.coPurchaseMin;
  const km = w.coPurchaseKm;
  const nearbyMin = w.coPurchaseNearbyMin;
  if (km <= 0 || a.favoured < nearbyMin || b.favoured < nearbyMin) return false;
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) return false;
  return distanceKm(a.lat, a.lon, b.lat, b.lon) <= km;
}

/**
 * Pairs of new buyers' favoured purchases within `coPurchaseDays` of each other, at one dealer or nearby (near()), as
 * events of both buyers. `ps` must be in day order. A pair of buyers met on several occasions is one event per
 * occasion; the indicator counts distinct partners.
 */
export function pairNewPurchases(ps: readonly NewFavouredPurchase[], w: DetectionConfig['windows']): Map<number, CoPurchaseEvent[]> {
  return pairInWindow(ps, {
    subject: (p) => p.subject,
    expired: (a, b) => b.day - a.day > w.coPurchaseDays,
    accept: (a, b) => near(a, b, w),
    event: (a, b): CoPurchaseEvent => ({
      kind: 'co_purchase', knownDay: Math.max(a.knownDay, b.knownDay), reportId: a.reportId, day: a.day, what: a.what,
      dealerLicence: a.dealerLicence, other: b.subject, otherReportId: b.reportId, otherDay: b.day, otherWhat: b.what,
      otherDealerLicence: b.dealerLicence,
    }),
    own: (e) => e.reportId,
  });
}

/**
 * Stages det_fav_items (the favoured guns' multiple-sale items) for this transaction; false when no favoured gun is
 * held. Travel pairs (travel-pairs.ts) read the same table, so a run stages it once and drops it after both.
 */
export async function stageFavoured(tx: Tx, guns: GunClassifier): Promise<boolean> {
  const keys = await favouredKeys(tx, guns);
  if (keys.length === 0) return false;
  await stageFavouredItems(tx, keys);
  return true;
}

export async function dropFavoured(tx: Tx): Promise<void> {
  await sql`DROP TABLE IF EXISTS det_fav_items`.execute(tx);
}

/** The co-purchase events of every subject that has any, from det_fav_items (stageFavoured). */
export async function coPurchasesFromStaged(tx: Tx, cfg: DetectionConfig, guns: GunClassifier): Promise<Map<number, CoPurchaseEvent[]>> {
  const cursor = new CursorReader<NewPurchaseRow>(tx, 'det_new_purchases', newPurchasesQuery(cfg.windows.coPurchaseNewDays));
  const favoured: NewFavouredPurchase[] = [];
  for (let row = await cursor.next(); row; row = await cursor.next()) {
    const p = favouredPurchase(row, guns);
    if (p) favoured.push(p);
  }
  await cursor.close();
  return pairNewPurchases(favoured, cfg.windows);
}

/** Reads the new buyers' purchases and returns the co-purchase events of every subject that has any. */
export async function coPurchaseEvents(tx: Tx, cfg: DetectionConfig, guns: GunClassifier): Promise<Map<number, CoPurchaseEvent[]>> {
  if (!(await stageFavoured(tx, guns))) return new Map();
  const events = await coPurchasesFromStaged(tx, cfg, guns);
  await dropFavoured(tx);
  return events;
}
