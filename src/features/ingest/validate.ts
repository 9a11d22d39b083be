// Row validation with the one schema per kind (src/formats), turned into row errors that name line, field and
// reason; and the in-file check for rows that repeat a key: the same row twice is a duplicate (skipped), the same key
// with other values is a conflict (rejected, naming the line it conflicts with).
import type { z } from 'zod';
import type { ImportFormat, ImportKind } from '../../formats/index.js';
import type { RowError } from './problems.js';
import type { SourceRecord } from './records.js';

export type Validated<Row> = { ok: true; row: Row } | { ok: false; errors: RowError[] };

function fieldOf(issue: z.core.$ZodIssue): string | null {
  if (issue.path.length > 0) return String(issue.path[0]);
  if (issue.code === 'unrecognized_keys') return issue.keys.join(', ');
  return null;
}

export function validateRecord<Row>(format: Pick<ImportFormat<ImportKind, Row>, 'schema' | 'fastParse'>, rec: SourceRecord): Validated<Row> {
  if (rec.problem) return { ok: false, errors: [{ line: rec.line, field: rec.problem.field, reason: rec.problem.reason }] };
  // Most rows are good: the fast path says so without zod; a row it does not pass is judged by zod, for the reasons.
  const fast = format.fastParse?.(rec.values);
  if (fast) return { ok: true, row: fast };
  const r = format.schema.safeParse(rec.values);
  if (r.success) return { ok: true, row: r.data };
  // One reason per field is enough to act on; the first is the one zod found first.
  const errors: RowError[] = [];
  const seen = new Set<string | null>();
  for (const issue of r.error.issues) {
    const field = fieldOf(issue);
    if (seen.has(field)) continue;
    seen.add(field);
    const nested = issue.path.length > 1 ? `${issue.path.slice(1).map(String).join('.')}: ` : '';
    errors.push({ line: rec.line, field, reason: `${nested}${issue.message}` });
  }
  return { ok: false, errors };
}

/** FNV-1a, 32 bits: enough to tell an exact repeat from a different row with the same key. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const LINE_BITS = 2 ** 27;

export type KeyCheck = { kind: 'new' } | { kind: 'repeat'; firstLine: number } | { kind: 'conflict'; firstLine: number };

/**
 * Remembers every key seen in one file with its line and a hash of its text, packed in one number (line below 2^27,
 * 26 bits of hash) so that a million keys cost tens of megabytes, not hundreds.
 */
export class InFileKeys {
  private seen = new Map<string, number>();

  check(key: string, line: number, text: string): KeyCheck {
    const hash = fnv1a(text.trim()) & 0x3ffffff;
    const prev = this.seen.get(key);
    if (prev === undefined) {
      this.seen.set(key, hash * LINE_BITS + (line % LINE_BITS));
      return { kind: 'new' };
    }
    const firstLine = prev % LINE_BITS;
    return Math.floor(prev / LINE_BITS) === hash ? { kind: 'repeat', firstLine } : { kind: 'conflict', firstLine };
  }

  get size(): number {
    return this.seen.size;
  }
}
