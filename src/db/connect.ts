import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { DB } from './schema.js';

export type EngineKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  kind: EngineKind;
  /** Only set in embedded mode: the PGlite instance (COPY, dumps for test templates). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

// DATE columns come back as 'YYYY-MM-DD' strings: a calendar date has no time zone, and JS Date would invent one.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
// bigint counts and ids fit comfortably in a JS number for this domain; keep them numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

export interface OpenOptions {
  /** postgres://... to use a server; otherwise embedded PGlite in dataDir. */
  databaseUrl?: string;
  dataDir?: string;
  /** PGlite: start from a dumped data directory (tests clone one migrated template this way). */
  loadDataDir?: Blob;
  /** PGlite in memory, nothing persisted. */
  inMemory?: boolean;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseError(`DATABASE_URL is not a valid URL: ${redact(url)}`);
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new DatabaseError(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
  }
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client that errors (server restart) must not crash the process; the next query reconnects.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL pool error: ${err.message}`));
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch((e: unknown) => process.emitWarning(String(e)));
    throw new DatabaseError(`Cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}`, { cause: err });
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, kind: 'postgres', close: () => db.destroy() };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (!opts.inMemory && !opts.loadDataDir) {
    dataDir = path.resolve(opts.dataDir ?? './data');
    checkDataDir(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir,
      loadDataDir: opts.loadDataDir,
      extensions: { pg_trgm, fuzzystrmatch },
      // Every commit is flushed to the data directory: a killed import keeps exactly its committed batches.
      relaxedDurability: false,
    });
    await pglite.exec('SELECT 1');
  } catch (err) {
    throw new DatabaseError(
      `Cannot open the embedded database in ${dataDir ?? 'memory'}: ${(err as Error).message}. ` +
        `If the data directory is corrupt, move it aside and start again (a new one is created), or restore a backup.`,
      { cause: err },
    );
  }
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** A data directory must be empty, absent, or a PostgreSQL cluster; anything else is refused rather than overwritten. */
function checkDataDir(dir: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    return;
  }
  const st = fs.statSync(dir);
  if (!st.isDirectory()) throw new DatabaseError(`INTERDICT_DATA=${dir} is not a directory`);
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return;
  if (!entries.includes('PG_VERSION')) {
    throw new DatabaseError(
      `INTERDICT_DATA=${dir} is not empty and does not hold an Interdict database (no PG_VERSION); ` +
        `refusing to touch it. Point INTERDICT_DATA at an empty or absent directory.`,
    );
  }
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:***@');
}
