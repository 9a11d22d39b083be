/**
 * Finds unreported multiple sales for every buyer and dealer with at least one traced gun (or, in an incremental
 * run, for the subjects in det_scope), stores them under the run, and hands them to detection as events.
 */
import { sql } from 'kysely';
import { toDayNumber } from '../../domain/dates.js';
import { isLicenceType } from '../../domain/codes.js';
import type { Tx } from '../../db/types.js';
import { calendarOf } from '../detection/calendar.js';
import type { FindingEvent } from '../detection/events.js';
import { CursorReader } from '../detection/cursor.js';
import { firstTraceResultSales } from '../detection/features.repository.js';
import { findUnreported, type Finding, type KnownPurchase } from './compliance.js';

interface Row {
  subject_id: number;
  dealer_id: number;
  src: 'ms' | 'tr';
  item_id: number;
  record_id: number;
  sale_date: string;
  known_on: string;
  maker: string | null;
  model: string | null;
  caliber: string | null;
  firearm_type: string | null;
  action: string | null;
  detachable_magazine: boolean | null;
  serial_key: string | null;
}

function purchasesQuery(scoped: boolean) {
  return sql<Row>`
    WITH sa AS (
      -- The first trace-result sale of each firearm, for all at once (a hash join, not a probe per trace).
      ${firstTraceResultSales}
    ), tp AS (
      SELECT s.subject_id, coalesce(t.dealer_id, sa.dealer_id) AS dealer_id, t.id AS trace_id, t.firearm_id,
        coalesce(t.sale_date, sa.sold_on) AS sale_date, coalesce(t.completed_at::date, t.sale_date) AS known_on
      FROM trace_requests t
      LEFT JOIN sa ON sa.firearm_id = t.firearm_id
      JOIN detection_subjects s ON s.person_record_id = coalesce(t.buyer_record_id, sa.buyer_record_id)
      ${scoped ? sql`JOIN det_scope sc ON sc.subject_id = s.subject_id` : sql``}
      WHERE t.status = 'completed'
    ), pairs AS (
      SELECT DISTINCT subject_id, dealer_id FROM tp WHERE dealer_id IS NOT NULL AND sale_date IS NOT NULL
    )
    SELECT * FROM (
      SELECT tp.subject_id, tp.dealer_id, 'tr' AS src, tp.trace_id AS item_id, tp.trace_id AS record_id,
        tp.sale_date::text AS sale_date, tp.known_on::text AS known_on, coalesce(f.maker, f.maker_raw) AS maker, f.model,
        coalesce(f.caliber, f.caliber_raw) AS caliber, f.firearm_type, f.action, f.detachable_magazine,
        CASE WHEN f.obliterated OR f.serial_partial THEN NULL ELSE f.serial_key END AS serial_key
      FROM tp JOIN firearms f ON f.id = tp.firearm_id
      WHERE tp.dealer_id IS NOT NULL AND tp.sale_date IS NOT NULL
      UNION ALL
      SELECT p.subject_id, p.dealer_id, 'ms', i.id, r.id, i.transfer_date::text, r.report_date::text,
        coalesce(f.maker, f.maker_raw), f.model, coalesce(f.caliber, f.caliber_raw), f.firearm_type, f.action,
        f.detachable_magazine, f.serial_key
      FROM pairs p
      JOIN multiple_sale_reports r ON r.dealer_id = p.dealer_id
      JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id AND s.subject_id = p.subject_id
      JOIN multiple_sale_items i ON i.report_id = r.id
      JOIN firearms f ON f.id = i.firearm_id
    ) x ORDER BY subject_id, dealer_id`;
}

export interface FindingRow extends Finding {
  subjectId: number;
  dealerId: number;
  dealerLicence: string;
}

/** All findings, streaming the purchases pair by pair. */
export async function computeFindings(tx: Tx, scoped: boolean): Promise<FindingRow[]> {
  const dealers = await tx.selectFrom('dealers').select(['id', 'licence_number', 'licence_type', 'state', 'business_days', 'closed_on_federal_holidays']).execute();
  const dealerById = new Map(dealers.map((d) => [d.id, d]));
  const cur = new CursorReader<Row>(tx, 'cmp_purchases', purchasesQuery(scoped));
  const out: FindingRow[] = [];
  const withFindings = new Set<number>();
  let batch: Row[] = [];
  const flush = async () => {
    if (batch.length < 2) return;
    const d = dealerById.get(batch[0].dealer_id);
    if (!d || !d.state || !isLicenceType(d.licence_type)) return;
    const purchases: KnownPurchase[] = batch.map((r) => ({
      id: `${r.src}:${r.item_id}`, source: r.src, recordId: r.record_id, date: r.sale_date, knownOn: r.known_on,
      label: [r.maker, r.model].filter(Boolean).join(' ') || 'gun', serialKey: r.serial_key, type: r.firearm_type,
      caliber: r.caliber, action: r.action, detachableMagazine: r.detachable_magazine,
    }));
    const subject = batch[0].subject_id;
    const found = findUnreported(purchases, { licence: d.licence_number, licenceType: d.licence_type, state: d.state, calendar: calendarOf(d) }, `buyer #${subject}`);
    for (const f of found) out.push({ ...f, subjectId: subject, dealerId: d.id, dealerLicence: d.licence_number });
    if (found.length) withFindings.add(subject);
  };
  for (let r = await cur.next(); r; r = await cur.next()) {
    if (batch.length && (batch[0].subject_id !== r.subject_id || batch[0].dealer_id !== r.dealer_id)) {
      await flush();
      batch = [];
    }
    batch.push(r);
  }
  await flush();
  await cur.close();
  // Name the buyers in the explanations, now that the few with findings are known.
  if (out.length) {
    const rows = await sql<{ subject_id: number; name: string | null }>`
      SELECT s.subject_id, (array_agg(nullif(trim(concat_ws(' ', pr.given_name, pr.surname)), '') ORDER BY pr.id))[1] AS name
      FROM detection_subjects s JOIN person_records pr ON pr.id = s.person_record_id
      WHERE s.subject_id = ANY (${[...withFindings]}::bigint[]) GROUP BY s.subject_id`.execute(tx);
    const byId = new Map(rows.rows.map((r) => [r.subject_id, r.name ?? `person ${r.subject_id}`]));
    for (const f of out) f.explanation = f.explanation.replace(`buyer #${f.subjectId}`, byId.get(f.subjectId) ?? `person ${f.subjectId}`);
  }
  return out;
}

export async function storeFindings(tx: Tx, runId: number, scoped: boolean, rows: readonly FindingRow[]): Promise<void> {
  if (scoped) {
    await sql`UPDATE compliance_findings c SET current = false WHERE current AND EXISTS (SELECT 1 FROM det_scope sc WHERE sc.subject_id = c.subject_id)`.execute(tx);
  } else {
    await sql`UPDATE compliance_findings SET current = false WHERE current`.execute(tx);
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await tx
      .insertInto('compliance_findings')
      .values(rows.slice(i, i + 1000).map((f) => ({
        run_id: runId, dealer_id: f.dealerId, dealer_licence: f.dealerLicence, subject_id: f.subjectId, form: f.form,
        certainty: f.certainty, first_sale_on: f.firstSale, last_sale_on: f.lastSale, guns: f.guns, unreported_guns: f.unreportedGuns,
        explanation: f.explanation, evidence: JSON.stringify(f.evidence),
      })))
      .execute();
  }
}

/** The hook detection calls: compute, store, and return the findings as events per subject. */
export async function complianceFindings(tx: Tx, scoped: boolean, runId: number): Promise<Map<number, FindingEvent[]>> {
  const rows = await computeFindings(tx, scoped);
  await storeFindings(tx, runId, scoped, rows);
  const out = new Map<number, FindingEvent[]>();
  for (const f of rows) {
    if (f.certainty !== 'definite') continue;
    const list = out.get(f.subjectId) ?? [];
    list.push({
      kind: 'finding', findingKey: `${f.dealerLicence}:${f.firstSale}:${f.form}`, knownDay: toDayNumber(f.knownOn), dealerLicence: f.dealerLicence,
      form: f.form, guns: f.guns, firstDay: toDayNumber(f.firstSale), lastDay: toDayNumber(f.lastSale),
    });
    out.set(f.subjectId, list);
  }
  return out;
}
