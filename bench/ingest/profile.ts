// One import of a prepared bench folder (dealers.csv, multiple_sales.csv, as bench/ingest/run.ts writes them) into a
// fresh database, printing wall and CPU time and peak RSS; for profiling and memory checks, not for reported figures:
//
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/ingest/profile.ts postgres|pglite DIR
//
// Environment: INGEST_BATCH (rows per batch), INGEST_WORKER (1: read in the worker thread, 0: on the importer's
// thread; unset: the importer decides), PROFILE_DB (PostgreSQL database name or PGlite directory), MEM_EVERY_MS
// (print memory every so often; PGlite blocks the timer while it works).
import path from 'node:path';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { importFile } from '../../src/features/ingest/importer.js';

const [engine, work] = process.argv.slice(2);
if ((engine !== 'postgres' && engine !== 'pglite') || !work) throw new Error('usage: profile.ts postgres|pglite DIR');
const server = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let database: Database;
if (engine === 'postgres') {
  const name = process.env.PROFILE_DB ?? 'interdict_profile_ingest';
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  database = await openDatabase({ databaseUrl: u.href, poolSize: 4 });
} else {
  const dir = process.env.PROFILE_DB ?? path.join(work, 'profile-pglite');
  rmSync(dir, { recursive: true, force: true });
  database = await openDatabase({ dataDir: dir });
}
await migrateToLatest(database.db);
await importFile(database, { path: path.join(work, 'dealers.csv'), actor: SYSTEM_ACTOR, agencyId: null, rejectsDir: null });
const mb = (n: number) => Math.round(n / 2 ** 20);
const every = Number(process.env.MEM_EVERY_MS ?? 0);
const mem =
  every > 0
    ? setInterval(() => {
        const m = process.memoryUsage();
        console.error(`rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}`);
      }, every)
    : null;
console.log(`before the import: rss ${mb(process.memoryUsage().rss)} MB, peak so far ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
const c0 = process.cpuUsage();
const t0 = Date.now();
const worker = process.env.INGEST_WORKER;
const s = await importFile(database, {
  path: path.join(work, 'multiple_sales.csv'), actor: SYSTEM_ACTOR, agencyId: null, rejectsDir: null,
  readInWorker: worker === undefined ? undefined : worker === '1',
  batchSize: process.env.INGEST_BATCH ? Number(process.env.INGEST_BATCH) : undefined,
});
const c = process.cpuUsage(c0);
if (mem) clearInterval(mem);
console.log(`${s.message}: ${(Date.now() - t0) / 1000} s wall, ${(c.user + c.system) / 1e6} s CPU, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
await database.close();
