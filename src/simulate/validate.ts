// Reads back the files a world wrote and checks every row against its import schema, and each suspect-gun referral
// against the cases file (its case, of the same agency, opened by the referral's day): what the simulator writes must
// import with zero rejected rows.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { FORMATS, IMPORT_KINDS, type ImportKind, detectKind, formatIssues } from '../formats/index.js';

export interface FileCheck {
  kind: ImportKind;
  rows: number;
  detected: ImportKind | undefined;
  duplicateKeys: number;
  /** The first bad rows, with line number and messages. */
  errors: { line: number; messages: string[] }[];
  invalid: number;
  /** Rows naming a record another file should hold and does not (a referral's case), with the first few reasons. */
  badReferences: number;
}

export async function validateWorld(dir: string, each?: (kind: ImportKind, row: Record<string, unknown>) => void): Promise<FileCheck[]> {
  const out: FileCheck[] = [];
  // Cases come before referrals in IMPORT_KINDS; a world has a few thousand at most, so they are held.
  const cases = new Map<string, { ori: string; opened: string }>();
  for (const kind of IMPORT_KINDS) {
    const f = FORMATS[kind];
    const check: FileCheck = { kind, rows: 0, detected: undefined, duplicateKeys: 0, errors: [], invalid: 0, badReferences: 0 };
    const keys = new Set<string>();
    const parser = createReadStream(join(dir, `${kind}.csv`)).pipe(parse({ columns: (header: string[]) => ((check.detected = detectKind(header)), header) }));
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      check.rows++;
      const r = f.schema.safeParse(record);
      if (!r.success) {
        check.invalid++;
        if (check.errors.length < 5) check.errors.push({ line: check.rows + 1, messages: formatIssues(r.error) });
        continue;
      }
      const key = (f.key as (row: unknown) => string)(r.data);
      if (keys.has(key)) check.duplicateKeys++;
      keys.add(key);
      const row = r.data as Record<string, string>;
      if (kind === 'cases') cases.set(row.case_number, { ori: row.agency_ori, opened: row.opened_on });
      if (kind === 'suspect_guns') {
        const c = cases.get(row.case_number);
        const why = !c ? `case ${row.case_number} is not in cases.csv` : c.ori !== row.agency_ori ? `case ${row.case_number} belongs to ${c.ori}, not ${row.agency_ori}` : c.opened > row.referred_on ? `case ${row.case_number} opens ${c.opened}, after the referral` : null;
        if (why) {
          check.badReferences++;
          if (check.errors.length < 5) check.errors.push({ line: check.rows + 1, messages: [why] });
        }
      }
      each?.(kind, r.data as Record<string, unknown>);
    }
    out.push(check);
  }
  return out;
}
