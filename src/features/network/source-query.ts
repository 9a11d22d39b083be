/**
 * The one paged query every edge source is read with, generated from its declaration in model.ts. Identifiers come
 * from the declaration only (never from a request) and are quoted with sql.ref / sql.table; values are parameters.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import { NODE_TABLES, targetType, type EdgeSource } from './model.js';
import { scopeSql, type NetworkScope } from './scope.js';

export interface SourceRow {
  id: number;
  rec: number;
  target: string | number;
  target_label: string | null;
  d: string | null;
  /** The row of the target's node table (dealer, firearm, case), with the declared columns. */
  t: Record<string, unknown> | null;
}

function col(alias: string, column: string): RawBuilder<unknown> {
  return sql.ref(`${alias}.${column}`);
}

export function sourcePageQuery(src: EdgeSource, scope: NetworkScope, after: number, limit: number): RawBuilder<SourceRow> {
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

  const tableJson = table
    ? sql`jsonb_build_object(${sql.join(['id', ...table.columns].flatMap((c) => [sql.lit(c), col('t', c)]))})`
    : sql`NULL::jsonb`;
  return sql<SourceRow>`
    SELECT s.id AS id, ${col('s', src.person)} AS rec, ${col('s', src.target)} AS target,
           ${src.targetLabel ? sql`${col('s', src.targetLabel)}::text` : sql`NULL::text`} AS target_label,
           ${src.date ? sql`(${col('s', src.date)})::date::text` : sql`NULL::text`} AS d,
           ${tableJson} AS t
    FROM ${sql.table(src.table)} s
    JOIN person_records p ON p.id = ${col('s', src.person)}
    ${toPerson ? sql`JOIN person_records p2 ON p2.id = ${col('s', src.target)}` : sql``}
    ${table ? sql`JOIN ${sql.table(table.table)} t ON t.id = ${col('s', src.target)}` : sql``}
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY s.id
    LIMIT ${limit}`;
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
    if (rows.length === 0) break;
    onPage(rows);
    total += rows.length;
    after = rows[rows.length - 1].id;
    if (rows.length < pageSize) break;
  }
  return total;
}
