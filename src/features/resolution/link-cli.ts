// `interdict link FILE.csv --id COLUMN --map FIELD=COLUMN[,...] --out CLUSTERS.csv`: links any CSV
// of people and writes `id,cluster`. The command-line wiring calls runLink; all file access goes
// through `io` so that tests run without touching the disk.
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { parseMap, readPeopleCsv } from './engine/csv.js';
import { linkRecords, type LinkStats } from './engine/linker.js';
import type { ModelJson } from './engine/model.js';
import type { PairConstraint } from './engine/types.js';

export interface LinkOptions {
  file: string;
  /** Column holding the record id. */
  id: string;
  /** "FIELD=COLUMN,FIELD=COLUMN"; without it, columns named like the fields are used. */
  map?: string;
  /** Output file for `id,cluster` (stdout when absent). */
  out?: string;
  /** Match probability at or above which records are joined (default 0.5). */
  threshold?: number;
  /** Optional file for the pairs to review (CSV: a,b,probability). */
  reviewOut?: string;
  /** Optional CSV of analyst decisions: a,b,decision (confirmed|rejected). */
  decisions?: string;
  /** Optional CSV of an earlier run's `id,cluster`: cluster ids are kept stable. */
  previous?: string;
  /** Optional file to write the trained model (JSON) to. */
  modelOut?: string;
  seed?: number;
}

export interface LinkIO {
  readFile(path: string): Promise<string | Buffer>;
  writeFile(path: string, data: string): Promise<void>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const nodeIO: LinkIO = {
  readFile: (p) => readFile(p),
  writeFile: (p, d) => writeFile(p, d),
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

export interface LinkSummary {
  /** 0 ok, 1 error, 2 bad usage (the CLI's exit code). */
  exitCode: number;
  records?: number;
  clusters?: number;
  stats?: LinkStats;
  model?: ModelJson;
  error?: string;
}

class UsageError extends Error {}

function readTable(text: string | Buffer, name: string, columns: string[]): Record<string, string>[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  for (const c of columns) if (rows.length > 0 && !(c in rows[0])) throw new UsageError(`${name} needs a column "${c}"`);
  return rows;
}

function readDecisions(text: string | Buffer): PairConstraint[] {
  return readTable(text, 'the decisions file', ['a', 'b', 'decision']).map((r, k) => {
    const d = r.decision.toLowerCase();
    if (d !== 'confirmed' && d !== 'rejected') throw new UsageError(`decisions line ${k + 2}: decision must be confirmed or rejected, not "${r.decision}"`);
    return { a: r.a, b: r.b, decision: d };
  });
}

function readPrevious(text: string | Buffer): Map<string, string> {
  return new Map(readTable(text, 'the previous clusters file', ['id', 'cluster']).map((r) => [r.id, r.cluster]));
}

export async function runLink(options: LinkOptions, io: LinkIO = nodeIO): Promise<LinkSummary> {
  try {
    if (!options.file) throw new UsageError('a CSV file is required');
    if (!options.id) throw new UsageError('--id COLUMN is required');
    if (options.threshold !== undefined && !(options.threshold > 0 && options.threshold < 1)) throw new UsageError('--threshold must be between 0 and 1');
    let map: ReturnType<typeof parseMap> | undefined;
    try {
      map = options.map ? parseMap(options.map) : undefined;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    let text: string | Buffer;
    try {
      text = await io.readFile(options.file);
    } catch (e) {
      return fail(io, 1, `cannot read ${options.file}: ${(e as Error).message}`);
    }
    let parsed: ReturnType<typeof readPeopleCsv>;
    try {
      parsed = readPeopleCsv(text, options.id, map);
    } catch (e) {
      throw new UsageError(`${options.file}: ${(e as Error).message}`);
    }
    if (parsed.records.length === 0) throw new UsageError(`${options.file} has no records`);
    const mapped = Object.entries(parsed.map).map(([f, c]) => `${f}=${c}`).join(', ');
    io.stderr(`read ${parsed.records.length} records; fields: ${mapped || '(none)'}${parsed.dateFormat ? `; dates as ${parsed.dateFormat}` : ''}\n`);
    if (parsed.map.dob && !parsed.dateFormat) io.stderr(`warning: the date format of column ${parsed.map.dob} was not recognised; birth dates are ignored\n`);
    const seen = new Set<string>();
    for (const r of parsed.records) {
      if (!r.id) throw new UsageError(`a record has an empty id (column ${options.id})`);
      if (seen.has(r.id)) throw new UsageError(`duplicate id "${r.id}" in column ${options.id}`);
      seen.add(r.id);
    }
    const constraints = options.decisions ? readDecisions(await io.readFile(options.decisions)) : undefined;
    const previous = options.previous ? readPrevious(await io.readFile(options.previous)) : undefined;
    const { linker, result } = linkRecords(parsed.records, {
      threshold: options.threshold,
      seed: options.seed,
      constraints,
      previous,
      log: (m) => io.stderr(`  ${m}\n`),
    });
    const rows = result.recordIds.map((id, i) => [id, result.clusterIds[i]]);
    const csv = stringify([['id', 'cluster'], ...rows]);
    if (options.out) await io.writeFile(options.out, csv);
    else io.stdout(csv);
    if (options.reviewOut) {
      await io.writeFile(options.reviewOut, stringify([['a', 'b', 'probability'], ...result.review.map((r) => [r.a, r.b, r.probability.toFixed(4)])]));
    }
    if (options.modelOut) await io.writeFile(options.modelOut, JSON.stringify(linker.model, null, 2) + '\n');
    const st = result.stats;
    io.stderr(
      `${st.records} records -> ${st.clusters} persons; ${st.candidatePairs} candidate pairs, ${st.linksAboveThreshold} links, ${st.reviewPairs} pairs to review` +
        (st.conflicts.length ? `; ${st.conflicts.length} conflicting decisions` : '') +
        '\n',
    );
    return { exitCode: 0, records: st.records, clusters: st.clusters, stats: st, model: linker.model };
  } catch (e) {
    if (e instanceof UsageError) return fail(io, 2, e.message);
    return fail(io, 1, (e as Error).message);
  }
}

function fail(io: LinkIO, exitCode: number, message: string): LinkSummary {
  io.stderr(`interdict link: ${message}\n`);
  return { exitCode, error: message };
}
