// Federal firearms licensees. The licence number is the natural key: a licence already held is a duplicate and is
// left exactly as it was. A new dealer is linked to the records that named its licence before it arrived (reports,
// sales, tips, thefts with no dealer id yet): filling an empty link changes nothing those records said.
import { sql } from 'kysely';
import type { DealerRow } from '../../../formats/index.js';
import type { KindWriter, WriteResult } from '../writer.js';
import { WRITER_LOCKS, chunksUnderParamLimit } from './tables.js';

/** Weekday numbers as src/domain/dates counts them: 0 Sunday ... 6 Saturday. */
const DAY_NUMBER: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export const dealerWriter: KindWriter<DealerRow> = {
  kind: 'dealers',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    if (rows.length === 0) return result;
    await sql`SELECT pg_advisory_xact_lock(${WRITER_LOCKS.dealers})`.execute(tx);
    const values = rows.map(({ row, line }) => ({
          licence_number: row.licence_number,
          licence_type: row.licence_type,
          name: row.name,
          street: row.street,
          city: row.city,
          county: row.county ?? null,
          state: row.state,
          postcode: row.postcode,
          lat: row.lat ?? null,
          lon: row.lon ?? null,
          status: row.status,
          out_of_business_on: row.out_of_business_date ?? null,
          business_days: row.business_days.map((d) => DAY_NUMBER[d]).sort((a, b) => a - b),
          closed_on_federal_holidays: row.closed_on_federal_holidays,
          source_kind: 'dealer_list',
          source_ref: `${ctx.fileName}:${line}`,
          import_batch_id: ctx.batchId,
        }));
    const inserted: Array<{ id: number; licence_number: string }> = [];
    for (const chunk of chunksUnderParamLimit(values)) {
      const made = await tx
        .insertInto('dealers')
        .values(chunk)
        .onConflict((oc) => oc.column('licence_number').doNothing())
        .returning(['id', 'licence_number'])
        .execute();
      inserted.push(...made);
    }
    result.inserted = inserted.length;
    result.duplicates = rows.length - inserted.length;
    if (inserted.length > 0) {
      const ids = inserted.map((d) => d.id);
      const licences = inserted.map((d) => d.licence_number);
      for (const table of ['multiple_sale_reports', 'sales', 'dealer_tips', 'theft_reports'] as const) {
        await sql`
          UPDATE ${sql.table(table)} t SET dealer_id = d.id
            FROM unnest(${ids}::bigint[], ${licences}::text[]) AS d(id, licence)
           WHERE t.dealer_licence = d.licence AND t.dealer_id IS NULL`.execute(tx);
      }
    }
    return result;
  },
};
