// The public benchmark files in /work/shared/data/er (or ER_DATA_DIR), read through the same CSV
// reader as `interdict link`, with their truth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPeopleCsv } from '../../src/features/resolution/engine/csv.js';
import type { PersonInput } from '../../src/features/resolution/engine/types.js';

export const ER_DATA_DIR = process.env.ER_DATA_DIR ?? '/work/shared/data/er';

export interface Dataset {
  name: string;
  records: PersonInput[];
  truth: string[];
}

const FEBRL_MAP = {
  given_name: 'given_name',
  surname: 'surname',
  street_number: 'street_number',
  street: 'address_1',
  city: 'suburb',
  postcode: 'postcode',
  state: 'state',
  dob: 'date_of_birth',
  id_number: 'soc_sec_id',
} as const;

const SPLINK_MAP = { given_name: 'first_name', surname: 'surname', dob: 'dob', city: 'city', email: 'email' } as const;

function febrlTruth(id: string): string {
  const m = /^rec-(\d+)-/.exec(id);
  if (!m) throw new Error(`unexpected FEBRL id ${id}`);
  return m[1];
}

export function loadFebrl(files: string[], name: string, dir = ER_DATA_DIR): Dataset {
  const records: PersonInput[] = [];
  for (const f of files) records.push(...readPeopleCsv(readFileSync(join(dir, f)), 'rec_id', { ...FEBRL_MAP }).records);
  return { name, records, truth: records.map((r) => febrlTruth(r.id)) };
}

export function loadSplink(file: string, truthColumn: string, dir = ER_DATA_DIR): Dataset {
  const text = readFileSync(join(dir, file));
  const { records } = readPeopleCsv(text, 'unique_id', { ...SPLINK_MAP });
  // Truth from the same file, read by column name.
  const truthCol = readPeopleCsv(text, 'unique_id', { full_name: truthColumn }).records.map((r) => String(r.full_name ?? ''));
  return { name: file.replace(/\.csv$/, ''), records, truth: truthCol };
}

export function allDatasets(dir = ER_DATA_DIR): Dataset[] {
  return [
    loadFebrl(['febrl_dataset1.csv'], 'febrl_dataset1', dir),
    loadFebrl(['febrl_dataset2.csv'], 'febrl_dataset2', dir),
    loadFebrl(['febrl_dataset3.csv'], 'febrl_dataset3', dir),
    loadFebrl(['febrl_dataset4a.csv', 'febrl_dataset4b.csv'], 'febrl_dataset4', dir),
    loadSplink('splink_fake_1000.csv', 'cluster', dir),
    loadSplink('splink_fake_20000.csv', 'group', dir),
  ];
}
