/** A person as written in one source. Every field may be missing. */
export interface PersonInput {
  id: string;
  given_name?: string | null;
  middle_name?: string | null;
  /** Paternal surname, or the whole surname when only one column exists. */
  surname?: string | null;
  maternal_surname?: string | null;
  /** Used when given_name and surname are missing. */
  full_name?: string | null;
  /** YYYY-MM-DD (YYYYMMDD is accepted too). */
  dob?: string | null;
  sex?: string | null;
  street_number?: string | null;
  street?: string | null;
  city?: string | null;
  state?: string | null;
  postcode?: string | null;
  id_number?: string | null;
  phone?: string | null;
  email?: string | null;
}

export const PERSON_FIELDS = [
  'given_name',
  'middle_name',
  'surname',
  'maternal_surname',
  'full_name',
  'dob',
  'sex',
  'street_number',
  'street',
  'city',
  'state',
  'postcode',
  'id_number',
  'phone',
  'email',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

/** A reviewed pair: the analyst's answer binds every later clustering. */
export interface PairConstraint {
  a: string;
  b: string;
  decision: 'confirmed' | 'rejected';
}
