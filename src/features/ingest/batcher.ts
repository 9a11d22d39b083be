// Records into batches: each record validated (the fast field check, zod only for a bad row's reasons), checked
// against the keys seen earlier in the file, and gathered into batches of `batchSize` records, each of which the
// importer commits in one transaction. The same loop runs on the importer's thread or in the read worker
// (read-worker.ts), so both paths take and refuse exactly the same rows for the same reasons.
import type { ImportFormat, ImportKind } from '../../formats/index.js';
import type { RejectRecord } from './batches.repository.js';
import type { RowError } from './problems.js';
import type { SourceRecord } from './records.js';
import { InFileKeys, validateRecord } from './validate.js';
import type { RowWithLine } from './writer.js';

/** One batch as read: the good rows for the writer, the refused ones with reasons, and the lines it spans. */
export interface ReadBatch {
  rows: Array<RowWithLine<Record<string, unknown>>>;
  /** Text as written of each good row, by line, for the rejects file should the writer refuse it. */
  texts: Map<number, string>;
  rejects: RejectRecord[];
  rejectedLines: Set<number>;
  /** Records read into this batch (good, bad and repeated). */
  records: number;
  /** Exact repeats of an earlier row of the file (skipped). */
  duplicates: number;
  firstLine: number;
  lastLine: number;
}

export interface ReadResult {
  /** Every record read, those before the resume point included (zero means a header-only file). */
  recordsSeen: number;
}

export interface BatcherOptions {
  /** Records on lines up to this one were committed by an earlier run: read past them. */
  resumeAfter: number;
  batchSize: number;
  /**
   * On the importer's own thread: give the event loop a turn every this many records. Buffered records resolve as
   * microtasks, which starve I/O: without a turn now and then, the batch being written waits for each statement's
   * answer until the whole next batch has been read. 0: never (the read worker has nothing else to do).
   */
  yieldEvery: number;
}

/**
 * The cells whose text as written differs from the validated value: writers read the text as written through
 * asWritten (normalise.ts), which falls back to the validated value, so a cell equal to it need not be kept twice.
 * Halves what a batch holds (and what the read worker sends).
 */
export function onlyRewritten(values: Record<string, unknown>, row: Record<string, unknown>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const k in values) {
    const v = values[k];
    if (typeof v === 'string' && row[k] === v && v.trim() !== '') continue;
    (out ??= {})[k] = v;
  }
  return out;
}

export function emptyBatch(): ReadBatch {
  return { rows: [], texts: new Map(), rejects: [], rejectedLines: new Set(), records: 0, duplicates: 0, firstLine: 0, lastLine: 0 };
}

type AnyFormat = Pick<ImportFormat<ImportKind, Record<string, unknown>>, 'schema' | 'fastParse' | 'key' | 'keyColumns'>;

export async function* readBatches(records: AsyncIterable<SourceRecord>, format: AnyFormat, opts: BatcherOptions): AsyncGenerator<ReadBatch, ReadResult> {
  const keys = new InFileKeys();
  const keyLabel = format.keyColumns.join('/');
  const batchSize = Math.max(1, opts.batchSize);
  let recordsSeen = 0;
  let b = emptyBatch();
  for await (const rec of records) {
    recordsSeen++;
    if (opts.yieldEvery > 0 && recordsSeen % opts.yieldEvery === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (rec.line <= opts.resumeAfter) continue;
    if (b.records === 0) b.firstLine = rec.line;
    b.records++;
    b.lastLine = rec.line;
    const v = validateRecord(format, rec);
    if (!v.ok) {
      for (const e of v.errors) b.rejects.push({ ...e, raw: rec.raw });
      b.rejectedLines.add(rec.line);
    } else {
      const key = format.key(v.row);
      const kc = keys.check(key, rec.line, rec.raw);
      if (kc.kind === 'repeat') {
        b.duplicates++;
      } else if (kc.kind === 'conflict') {
        const e: RowError = { line: rec.line, field: keyLabel, reason: `${key} is also on line ${kc.firstLine} with different values; one of the two is wrong` };
        b.rejects.push({ ...e, raw: rec.raw });
        b.rejectedLines.add(rec.line);
      } else {
        b.rows.push({ row: v.row, line: rec.line, raw: onlyRewritten(rec.values, v.row) });
        b.texts.set(rec.line, rec.raw);
      }
    }
    if (b.records >= batchSize) {
      yield b;
      b = emptyBatch();
    }
  }
  if (b.records > 0) yield b;
  return { recordsSeen };
}
