// Streaming output: one CSV file per import kind and the truth records, written in chunks with back-pressure so
// that memory stays flat however large the world.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { csvHeader, csvLine } from '../formats/csv.js';
import { FORMATS, type ImportKind } from '../formats/index.js';

const CHUNK = 1 << 18;

export class Sink {
  private buffer: string[] = [];
  private size = 0;
  private readonly stream: WriteStream;
  rows = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  writeText(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
  }

  /** Hands the buffered text to the file; waits when the file is behind. */
  async flush(force = false): Promise<void> {
    if (this.size === 0 || (!force && this.size < CHUNK)) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        this.stream.once('error', onError);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    await this.flush(true);
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}

export class CsvSink<Row extends object> extends Sink {
  constructor(
    dir: string,
    readonly kind: ImportKind,
  ) {
    super(join(dir, `${kind}.csv`));
    this.writeText(csvHeader(FORMATS[kind].columns));
  }

  write(row: Row): void {
    this.writeText(csvLine(FORMATS[this.kind].columns, row as Record<string, unknown>));
    this.rows++;
  }
}

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}
