/**
 * Reading multiple-sale reports: lists, one report with its guns, and its linked chain (the reports of the same
 * buyer at the same dealer that are connected to it, before and after, as dealers mark them and as the
 * five-business-day rule links them). Kysely only; every function takes the transaction.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

export interface ReportFilter {
  dealerId?: number;
  subjectId?: number;
  from?: string;
  to?: string;
  form?: '3310.4' | '3310.12';
  limit: number;
  offset: number;
}

export async function listReports(tx: Tx, f: ReportFilter) {
  let qb = tx
    .selectFrom('multiple_sale_reports as r')
    .leftJoin('person_records as b', 'b.id', 'r.buyer_record_id')
    .leftJoin('detection_subjects as s', 's.person_record_id', 'r.buyer_record_id')
    .select((eb) => [
      'r.id', 'r.report_ref', 'r.form', 'r.report_date', 'r.dealer_id', 'r.dealer_licence', 'r.dealer_name', 'r.connected_to_earlier',
      'r.earlier_sale_date', 'r.payment_method', 's.subject_id',
      sql<string>`nullif(trim(concat_ws(' ', b.given_name, b.surname)), '')`.as('buyer_name'),
      eb.selectFrom('multiple_sale_items as i').select(eb.fn.countAll<number>().as('n')).whereRef('i.report_id', '=', 'r.id').as('guns'),
    ]);
  if (f.dealerId !== undefined) qb = qb.where('r.dealer_id', '=', f.dealerId);
  if (f.subjectId !== undefined) qb = qb.where('s.subject_id', '=', f.subjectId);
  if (f.from) qb = qb.where('r.report_date', '>=', f.from);
  if (f.to) qb = qb.where('r.report_date', '<=', f.to);
  if (f.form) qb = qb.where('r.form', '=', f.form);
  return qb.orderBy('r.report_date', 'desc').orderBy('r.id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function getReport(tx: Tx, id: number) {
  const report = await tx
    .selectFrom('multiple_sale_reports as r')
    .leftJoin('dealers as d', 'd.id', 'r.dealer_id')
    .leftJoin('detection_subjects as s', 's.person_record_id', 'r.buyer_record_id')
    .selectAll('r')
    .select(['d.name as dealer_full_name', 'd.city as dealer_city', 'd.state as dealer_state', 's.subject_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!report) return null;
  const buyer = report.buyer_record_id
    ? await tx.selectFrom('person_records').select(['id', 'given_name', 'middle_name', 'surname', 'maternal_surname', 'dob', 'sex', 'street_raw', 'city', 'county', 'state', 'postcode', 'id_number', 'id_type', 'id_state', 'business_entity'])
      .where('id', '=', report.buyer_record_id).executeTakeFirst()
    : null;
  const items = await tx
    .selectFrom('multiple_sale_items as i')
    .innerJoin('firearms as f', 'f.id', 'i.firearm_id')
    .select(['i.item_no', 'i.transfer_date', 'f.id as firearm_id', 'f.maker', 'f.importer', 'f.model', 'f.caliber', 'f.firearm_type', 'f.serial_raw', 'f.serial_key'])
    .where('i.report_id', '=', id)
    .orderBy('i.item_no')
    .execute();
  // Traces of these same guns (by serial match key): what became of them.
  const traced = await sql<{ trace_id: number; serial_key: string; recovered_on: string | null; country: string | null; state: string | null; mx_state: string | null; ttc_days: number | null }>`
    SELECT t.id AS trace_id, f2.serial_key, rc.recovered_on::text, rc.country, rc.state, rc.mx_state, t.ttc_days
    FROM multiple_sale_items i JOIN firearms f ON f.id = i.firearm_id
    JOIN firearms f2 ON f2.serial_key = f.serial_key AND f2.id <> f.id
    JOIN trace_requests t ON t.firearm_id = f2.id
    LEFT JOIN recoveries rc ON rc.id = t.recovery_id
    WHERE i.report_id = ${id} AND f.serial_key IS NOT NULL AND length(f.serial_key) >= 4`.execute(tx);
  const chain = await linkedChain(tx, report.id, report.subject_id, report.dealer_id, report.dealer_licence);
  return { report, buyer, items, traced: traced.rows, chain };
}

/**
 * The chain a report belongs to: the same buyer's reports at the same dealer, ordered, with the links between
 * neighbours (marked connected by the dealer, and whether the earlier sale date the dealer gave matches).
 */
export async function linkedChain(tx: Tx, reportId: number, subjectId: number | null, dealerId: number | null, licence: string) {
  if (subjectId === null) return [];
  const rows = await tx
    .selectFrom('multiple_sale_reports as r')
    .innerJoin('detection_subjects as s', 's.person_record_id', 'r.buyer_record_id')
    .select((eb) => [
      'r.id', 'r.report_ref', 'r.form', 'r.report_date', 'r.connected_to_earlier', 'r.earlier_sale_date',
      sql<string | null>`(SELECT min(i.transfer_date)::text FROM multiple_sale_items i WHERE i.report_id = r.id)`.as('first_transfer'),
      sql<string | null>`(SELECT max(i.transfer_date)::text FROM multiple_sale_items i WHERE i.report_id = r.id)`.as('last_transfer'),
      eb.selectFrom('multiple_sale_items as i').select(eb.fn.countAll<number>().as('n')).whereRef('i.report_id', '=', 'r.id').as('guns'),
    ])
    .where('s.subject_id', '=', subjectId)
    .where((eb) => (dealerId !== null ? eb('r.dealer_id', '=', dealerId) : eb('r.dealer_licence', '=', licence)))
    .orderBy('r.report_date')
    .orderBy('r.id')
    .execute();
  return rows.map((r, i) => {
    const prev = i > 0 ? rows[i - 1] : null;
    return {
      ...r,
      current: r.id === reportId,
      earlierMatches: r.connected_to_earlier && prev !== null
        ? [prev.report_date, prev.last_transfer].includes(r.earlier_sale_date as string)
        : null,
    };
  });
}

export async function listFindings(tx: Tx, f: { dealerId?: number; subjectId?: number; certainty?: 'definite' | 'possible'; limit: number; offset: number }) {
  let qb = tx
    .selectFrom('compliance_findings as c')
    .leftJoin('dealers as d', 'd.id', 'c.dealer_id')
    .select(['c.id', 'c.run_id', 'c.dealer_id', 'c.dealer_licence', 'd.name as dealer_name', 'c.subject_id', 'c.form', 'c.certainty',
      'c.first_sale_on', 'c.last_sale_on', 'c.guns', 'c.unreported_guns', 'c.explanation', 'c.evidence'])
    .where('c.current', '=', true);
  if (f.dealerId !== undefined) qb = qb.where('c.dealer_id', '=', f.dealerId);
  if (f.subjectId !== undefined) qb = qb.where('c.subject_id', '=', f.subjectId);
  if (f.certainty) qb = qb.where('c.certainty', '=', f.certainty);
  return qb.orderBy('c.last_sale_on', 'desc').orderBy('c.id').limit(f.limit).offset(f.offset).execute();
}
