// The shape every import kind shares: a strict row schema, its ordered columns, the key that makes a row unique.
import { z } from 'zod';
import { fastFieldOf, type FastField } from './fields.js';

export type ImportKind =
  | 'dealers'
  | 'cases'
  | 'multiple_sales'
  | 'trace_requests'
  | 'trace_results'
  | 'recoveries'
  | 'suspect_guns'
  | 'dealer_tips'
  | 'theft_reports';

/** A row type with the columns that may be absent as optional keys (zod's output keeps them as `T | undefined`). */
export type Optionalize<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: T[K];
} extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

export interface ImportFormat<K extends ImportKind = ImportKind, Row = Record<string, unknown>> {
  kind: K;
  /** One paragraph: what the rows are, which form they come from, who sends them. */
  description: string;
  /** Validates one row: a CSV record (strings), an NDJSON line or an HTTP body. */
  schema: z.ZodType<Row, Record<string, unknown>>;
  /** Column order for CSV headers; the same names as the schema's keys. */
  columns: readonly string[];
  /** The rules across columns, in words (the refinements of the schema), for the documentation. */
  rules: readonly string[];
  /** Columns whose values together identify the row (importing it twice adds nothing). */
  keyColumns: readonly string[];
  /** The row key as one string, e.g. "R1A2B3C4/2": also the key `truth.json` uses for the simulator's rows. */
  key(row: Row): string;
  /**
   * The schema's result for a record of text cells, computed without zod, or null when the record is not valid (or
   * not all text): the caller then runs `schema`, which names the reasons. Null also when a field has no fast check.
   */
  fastParse?: (values: Record<string, unknown>) => Row | null;
}

type Refine<S extends z.ZodRawShape> = (row: z.output<z.ZodObject<S>>, ctx: z.core.$RefinementCtx) => void;

export function defineFormat<K extends ImportKind, S extends z.ZodRawShape>(def: {
  kind: K;
  description: string;
  shape: S;
  keyColumns: readonly (keyof S & string)[];
  rules?: readonly string[];
  refine?: Refine<S>;
}): ImportFormat<K, z.output<z.ZodObject<S>>> & { shape: S } {
  const base = z.strictObject(def.shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown column${iss.keys.length > 1 ? 's' : ''} ${iss.keys.join(', ')}`
        : 'a row must be an object of column values',
  });
  const schema = def.refine ? base.superRefine(def.refine) : base;
  const keyColumns = def.keyColumns;
  const fastParse = compileFast(def.shape, def.refine);
  return {
    kind: def.kind,
    description: def.description,
    shape: def.shape,
    schema: schema as unknown as z.ZodType<z.output<z.ZodObject<S>>, Record<string, unknown>>,
    columns: Object.keys(def.shape),
    rules: def.rules ?? [],
    keyColumns,
    key: (row) => keyColumns.map((c) => String((row as Record<string, unknown>)[c] ?? '')).join('/'),
    ...(fastParse ? { fastParse: fastParse as (values: Record<string, unknown>) => z.output<z.ZodObject<S>> | null } : {}),
  };
}

/** Thrown through a field check or refinement by the fast path's context: the record goes to zod instead. */
const NOT_FAST = Symbol('not fast');

/**
 * The strict object schema with its refinement, as a plain function over the shape's fast field checks (fields.ts).
 * It mirrors zod's object parse: unknown keys fail, every shape key is checked in order, a key present in the input
 * is present in the output even when its value is undefined, an absent one is left out. The refinement runs only on
 * a row whose fields all passed, as zod's does. Equality with zod is tested in formats.test.ts on every format.
 */
function compileFast<S extends z.ZodRawShape>(shape: S, refine: Refine<S> | undefined): ((values: Record<string, unknown>) => Record<string, unknown> | null) | null {
  const keys = Object.keys(shape);
  const checks: FastField[] = [];
  for (const k of keys) {
    const f = fastFieldOf(shape[k] as unknown as z.ZodType);
    if (!f) return null;
    checks.push(f);
  }
  const known = new Set(keys);
  const ctx = {
    addIssue(): never {
      throw NOT_FAST;
    },
  } as unknown as z.core.$RefinementCtx;
  return (values) => {
    for (const k in values) if (!known.has(k)) return null;
    const out: Record<string, unknown> = {};
    try {
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const raw = values[k];
        if (raw !== undefined && raw !== null && typeof raw !== 'string') return null;
        const v = checks[i](raw, ctx);
        if (v !== undefined || k in values) out[k] = v;
      }
      if (refine) {
        (ctx as unknown as { value: unknown }).value = out;
        refine(out as z.output<z.ZodObject<S>>, ctx);
      }
    } catch (err) {
      if (err === NOT_FAST) return null;
      throw err;
    }
    return out;
  };
}

/** Adds an issue on one column from an object-level rule. */
export function issueAt(ctx: z.core.$RefinementCtx, column: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: [column], message });
}

/** "line 1043, buyer_dob: 1988-02-30 is not a date" style messages: the column, then the reason. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map(formatIssue);
}
