import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

/** Columns of a person record that identify someone; purge sets them to null and keeps the row as a tombstone. */
export const PERSON_PII_COLUMNS = [
  'given_name', 'middle_name', 'surname', 'maternal_surname', 'full_name', 'given_norm', 'surname_norm',
  'surname_phonetic', 'dob', 'dob_raw', 'place_of_birth', 'height_in', 'weight_lb', 'id_number', 'id_type',
  'id_state', 'street_raw', 'street_norm', 'phone', 'email', 'business_entity',
] as const;

export const retentionRepository = {
  /**
   * Multiple-sale reports due for purge: dated on or before the cutoff, buyer not yet purged, no gun of the report
   * traced (matched by folded serial and maker), and neither report nor buyer under an active legal hold.
   */
  findPurgeableReports(tx: Tx, cutoff: string, limit: number) {
    return tx
      .selectFrom('multiple_sale_reports as r')
      .select(['r.id', 'r.buyer_record_id', 'r.report_ref', 'r.dealer_licence', 'r.report_date'])
      .where('r.report_date', '<=', cutoff)
      .where('r.buyer_purged_at', 'is', null)
      .where('r.buyer_record_id', 'is not', null)
      .where('r.traced', '=', false)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('multiple_sale_items as i')
              .innerJoin('firearms as fi', 'fi.id', 'i.firearm_id')
              .innerJoin('firearms as ft', (j) => j.onRef('ft.serial_key', '=', 'fi.serial_key'))
              .innerJoin('trace_requests as t', 't.firearm_id', 'ft.id')
              .select(sql<number>`1`.as('one'))
              .whereRef('i.report_id', '=', 'r.id')
              .where((eb) => eb.or([eb('ft.maker', 'is', null), eb('fi.maker', 'is', null), eb('ft.maker', '=', eb.ref('fi.maker'))])),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('legal_holds as h')
              .select(sql<number>`1`.as('one'))
              .where('h.released_at', 'is', null)
              .where((eb) =>
                eb.or([
                  eb.and([eb('h.target_type', '=', 'multiple_sale_report'), eb('h.target_id', '=', sql<string>`r.id::text`)]),
                  eb.and([eb('h.target_type', '=', 'person_record'), eb('h.target_id', '=', sql<string>`r.buyer_record_id::text`)]),
                ]),
              ),
          ),
        ),
      )
      .orderBy('r.id')
      .limit(limit)
      .execute();
  },

  personRecords(tx: Tx, ids: number[]) {
    return tx.selectFrom('person_records').selectAll().where('id', 'in', ids).execute();
  },

  attributesOf(tx: Tx, ids: number[]) {
    return tx.selectFrom('person_attributes').selectAll().where('person_record_id', 'in', ids).execute();
  },

  async purgePersons(tx: Tx, ids: number[]) {
    await tx.deleteFrom('person_attributes').where('person_record_id', 'in', ids).execute();
    const nulls = Object.fromEntries(PERSON_PII_COLUMNS.map((c) => [c, null]));
    await tx.updateTable('person_records').set({ ...nulls, aliases: [] }).where('id', 'in', ids).execute();
  },

  markReportsPurged(tx: Tx, ids: number[], at: Date) {
    return tx.updateTable('multiple_sale_reports').set({ buyer_purged_at: at }).where('id', 'in', ids).execute();
  },

  placeHold(tx: Tx, h: { targetType: string; targetId: string; reason: string; placedBy: number | null }) {
    return tx
      .insertInto('legal_holds')
      .values({ target_type: h.targetType, target_id: h.targetId, reason: h.reason, placed_by: h.placedBy })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  releaseHold(tx: Tx, id: number) {
    return tx.updateTable('legal_holds').set({ released_at: new Date() }).where('id', '=', id).where('released_at', 'is', null).executeTakeFirst();
  },

  listHolds(tx: Tx) {
    return tx.selectFrom('legal_holds').selectAll().orderBy('id', 'desc').execute();
  },
};
