// Dealer tips: the narrative, and the subject as a person record (role tip_subject) with what the counter saw as
// dated attributes: residence, phone, vehicle, companion. Natural key: the dealer's licence and the tip id.
import { sql } from 'kysely';
import { simplifyText } from '../../../domain/text.js';
import type { DealerTipRow } from '../../../formats/index.js';
import { bulkFromKysely } from '../bulk.js';
import { addressAttribute, hasPerson, personColumns, personFields, phoneAttribute, stateCode } from '../normalise.js';
import type { KindWriter, RowWithLine, WriteResult } from '../writer.js';
import { dealerIds } from './multiple-sales.js';
import { WRITER_LOCKS, type AttributeRow, chunksUnderParamLimit } from './tables.js';

const SOURCE = 'tip';

function vehicleOf(row: DealerTipRow): { raw: string; norm: string } | null {
  const parts = [row.vehicle_color, row.vehicle_make, row.vehicle_model].filter(Boolean).join(' ');
  const plate = row.vehicle_plate ? `plate ${row.vehicle_plate}${row.vehicle_plate_state ? ` (${row.vehicle_plate_state})` : ''}` : '';
  const raw = [parts, plate].filter(Boolean).join(', ');
  if (!raw) return null;
  // A plate identifies a vehicle; make and colour only describe it.
  const norm = row.vehicle_plate
    ? `PLATE ${stateCode(row.vehicle_plate_state) ?? ''} ${row.vehicle_plate.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.replace(/\s+/g, ' ')
    : simplifyText(parts);
  return { raw, norm };
}

export const dealerTipWriter: KindWriter<DealerTipRow> = {
  kind: 'dealer_tips',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    if (rows.length === 0) return result;
    await sql`SELECT pg_advisory_xact_lock(${WRITER_LOCKS.dealer_tips})`.execute(tx);
    const held = await sql<{ k: string }>`
      SELECT t.dealer_licence || '/' || t.tip_ref AS k FROM dealer_tips t
        JOIN unnest(${rows.map((r) => r.row.licence_number)}::text[], ${rows.map((r) => r.row.tip_id)}::text[]) AS k(licence, ref)
          ON t.dealer_licence = k.licence AND t.tip_ref = k.ref`.execute(tx);
    const heldKeys = new Set(held.rows.map((r) => r.k));
    const fresh: Array<RowWithLine<DealerTipRow>> = [];
    const seen = new Set<string>();
    for (const r of rows) {
      const k = `${r.row.licence_number}/${r.row.tip_id}`;
      if (heldKeys.has(k) || seen.has(k)) result.duplicates++;
      else {
        seen.add(k);
        fresh.push(r);
      }
    }
    if (fresh.length === 0) return result;
    const dealers = await dealerIds(tx, fresh.map((r) => r.row.licence_number));
    const withSubject = fresh.filter((r) => hasPerson(personFields(r.row, 'subject_')));
    const ids = await (ctx.bulk ?? bulkFromKysely(tx)).reserveIds({ person_records: withSubject.length });
    const personOf = new Map<RowWithLine<DealerTipRow>, number>();
    const attributes: AttributeRow[] = [];
    const persons = withSubject.map((r, i) => {
      const id = ids.person_records[i];
      personOf.set(r, id);
      const ref = `${ctx.fileName}:${r.line}`;
      const p = personFields(r.row, 'subject_');
      const cols = personColumns(p, r.raw, 'subject_');
      const observed = r.row.event_date ?? r.row.tip_date;
      const attr = (kind: AttributeRow['kind'], v: { raw: string; norm: string } | null) => {
        if (v) attributes.push({ person_record_id: id, kind, value_raw: v.raw, value_norm: v.norm, observed_on: observed, source_kind: SOURCE, source_ref: ref });
      };
      attr('address', addressAttribute(p, cols));
      attr('phone', phoneAttribute(p, cols));
      attr('vehicle', vehicleOf(r.row));
      if (r.row.companion_description) {
        attr('companion', { raw: r.row.companion_description, norm: simplifyText(r.row.companion_description) });
      }
      const aliases = p.aliases ? p.aliases.split(';').map((a) => a.trim()).filter(Boolean) : [];
      for (const a of aliases) attr('alias', { raw: a, norm: simplifyText(a) });
      return {
        id,
        role: 'tip_subject',
        ...cols,
        aliases,
        agency_id: ctx.agencyId,
        source_kind: SOURCE,
        source_ref: ref,
        import_batch_id: ctx.batchId,
      };
    });
    for (const chunk of chunksUnderParamLimit(persons)) await tx.insertInto('person_records').values(chunk).execute();
    for (const chunk of chunksUnderParamLimit(attributes)) await tx.insertInto('person_attributes').values(chunk).execute();
    const values = fresh.map((r) => ({
      tip_ref: r.row.tip_id,
      dealer_id: dealers.get(r.row.licence_number) ?? null,
      dealer_licence: r.row.licence_number,
      tip_date: r.row.tip_date,
      event_date: r.row.event_date ?? null,
      narrative: r.row.narrative,
      person_record_id: personOf.get(r) ?? null,
      companion_description: r.row.companion_description ?? null,
      vehicle: vehicleOf(r.row)?.raw ?? null,
      payment_method: r.row.payment_method ?? null,
      payment_amount: r.row.payment_amount ?? null,
      firearms_description: r.row.firearms_description ?? null,
      source_kind: SOURCE,
      source_ref: `${ctx.fileName}:${r.line}`,
      import_batch_id: ctx.batchId,
    }));
    for (const chunk of chunksUnderParamLimit(values)) await tx.insertInto('dealer_tips').values(chunk).execute();
    result.inserted = fresh.length;
    return result;
  },
};
