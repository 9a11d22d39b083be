// Row shapes and SQL column types of the tables the writers fill in bulk: firearms, person records and their dated
// attributes. Kept together so that every writer stores a gun or a person the same way.
import type { BulkType } from '../bulk.js';
import type { FirearmColumns, PersonColumns } from '../normalise.js';

export interface Provenance {
  source_kind: string;
  source_ref: string;
  import_batch_id: number | null;
}

export type FirearmRow = FirearmColumns & Provenance & { id: number };

export const FIREARM_TYPES: { [K in keyof FirearmRow]: BulkType } = {
  id: 'bigint',
  serial_raw: 'text',
  serial_norm: 'text',
  serial_key: 'text',
  serial_partial: 'boolean',
  obliterated: 'boolean',
  maker_raw: 'text',
  maker: 'text',
  importer_raw: 'text',
  importer: 'text',
  model: 'text',
  caliber_raw: 'text',
  caliber: 'text',
  firearm_type: 'text',
  action: 'text',
  detachable_magazine: 'boolean',
  country_of_origin: 'text',
  other_markings: 'text',
  source_kind: 'text',
  source_ref: 'text',
  import_batch_id: 'bigint',
};

export type PersonRow = PersonColumns & Provenance & { id: number; role: string; agency_id: number | null };

export const PERSON_TYPES: { [K in keyof PersonRow]: BulkType } = {
  id: 'bigint',
  role: 'text',
  given_name: 'text',
  middle_name: 'text',
  surname: 'text',
  maternal_surname: 'text',
  full_name: 'text',
  given_norm: 'text',
  surname_norm: 'text',
  surname_phonetic: 'text',
  dob: 'date',
  dob_raw: 'text',
  place_of_birth: 'text',
  sex: 'text',
  race: 'text',
  ethnicity: 'text',
  height_in: 'smallint',
  weight_lb: 'smallint',
  id_number: 'text',
  id_type: 'text',
  id_state: 'text',
  street_raw: 'text',
  street_norm: 'text',
  city: 'text',
  county: 'text',
  state: 'text',
  postcode: 'text',
  country: 'text',
  phone: 'text',
  business_entity: 'text',
  agency_id: 'bigint',
  source_kind: 'text',
  source_ref: 'text',
  import_batch_id: 'bigint',
};

export interface AttributeRow {
  person_record_id: number;
  kind: 'address' | 'phone' | 'vehicle' | 'payer' | 'email' | 'companion' | 'alias';
  value_raw: string;
  value_norm: string;
  observed_on: string | null;
  source_kind: string;
  source_ref: string;
}

export const ATTRIBUTE_TYPES: { [K in keyof AttributeRow]: BulkType } = {
  person_record_id: 'bigint',
  kind: 'text',
  value_raw: 'text',
  value_norm: 'text',
  observed_on: 'date',
  source_kind: 'text',
  source_ref: 'text',
};

/** Advisory-lock ids: a writer that checks for existing keys and then inserts holds its kind's lock meanwhile. */
export const WRITER_LOCKS = {
  dealers: 727_101,
  multiple_sales: 727_102,
  dealer_tips: 727_103,
  theft_reports: 727_104,
  cases: 727_105,
} as const;

/**
 * PostgreSQL's wire protocol counts bind parameters in 16 bits, so one multi-row INSERT may carry at most 65,535
 * values; a batch of 2,000 wide rows (a person record has 35 columns) is already past it. Writers that insert rows
 * through a multi-row VALUES list split them with this, so any --batch-size works on both engines.
 */
export const MAX_BIND_PARAMETERS = 65_535;

export function chunksUnderParamLimit<T extends object>(rows: readonly T[], limit = MAX_BIND_PARAMETERS): T[][] {
  if (rows.length === 0) return [];
  const columns = Math.max(1, Object.keys(rows[0]).length);
  const perChunk = Math.max(1, Math.floor(limit / columns));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += perChunk) chunks.push(rows.slice(i, i + perChunk));
  return chunks;
}
