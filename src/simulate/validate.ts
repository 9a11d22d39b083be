// Reads back the files a world wrote and checks every row against its import schema: what the simulator writes
// must import with zero rejected rows.
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
}

export async function validateWorld(dir: string, each?: (kind: ImportKind, row: Record<string, unknown>) => void): Promise<FileCheck[]> {
  const out: FileCheck[] = [];
  for (const kind of IMPORT_KINDS) {
    const f = FORMATS[kind];
    const check: FileCheck = { kind, rows: 0, detected: undefined, duplicateKeys: 0, errors: [], invalid: 0 };
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
      each?.(kind, r.data as Record<string, unknown>);
    }
    out.push(check);
  }
  return out;
}
