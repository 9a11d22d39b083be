// The rejects file: every refused row of an import, with its line, field, reason and the row as written, so that
// whoever sent the file can fix those rows and send them again. Rebuilt from import_rejects, so it is complete even
// when the import was resumed after a kill.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Tx } from '../../db/types.js';
import { listRejects } from './batches.repository.js';

export function rejectsFileName(fileName: string): string {
  return `${path.basename(fileName)}.rejects.csv`;
}

export async function writeRejectsFile(tx: Tx, batchId: number, target: string): Promise<number> {
  await mkdir(path.dirname(target), { recursive: true });
  const out = createWriteStream(target, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.once('finish', resolve);
  });
  let n = 0;
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  try {
    await write(stringify([['line', 'field', 'reason', 'row']]));
    let afterId = 0;
    for (;;) {
      const page = await listRejects(tx, batchId, { afterId, limit: 5000 });
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      n += page.length;
      await write(stringify(page.map((r) => [r.line, r.field ?? '', r.reason, r.raw ?? ''])));
    }
  } finally {
    out.end();
  }
  await done;
  return n;
}
