/**
 * A small builder of synthetic rows in the core tables, for the detection and sales tests (the importer is another
 * feature; these tests write the rows it would write). Every name and number here is invented.
 */
import type { Tx } from '../../db/types.js';
import { serialMatchKey, normalizeSerial } from '../../domain/serial.js';

export interface GunSpec {
  maker?: string;
  model?: string;
  caliber?: string;
  type?: string;
  serial?: string;
  action?: string;
  detachableMagazine?: boolean;
  obliterated?: boolean;
}

export const AK: GunSpec = { maker: 'Century Arms', model: 'WASR-10', caliber: '7.62x39mm', type: 'rifle', action: 'semi_automatic', detachableMagazine: true };
export const AR: GunSpec = { maker: 'Smith & Wesson', model: 'M&P15', caliber: '5.56x45mm NATO', type: 'rifle', action: 'semi_automatic', detachableMagazine: true };
export const FN57: GunSpec = { maker: 'FN Herstal', model: 'Five-seveN', caliber: '5.7x28mm', type: 'pistol', action: 'semi_automatic' };
export const GLOCK: GunSpec = { maker: 'Glock', model: '19', caliber: '9mm Luger', type: 'pistol', action: 'semi_automatic' };
export const RUGER_LCR: GunSpec = { maker: 'Ruger', model: 'LCR', caliber: '.38 Special', type: 'revolver' };
export const DEER_RIFLE: GunSpec = { maker: 'Remington', model: '700', caliber: '.308 Winchester', type: 'rifle', action: 'bolt', detachableMagazine: false };

// Shared by every builder in a test file, so that licence numbers and refs never collide.
let counter = 0;

export class Fixture {
  private agencyId: number | null = null;

  constructor(private readonly tx: Tx) {}

  private next(): number {
    return ++counter;
  }

  async agency(): Promise<number> {
    if (this.agencyId !== null) return this.agencyId;
    const r = await this.tx
      .insertInto('agencies')
      .values({ ori: `TX${String(Date.now() % 1e7).padStart(7, '0')}`, name: 'Test Police' })
      .onConflict((oc) => oc.column('ori').doUpdateSet({ name: 'Test Police' }))
      .returning('id')
      .executeTakeFirstOrThrow();
    this.agencyId = r.id;
    return r.id;
  }

  async dealer(o: { state?: string; city?: string; licenceType?: string; businessDays?: number[]; name?: string; lat?: number; lon?: number } = {}): Promise<{ id: number; licence: string }> {
    const k = this.next();
    const type = o.licenceType ?? '01';
    const licence = `9-86-013-${type}-2A-${String(k).padStart(5, '0')}`;
    const r = await this.tx
      .insertInto('dealers')
      .values({
        licence_number: licence, licence_type: type, name: o.name ?? `Test Guns ${k}`, state: o.state ?? 'AZ', city: o.city ?? null,
        business_days: o.businessDays ?? [1, 2, 3, 4, 5], source_kind: 'test', source_ref: `fixture:${k}`,
        lat: o.lat ?? null, lon: o.lon ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: r.id, licence };
  }

  /** A new person record (one appearance). Same name and birth date, or same ID number: the same subject. */
  async person(o: { given: string; surname: string; dob?: string | null; idNumber?: string; idState?: string; street?: string; postcode?: string; city?: string; state?: string; phone?: string; role?: string }): Promise<number> {
    const k = this.next();
    const r = await this.tx
      .insertInto('person_records')
      .values({
        role: o.role ?? 'buyer', given_name: o.given, surname: o.surname, given_norm: o.given.toUpperCase(), surname_norm: o.surname.toUpperCase(),
        dob: o.dob === undefined ? '1990-01-01' : o.dob, id_number: o.idNumber ?? null, id_state: o.idState ?? null,
        street_raw: o.street ?? null, street_norm: o.street?.toUpperCase() ?? null, postcode: o.postcode ?? null, city: o.city ?? null,
        state: o.state ?? 'AZ', phone: o.phone ?? null, source_kind: 'test', source_ref: `fixture:${k}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async attribute(personRecordId: number, kind: 'payer' | 'vehicle' | 'phone' | 'address', value: string): Promise<void> {
    await this.tx
      .insertInto('person_attributes')
      .values({ person_record_id: personRecordId, kind, value_raw: value, value_norm: value.toUpperCase(), source_kind: 'test', source_ref: 'fixture' })
      .execute();
  }

  async firearm(g: GunSpec, sourceKind = 'test'): Promise<number> {
    const k = this.next();
    const serial = g.serial ?? `SN${String(k).padStart(6, '0')}`;
    const r = await this.tx
      .insertInto('firearms')
      .values({
        serial_raw: serial, serial_norm: normalizeSerial(serial), serial_key: serialMatchKey(serial), obliterated: g.obliterated ?? false,
        maker: g.maker ?? null, maker_raw: g.maker ?? null, model: g.model ?? null, caliber: g.caliber ?? null, caliber_raw: g.caliber ?? null,
        firearm_type: g.type ?? null, action: g.action ?? null, detachable_magazine: g.detachableMagazine ?? null,
        source_kind: sourceKind, source_ref: `fixture:${k}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  /** A multiple-sale report with one item per gun; each gun may carry its own transfer date (default: the report date). */
  async report(o: {
    dealer: { id: number; licence: string }; buyer: number; date: string; guns: Array<GunSpec & { date?: string }>;
    form?: '3310.4' | '3310.12'; cash?: boolean; connected?: boolean; earlier?: string; gunShow?: string;
  }): Promise<{ id: number; firearmIds: number[] }> {
    const k = this.next();
    const form = o.form ?? (o.guns.every((g) => g.type === 'rifle') ? '3310.12' : '3310.4');
    const r = await this.tx
      .insertInto('multiple_sale_reports')
      .values({
        report_ref: `R${k}`, form, report_date: o.date, dealer_id: o.dealer.id, dealer_licence: o.dealer.licence,
        connected_to_earlier: o.connected ?? false, earlier_sale_date: o.earlier ?? null, buyer_record_id: o.buyer,
        gun_show_or_event: o.gunShow ?? null,
        payment_method: o.cash ? 'cash' : 'credit_card', source_kind: 'test', source_ref: `fixture:${k}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids: number[] = [];
    let item = 0;
    for (const g of o.guns) {
      const fid = await this.firearm(g, 'multiple_sale');
      ids.push(fid);
      await this.tx
        .insertInto('multiple_sale_items')
        .values({ report_id: r.id, item_no: ++item, firearm_id: fid, transfer_date: g.date ?? o.date, source_ref: `fixture:${k}:${item}` })
        .execute();
    }
    return { id: r.id, firearmIds: ids };
  }

  /** A completed trace of a recovered gun back to its first buyer. */
  async trace(o: {
    dealer: { id: number; licence: string } | null; buyer: number; saleDate: string; gun: GunSpec; recoveredOn: string;
    country?: string; state?: string | null; mxState?: string | null; possessor?: number | null; completedOn?: string; caseNumber?: string;
  }): Promise<{ traceId: number; firearmId: number }> {
    const k = this.next();
    const agency = await this.agency();
    const fid = await this.firearm(o.gun, 'trace_request');
    const rec = await this.tx
      .insertInto('recoveries')
      .values({
        firearm_id: fid, agency_id: agency, recovered_on: o.recoveredOn, country: o.country ?? 'US',
        state: o.country === 'MX' ? null : (o.state ?? 'AZ'), mx_state: o.mxState ?? null,
        possessor_record_id: o.possessor ?? null, source_kind: 'test', source_ref: `fixture:${k}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const completed = o.completedOn ?? o.recoveredOn;
    const ttc = Math.round((Date.parse(o.recoveredOn) - Date.parse(o.saleDate)) / 86_400_000);
    const t = await this.tx
      .insertInto('trace_requests')
      .values({
        trace_number: `T${Date.now()}-${k}`, agency_id: agency, firearm_id: fid, recovery_id: rec.id,
        possessor_record_id: o.possessor ?? null, status: 'completed', due_at: new Date(`${completed}T12:00:00Z`),
        submitted_at: new Date(`${o.recoveredOn}T12:00:00Z`), completed_at: new Date(`${completed}T12:00:00Z`),
        dealer_id: o.dealer?.id ?? null, dealer_licence: o.dealer?.licence ?? null, sale_date: o.saleDate, buyer_record_id: o.buyer,
        ttc_days: ttc, requester_case_number: o.caseNumber ?? null, source_kind: 'test', source_ref: `fixture:${k}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { traceId: t.id, firearmId: fid };
  }

  async tip(o: { dealer: { id: number; licence: string }; person: number; date: string; narrative: string }): Promise<number> {
    const k = this.next();
    const r = await this.tx
      .insertInto('dealer_tips')
      .values({ dealer_id: o.dealer.id, dealer_licence: o.dealer.licence, tip_date: o.date, narrative: o.narrative, person_record_id: o.person, source_kind: 'test', source_ref: `fixture:${k}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }
}
