/**
 * Synthetic records written straight into the core tables for the network tests: people, their attributes, guns,
 * sales, traces, associations and case subjects, each with provenance. Names are invented.
 */
import type { Tx } from '../../../db/types.js';

export interface PersonSpec {
  given: string;
  surname: string;
  dob?: string;
  agency?: number | null;
  idNumber?: string;
  idState?: string;
  phone?: string;
  role?: string;
}

let refSeq = 0;
const ref = (what: string) => `fixture:${what}:${++refSeq}`;

export class NetworkFixture {
  constructor(private readonly tx: Tx) {}

  async agency(ori: string, kind: 'police' | 'atf' = 'police'): Promise<number> {
    const found = await this.tx.selectFrom('agencies').select('id').where('ori', '=', ori).executeTakeFirst();
    if (found) return found.id;
    return (await this.tx.insertInto('agencies').values({ ori, name: `Agency ${ori}`, kind }).returning('id').executeTakeFirstOrThrow()).id;
  }

  async person(p: PersonSpec): Promise<number> {
    const r = await this.tx
      .insertInto('person_records')
      .values({
        role: p.role ?? 'msr_buyer',
        given_name: p.given,
        surname: p.surname,
        given_norm: p.given.toUpperCase(),
        surname_norm: p.surname.toUpperCase(),
        dob: p.dob ?? null,
        id_number: p.idNumber ?? null,
        id_state: p.idState ?? null,
        phone: p.phone ?? null,
        agency_id: p.agency ?? null,
        source_kind: 'fixture',
        source_ref: ref('person'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async attr(person: number, kind: 'address' | 'phone' | 'vehicle' | 'payer', value: string, on = '2010-01-15'): Promise<number> {
    const r = await this.tx
      .insertInto('person_attributes')
      .values({ person_record_id: person, kind, value_raw: value, value_norm: value.toUpperCase(), observed_on: on, source_kind: 'fixture', source_ref: ref(kind) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async dealer(licence: string, name: string): Promise<number> {
    const r = await this.tx
      .insertInto('dealers')
      .values({ licence_number: licence, licence_type: '01', name, city: 'Phoenix', state: 'AZ', source_kind: 'fixture', source_ref: ref('dealer') })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async firearm(maker: string, serial: string): Promise<number> {
    const r = await this.tx
      .insertInto('firearms')
      .values({ maker, maker_raw: maker, model: 'WASR-10', caliber: '7.62x39', serial_raw: serial, serial_norm: serial, serial_key: serial, source_kind: 'fixture', source_ref: ref('firearm') })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async sale(buyer: number, dealer: number, firearm: number, on: string): Promise<number> {
    const r = await this.tx
      .insertInto('sales')
      .values({ buyer_record_id: buyer, dealer_id: dealer, firearm_id: firearm, sold_on: on, payment_method: 'cash', source_kind: 'multiple_sale', source_ref: ref('sale') })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  /** A completed trace of a recovered gun: its possessor, and the first buyer the dealer named. */
  async trace(o: { agency: number; firearm: number; possessor: number; buyer?: number; dealer?: number; saleDate?: string; submitted: string }): Promise<number> {
    const r = await this.tx
      .insertInto('trace_requests')
      .values({
        trace_number: ref('T'),
        agency_id: o.agency,
        firearm_id: o.firearm,
        possessor_record_id: o.possessor,
        buyer_record_id: o.buyer ?? null,
        dealer_id: o.dealer ?? null,
        sale_date: o.saleDate ?? null,
        status: 'completed',
        submitted_at: new Date(`${o.submitted}T12:00:00Z`),
        due_at: new Date(`${o.submitted}T12:00:00Z`),
        source_kind: 'fixture',
        source_ref: ref('trace'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async associate(a: number, b: number, on = '2010-02-01'): Promise<number> {
    const r = await this.tx
      .insertInto('associations')
      .values({ record_a_id: a, record_b_id: b, kind: 'associate', observed_on: on, source_kind: 'fixture', source_ref: ref('assoc') })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async caseWith(agency: number, number: string, subjects: number[]): Promise<number> {
    const c = await this.tx
      .insertInto('cases')
      .values({ case_number: number, agency_id: agency, title: `Case ${number}`, opened_on: '2010-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const s of subjects) {
      await this.tx.insertInto('case_subjects').values({ case_id: c.id, person_record_id: s, source_kind: 'fixture', source_ref: ref('subject') }).execute();
    }
    return c.id;
  }
}

/**
 * The ring of the tests, in agency `agency`:
 * - straw buyers Ana, Beto and Carla share a phone; Ana and Beto also share an address;
 * - Carla bought a rifle at Desert Guns that was recovered from Tomas, the trafficker: two person steps from Ana;
 * - Ana appears twice (a second record with the same name and birth date): one person;
 * - Lola, a lawful buyer at the same dealer, shares nothing with them.
 */
export async function insertRing(tx: Tx, agency: number) {
  const f = new NetworkFixture(tx);
  const ana = await f.person({ given: 'Ana', surname: 'Ruiz', dob: '1990-03-04', agency });
  const ana2 = await f.person({ given: 'Ana', surname: 'Ruiz', dob: '1990-03-04', agency, role: 'trace_buyer' });
  const beto = await f.person({ given: 'Beto', surname: 'Salas', dob: '1988-07-21', agency });
  const carla = await f.person({ given: 'Carla', surname: 'Vega', dob: '1992-11-30', agency });
  const tomas = await f.person({ given: 'Tomas', surname: 'Mora', dob: '1979-01-02', agency, role: 'possessor' });
  const lola = await f.person({ given: 'Lola', surname: 'Paz', dob: '1965-05-05', agency });
  const phoneA = await f.attr(ana, 'phone', '+16025550101', '2010-01-10');
  const phoneB = await f.attr(beto, 'phone', '+16025550101', '2010-01-12');
  const phoneC = await f.attr(carla, 'phone', '+16025550101', '2010-01-14');
  const addrA = await f.attr(ana2, 'address', '12 Palm St, Phoenix AZ 85001', '2010-01-10');
  const addrB = await f.attr(beto, 'address', '12 Palm St, Phoenix AZ 85001', '2010-01-12');
  await f.attr(lola, 'address', '9 Oak Ave, Tempe AZ 85281', '2010-01-10');
  const dealer = await f.dealer('9-86-000-01-1A-00001', 'Desert Guns');
  const rifle = await f.firearm('Century Arms', 'RO1234-5678');
  const otherRifle = await f.firearm('Century Arms', 'RO9999-0001');
  const sale = await f.sale(carla, dealer, rifle, '2010-01-16');
  await f.sale(lola, dealer, otherRifle, '2010-01-20');
  const trace = await f.trace({ agency, firearm: rifle, possessor: tomas, submitted: '2010-02-05' });
  return { ana, ana2, beto, carla, tomas, lola, dealer, rifle, sale, trace, phoneA, phoneB, phoneC, addrA, addrB };
}
