// Which files of the given paths to import, and in what order: dealers and cases first (the other kinds refer to
// them), then the rest in the order of src/formats. The kind is read from each file's first line; a file that does not
// tell goes last, and the importer then explains why. The simulator's ground truth is never input: a folder's truth
// files are skipped with a notice (the importer refuses one named on its own).
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { IMPORT_KINDS, detectKind, isSimulatorTruth, type ImportKind } from '../../formats/index.js';

async function head(file: string): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await fh.close();
  }
}

async function firstLine(file: string): Promise<string> {
  const text = await head(file);
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

/** Whether the file is the simulator's ground truth (truth.json or truth-records.ndjson), by its content. */
export async function isSimulatorTruthFile(file: string): Promise<boolean> {
  return isSimulatorTruth(await head(file));
}

export async function peekKind(file: string): Promise<ImportKind | undefined> {
  const line = (await firstLine(file)).trim();
  if (line === '') return undefined;
  let columns: string[];
  if (line.startsWith('{')) {
    try {
      columns = Object.keys(JSON.parse(line) as object);
    } catch {
      return undefined; // not JSON after all: the importer reports the line properly
    }
  } else {
    try {
      columns = (parse(line, { relax_quotes: true }) as string[][])[0] ?? [];
    } catch {
      return undefined; // an unreadable header: the importer reports it properly
    }
  }
  return detectKind(columns);
}

export async function orderForImport(files: string[]): Promise<string[]> {
  const ranked = await Promise.all(
    files.map(async (f, i) => {
      const kind = await peekKind(f);
      return { f, i, rank: kind ? IMPORT_KINDS.indexOf(kind) : IMPORT_KINDS.length };
    }),
  );
  return ranked.sort((a, b) => a.rank - b.rank || a.i - b.i).map((r) => r.f);
}

const EXTENSIONS = new Set(['.csv', '.ndjson', '.jsonl']);

/** Thrown for a path that does not exist; the CLI turns it into a usage error. */
export class MissingPathError extends Error {}

/**
 * The files `interdict import PATH...` takes, in import order: a file as given; a folder's .csv, .ndjson and .jsonl
 * files, except rejects of an earlier run and the simulator's ground truth, which `notice` is told about.
 */
export async function filesToImport(paths: string[], notice: (message: string) => void = () => {}): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new MissingPathError(`${p}: no such file or folder`);
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    for (const n of (await readdir(p)).sort()) {
      // The rejects of an earlier run sit beside their files; they are not input.
      if (n.endsWith('.rejects.csv') || !EXTENSIONS.has(path.extname(n).toLowerCase())) continue;
      const file = path.join(p, n);
      if (await isSimulatorTruthFile(file)) {
        notice(`${file}: skipped: the simulator's ground truth, never imported`);
        continue;
      }
      out.push(file);
    }
  }
  return orderForImport(out);
}
