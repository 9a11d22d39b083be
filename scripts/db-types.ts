// Regenerates src/db/schema.ts (Kysely table types) from the migrations, using a scratch database on the
// PostgreSQL server (TYPES_DATABASE_URL, default the local development server). Run: npm run db:types
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';

const base = process.env.TYPES_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `interdict_types_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
try {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.href }) }) });
  await migrateToLatest(db);
  await db.destroy();
  execFileSync(
    'npx',
    [
      'kysely-codegen',
      '--url', url.href,
      '--out-file', 'src/db/schema.ts',
      '--date-parser', 'string',
      '--numeric-parser', 'number',
      '--exclude-pattern', 'kysely_*',
      '--type-mapping', JSON.stringify({ int8: 'number' }),
    ],
    { stdio: 'inherit' },
  );
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
