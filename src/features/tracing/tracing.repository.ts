import type { Tx } from '../../db/types.js';

export interface HopRow {
  role: string;
  licence_number: string | null;
  name: string | null;
  received_on: string | null;
  disposed_on: string | null;
  state: string | null;
  country: string | null;
  person_record_id: number | null;
  entered_by: number | null;
  source_kind: string;
  source_ref: string;
}

export const tracingRepository = {
  findTraceByRefAnyAgency(tx: Tx, requestRef: string) {
    return tx.selectFrom('trace_requests').select(['id', 'agency_id', 'status']).where('request_ref', '=', requestRef).execute();
  },

  findTrace(tx: Tx, id: number) {
    return tx.selectFrom('trace_requests').selectAll().where('id', '=', id).executeTakeFirst();
  },

  lockTrace(tx: Tx, id: number) {
    return tx.selectFrom('trace_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** Other traces of a gun with this match key (and the same maker when both name one), oldest first. */
  sameGunTraces(tx: Tx, serialKey: string, maker: string | null, excludeId: number) {
    return tx
      .selectFrom('firearms as f')
      .innerJoin('trace_requests as t', 't.firearm_id', 'f.id')
      .leftJoin('recoveries as r', 'r.id', 't.recovery_id')
      .select([
        't.id', 't.trace_number', 't.agency_id', 't.status', 't.not_completed_reason', 't.dealer_licence', 't.dealer_id',
        't.dealer_name', 't.sale_date', 't.buyer_record_id', 't.duplicate_of', 'r.recovered_on', 'f.maker',
      ])
      .where('f.serial_key', '=', serialKey)
      .where('t.id', '!=', excludeId)
      .where((eb) => (maker === null ? eb.val(true) : eb.or([eb('f.maker', 'is', null), eb('f.maker', '=', maker)])))
      .orderBy('t.id')
      .limit(50)
      .execute();
  },

  /** Multiple-sale items naming a gun with this match key (and maker), earliest sale first. */
  multipleSalesOf(tx: Tx, serialKey: string, maker: string | null) {
    return tx
      .selectFrom('firearms as f')
      .innerJoin('multiple_sale_items as i', 'i.firearm_id', 'f.id')
      .innerJoin('multiple_sale_reports as m', 'm.id', 'i.report_id')
      .leftJoin('dealers as d', 'd.id', 'm.dealer_id')
      .select([
        'i.id as item_id', 'i.transfer_date', 'm.id as report_id', 'm.report_ref', 'm.form', 'm.dealer_licence', 'm.dealer_id',
        'm.dealer_name', 'm.buyer_record_id', 'm.buyer_purged_at', 'd.state as dealer_state', 'd.name as dealer_registered_name',
      ])
      .where('f.serial_key', '=', serialKey)
      .where((eb) => (maker === null ? eb.val(true) : eb.or([eb('f.maker', 'is', null), eb('f.maker', '=', maker)])))
      .orderBy('i.transfer_date')
      .limit(5)
      .execute();
  },

  theftReportsOf(tx: Tx, serialKey: string, maker: string | null) {
    return tx
      .selectFrom('firearms as f')
      .innerJoin('theft_reports as th', 'th.firearm_id', 'f.id')
      .leftJoin('dealers as d', 'd.id', 'th.dealer_id')
      .select(['th.id', 'th.report_ref', 'th.dealer_licence', 'th.dealer_id', 'th.report_date', 'th.incident_date', 'th.theft_or_loss', 'd.name as dealer_name', 'd.state as dealer_state'])
      .where('f.serial_key', '=', serialKey)
      .where((eb) => (maker === null ? eb.val(true) : eb.or([eb('f.maker', 'is', null), eb('f.maker', '=', maker)])))
      .orderBy('th.report_date')
      .limit(5)
      .execute();
  },

  hops(tx: Tx, traceId: number) {
    return tx
      .selectFrom('trace_hops')
      .select([
        'id', 'seq', 'role', 'licence_number', 'name', 'received_on', 'disposed_on', 'state', 'country', 'person_record_id',
        'entered_by', 'source_kind', 'source_ref', 'created_at',
      ])
      .where('trace_id', '=', traceId)
      .orderBy('seq')
      .execute();
  },

  async maxHopSeq(tx: Tx, traceId: number): Promise<number> {
    const r = await tx.selectFrom('trace_hops').select((eb) => eb.fn.max('seq').as('m')).where('trace_id', '=', traceId).executeTakeFirst();
    return Number(r?.m ?? 0);
  },

  insertHop(tx: Tx, traceId: number, seq: number, h: HopRow) {
    return tx
      .insertInto('trace_hops')
      .values({ trace_id: traceId, seq, ...h })
      .onConflict((oc) => oc.columns(['trace_id', 'seq']).doNothing())
      .returning('id')
      .executeTakeFirst();
  },

  insertEvent(tx: Tx, traceId: number, from: string | null, to: string, actorId: number | null, note: string | null) {
    return tx.insertInto('trace_events').values({ trace_id: traceId, from_status: from, to_status: to, actor_id: actorId, note }).execute();
  },

  dealerByLicence(tx: Tx, licence: string) {
    return tx.selectFrom('dealers').select(['id', 'name', 'state', 'status']).where('licence_number', '=', licence).executeTakeFirst();
  },

  person(tx: Tx, id: number) {
    return tx.selectFrom('person_records').select(['id', 'given_name', 'surname', 'maternal_surname', 'dob']).where('id', '=', id).executeTakeFirst();
  },
};
