// Reading any CSV of people: column mapping, and date formats detected per file.
import { parse } from 'csv-parse/sync';
import { PERSON_FIELDS, type PersonField, type PersonInput } from './types.js';

export type DateFormat = 'YYYYMMDD' | 'YYYY-MM-DD' | 'MM/DD/YYYY' | 'DD/MM/YYYY';

/** Parses "given_name=first,surname=last" into a field -> column map. */
export function parseMap(spec: string): Partial<Record<PersonField, string>> {
  const out: Partial<Record<PersonField, string>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`bad --map entry "${part}": expected FIELD=COLUMN`);
    const field = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (!(PERSON_FIELDS as readonly string[]).includes(field)) throw new Error(`unknown field "${field}" in --map; fields: ${PERSON_FIELDS.join(', ')}`);
    out[field as PersonField] = column;
  }
  return out;
}

/**
 * Decides the date format from a sample of values. Slash dates are read month first (US usage)
 * unless first parts above 12 outnumber second parts above 12 (the file writes the day first).
 */
export function detectDateFormat(values: readonly string[]): DateFormat | undefined {
  let compact = 0;
  let iso = 0;
  let slash = 0;
  // Votes, not a single sighting: a typo'd month (e.g. 31) must not flip the whole file.
  let firstOver12 = 0;
  let secondOver12 = 0;
  let seen = 0;
  for (const raw of values) {
    const v = raw.trim();
    if (!v) continue;
    seen++;
    if (/^\d{8}$/.test(v)) compact++;
    else if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(v)) iso++;
    else {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
      if (m) {
        slash++;
        if (Number(m[1]) > 12) firstOver12++;
        if (Number(m[2]) > 12) secondOver12++;
      }
    }
  }
  if (seen === 0) return undefined;
  const best = Math.max(compact, iso, slash);
  if (best < seen * 0.5) return undefined;
  if (best === iso) return 'YYYY-MM-DD';
  if (best === compact) return 'YYYYMMDD';
  return firstOver12 > secondOver12 ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
}

/** A date in the detected format as YYYY-MM-DD, or '' when it does not parse. */
export function toIsoDate(v: string, fmt: DateFormat): string {
  const s = v.trim();
  let y: string, m: string, d: string;
  let r: RegExpExecArray | null;
  switch (fmt) {
    case 'YYYYMMDD':
      if (!/^\d{8}$/.test(s)) return '';
      [y, m, d] = [s.slice(0, 4), s.slice(4, 6), s.slice(6, 8)];
      break;
    case 'YYYY-MM-DD':
      r = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
      if (!r) return '';
      [y, m, d] = [r[1], r[2], r[3]];
      break;
    case 'MM/DD/YYYY':
      r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
      if (!r) return '';
      [m, d, y] = [r[1], r[2], r[3]];
      break;
    case 'DD/MM/YYYY':
      r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
      if (!r) return '';
      [d, m, y] = [r[1], r[2], r[3]];
      break;
  }
  // Kept even when the day or month is out of range: a typo'd date still carries evidence.
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export interface ParsedPeople {
  records: PersonInput[];
  columns: string[];
  dateFormat?: DateFormat;
  map: Partial<Record<PersonField, string>>;
}

/**
 * Reads a CSV of people. Without a map, columns named like the fields (any case) are used.
 * Fields may be trimmed of surrounding spaces (FEBRL writes ", " between fields).
 */
export function readPeopleCsv(text: string | Buffer, idColumn: string, map?: Partial<Record<PersonField, string>>): ParsedPeople {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  if (rows.length > 0 && !columns.includes(idColumn)) throw new Error(`id column "${idColumn}" not found; columns: ${columns.join(', ')}`);
  const m: Partial<Record<PersonField, string>> = map && Object.keys(map).length > 0 ? { ...map } : {};
  if (!map || Object.keys(map).length === 0) {
    for (const f of PERSON_FIELDS) {
      const col = columns.find((c) => c.toLowerCase() === f);
      if (col) m[f] = col;
    }
  }
  for (const [f, col] of Object.entries(m)) {
    if (rows.length > 0 && !columns.includes(col)) throw new Error(`column "${col}" (for ${f}) not found; columns: ${columns.join(', ')}`);
  }
  const dobCol = m.dob;
  const dateFormat = dobCol ? detectDateFormat(rows.slice(0, 2000).map((r) => r[dobCol] ?? '')) : undefined;
  const records: PersonInput[] = rows.map((r) => {
    const rec: PersonInput = { id: r[idColumn] };
    for (const [f, col] of Object.entries(m) as [PersonField, string][]) {
      const v = r[col];
      if (v === undefined || v === '') continue;
      rec[f] = f === 'dob' ? (dateFormat ? toIsoDate(v, dateFormat) : '') : v;
    }
    return rec;
  });
  return { records, columns, dateFormat, map: m };
}
