/**
 * Many rows into one table as one bind parameter: the rows go in as a JSON array read by jsonb_populate_recordset,
 * so a batch of any size stays far under PostgreSQL's 65,535 bind parameters (a person record alone has 35 columns)
 * and array columns (aliases) need no special casing. Columns the rows do not name keep their defaults.
 */
import { sql, type RawBuilder } from 'kysely';

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  // Table and column names come from our own code, never from input; the check keeps it that way.
  if (!IDENT.test(name)) throw new Error(`json rows: ${JSON.stringify(name)} is not a plain identifier`);
  return name;
}

/**
 * An INSERT of `rows` (plain objects with the same keys) into `table`, in their order (identity ids follow it, which
 * the audit chain relies on); usable as a statement or as a CTE.
 */
export function insertJsonRows(table: string, rows: ReadonlyArray<Record<string, unknown>>, onConflict = ''): RawBuilder<unknown> {
  const cols = Object.keys(rows[0]).map(ident).join(', ');
  const t = ident(table);
  return sql`INSERT INTO ${sql.raw(t)} (${sql.raw(cols)}) SELECT ${sql.raw(cols)} FROM jsonb_populate_recordset(NULL::${sql.raw(t)}, ${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS r ORDER BY r.ordinality${sql.raw(onConflict)}`;
}

/** Audit events (chainAuditRows) as rows for insertJsonRows: details as JSON, not as text holding JSON. */
export function auditJsonRows(rows: ReadonlyArray<{ details: string } & Record<string, unknown>>): Array<Record<string, unknown>> {
  return rows.map((a) => ({ ...a, details: JSON.parse(a.details) as unknown }));
}
