// The shape every import kind shares: a strict row schema, its ordered columns, the key that makes a row unique.
import { z } from 'zod';

export type ImportKind =
  | 'dealers'
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
  return {
    kind: def.kind,
    description: def.description,
    shape: def.shape,
    schema: schema as unknown as z.ZodType<z.output<z.ZodObject<S>>, Record<string, unknown>>,
    columns: Object.keys(def.shape),
    rules: def.rules ?? [],
    keyColumns,
    key: (row) => keyColumns.map((c) => String((row as Record<string, unknown>)[c] ?? '')).join('/'),
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
