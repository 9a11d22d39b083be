/**
 * The one paged query every edge source is read with, generated from its declaration in model.ts. Identifiers come
 * from the declaration only (never from a request) and are quoted with sql.ref / sql.table; values are parameters.
 *
 * A page travels as one JSON array of small tuples rather than as thousands of rows: per-row protocol overhead
 * dominated the build on the embedded engine (measured 2-4x slower with one row per record on PGlite).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import { NODE_TABLES, targetType, type EdgeSource } from './model.js';
import { scopeSql, type NetworkScope } from './scope.js';

/** [record id, person record id, target key, target label (values only), date, node-table row id]. */
export type SourceRow = [id: number, rec: number, key: string, label: string | null, date: string | null, rowId: number | null];

function col(alias: string, column: string): RawBuilder<unknown> {
  return sql.ref(`${alias}.${column}`);
}

export function sourcePageQuery(src: EdgeSource, scope: NetworkScope, after: number, limit: number): RawBuilder<{ page: string | null }> {
  const type = targetType(src.edge);
  const table = NODE_TABLES[type];
  const toPerson = type === 'person';
  const conditions: Array<RawBuilder<unknown>> = [
    sql`s.id > ${after}`,
    sql`${col('s', src.target)} IS NOT NULL`,
    scopeSql(scope, 'p'),
  ];
  for (const [column, value] of Object.entries(src.where ?? {})) conditions.push(sql`${col('s', column)} = ${value}`);
  if (src.agencyColumn) conditions.push(scopeSql(scope, 's', src.agencyColumn));
  if (toPerson) conditions.push(scopeSql(scope, 'p2'));
  if (table?.agencyColumn) conditions.push(scopeSql(scope, 't', table.agencyColumn));
  // A blank value (an empty phone column) names nothing.
  if (!table && !toPerson) conditions.push(sql`${col('s', src.target)}::text <> ''`);

  const key = table ? table.keySql('t') : sql`${col('s', src.target)}::text`;
  const label = !table && src.targetLabel ? sql`${col('s', src.targetLabel)}::text` : sql`NULL::text`;
  const date = src.date ? sql`(${col('s', src.date)})::date::text` : sql`NULL::text`;
  const rowId = table ? sql`t.id` : sql`NULL::bigint`;
  return sql<{ page: string | null }>`
    SELECT json_agg(json_build_array(x.id, x.rec, x.k, x.l, x.d, x.r) ORDER BY x.id)::text AS page
    FROM (
      SELECT s.id AS id, ${col('s', src.person)} AS rec, ${key} AS k, ${label} AS l, ${date} AS d, ${rowId} AS r
      FROM ${sql.table(src.table)} s
      JOIN person_records p ON p.id = ${col('s', src.person)}
      ${toPerson ? sql`JOIN person_records p2 ON p2.id = ${col('s', src.target)}` : sql``}
      ${table ? sql`JOIN ${sql.table(table.table)} t ON t.id = ${col('s', src.target)}` : sql``}
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY s.id
      LIMIT ${limit}
    ) x`;
}

/** Streams one source in pages of `pageSize`, ordered by id, calling `onPage` for each. */
export async function streamSource(
  tx: Tx,
  src: EdgeSource,
  scope: NetworkScope,
  pageSize: number,
  onPage: (rows: SourceRow[]) => void,
): Promise<number> {
  let after = 0;
  let total = 0;
  for (;;) {
    const { rows } = await sourcePageQuery(src, scope, after, pageSize).execute(tx);
    const page = rows[0]?.page ? (JSON.parse(rows[0].page) as SourceRow[]) : [];
    if (page.length === 0) break;
    onPage(page);
    total += page.length;
    after = page[page.length - 1][0];
    if (page.length < pageSize) break;
  }
  return total;
}

/** Labels of node-table nodes, read for the rows that represent surviving nodes only. */
export async function readLabels(tx: Tx, table: 'dealers' | 'firearms' | 'cases', columns: readonly string[], ids: number[], pageSize = 10_000): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += pageSize) {
    const chunk = ids.slice(i, i + pageSize);
    const { rows } = await sql<Record<string, unknown> & { id: number }>`
      SELECT t.id, ${sql.join(columns.map((c) => col('t', c)))} FROM ${sql.table(table)} t WHERE t.id = ANY(${chunk}::bigint[])`.execute(tx);
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
