// Many rows into one table in one statement, on the connection of the open transaction. PostgreSQL gets COPY FROM
// STDIN (pg-copy-streams), its fastest path. PGlite gets INSERT ... SELECT FROM unnest(...): its node-postgres adapter
// hands COPY FROM STDIN to the embedded backend one message at a time, which the backend does not survive (measured
// with PGlite 0.5.17), and its own COPY FROM '/dev/blob' costs about half a second a call; unnest with one array per
// column measured as fast as a single whole-file COPY there.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EngineKind } from '../../db/connect.js';
import type { Tx } from '../../db/types.js';

/** The column types the hot tables use. Arrays are deliberately absent: unnest would flatten them. */
export type BulkType = 'bigint' | 'integer' | 'smallint' | 'text' | 'date' | 'boolean' | 'double precision' | 'numeric';

export interface BulkColumn {
  type: BulkType;
  /** One value per row; null or undefined is SQL NULL. */
  values: ReadonlyArray<string | number | boolean | null | undefined>;
}

export interface BulkInserter {
  /** Inserts rows given column by column (every column the same length). Rows are not checked for conflicts. */
  insert(table: string, columns: Record<string, BulkColumn>): Promise<void>;
  /** Takes `n` ids from each table's identity sequence, so that rows can refer to each other before they exist. */
  reserveIds(counts: Record<string, number>): Promise<Record<string, number[]>>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  // Table and column names come from our own code, never from input; the check keeps it that way.
  if (!IDENT.test(name)) throw new Error(`bulk insert: ${JSON.stringify(name)} is not a plain identifier`);
  return name;
}

function rowCount(columns: Record<string, BulkColumn>): number {
  const lengths = new Set(Object.values(columns).map((c) => c.values.length));
  if (lengths.size > 1) throw new Error(`bulk insert: columns of different lengths (${[...lengths].join(', ')})`);
  return lengths.size === 0 ? 0 : [...lengths][0];
}

/** COPY text format: backslash escapes for the four characters that would break a row, \N for NULL. */
function copyValue(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

function* copyText(names: string[], columns: Record<string, BulkColumn>, n: number): Generator<string> {
  const cols = names.map((c) => columns[c].values);
  let buf = '';
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let j = 0; j < cols.length; j++) {
      if (j > 0) line += '\t';
      line += copyValue(cols[j][i]);
    }
    buf += `${line}\n`;
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

const sequenceNames = new Map<string, string>();

async function sequenceOf(client: pg.PoolClient, table: string): Promise<string> {
  let seq = sequenceNames.get(table);
  if (!seq) {
    const r = await client.query<{ seq: string | null }>('SELECT pg_get_serial_sequence($1, $2) AS seq', [ident(table), 'id']);
    seq = r.rows[0]?.seq ?? undefined;
    if (!seq) throw new Error(`bulk insert: table ${table} has no id sequence`);
    sequenceNames.set(table, seq);
  }
  return seq;
}

export function createBulkInserter(kind: EngineKind, client: pg.PoolClient): BulkInserter {
  return {
    async insert(table, columns) {
      const n = rowCount(columns);
      if (n === 0) return;
      const names = Object.keys(columns).map(ident);
      if (kind === 'postgres') {
        const stream = client.query(copyFrom(`COPY ${ident(table)} (${names.join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(copyText(names, columns, n)), stream);
        return;
      }
      const params = names.map((c) => columns[c].values.map((v) => (v === undefined ? null : v)));
      const casts = names.map((c, i) => `$${i + 1}::${columns[c].type}[]`).join(', ');
      await client.query(`INSERT INTO ${ident(table)} (${names.join(', ')}) SELECT * FROM unnest(${casts})`, params);
    },

    async reserveIds(counts) {
      const tables = Object.keys(counts).filter((t) => counts[t] > 0);
      const out: Record<string, number[]> = Object.fromEntries(Object.keys(counts).map((t) => [t, [] as number[]]));
      if (tables.length === 0) return out;
      const seqs: string[] = [];
      // One connection runs one query at a time.
      for (const t of tables) seqs.push(await sequenceOf(client, t));
      const selects = tables.map((_, i) => `ARRAY(SELECT nextval($${2 * i + 1}::regclass) FROM generate_series(1, $${2 * i + 2}::int)) AS c${i}`);
      const params = tables.flatMap((t, i) => [seqs[i], counts[t]]);
      const r = await client.query<Record<string, Array<string | number>>>(`SELECT ${selects.join(', ')}`, params);
      tables.forEach((t, i) => {
        out[t] = r.rows[0][`c${i}`].map(Number);
      });
      return out;
    },
  };
}

const ARRAY_CAST: Record<BulkType, RawBuilder<unknown>> = {
  bigint: sql`bigint[]`,
  integer: sql`integer[]`,
  smallint: sql`smallint[]`,
  text: sql`text[]`,
  date: sql`date[]`,
  boolean: sql`boolean[]`,
  'double precision': sql`double precision[]`,
  numeric: sql`numeric[]`,
};

/**
 * The same operations through a Kysely handle, for callers that have no raw connection (a single report filed over
 * the API): unnest on either engine.
 */
export function bulkFromKysely(tx: Tx): BulkInserter {
  return {
    async insert(table, columns) {
      const n = rowCount(columns);
      if (n === 0) return;
      const names = Object.keys(columns).map(ident);
      const arrays = names.map((c) => sql`${columns[c].values.map((v) => (v === undefined ? null : v))}::${ARRAY_CAST[columns[c].type]}`);
      await sql`INSERT INTO ${sql.table(ident(table))} (${sql.join(names.map((c) => sql.ref(c)))}) SELECT * FROM unnest(${sql.join(arrays)})`.execute(tx);
    },
    async reserveIds(counts) {
      const out: Record<string, number[]> = {};
      for (const [table, n] of Object.entries(counts)) {
        if (n <= 0) {
          out[table] = [];
          continue;
        }
        const r = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence(${ident(table)}, 'id')) AS id FROM generate_series(1, ${n}::int)`.execute(tx);
        out[table] = r.rows.map((x) => Number(x.id));
      }
      return out;
    },
  };
}

/** Turns row objects into the column arrays `insert` takes; `types` names every column and its SQL type. */
export function toColumns<T extends object>(rows: readonly T[], types: { [K in keyof T & string]: BulkType }): Record<string, BulkColumn> {
  const out: Record<string, BulkColumn> = {};
  for (const col of Object.keys(types) as Array<keyof T & string>) {
    const values = new Array<string | number | boolean | null>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = (rows[i][col] ?? null) as string | number | boolean | null;
    out[col] = { type: types[col], values };
  }
  return out;
}
