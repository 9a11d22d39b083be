// Writing CSV in the import formats: RFC 4180 quoting, an empty cell for an absent value, booleans as true/false,
// arrays of objects as JSON (the associates column), lists of days joined with commas.

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let s: string;
  if (typeof value === 'string') s = value;
  else if (typeof value === 'number' || typeof value === 'boolean') s = String(value);
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) s = value.join(',');
  else s = JSON.stringify(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record (with its line ending) of `row` in the order of `columns`. */
export function csvLine(columns: readonly string[], row: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) out += ',';
    out += csvCell(row[columns[i]]);
  }
  return `${out}\n`;
}

export function csvHeader(columns: readonly string[]): string {
  return `${columns.join(',')}\n`;
}

/** The NDJSON line of a row: absent values are left out. */
export function ndjsonLine(row: Readonly<Record<string, unknown>>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return `${JSON.stringify(out)}\n`;
}
