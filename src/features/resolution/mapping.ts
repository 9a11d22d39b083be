// A person record as the database holds it (plus its dated attributes) turned into the engine's PersonInput.
// The engine compares names as written (it folds case, accents and particles itself), so names go in raw; the
// street is split into house number and street with the domain's address rules, so that "412 Calle Hidalgo" and
// "Calle Hidalgo 412" meet.
import { normalizeAddress } from '../../domain/address.js';
import type { PersonInput } from './engine/types.js';

export interface PersonRecordRow {
  id: number;
  given_name: string | null;
  middle_name: string | null;
  surname: string | null;
  maternal_surname: string | null;
  full_name: string | null;
  dob: string | null;
  sex: string | null;
  id_number: string | null;
  street_raw: string | null;
  city: string | null;
  state: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
}

export interface AttributeRow {
  person_record_id: number;
  kind: string;
  value_raw: string;
  value_norm: string;
}

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';

/** A record worth resolving names someone: a name, a birth date or an ID. A purged record names no one. */
export function hasIdentity(r: Pick<PersonRecordRow, 'given_name' | 'surname' | 'maternal_surname' | 'full_name' | 'dob' | 'id_number'>): boolean {
  return [r.given_name, r.surname, r.maternal_surname, r.full_name, r.dob, r.id_number].some(present);
}

/** "412 Calle Hidalgo Apt 3" -> number 412, street CALLE HIDALGO (the unit says nothing about the person). */
export function splitStreet(raw: string | null | undefined): { street_number: string | null; street: string | null } {
  if (!present(raw)) return { street_number: null, street: null };
  const a = normalizeAddress(raw);
  if (!a.ok) return { street_number: null, street: raw.trim() };
  return { street_number: a.value.houseNumber, street: a.value.street };
}

/**
 * An address attribute as written ("412 Calle Hidalgo, Nogales, AZ 85621"): street, city, then state and postcode.
 * Used only when the record itself has no residence columns.
 */
export function parseAddressLine(line: string): { street: string | null; city: string | null; state: string | null; postcode: string | null } {
  const parts = line.split(',').map((p) => p.trim()).filter(Boolean);
  const out = { street: parts[0] ?? null, city: parts[1] ?? null, state: null as string | null, postcode: null as string | null };
  const tail = parts[2];
  if (tail) {
    const m = /^([A-Za-z.\s]+?)\s*(\d{5})?(?:-\d{4})?$/.exec(tail);
    if (m) {
      out.state = m[1].trim() || null;
      out.postcode = m[2] ?? null;
    } else out.state = tail;
  }
  return out;
}

function firstOf(attrs: readonly AttributeRow[] | undefined, kind: string): AttributeRow | undefined {
  return attrs?.find((a) => a.kind === kind);
}

export function toPersonInput(r: PersonRecordRow, attrs?: readonly AttributeRow[]): PersonInput {
  const out: PersonInput = { id: String(r.id) };
  if (present(r.given_name)) out.given_name = r.given_name;
  if (present(r.middle_name)) out.middle_name = r.middle_name;
  if (present(r.surname)) out.surname = r.surname;
  if (present(r.maternal_surname)) out.maternal_surname = r.maternal_surname;
  // full_name is what the importer assembled from the parts; the engine reads it only when the parts are missing.
  if (!out.given_name && !out.surname && present(r.full_name)) out.full_name = r.full_name;
  if (present(r.dob)) out.dob = r.dob.slice(0, 10);
  if (present(r.sex)) out.sex = r.sex;
  if (present(r.id_number)) out.id_number = r.id_number;

  let street = r.street_raw;
  let city = r.city;
  let state = r.state;
  let postcode = r.postcode;
  if (!present(street) && !present(city)) {
    const a = firstOf(attrs, 'address');
    if (a) {
      const p = parseAddressLine(a.value_raw);
      street = p.street;
      city = p.city;
      if (!present(state)) state = p.state;
      if (!present(postcode)) postcode = p.postcode;
    }
  }
  const st = splitStreet(street);
  if (st.street_number) out.street_number = st.street_number;
  if (st.street) out.street = st.street;
  if (present(city)) out.city = city;
  if (present(state)) out.state = state;
  if (present(postcode)) out.postcode = postcode.trim().slice(0, 5);

  const phone = present(r.phone) ? r.phone : firstOf(attrs, 'phone')?.value_norm;
  if (present(phone)) out.phone = phone;
  const email = present(r.email) ? r.email : firstOf(attrs, 'email')?.value_norm;
  if (present(email)) out.email = email;
  return out;
}

/** How the person is shown: the parts as written, else the full name. */
export function displayNameOf(r: Pick<PersonRecordRow, 'given_name' | 'middle_name' | 'surname' | 'maternal_surname' | 'full_name'>): string {
  const parts = [r.given_name, r.middle_name, r.surname, r.maternal_surname].filter(present).map((s) => s.trim());
  if (parts.length > 0) return parts.join(' ');
  return present(r.full_name) ? r.full_name.trim() : '(no name)';
}
