// Normalisation on the way in, with the rules of src/domain: each value is stored as written beside its normalised
// form (serial_raw/serial_norm/serial_key, maker_raw/maker, street_raw/street_norm, dob_raw/dob ...), so that a
// person can always see what the source said and matching can always compare like with like.
// Makers, calibers and surnames repeat across a file far more than they vary, so their results are memoised.
import { normalizeAddress, normalizePhone } from '../../domain/address.js';
import { normalizeCaliber } from '../../domain/calibers.js';
import { normalizeMxState, normalizeUsState } from '../../domain/geo.js';
import { normalizeMaker } from '../../domain/makers.js';
import { normalizePersonName, phoneticKey } from '../../domain/names.js';
import { normalizeSerial, serialMatchKey } from '../../domain/serial.js';
import { simplifyText } from '../../domain/text.js';

/** A bounded memo: cleared when full, which keeps memory flat on a file with a million distinct values. */
function memo<T>(fn: (s: string) => T, max = 50_000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      v = fn(s);
      cache.set(s, v);
    }
    return v;
  };
}

const makerOf = memo((s: string) => normalizeMaker(s).canonical, 20_000);
const caliberOf = memo((s: string) => normalizeCaliber(s).canonical, 20_000);
const nameOf = memo(normalizePersonName, 100_000);
const phoneticOf = memo(phoneticKey, 100_000);

/** The text as written when the reader kept it, else the validated value. */
export function asWritten(raw: Record<string, unknown> | undefined, column: string, fallback: unknown): string | null {
  const v = raw?.[column];
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (fallback === undefined || fallback === null || fallback === '') return null;
  return String(fallback);
}

/** A US state code from any spelling ("Ariz.", "arizona"); a Mexican state code when it is one; else as written. */
export function stateCode(s: string | null | undefined): string | null {
  if (!s) return null;
  const us = normalizeUsState(s);
  if (us.ok) return us.value.code;
  const mx = normalizeMxState(s);
  if (mx.ok) return mx.value.code;
  return s.trim();
}

export interface FirearmIn {
  serial?: string;
  manufacturer?: string;
  importer?: string;
  model?: string;
  type?: string;
  caliber?: string;
  action?: string;
  country_of_origin?: string;
  detachable_magazine?: boolean;
  obliterated?: boolean;
  other_markings?: string;
}

export interface FirearmColumns {
  serial_raw: string | null;
  serial_norm: string | null;
  serial_key: string | null;
  serial_partial: boolean;
  obliterated: boolean;
  maker_raw: string | null;
  maker: string | null;
  importer_raw: string | null;
  importer: string | null;
  model: string | null;
  caliber_raw: string | null;
  caliber: string | null;
  firearm_type: string | null;
  action: string | null;
  detachable_magazine: boolean | null;
  country_of_origin: string | null;
  other_markings: string | null;
}

export function firearmColumns(f: FirearmIn, raw?: Record<string, unknown>): FirearmColumns {
  const serialRaw = asWritten(raw, 'serial', f.serial);
  const serialKey = f.serial ? serialMatchKey(f.serial) : null;
  const makerRaw = asWritten(raw, 'manufacturer', f.manufacturer);
  const importerRaw = asWritten(raw, 'importer', f.importer);
  const caliberRaw = asWritten(raw, 'caliber', f.caliber);
  return {
    serial_raw: serialRaw,
    serial_norm: f.serial ? normalizeSerial(f.serial) : null,
    serial_key: serialKey || null,
    serial_partial: serialKey ? serialKey.includes('?') : false,
    obliterated: f.obliterated ?? false,
    maker_raw: makerRaw,
    maker: f.manufacturer ? makerOf(f.manufacturer) : null,
    importer_raw: importerRaw,
    importer: f.importer ? makerOf(f.importer) : null,
    model: f.model ?? null,
    caliber_raw: caliberRaw,
    caliber: f.caliber ? caliberOf(f.caliber) : null,
    firearm_type: f.type ?? null,
    action: f.action ?? null,
    detachable_magazine: f.detachable_magazine ?? null,
    country_of_origin: f.country_of_origin ?? null,
    other_markings: f.other_markings ?? null,
  };
}

/** The person columns of the import formats (personShape), after a prefix such as buyer_ or subject_. */
export interface PersonIn {
  surname?: string;
  given_name?: string;
  middle_name?: string;
  maternal_surname?: string;
  aliases?: string;
  dob?: string;
  place_of_birth?: string;
  sex?: string;
  race?: string;
  ethnicity?: string;
  height_in?: number;
  weight_lb?: number;
  street?: string;
  city?: string;
  county?: string;
  state?: string;
  postcode?: string;
  country?: string;
  phone?: string;
  id_number?: string;
  id_type?: string;
  id_state?: string;
  business_entity?: string;
}

export interface PersonColumns {
  given_name: string | null;
  middle_name: string | null;
  surname: string | null;
  maternal_surname: string | null;
  full_name: string | null;
  given_norm: string | null;
  surname_norm: string | null;
  surname_phonetic: string | null;
  dob: string | null;
  dob_raw: string | null;
  place_of_birth: string | null;
  sex: string | null;
  race: string | null;
  ethnicity: string | null;
  height_in: number | null;
  weight_lb: number | null;
  id_number: string | null;
  id_type: string | null;
  id_state: string | null;
  street_raw: string | null;
  street_norm: string | null;
  city: string | null;
  county: string | null;
  state: string | null;
  postcode: string | null;
  country: string | null;
  phone: string | null;
  business_entity: string | null;
}

/** Picks the person fields that follow `prefix` out of a row (e.g. buyer_surname -> surname). */
export function personFields(row: Record<string, unknown>, prefix: string): PersonIn {
  const out: Record<string, unknown> = {};
  for (const k in row) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = row[k];
  return out as PersonIn;
}

export function hasPerson(p: PersonIn): boolean {
  return Object.values(p).some((v) => v !== undefined && v !== null && v !== '');
}

function idNumber(s: string | undefined): string | null {
  // Identity document numbers are compared without spaces or dashes: D08-812 345 is D08812345.
  return s ? s.toUpperCase().replace(/[\s-]+/g, '') : null;
}

export function personColumns(p: PersonIn, raw: Record<string, unknown> | undefined, prefix: string): PersonColumns {
  const fullName = [p.given_name, p.middle_name, p.surname, p.maternal_surname].filter(Boolean).join(' ') || null;
  const surnames = [p.surname, p.maternal_surname].filter(Boolean).join(' ');
  const street = p.street ? normalizeAddress(p.street) : null;
  const phone = p.phone ? normalizePhone(p.phone) : null;
  return {
    given_name: p.given_name ?? null,
    middle_name: p.middle_name ?? null,
    surname: p.surname ?? null,
    maternal_surname: p.maternal_surname ?? null,
    full_name: fullName,
    given_norm: p.given_name ? nameOf(p.given_name) : null,
    surname_norm: surnames ? nameOf(surnames) : null,
    surname_phonetic: surnames ? phoneticOf(surnames) || null : null,
    dob: p.dob ?? null,
    dob_raw: asWritten(raw, `${prefix}dob`, p.dob),
    place_of_birth: p.place_of_birth ?? null,
    sex: p.sex ?? null,
    race: p.race ?? null,
    ethnicity: p.ethnicity ?? null,
    height_in: p.height_in ?? null,
    weight_lb: p.weight_lb ?? null,
    id_number: idNumber(p.id_number),
    id_type: p.id_type ?? null,
    id_state: stateCode(p.id_state),
    street_raw: asWritten(raw, `${prefix}street`, p.street),
    street_norm: street ? (street.ok ? street.value.line : simplifyText(p.street ?? '')) : null,
    // City and county have no normalised twin in person_records: they stay as written; comparisons use the
    // address attribute below.
    city: p.city ?? null,
    county: p.county ?? null,
    state: stateCode(p.state),
    postcode: p.postcode ? p.postcode.trim() : null,
    country: p.country ?? null,
    phone: phone ? (phone.ok ? phone.value.e164 : p.phone!.trim()) : null,
    business_entity: p.business_entity ?? null,
  };
}

/** Aliases as written in one cell ("Flaco; El Gordo"), as the list person_records.aliases holds. */
export function personAliases(p: PersonIn): string[] {
  return p.aliases ? p.aliases.split(';').map((a) => a.trim()).filter(Boolean) : [];
}

/** The residence as one line as written, and as one comparable key (for person_attributes kind 'address'). */
export function addressAttribute(p: PersonIn, cols: PersonColumns): { raw: string; norm: string } | null {
  if (!p.street && !p.city) return null;
  const raw = [p.street, p.city, [p.state, p.postcode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const zip5 = cols.postcode ? cols.postcode.slice(0, 5) : '';
  const city = p.city ? simplifyText(p.city) : '';
  const norm = [cols.street_norm ?? '', city, [cols.state ?? '', zip5].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return { raw, norm };
}

export function phoneAttribute(p: PersonIn, cols: PersonColumns): { raw: string; norm: string } | null {
  return p.phone && cols.phone ? { raw: p.phone, norm: cols.phone } : null;
}
