/**
 * Firearms and people as written on one record (a trace request, a recovery, a referral, a case subject), stored
 * with the text as written beside the normalised value and with their provenance. Shared by the HTTP paths and the
 * import writers of tracing, suspects and cases, so that both ways in store exactly the same rows.
 */
import type { Tx } from '../../db/types.js';
import { normalizeAddress } from '../../domain/address.js';
import { normalizeCaliber } from '../../domain/calibers.js';
import { normalizeMaker } from '../../domain/makers.js';
import { normalizePersonName, phoneticKey } from '../../domain/names.js';
import { normalizeSerial, parsePartialSerial, serialMatchKey } from '../../domain/serial.js';

export interface Provenance {
  sourceKind: string;
  sourceRef: string;
  importBatchId: number | null;
}

export interface FirearmInput {
  serial?: string;
  obliterated?: boolean;
  manufacturer?: string;
  importer?: string;
  model?: string;
  caliber?: string;
  type?: string;
  action?: string;
  countryOfOrigin?: string;
  otherMarkings?: string;
}

/** The normalised identity of a gun, the part matching works on. */
export interface FirearmIdentity {
  serialRaw: string | null;
  serialNorm: string | null;
  serialKey: string | null;
  serialPartial: boolean;
  maker: string | null;
  makerKnown: boolean;
  importer: string | null;
  model: string | null;
  caliber: string | null;
  type: string | null;
}

export function firearmIdentity(f: FirearmInput): FirearmIdentity {
  const raw = f.serial?.trim() || null;
  let key: string | null = null;
  let partial = false;
  if (raw) {
    const parsed = parsePartialSerial(raw);
    // A serial with too few readable characters is kept as written but gets no key: it cannot be matched.
    key = parsed.ok ? parsed.value.key : serialMatchKey(raw) || null;
    partial = parsed.ok ? parsed.value.isPartial : (key ?? '').includes('?');
  }
  const maker = f.manufacturer ? normalizeMaker(f.manufacturer) : null;
  const importer = f.importer ? normalizeMaker(f.importer) : null;
  return {
    serialRaw: raw,
    serialNorm: raw ? normalizeSerial(raw) : null,
    serialKey: key,
    serialPartial: partial,
    maker: maker?.canonical ?? null,
    makerKnown: maker?.known ?? false,
    importer: importer?.canonical ?? null,
    model: f.model?.trim() || null,
    caliber: f.caliber ? normalizeCaliber(f.caliber).canonical : null,
    type: f.type ?? null,
  };
}

export async function insertFirearm(tx: Tx, f: FirearmInput, prov: Provenance): Promise<{ id: number; identity: FirearmIdentity }> {
  const id = firearmIdentity(f);
  const row = await tx
    .insertInto('firearms')
    .values({
      serial_raw: id.serialRaw,
      serial_norm: id.serialNorm,
      serial_key: id.serialKey,
      serial_partial: id.serialPartial,
      obliterated: f.obliterated ?? false,
      maker_raw: f.manufacturer ?? null,
      maker: id.maker,
      importer_raw: f.importer ?? null,
      importer: id.importer,
      model: id.model,
      caliber_raw: f.caliber ?? null,
      caliber: id.caliber,
      firearm_type: f.type ?? null,
      action: f.action ?? null,
      country_of_origin: f.countryOfOrigin ?? null,
      other_markings: f.otherMarkings ?? null,
      source_kind: prov.sourceKind,
      source_ref: prov.sourceRef,
      import_batch_id: prov.importBatchId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, identity: id };
}

/** A person as written on a form (the person columns of the import formats, without prefix). */
export interface PersonInput {
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
}

const PERSON_KEYS: ReadonlyArray<keyof PersonInput> = [
  'surname', 'given_name', 'middle_name', 'maternal_surname', 'aliases', 'dob', 'place_of_birth', 'sex', 'race',
  'ethnicity', 'height_in', 'weight_lb', 'street', 'city', 'county', 'state', 'postcode', 'country', 'phone',
  'id_number', 'id_type', 'id_state',
];

/** The person in the columns that start with `prefix`, or null when none of them is filled. */
export function pickPerson(row: Record<string, unknown>, prefix: string): PersonInput | null {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const k of PERSON_KEYS) {
    const v = row[`${prefix}${k}`];
    if (v !== undefined && v !== null && v !== '') {
      out[k] = v;
      any = true;
    }
  }
  return any ? (out as PersonInput) : null;
}

export function hasIdentity(p: PersonInput): boolean {
  return Boolean(p.surname || p.given_name || p.id_number || p.dob);
}

export function fullName(p: { given_name?: string | null; middle_name?: string | null; surname?: string | null; maternal_surname?: string | null }): string {
  return [p.given_name, p.middle_name, p.surname, p.maternal_surname].filter((x) => x && x.trim()).join(' ');
}

function streetNorm(s: string): string | null {
  const a = normalizeAddress(s);
  return a.ok ? a.value.line : null;
}

export async function insertPerson(
  tx: Tx,
  role: string,
  p: PersonInput,
  agencyId: number | null,
  prov: Provenance,
): Promise<number> {
  const surname = [p.surname, p.maternal_surname].filter(Boolean).join(' ');
  const row = await tx
    .insertInto('person_records')
    .values({
      role,
      given_name: p.given_name ?? null,
      middle_name: p.middle_name ?? null,
      surname: p.surname ?? null,
      maternal_surname: p.maternal_surname ?? null,
      full_name: fullName(p) || null,
      aliases: p.aliases ? p.aliases.split(';').map((a) => a.trim()).filter(Boolean) : [],
      given_norm: p.given_name ? normalizePersonName(p.given_name) : null,
      surname_norm: surname ? normalizePersonName(surname) : null,
      surname_phonetic: p.surname ? phoneticKey(p.surname) || null : null,
      dob: p.dob ?? null,
      dob_raw: p.dob ?? null,
      place_of_birth: p.place_of_birth ?? null,
      sex: p.sex ?? null,
      race: p.race ?? null,
      ethnicity: p.ethnicity ?? null,
      height_in: p.height_in ?? null,
      weight_lb: p.weight_lb ?? null,
      id_number: p.id_number ?? null,
      id_type: p.id_type ?? null,
      id_state: p.id_state ?? null,
      street_raw: p.street ?? null,
      street_norm: p.street ? streetNorm(p.street) : null,
      city: p.city ?? null,
      county: p.county ?? null,
      state: p.state ?? null,
      postcode: p.postcode ?? null,
      country: p.country ?? null,
      phone: p.phone ?? null,
      agency_id: agencyId,
      source_kind: prov.sourceKind,
      source_ref: prov.sourceRef,
      import_batch_id: prov.importBatchId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
