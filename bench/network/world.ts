/**
 * A synthetic world for the network benchmark, written straight into the core tables with explicit ids: lawful
 * buyers in households (some buying twice, so that two records make one person), crime guns resold and recovered
 * from other people, a few hub addresses (a shelter, a mail drop), and trafficking rings: a recruiter holding the
 * ring's phones, vehicle and payer card, straw buyers each on several multiple-sale reports, and a trafficker from
 * whom many of the ring's guns are recovered. Deterministic for a seed; every name is invented.
 */
import type { BulkColumn, BulkInserter, BulkType } from '../../src/features/ingest/bulk.js';

export interface WorldOptions {
  records: number;
  seed: number;
  agencies: number[];
  onProgress?: (records: number) => void;
}

export interface RingTruth {
  recruiter: number;
  trafficker: number;
  /** First record of each straw buyer. */
  buyers: number[];
}

export interface WorldTruth {
  rings: RingTruth[];
  counts: Record<string, number>;
}

const GIVEN = ['Ana', 'Luis', 'Maria', 'Jose', 'Carmen', 'Juan', 'Rosa', 'Pedro', 'Elena', 'Miguel', 'Sofia', 'Diego', 'Lucia', 'Jorge', 'Paula', 'Raul', 'Sara', 'Ivan', 'Nora', 'Hugo', 'James', 'Mary', 'John', 'Linda', 'Robert', 'Susan', 'Michael', 'Karen', 'David', 'Lisa', 'Daniel', 'Nancy', 'Mark', 'Betty', 'Paul', 'Sandra', 'Steven', 'Donna', 'Kevin', 'Carol'];
const SURNAMES = ['Garcia', 'Lopez', 'Martinez', 'Hernandez', 'Gonzalez', 'Perez', 'Sanchez', 'Ramirez', 'Torres', 'Flores', 'Rivera', 'Gomez', 'Diaz', 'Reyes', 'Morales', 'Cruz', 'Ortiz', 'Gutierrez', 'Chavez', 'Ramos', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis'];
const STREETS = ['Palm', 'Oak', 'Mesa', 'Saguaro', 'Camelback', 'Indian School', 'Van Buren', 'McDowell', 'Baseline', 'Broadway', 'Main', 'Central', 'Grand', 'Glendale', 'Thomas', 'Osborn'];
const CITIES = ['Phoenix AZ 850', 'Tucson AZ 857', 'Mesa AZ 852', 'El Paso TX 799', 'Laredo TX 780', 'San Diego CA 921', 'Albuquerque NM 871', 'Yuma AZ 853'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = Record<string, string | number | boolean | null>;

/** Column buffers for one table, flushed through the bulk inserter in batches. */
class Table {
  rows: Row[] = [];
  count = 0;
  constructor(
    readonly name: string,
    readonly types: Record<string, BulkType>,
  ) {}
  push(r: Row): void {
    this.rows.push(r);
    this.count++;
  }
  async flush(bulk: BulkInserter): Promise<void> {
    if (this.rows.length === 0) return;
    const cols: Record<string, BulkColumn> = {};
    for (const [c, type] of Object.entries(this.types)) cols[c] = { type, values: this.rows.map((r) => r[c] ?? null) };
    await bulk.insert(this.name, cols);
    this.rows = [];
  }
}

export async function loadWorld(bulk: BulkInserter, o: WorldOptions): Promise<WorldTruth> {
  const r = rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const day = (y0: number, span: number) => new Date(Date.UTC(y0, 0, 1) + int(0, span) * 86_400_000).toISOString().slice(0, 10);

  const dealers = new Table('dealers', { id: 'bigint', licence_number: 'text', licence_type: 'text', name: 'text', city: 'text', state: 'text', source_kind: 'text', source_ref: 'text' });
  const persons = new Table('person_records', {
    id: 'bigint', role: 'text', given_name: 'text', surname: 'text', given_norm: 'text', surname_norm: 'text', dob: 'date',
    agency_id: 'bigint', source_kind: 'text', source_ref: 'text',
  });
  const attrs = new Table('person_attributes', { id: 'bigint', person_record_id: 'bigint', kind: 'text', value_raw: 'text', value_norm: 'text', observed_on: 'date', source_kind: 'text', source_ref: 'text' });
  const firearms = new Table('firearms', { id: 'bigint', maker: 'text', model: 'text', caliber: 'text', serial_raw: 'text', serial_norm: 'text', serial_key: 'text', source_kind: 'text', source_ref: 'text' });
  const sales = new Table('sales', { id: 'bigint', firearm_id: 'bigint', dealer_id: 'bigint', buyer_record_id: 'bigint', sold_on: 'date', payment_method: 'text', source_kind: 'text', source_ref: 'text' });
  const traces = new Table('trace_requests', {
    id: 'bigint', trace_number: 'text', agency_id: 'bigint', firearm_id: 'bigint', possessor_record_id: 'bigint', buyer_record_id: 'bigint',
    dealer_id: 'bigint', sale_date: 'date', status: 'text', due_at: 'date', source_kind: 'text', source_ref: 'text',
  });
  const assocs = new Table('associations', { id: 'bigint', record_a_id: 'bigint', record_b_id: 'bigint', kind: 'text', observed_on: 'date', source_kind: 'text', source_ref: 'text' });
  const tables = [dealers, persons, attrs, firearms, sales, traces, assocs];

  const DEALERS = 3000;
  for (let i = 1; i <= DEALERS; i++) {
    dealers.push({ id: i, licence_number: `9-86-${String(i).padStart(5, '0')}`, licence_type: '01', name: `Dealer ${i}`, city: 'Phoenix', state: 'AZ', source_kind: 'bench', source_ref: `bench:dealer:${i}` });
  }

  let personSeq = 0;
  let attrSeq = 0;
  let gunSeq = 0;
  let traceSeq = 0;
  let assocSeq = 0;
  let phoneSeq = 0;
  let addressSeq = 0;

  interface Identity { given: string; surname: string; dob: string; agency: number }
  const newIdentity = (): Identity => {
    return { given: pick(GIVEN), surname: pick(SURNAMES), dob: day(1950, 18_000), agency: pick(o.agencies) };
  };
  const record = (id: Identity, role: string): number => {
    const pid = ++personSeq;
    persons.push({
      id: pid, role, given_name: id.given, surname: id.surname, given_norm: id.given.toUpperCase(), surname_norm: id.surname.toUpperCase(),
      dob: id.dob, agency_id: id.agency, source_kind: 'bench', source_ref: `bench:person:${pid}`,
    });
    return pid;
  };
  const attr = (rec: number, kind: string, value: string, on: string) => {
    const aid = ++attrSeq;
    attrs.push({ id: aid, person_record_id: rec, kind, value_raw: value, value_norm: value.toUpperCase(), observed_on: on, source_kind: 'bench', source_ref: `bench:attr:${aid}` });
  };
  const newAddress = () => `${int(1, 9999)} ${pick(STREETS)} St #${++addressSeq}, ${pick(CITIES)}${int(10, 99)}`;
  const newPhone = () => `+1602${String(++phoneSeq).padStart(7, '0')}`;
  const buy = (rec: number, dealer: number, on: string, guns: number, payment: string): number[] => {
    const ids: number[] = [];
    for (let g = 0; g < guns; g++) {
      const fid = ++gunSeq;
      const serial = `S${fid.toString(36).toUpperCase()}`;
      firearms.push({ id: fid, maker: pick(['Century Arms', 'FN Herstal', 'Ruger', 'Glock', 'Smith & Wesson']), model: 'M', caliber: '7.62x39', serial_raw: serial, serial_norm: serial, serial_key: serial, source_kind: 'bench', source_ref: `bench:gun:${fid}` });
      sales.push({ id: fid, firearm_id: fid, dealer_id: dealer, buyer_record_id: rec, sold_on: on, payment_method: payment, source_kind: 'multiple_sale', source_ref: `bench:sale:${fid}` });
      ids.push(fid);
    }
    return ids;
  };
  const trace = (gun: number, possessor: number, buyer: number, dealer: number, sold: string, agency: number) => {
    const tid = ++traceSeq;
    traces.push({ id: tid, trace_number: `BT${tid}`, agency_id: agency, firearm_id: gun, possessor_record_id: possessor, buyer_record_id: buyer, dealer_id: dealer, sale_date: sold, status: 'completed', due_at: sold, source_kind: 'bench', source_ref: `bench:trace:${tid}` });
  };

  const rings: RingTruth[] = [];
  let household: { address: string; phone: string | null; left: number } | null = null;
  let lastFlush = 0;

  while (personSeq < o.records) {
    if (r() < 0.012) {
      // A ring: its size skewed small (ATF: most cases five guns or fewer), a few large ones.
      const size = Math.min(40, 3 + Math.floor(-Math.log(1 - r()) * 6));
      const agency = pick(o.agencies);
      const recruiterId = { ...newIdentity(), agency };
      const traffickerId = { ...newIdentity(), agency };
      const recruiter = record(recruiterId, 'tip_subject');
      const phones = Array.from({ length: int(1, 3) }, newPhone);
      const vehicle = `AZ ${String(rings.length).padStart(6, '0')}`;
      const payer = `CARD *${String(rings.length).padStart(6, '0')}`;
      for (const ph of phones) attr(recruiter, 'phone', ph, day(2009, 700));
      attr(recruiter, 'vehicle', vehicle, day(2009, 700));
      const trafficker = record(traffickerId, 'possessor');
      const a = ++assocSeq;
      assocs.push({ id: a, record_a_id: recruiter, record_b_id: trafficker, kind: 'associate', observed_on: day(2009, 700), source_kind: 'bench', source_ref: `bench:assoc:${a}` });
      const buyers: number[] = [];
      let sharedAddress = newAddress();
      for (let m = 0; m < size; m++) {
        const id = { ...newIdentity(), agency };
        if (m % 2 === 0) sharedAddress = newAddress();
        const reports = int(1, 3);
        for (let k = 0; k < reports; k++) {
          const rec = record(id, 'msr_buyer');
          if (k === 0) buyers.push(rec);
          const on = day(2009, 700);
          attr(rec, 'phone', pick(phones), on);
          attr(rec, 'address', sharedAddress, on);
          if (r() < 0.3) attr(rec, 'vehicle', vehicle, on);
          if (r() < 0.5) attr(rec, 'payer', payer, on);
          const dealer = int(1, DEALERS);
          for (const gun of buy(rec, dealer, on, int(2, 6), 'cash')) {
            if (r() < 0.4) {
              // Recovered: each trace writes a new possessor record; the same name and birth date make it one person.
              const possessor = r() < 0.8 ? record(traffickerId, 'possessor') : record({ ...newIdentity(), agency }, 'possessor');
              trace(gun, possessor, rec, dealer, on, agency);
            }
          }
        }
      }
      rings.push({ recruiter, trafficker, buyers });
    } else {
      const id = newIdentity();
      if (!household || household.left <= 0) household = { address: newAddress(), phone: r() < 0.3 ? newPhone() : null, left: r() < 0.6 ? 1 : int(2, 4) };
      household.left--;
      const times = r() < 0.15 ? 2 : 1;
      for (let k = 0; k < times; k++) {
        const rec = record(id, 'msr_buyer');
        const on = day(2005, 6000);
        attr(rec, 'address', household.address, on);
        if (r() < 0.7) attr(rec, 'phone', household.phone ?? newPhone(), on);
        if (r() < 0.1) attr(rec, 'vehicle', `TX ${int(100000, 999999)}`, on);
        const dealer = int(1, DEALERS);
        for (const gun of buy(rec, dealer, on, int(1, 3), r() < 0.3 ? 'cash' : 'card')) {
          if (r() < 0.03) {
            const possessor = record(newIdentity(), 'possessor');
            trace(gun, possessor, rec, dealer, on, pick(o.agencies));
          }
        }
      }
    }
    if (personSeq - lastFlush >= 20_000) {
      for (const t of tables) await t.flush(bulk);
      lastFlush = personSeq;
      o.onProgress?.(personSeq);
    }
  }
  // Hub addresses: a shelter and mail drops that hundreds of unrelated people give.
  for (let h = 0; h < 20; h++) {
    const hub = `1 Mail Drop Way #${h}, Phoenix AZ 85001`;
    for (let k = 0; k < 150; k++) attr(int(1, personSeq), 'address', hub, day(2008, 1000));
  }
  for (const t of tables) await t.flush(bulk);
  const counts = Object.fromEntries(tables.map((t) => [t.name, t.count]));
  return { rings, counts };
}
