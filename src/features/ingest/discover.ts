// The order files of a folder are imported in: dealers first (the other kinds refer to them), then the rest in the
// order of src/formats. The kind is read from each file's first line; a file that does not tell goes last, and the
// importer then explains why.
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { IMPORT_KINDS, detectKind, type ImportKind } from '../../formats/index.js';

async function firstLine(file: string): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const nl = text.indexOf('\n');
    return (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, '');
  } finally {
    await fh.close();
  }
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
