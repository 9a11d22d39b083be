// Synthetic import files for the tests and the benchmark: dealers and multiple-sale reports made from the formats'
// example rows with varied keys, serials and buyers. Invented people only.
import { createWriteStream } from 'node:fs';
import { csvHeader, csvLine, ndjsonLine } from '../../formats/csv.js';
import { EXAMPLES } from '../../formats/examples.js';
import { FORMATS, type ImportKind } from '../../formats/index.js';

const SURNAMES = ['Quintero', 'Salas', 'Holloway', 'Ramírez', 'Okafor', 'Lindqvist', 'Brennan', 'Castillo', 'Nguyen', 'Whitfield'];
const GIVEN = ['Adrián', 'Marcus', 'Teresa', 'Luis', 'Dana', 'Evan', 'Rosa', 'Kofi', 'Ines', 'Walter'];
const MAKERS = ['Cugir', 'Romarm', 'FN', 'FNH USA', 'Barrett Firearms', 'Colt', 'Ruger', 'S&W', 'Glock Inc', 'Century Arms'];

export function dealerLicence(i: number): string {
  return `9-86-013-01-2A-${String(10000 + (i % 90000)).padStart(5, '0')}`;
}

export function dealerRow(i: number): Record<string, string> {
  return { ...EXAMPLES.dealers, licence_number: dealerLicence(i), name: `Synthetic Arms ${i} LLC`, street: `${100 + i} W Camelback Rd` };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Item `i` of a sequence of reports of 1..3 items (item_seq restarts per report). */
export function multipleSaleRow(i: number, o: { dealers?: number; itemsPerReport?: number } = {}): Record<string, string> {
  const per = o.itemsPerReport ?? 3;
  const report = Math.floor(i / per);
  const seq = (i % per) + 1;
  const rifle = report % 2 === 0;
  const day = (report % 27) + 1;
  const month = ((report >> 5) % 12) + 1;
  const year = 2010 + ((report >> 9) % 12);
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return {
    ...EXAMPLES.multiple_sales,
    report_id: `MS-${report.toString(36).toUpperCase().padStart(7, '0')}`,
    item_seq: String(seq),
    form: rifle ? '3310.12' : '3310.4',
    report_date: date,
    transfer_date: date,
    dealer_licence_number: dealerLicence(report % (o.dealers ?? 50)),
    type: rifle ? 'rifle' : 'pistol',
    action: rifle ? 'semi_automatic' : '',
    detachable_magazine: rifle ? 'true' : '',
    model: rifle ? 'WASR-10' : 'Five-seveN',
    caliber: rifle ? '7.62x39' : '5.7x28',
    manufacturer: MAKERS[report % MAKERS.length],
    serial: `${rifle ? 'RO' : '386'}${(i * 7919).toString(36).toUpperCase()}-${seq}`,
    buyer_surname: SURNAMES[report % SURNAMES.length],
    buyer_given_name: GIVEN[(report >> 3) % GIVEN.length],
    buyer_dob: `${1960 + (report % 40)}-${pad((report % 12) + 1)}-${pad((report % 28) + 1)}`,
    buyer_street: `${1000 + (report % 8000)} N ${(report % 90) + 10}th Ave`,
    buyer_id_number: `D${String(report).padStart(8, '0')}`,
  };
}

export function csvOf(kind: ImportKind, rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[] = FORMATS[kind].columns): string {
  return csvHeader(columns) + rows.map((r) => csvLine(columns, r)).join('');
}

export function ndjsonOf(rows: ReadonlyArray<Record<string, unknown>>): string {
  return rows.map((r) => ndjsonLine(r)).join('');
}

/** Writes `n` multiple-sale rows as CSV to `file`, streaming, for files too large to build in memory. */
export async function writeMultipleSalesCsv(file: string, n: number, o: { dealers?: number } = {}): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.once('finish', resolve);
  });
  const columns = FORMATS.multiple_sales.columns;
  let buf = csvHeader(columns);
  for (let i = 0; i < n; i++) {
    buf += csvLine(columns, multipleSaleRow(i, o));
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((resolve) => out.once('drain', resolve));
      buf = '';
    }
  }
  out.end(buf);
  await done;
}
