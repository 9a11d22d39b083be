// Theft and loss reports (F 3310.11), one row per missing firearm. Natural key: licence, report id, item number.
// The rows of one report must agree on its date, incident date and theft-or-loss, in the file and with what is held.
import { sql } from 'kysely';
import type { TheftReportRow } from '../../../formats/index.js';
import { bulkFromKysely, toColumns } from '../bulk.js';
import { firearmColumns } from '../normalise.js';
import type { KindWriter, RowWithLine, WriteResult } from '../writer.js';
import { dealerIds } from './multiple-sales.js';
import { FIREARM_TYPES, WRITER_LOCKS, type FirearmRow, chunksUnderParamLimit } from './tables.js';

const SOURCE = 'theft_report';
const REPORT_LEVEL = ['report_date', 'incident_date', 'theft_or_loss'] as const;

type Row = RowWithLine<TheftReportRow>;

export const theftReportWriter: KindWriter<TheftReportRow> = {
  kind: 'theft_reports',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    if (rows.length === 0) return result;
    await sql`SELECT pg_advisory_xact_lock(${WRITER_LOCKS.theft_reports})`.execute(tx);
    const held = await sql<{ dealer_licence: string; report_ref: string; item_seq: number | null; report_date: string; incident_date: string | null; theft_or_loss: string; source_ref: string }>`
      SELECT t.dealer_licence, t.report_ref, t.item_seq, t.report_date, t.incident_date, t.theft_or_loss, t.source_ref
        FROM theft_reports t
        JOIN (SELECT DISTINCT * FROM unnest(${rows.map((r) => r.row.licence_number)}::text[], ${rows.map((r) => r.row.report_id)}::text[])) AS k(licence, ref)
          ON t.dealer_licence = k.licence AND t.report_ref = k.ref`.execute(tx);
    const heldItems = new Set(held.rows.map((h) => `${h.dealer_licence}/${h.report_ref}/${h.item_seq}`));
    const firstOf = new Map<string, { line: number | null; ref: string; values: Record<string, unknown> }>();
    for (const h of held.rows) {
      firstOf.set(`${h.dealer_licence}/${h.report_ref}`, { line: null, ref: h.source_ref, values: h });
    }
    const fresh: Row[] = [];
    for (const r of rows) {
      const reportKey = `${r.row.licence_number}/${r.row.report_id}`;
      if (heldItems.has(`${reportKey}/${r.row.item_seq}`)) {
        result.duplicates++;
        continue;
      }
      const first = firstOf.get(reportKey);
      if (!first) {
        firstOf.set(reportKey, { line: r.line, ref: `line ${r.line}`, values: r.row });
      } else {
        const diff = REPORT_LEVEL.find((c) => (first.values[c] ?? null) !== (r.row[c] ?? null));
        if (diff) {
          result.rejected.push({
            line: r.line,
            field: diff,
            reason: `is ${String(r.row[diff] ?? '(empty)')} but ${String(first.values[diff] ?? '(empty)')} on ${first.line === null ? `the report already held (${first.ref})` : first.ref} of report ${r.row.report_id}: the rows of one report must agree`,
          });
          continue;
        }
      }
      heldItems.add(`${reportKey}/${r.row.item_seq}`);
      fresh.push(r);
    }
    if (fresh.length === 0) return result;
    const dealers = await dealerIds(tx, fresh.map((r) => r.row.licence_number));
    const bulk = ctx.bulk ?? bulkFromKysely(tx);
    const ids = await bulk.reserveIds({ firearms: fresh.length });
    const firearms: FirearmRow[] = fresh.map((r, i) => ({
      id: ids.firearms[i],
      ...firearmColumns(r.row, r.raw),
      source_kind: SOURCE,
      source_ref: `${ctx.fileName}:${r.line}`,
      import_batch_id: ctx.batchId,
    }));
    await bulk.insert('firearms', toColumns(firearms, FIREARM_TYPES));
    const values = fresh.map((r, i) => ({
      report_ref: r.row.report_id,
      item_seq: r.row.item_seq,
      dealer_id: dealers.get(r.row.licence_number) ?? null,
      dealer_licence: r.row.licence_number,
      report_date: r.row.report_date,
      incident_date: r.row.incident_date,
      theft_or_loss: r.row.theft_or_loss,
      theft_type: r.row.theft_type ?? null,
      police_agency: r.row.police_agency ?? null,
      police_report_number: r.row.police_report_number ?? null,
      firearm_id: ids.firearms[i],
      source_kind: SOURCE,
      source_ref: `${ctx.fileName}:${r.line}`,
      import_batch_id: ctx.batchId,
    }));
    for (const chunk of chunksUnderParamLimit(values)) await tx.insertInto('theft_reports').values(chunk).execute();
    result.inserted = fresh.length;
    return result;
  },
};
