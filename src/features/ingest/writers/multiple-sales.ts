// Multiple-sale reports (F 3310.4, F 3310.12), one row per firearm. A batch becomes: one buyer person record (role
// msr_buyer) with the residence as a dated attribute, one report row, and per firearm a firearm, an item and a sale
// (source_kind multiple_sale). Everything is built in memory and written with one bulk statement per table; dealer ids
// come from one query per batch. A report already held (dealer licence + report id) gains only the items it lacks,
// and only when the new rows agree with it: a report is never rewritten by a later file.
import { sql } from 'kysely';
import type { MultipleSaleRow } from '../../../formats/index.js';
import type { Tx } from '../../../db/types.js';
import { bulkFromKysely, toColumns, type BulkType } from '../bulk.js';
import { addressAttribute, firearmColumns, personColumns, personFields } from '../normalise.js';
import type { KindWriter, RowWithLine, WriteResult } from '../writer.js';
import { ATTRIBUTE_TYPES, FIREARM_TYPES, PERSON_TYPES, WRITER_LOCKS, type AttributeRow, type FirearmRow, type PersonRow } from './tables.js';

const SOURCE = 'multiple_sale';

/** Report-level columns that every row of one report must repeat unchanged. */
const REPORT_LEVEL = [
  'form',
  'report_date',
  'connected_to_earlier',
  'earlier_sale_date',
  'buyer_surname',
  'buyer_given_name',
  'buyer_dob',
  'buyer_id_number',
] as const satisfies ReadonlyArray<keyof MultipleSaleRow>;

interface HeldReport {
  id: number;
  dealer_licence: string;
  report_ref: string;
  form: string;
  report_date: string;
  buyer_record_id: number | null;
  dealer_id: number | null;
  source_ref: string;
  buyer_surname: string | null;
  buyer_given: string | null;
  buyer_dob: string | null;
}

interface ReportRow {
  id: number;
  report_ref: string;
  form: string;
  report_date: string;
  dealer_id: number | null;
  dealer_licence: string;
  dealer_name: string | null;
  dealer_street: string | null;
  dealer_city: string | null;
  dealer_state: string | null;
  dealer_postcode: string | null;
  connected_to_earlier: boolean;
  earlier_sale_date: string | null;
  gun_show_or_event: string | null;
  buyer_record_id: number;
  police_agency: string | null;
  police_copy_on: string | null;
  payment_method: string | null;
  source_kind: string;
  source_ref: string;
  import_batch_id: number | null;
}

const REPORT_TYPES: { [K in keyof ReportRow]: BulkType } = {
  id: 'bigint',
  report_ref: 'text',
  form: 'text',
  report_date: 'date',
  dealer_id: 'bigint',
  dealer_licence: 'text',
  dealer_name: 'text',
  dealer_street: 'text',
  dealer_city: 'text',
  dealer_state: 'text',
  dealer_postcode: 'text',
  connected_to_earlier: 'boolean',
  earlier_sale_date: 'date',
  gun_show_or_event: 'text',
  buyer_record_id: 'bigint',
  police_agency: 'text',
  police_copy_on: 'date',
  payment_method: 'text',
  source_kind: 'text',
  source_ref: 'text',
  import_batch_id: 'bigint',
};

interface ItemRow {
  id: number;
  report_id: number;
  item_no: number;
  firearm_id: number;
  transfer_date: string;
  source_ref: string;
}
const ITEM_TYPES: { [K in keyof ItemRow]: BulkType } = {
  id: 'bigint',
  report_id: 'bigint',
  item_no: 'integer',
  firearm_id: 'bigint',
  transfer_date: 'date',
  source_ref: 'text',
};

interface SaleRow {
  firearm_id: number;
  dealer_id: number | null;
  dealer_licence: string;
  buyer_record_id: number | null;
  sold_on: string;
  payment_method: string | null;
  source_kind: string;
  source_ref: string;
}
const SALE_TYPES: { [K in keyof SaleRow]: BulkType } = {
  firearm_id: 'bigint',
  dealer_id: 'bigint',
  dealer_licence: 'text',
  buyer_record_id: 'bigint',
  sold_on: 'date',
  payment_method: 'text',
  source_kind: 'text',
  source_ref: 'text',
};

type Row = RowWithLine<MultipleSaleRow>;

function reportKey(licence: string, ref: string): string {
  return `${licence}\u0000${ref}`;
}

function shown(v: unknown): string {
  return v === undefined || v === null ? '(empty)' : String(v);
}

/** The first report-level column where `b` differs from `a`, or null when they agree. */
function firstDifference(a: MultipleSaleRow, b: MultipleSaleRow): (typeof REPORT_LEVEL)[number] | null {
  for (const c of REPORT_LEVEL) if ((a[c] ?? null) !== (b[c] ?? null)) return c;
  return null;
}

async function heldReports(tx: Tx, keys: Array<{ licence: string; ref: string }>): Promise<Map<string, HeldReport>> {
  const out = new Map<string, HeldReport>();
  if (keys.length === 0) return out;
  const r = await sql<HeldReport>`
    SELECT r.id, r.dealer_licence, r.report_ref, r.form, r.report_date, r.buyer_record_id, r.dealer_id, r.source_ref,
           p.surname_norm AS buyer_surname, p.given_norm AS buyer_given, p.dob AS buyer_dob
      FROM multiple_sale_reports r
      JOIN unnest(${keys.map((k) => k.licence)}::text[], ${keys.map((k) => k.ref)}::text[]) AS k(licence, ref)
        ON r.dealer_licence = k.licence AND r.report_ref = k.ref
      LEFT JOIN person_records p ON p.id = r.buyer_record_id`.execute(tx);
  for (const h of r.rows) out.set(reportKey(h.dealer_licence, h.report_ref), h);
  return out;
}

async function heldItems(tx: Tx, reportIds: number[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (reportIds.length === 0) return out;
  const r = await tx.selectFrom('multiple_sale_items').select(['report_id', 'item_no']).where('report_id', 'in', reportIds).execute();
  for (const i of r) out.add(`${i.report_id}/${i.item_no}`);
  return out;
}

export async function dealerIds(tx: Tx, licences: Iterable<string>): Promise<Map<string, number>> {
  const list = [...new Set(licences)];
  const out = new Map<string, number>();
  if (list.length === 0) return out;
  const r = await tx.selectFrom('dealers').select(['id', 'licence_number']).where('licence_number', 'in', list).execute();
  for (const d of r) out.set(d.licence_number, d.id);
  return out;
}

export const multipleSaleWriter: KindWriter<MultipleSaleRow> = {
  kind: 'multiple_sales',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    if (rows.length === 0) return result;
    const bulk = ctx.bulk ?? bulkFromKysely(tx);
    // Checking which reports and items exist and then inserting must not interleave with another import's.
    await sql`SELECT pg_advisory_xact_lock(${WRITER_LOCKS.multiple_sales})`.execute(tx);

    // Group the batch by report; later rows must agree with the first row of their report.
    const groups = new Map<string, Row[]>();
    for (const r of rows) {
      const k = reportKey(r.row.dealer_licence_number, r.row.report_id);
      const g = groups.get(k);
      if (!g) {
        groups.set(k, [r]);
        continue;
      }
      const diff = firstDifference(g[0].row, r.row);
      if (diff) {
        result.rejected.push({
          line: r.line,
          field: diff,
          reason: `is ${shown(r.row[diff])} but ${shown(g[0].row[diff])} on line ${g[0].line}, the first row of report ${r.row.report_id}: the rows of one report must agree`,
        });
        continue;
      }
      g.push(r);
    }

    const keys = [...groups.values()].map((g) => ({ licence: g[0].row.dealer_licence_number, ref: g[0].row.report_id }));
    const held = await heldReports(tx, keys);
    const items = await heldItems(tx, [...held.values()].map((h) => h.id));
    const dealers = await dealerIds(tx, keys.map((k) => k.licence));

    // Decide, per report, which rows become new items and whether a report and buyer must be created.
    const newReports: Row[][] = [];
    const additions: Array<{ held: HeldReport; rows: Row[] }> = [];
    for (const [key, g] of groups) {
      const h = held.get(key);
      if (!h) {
        newReports.push(g);
        continue;
      }
      const first = g[0].row;
      const conflict =
        h.form !== first.form
          ? ['form', h.form, first.form]
          : h.report_date !== first.report_date
            ? ['report_date', h.report_date, first.report_date]
            : h.buyer_dob !== null && h.buyer_dob !== first.buyer_dob
              ? ['buyer_dob', h.buyer_dob, first.buyer_dob]
              : null;
      if (conflict) {
        for (const r of g) {
          result.rejected.push({
            line: r.line,
            field: conflict[0],
            reason: `report ${first.report_id} of ${first.dealer_licence_number} is already held (${h.source_ref}) with ${conflict[0]} ${conflict[1]}, not ${conflict[2]}; a held report is never changed`,
          });
        }
        continue;
      }
      const fresh = g.filter((r) => !items.has(`${h.id}/${r.row.item_seq}`));
      result.duplicates += g.length - fresh.length;
      if (fresh.length > 0) additions.push({ held: h, rows: fresh });
    }

    const itemCount = newReports.reduce((n, g) => n + g.length, 0) + additions.reduce((n, a) => n + a.rows.length, 0);
    if (itemCount === 0) return result;
    const ids = await bulk.reserveIds({
      person_records: newReports.length,
      multiple_sale_reports: newReports.length,
      firearms: itemCount,
      multiple_sale_items: itemCount,
    });

    const persons: PersonRow[] = [];
    const attributes: AttributeRow[] = [];
    const reports: ReportRow[] = [];
    const firearms: FirearmRow[] = [];
    const itemRows: ItemRow[] = [];
    const sales: SaleRow[] = [];
    let f = 0;
    const addItems = (reportId: number, buyerId: number | null, dealerId: number | null, g: Row[]) => {
      for (const { row, line, raw } of g) {
        const ref = `${ctx.fileName}:${line}`;
        const firearmId = ids.firearms[f];
        const itemId = ids.multiple_sale_items[f];
        f++;
        firearms.push({ id: firearmId, ...firearmColumns(row, raw), source_kind: SOURCE, source_ref: ref, import_batch_id: ctx.batchId });
        itemRows.push({ id: itemId, report_id: reportId, item_no: row.item_seq, firearm_id: firearmId, transfer_date: row.transfer_date, source_ref: ref });
        sales.push({
          firearm_id: firearmId,
          dealer_id: dealerId,
          dealer_licence: row.dealer_licence_number,
          buyer_record_id: buyerId,
          sold_on: row.transfer_date,
          payment_method: row.payment_method ?? null,
          source_kind: SOURCE,
          source_ref: ref,
        });
      }
    };

    newReports.forEach((g, i) => {
      const { row, line, raw } = g[0];
      const ref = `${ctx.fileName}:${line}`;
      const personId = ids.person_records[i];
      const reportId = ids.multiple_sale_reports[i];
      const dealerId = dealers.get(row.dealer_licence_number) ?? null;
      const p = personFields(row, 'buyer_');
      const cols = personColumns(p, raw, 'buyer_');
      persons.push({ id: personId, role: 'msr_buyer', ...cols, agency_id: ctx.agencyId, source_kind: SOURCE, source_ref: ref, import_batch_id: ctx.batchId });
      const address = addressAttribute(p, cols);
      if (address) {
        attributes.push({ person_record_id: personId, kind: 'address', value_raw: address.raw, value_norm: address.norm, observed_on: row.transfer_date, source_kind: SOURCE, source_ref: ref });
      }
      reports.push({
        id: reportId,
        report_ref: row.report_id,
        form: row.form,
        report_date: row.report_date,
        dealer_id: dealerId,
        dealer_licence: row.dealer_licence_number,
        dealer_name: row.dealer_name ?? null,
        dealer_street: row.dealer_street ?? null,
        dealer_city: row.dealer_city ?? null,
        dealer_state: row.dealer_state ?? null,
        dealer_postcode: row.dealer_postcode ?? null,
        connected_to_earlier: row.connected_to_earlier,
        earlier_sale_date: row.earlier_sale_date ?? null,
        gun_show_or_event: row.gun_show_or_event ?? null,
        buyer_record_id: personId,
        police_agency: row.police_agency ?? null,
        police_copy_on: row.police_notified_date ?? null,
        payment_method: row.payment_method ?? null,
        source_kind: SOURCE,
        source_ref: ref,
        import_batch_id: ctx.batchId,
      });
      addItems(reportId, personId, dealerId, g);
    });
    for (const a of additions) addItems(a.held.id, a.held.buyer_record_id, a.held.dealer_id ?? dealers.get(a.held.dealer_licence) ?? null, a.rows);

    // Parents before children, for the foreign keys.
    await bulk.insert('person_records', toColumns(persons, PERSON_TYPES));
    await bulk.insert('person_attributes', toColumns(attributes, ATTRIBUTE_TYPES));
    await bulk.insert('multiple_sale_reports', toColumns(reports, REPORT_TYPES));
    await bulk.insert('firearms', toColumns(firearms, FIREARM_TYPES));
    await bulk.insert('multiple_sale_items', toColumns(itemRows, ITEM_TYPES));
    await bulk.insert('sales', toColumns(sales, SALE_TYPES));
    result.inserted = itemCount;
    return result;
  },
};
