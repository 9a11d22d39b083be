// One cheap pass over the bytes of a file before anything is parsed: its SHA-256 (which, with the kind, identifies the
// import, so the same file twice adds nothing), its size and line count (progress and time left), and the checks that
// condemn a whole file before a single row is taken: binary content, text that is not UTF-8 (or is UTF-16), and a line
// too long to be a record. The file is read in chunks; a 100 MB line is measured, never held in memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { FileProblem } from './problems.js';

export type FileFormat = 'csv' | 'ndjson';

export interface Prescan {
  sha256: string;
  bytes: number;
  /** Physical lines (a last line without a newline counts). */
  lines: number;
  /** The file starts with a UTF-8 byte-order mark (allowed, and skipped by the readers). */
  bom: boolean;
  format: FileFormat;
}

export interface PrescanOptions {
  /** Longest line accepted, in bytes. */
  maxLineBytes: number;
  /** Given by the caller (--format or the upload's type); otherwise from the extension, then the first character. */
  format?: FileFormat;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const CHUNK = 1024 * 1024;

function countNewlines(buf: Buffer, end = buf.length): number {
  let n = 0;
  let i = buf.indexOf(10);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

/** Offset of the first byte that breaks UTF-8 in `buf` (which is known to be invalid somewhere). */
export function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let need: number;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    if (i + need >= buf.length && need > 0) return i;
    for (let k = 1; k <= need; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    // Overlong and surrogate forms that the ranges above let through.
    if (need === 2 && ((b === 0xe0 && buf[i + 1] < 0xa0) || (b === 0xed && buf[i + 1] > 0x9f))) return i;
    if (need === 3 && ((b === 0xf0 && buf[i + 1] < 0x90) || (b === 0xf4 && buf[i + 1] > 0x8f))) return i;
    i += need + 1;
  }
  return buf.length;
}

/** How many bytes at the end of `buf` start a multi-byte character that the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? back : 0;
  }
  return 0;
}

function formatFromName(file: string): FileFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl' || ext === '.json') return 'ndjson';
  return undefined;
}

function hex(b: number): string {
  return `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
}

export async function prescanFile(file: string, opts: PrescanOptions): Promise<Prescan> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new FileProblem('not_found', `${file} is not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    throw new FileProblem('not_found', `cannot read ${file}: ${(err as Error).message}`);
  }
  if (size === 0) throw new FileProblem('empty', 'the file is empty (0 bytes): there is no header and no row');

  const hash = createHash('sha256');
  let lines = 0;
  let lineLen = 0;
  let carry: Buffer | null = null;
  let first = true;
  let bom = false;
  let firstChar = '';
  let onlyWhitespace = true;
  // Byte offset of the current chunk in the file, for messages.
  let offset = 0;
  let consumed = 0;
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      hash.update(raw);
      let chunk = raw;
      offset += consumed;
      consumed = raw.length;
      if (first) {
        first = false;
        if (chunk[0] === 0xff && chunk[1] === 0xfe) throw utf16('little-endian');
        if (chunk[0] === 0xfe && chunk[1] === 0xff) throw utf16('big-endian');
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
          bom = true;
          chunk = chunk.subarray(3);
        }
        // UTF-16 without a byte-order mark shows as a zero byte beside every ASCII character.
        const head = chunk.subarray(0, 512);
        const zeros = head.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
        if (head.length >= 8 && zeros >= head.length / 3) throw utf16('without a byte-order mark');
      }
      const nul = chunk.indexOf(0);
      if (nul !== -1) {
        const line = lines + countNewlines(chunk, nul) + 1;
        throw new FileProblem(
          'binary',
          `line ${line}: the file holds a zero byte (at byte ${offset + raw.length - chunk.length + nul}), so it is a binary file, not CSV or ` +
            'NDJSON text. Export the data as UTF-8 CSV or NDJSON.',
          line,
        );
      }
      // Validate UTF-8 across chunk boundaries: a character split between two chunks is checked whole.
      let text: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(text);
      carry = tail > 0 ? Buffer.from(text.subarray(text.length - tail)) : null;
      if (tail > 0) text = text.subarray(0, text.length - tail);
      if (!isUtf8(text)) {
        const at = firstInvalidUtf8(text);
        const line = lines + countNewlines(text, at) + 1;
        throw new FileProblem(
          'encoding',
          `line ${line}: byte ${hex(text[at])} is not UTF-8. The file is in another encoding (often Windows-1252 or ` +
            'Latin-1, from a spreadsheet); save it as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`) and import it again.',
          line,
        );
      }
      // Count lines and measure the longest one; stop at the first line that is too long.
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        const segment = (nl === -1 ? chunk.length : nl) - start;
        lineLen += segment;
        if (lineLen > opts.maxLineBytes) {
          throw new FileProblem(
            'line_too_long',
            `line ${lines + 1} is longer than ${opts.maxLineBytes.toLocaleString('en-US')} bytes, more than any record ` +
              'of any import kind can be; the file is refused. Check that it is the file you meant to import.',
            lines + 1,
          );
        }
        if (onlyWhitespace || !firstChar) {
          const seg = chunk.subarray(start, start + segment).toString('utf8').trim();
          if (seg !== '') {
            onlyWhitespace = false;
            if (!firstChar) firstChar = seg[0];
          }
        }
        if (nl === -1) break;
        lines++;
        lineLen = 0;
        start = nl + 1;
      }
    }
  } finally {
    stream.destroy();
  }
  if (carry) {
    const line = lines + 1;
    throw new FileProblem('encoding', `line ${line}: the file ends in the middle of a UTF-8 character; it is truncated or not UTF-8`, line);
  }
  if (lineLen > 0) lines++;
  if (onlyWhitespace) throw new FileProblem('empty', 'the file holds only blank lines: there is no header and no row');
  const format = opts.format ?? formatFromName(file) ?? (firstChar === '{' ? 'ndjson' : 'csv');
  return { sha256: hash.digest('hex'), bytes: size, lines, bom, format };
}

function utf16(how: string): FileProblem {
  return new FileProblem(
    'encoding',
    `line 1: the file is UTF-16 text (${how}), not UTF-8. Save it as "CSV UTF-8" (or convert it with ` +
      '`iconv -f UTF-16 -t UTF-8`) and import it again.',
    1,
  );
}
