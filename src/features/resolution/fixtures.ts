/**
 * Synthetic person records for the resolution tests: a background population from the engine's generator (so that
 * EM has something to learn from) and named people written as different sources would write them. Every name,
 * date and number here is invented.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { parseDate } from '../../domain/dates.js';
import { normalizePersonName, phoneticKey } from '../../domain/names.js';
import { generatePeople } from './engine/synthetic.js';
import type { PersonInput } from './engine/types.js';

export interface RecordSpec {
  role?: string;
  given_name?: string;
  middle_name?: string;
  surname?: string;
  maternal_surname?: string;
  dob?: string;
  sex?: string;
  id_number?: string;
  street?: string;
  city?: string;
  state?: string;
  postcode?: string;
  phone?: string;
  agency_id?: number | null;
  source_kind?: string;
  source_ref?: string;
}

let counter = 0;

/** Inserts person records as an importer would (names as written beside their normalised forms); returns their ids. */
export async function insertRecords(tx: Tx, specs: RecordSpec[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < specs.length; i += 500) {
    const rows = specs.slice(i, i + 500).map((s) => {
      const surnames = [s.surname, s.maternal_surname].filter(Boolean).join(' ');
      return {
        role: s.role ?? 'msr_buyer',
        given_name: s.given_name ?? null,
        middle_name: s.middle_name ?? null,
        surname: s.surname ?? null,
        maternal_surname: s.maternal_surname ?? null,
        full_name: [s.given_name, s.middle_name, s.surname, s.maternal_surname].filter(Boolean).join(' ') || null,
        given_norm: s.given_name ? normalizePersonName(s.given_name) : null,
        surname_norm: surnames ? normalizePersonName(surnames) : null,
        surname_phonetic: surnames ? phoneticKey(surnames) || null : null,
        dob: s.dob ?? null,
        dob_raw: s.dob ?? null,
        sex: s.sex ?? null,
        id_number: s.id_number ?? null,
        street_raw: s.street ?? null,
        city: s.city ?? null,
        state: s.state ?? null,
        postcode: s.postcode ?? null,
        phone: s.phone ?? null,
        agency_id: s.agency_id ?? null,
        source_kind: s.source_kind ?? 'test',
        source_ref: s.source_ref ?? `fixture:${++counter}`,
      };
    });
    const out = await tx.insertInto('person_records').values(rows).returning('id').execute();
    ids.push(...out.map((r) => r.id));
  }
  return ids;
}

function toSpec(p: PersonInput): RecordSpec {
  return {
    given_name: p.given_name ?? undefined,
    surname: p.surname ?? undefined,
    maternal_surname: p.maternal_surname ?? undefined,
    // The generator writes impossible dates on purpose (typos); the importer would reject those.
    dob: p.dob && /^\d{4}-\d{2}-\d{2}$/.test(p.dob) && parseDate(p.dob).ok ? p.dob : undefined,
    sex: p.sex ?? undefined,
    id_number: p.id_number ?? undefined,
    street: [p.street_number, p.street].filter(Boolean).join(' ') || undefined,
    city: p.city ?? undefined,
    state: p.state ?? undefined,
    postcode: p.postcode ?? undefined,
    phone: p.phone ?? undefined,
  };
}

/** A background population of n generated records (with the generator's own noise and duplicates). */
export async function insertBackground(tx: Tx, n: number, seed = 3): Promise<number[]> {
  const g = generatePeople(n, seed);
  return insertRecords(tx, g.records.map((r) => ({ ...toSpec(r), source_ref: `background:${r.id}` })));
}

export async function agencyId(tx: Tx, ori: string, kind = 'police'): Promise<number> {
  const r = await sql<{ id: number }>`
    INSERT INTO agencies (ori, name, kind) VALUES (${ori}, ${`Agency ${ori}`}, ${kind})
    ON CONFLICT (ori) DO UPDATE SET name = EXCLUDED.name RETURNING id`.execute(tx);
  return r.rows[0].id;
}

/** The family of the house rule: father, mother, son and daughter share surname, address and phone. */
export const HOME = { street: '412 Calle Hidalgo', city: 'Nogales', state: 'AZ', postcode: '85621', phone: '+15205550143' };
export const FAMILY: RecordSpec[] = [
  { given_name: 'Juan', surname: 'Garcia', maternal_surname: 'Hernandez', dob: '1961-04-09', sex: 'M', id_number: 'G7734120', ...HOME },
  { given_name: 'Maria', surname: 'Lopez', maternal_surname: 'Ruiz', dob: '1963-07-30', sex: 'F', ...HOME },
  { given_name: 'Luis', surname: 'Garcia', maternal_surname: 'Lopez', dob: '1988-11-23', sex: 'M', ...HOME },
  { given_name: 'Rosa', surname: 'Garcia', maternal_surname: 'Lopez', dob: '1991-02-14', sex: 'F', ...HOME },
];
