// Streaming readers for the two file formats. Each record comes out with the line it starts on (a CSV record whose
// quoted field holds line breaks reports its first line), its values by column, and its text as written (for the
// rejects file). Structural trouble in one record (a wrong number of fields, a line that is not JSON) is that
// record's problem; trouble that leaves the rest of the file unreadable (an unclosed quote) is the file's.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse, type Parser } from 'csv-parse';
import { foldColumn } from '../../formats/index.js';
import { FileProblem } from './problems.js';
import type { FileFormat } from './prescan.js';

export interface SourceRecord {
  /** The line the record starts on (1-based, counting the header). */
  line: number;
  values: Record<string, unknown>;
  /** The record as written, without its line break; cut at MAX_RAW characters. */
  raw: string;
  /** A structural problem that makes the record unusable before validation. */
  problem?: { field: string | null; reason: string };
}

export interface RecordSource {
  format: FileFormat;
  /** CSV: the header as written. NDJSON: the keys of the first object (the nearest thing to a header). */
  columns: string[];
  /** CSV: the header's line. NDJSON: 0. */
  headerLine: number;
  records: AsyncGenerator<SourceRecord>;
  close(): void;
}

export interface ReadOptions {
  maxRecordBytes: number;
}

/** Enough of a refused record to recognise it; the rest is not worth keeping twice. */
export const MAX_RAW = 10_000;

function cut(s: string): string {
  return s.length > MAX_RAW ? `${s.slice(0, MAX_RAW)}…` : s;
}

function stripLineBreak(s: string): string {
  if (s.endsWith('\r\n')) return s.slice(0, -2);
  if (s.endsWith('\n') || s.endsWith('\r')) return s.slice(0, -1);
  return s;
}

function newlines(s: string): number {
  let n = 0;
  let i = s.indexOf('\n');
  while (i !== -1) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

export async function openRecords(file: string, format: FileFormat, opts: ReadOptions): Promise<RecordSource> {
  return format === 'csv' ? openCsv(file, opts) : openNdjson(file);
}

interface CsvOut {
  record: string[];
  raw: string;
}

function csvProblem(err: unknown, line: number, maxRecordBytes: number): FileProblem {
  const e = err as Error & { code?: string };
  switch (e.code ?? '') {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new FileProblem('malformed', `line ${line}: a quoted field opened on this record is never closed (a missing "), so the rest of the file cannot be read`, line);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new FileProblem('malformed', `line ${line}: a closing quote is followed by other characters; write a quote inside a quoted field as ""`, line);
    case 'CSV_MAX_RECORD_SIZE':
      return new FileProblem('line_too_long', `line ${line}: the record is longer than ${maxRecordBytes.toLocaleString('en-US')} characters (an unclosed quote?); the file is refused from here`, line);
    default:
      return new FileProblem('malformed', `line ${line}: the CSV cannot be read: ${e.message}`, line);
  }
}

async function openCsv(file: string, opts: ReadOptions): Promise<RecordSource> {
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  // A stream that fails drops the records it had parsed but not yet handed over, and with them the line count.
  // So parse errors are taken as 'skip' events instead, remembered with the number of records parsed before them,
  // and raised when the reader gets there: every record before the bad one is read, and the line is exact.
  let parsed = 0;
  const parseErrors: Array<{ after: number; err: Error }> = [];
  const parser: Parser = parse({
    raw: true,
    bom: true,
    relax_column_count: true,
    // A stray quote inside an unquoted field (12" barrel) is taken literally rather than failing the file.
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: opts.maxRecordBytes,
    skip_records_with_error: true,
    on_record: (record) => {
      parsed++;
      return record;
    },
  });
  parser.on('skip', (err: Error) => parseErrors.push({ after: parsed, err }));
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  const it = (parser as AsyncIterable<CsvOut>)[Symbol.asyncIterator]();
  let cursor = 1;
  let consumed = 0;

  const next = async (): Promise<{ line: number; out: CsvOut } | null> => {
    for (;;) {
      if (parseErrors.length > 0 && parseErrors[0].after <= consumed) {
        throw csvProblem(parseErrors[0].err, cursor, opts.maxRecordBytes);
      }
      const r = await it.next();
      if (r.done) {
        if (parseErrors.length > 0) throw csvProblem(parseErrors[0].err, cursor, opts.maxRecordBytes);
        return null;
      }
      consumed++;
      const line = cursor;
      cursor += newlines(r.value.raw);
      const rec = r.value.record;
      if (rec.length === 1 && rec[0].trim() === '') continue; // blank line
      return { line, out: r.value };
    }
  };

  const close = () => {
    input.destroy();
    parser.destroy();
  };
  const first = await next().catch((err: unknown) => {
    close();
    throw err;
  });
  if (!first) {
    close();
    throw new FileProblem('no_header', 'the file has no header line');
  }
  const header = first.out.record;
  const keys = header.map(foldColumn);
  const seen = new Map<string, number>();
  const dupes: string[] = [];
  keys.forEach((k, i) => {
    if (seen.has(k)) dupes.push(`${header[i]} (columns ${seen.get(k)! + 1} and ${i + 1})`);
    seen.set(k, i);
  });
  if (dupes.length > 0) {
    close();
    throw new FileProblem('bad_header', `line ${first.line}: the header names a column twice: ${dupes.join(', ')}`, first.line);
  }
  if (keys.some((k) => k === '')) {
    close();
    const at = keys.findIndex((k) => k === '') + 1;
    throw new FileProblem('bad_header', `line ${first.line}: column ${at} of the header has no name`, first.line);
  }

  async function* records(): AsyncGenerator<SourceRecord> {
    try {
      for (;;) {
        const r = await next();
        if (!r) return;
        const rec = r.out.record;
        const values: Record<string, unknown> = {};
        const n = Math.min(rec.length, keys.length);
        for (let i = 0; i < n; i++) values[keys[i]] = rec[i];
        const out: SourceRecord = { line: r.line, values, raw: cut(stripLineBreak(r.out.raw)) };
        if (rec.length !== keys.length) {
          out.problem = {
            field: null,
            reason: `has ${rec.length} field${rec.length === 1 ? '' : 's'} where the header has ${keys.length} (a missing or extra comma, or an unquoted comma inside a value)`,
          };
        }
        yield out;
      }
    } finally {
      close();
    }
  }
  return { format: 'csv', columns: header, headerLine: first.line, records: records(), close };
}

async function openNdjson(file: string): Promise<RecordSource> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
  const rl = createInterface({ input, crlfDelay: Infinity });
  const it = rl[Symbol.asyncIterator]();
  let lineNo = 0;
  const close = () => {
    rl.close();
    input.destroy();
  };
  const parseLine = (text: string, line: number): SourceRecord => {
    const raw = cut(text);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { line, values: {}, raw, problem: { field: null, reason: `is not valid JSON (${(err as Error).message})` } };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { line, values: {}, raw, problem: { field: null, reason: 'is not a JSON object (one object per line, with a key per column)' } };
    }
    return { line, values: value as Record<string, unknown>, raw };
  };
  const nextLine = async (): Promise<{ text: string; line: number } | null> => {
    for (;;) {
      const r = await it.next();
      if (r.done) return null;
      lineNo++;
      const text = lineNo === 1 ? r.value.replace(/^\uFEFF/, '') : r.value;
      if (text.trim() === '') continue;
      return { text, line: lineNo };
    }
  };
  const first = await nextLine();
  const firstRecord = first ? parseLine(first.text, first.line) : null;
  const columns = firstRecord && !firstRecord.problem ? Object.keys(firstRecord.values) : [];

  async function* records(): AsyncGenerator<SourceRecord> {
    try {
      if (firstRecord) yield firstRecord;
      for (;;) {
        const l = await nextLine();
        if (!l) return;
        yield parseLine(l.text, l.line);
      }
    } finally {
      close();
    }
  }
  return { format: 'ndjson', columns, headerLine: 0, records: records(), close };
}
