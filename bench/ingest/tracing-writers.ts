// Import speed of the tracing, recovery and suspect-gun writers: imports a simulated world's folder with the real CLI
// into a fresh PostgreSQL database and reads each file's time from import_batches (started_at .. finished_at, so the
// CLI's start-up and migrations are not counted), then prints the digest of what was stored (tracing-digest.sql), so
// two runs (two versions of the code: --code DIR) can be compared for speed and for sameness.
//
//   npx tsx src/cli/main.ts simulate --scenario border-baseline --seed 4 --scale 0.2 --out /tmp/imp/w
//   /tmp/bin/quiet bench npx tsx bench/ingest/tracing-writers.ts --world /tmp/imp/w --db imp_after [--code /path/to/checkout]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const get = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const world = get('world') ?? '/tmp/imp/w';
const db = get('db') ?? 'imp_bench';
const code = path.resolve(get('code') ?? path.join(HERE, '..', '..'));
const server = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`--db ${db}: a plain database name, please`);

const admin = new pg.Client({ connectionString: `${server}/postgres` });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${db}`);
await admin.query(`CREATE DATABASE ${db}`);
await admin.end();

const url = `${server}/${db}`;
const t0 = Date.now();
execFileSync('npx', ['tsx', 'src/cli/main.ts', 'import', world, '--no-resolve'], {
  cwd: code, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'ignore', 'inherit'],
});
const wallS = (Date.now() - t0) / 1000;

const c = new pg.Client({ connectionString: url });
await c.connect();
const files = (
  await c.query<{ kind: string; rows: number; duplicates: number; rejected: number; ms: number }>(`
    SELECT kind, rows_ok AS rows, rows_duplicate AS duplicates, rows_rejected AS rejected,
      round(extract(epoch FROM finished_at - started_at) * 1000)::int AS ms
    FROM import_batches ORDER BY id`)
).rows.map((f) => ({ ...f, rowsPerS: f.ms > 0 ? Math.round((f.rows + f.duplicates + f.rejected) / (f.ms / 1000)) : null }));
await c.end();
const digest = execFileSync('psql', ['-At', '-f', path.join(HERE, 'tracing-digest.sql'), url], { encoding: 'utf8' }).trim().split('\n');
console.log(JSON.stringify({ code, world, db, wallS, files, digest }, null, 2));
