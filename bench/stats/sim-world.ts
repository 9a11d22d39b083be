/**
 * The statistics benchmark's world: a simulated border-baseline world (src/simulate), loaded into the database
 * interdict_bench_stats, for bench/stats/run.ts --world sim to time the statistics pages against.
 *
 *   npx tsx bench/stats/sim-world.ts [--scenario border-baseline] [--scale 10] [--seed 1] [--dir /tmp/world-bb10]
 *
 * Simulates into --dir unless it already holds trace_requests.csv, then: dealers through the real importer; trace
 * requests and results through the detection benchmark's set-based loader (bench/detection/load-traces.ts: the
 * importer's trace path runs at about 20 traces a second, hours for this world; the loader fills the same columns
 * the statistics facts read); then the statistics apply hook, VACUUM ANALYZE, and a note of what was loaded in
 * bench_world_info, which run.ts reports. Multiple sales, tips and thefts are not loaded: the statistics do not
 * read them. Untimed setup: run it under `quiet test`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { importFile } from '../../src/features/ingest/importer.js';
import { applyPendingStats } from '../../src/features/stats/refresh.js';
import { simulate } from '../../src/simulate/simulate.js';
import { loadTraces } from '../detection/load-traces.js';

export const BENCH_DB = 'interdict_bench_stats';

const { values: a } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'border-baseline' },
    scale: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    dir: { type: 'string' },
  },
});
const scale = Number(a.scale);
const seed = Number(a.seed);
const dir = a.dir ?? `/tmp/world-${a.scenario}-${seed}-${scale}`;
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(dir, 'trace_results.csv')) || fs.statSync(path.join(dir, 'trace_results.csv')).size === 0) {
    log(`simulating ${a.scenario} seed ${seed} scale ${scale} into ${dir}`);
    await simulate({ scenario: a.scenario!, seed, scale, outDir: dir });
  }
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${BENCH_DB}`;
  const database = await openDatabase({ databaseUrl: url.href, poolSize: 4 });
  try {
    await migrateToLatest(database.db);
    const s = await importFile(database, { path: path.join(dir, 'dealers.csv'), kind: 'dealers', actor: SYSTEM_ACTOR, agencyId: null, rejectsDir: null, source: 'cli' });
    log(`dealers: ${s.outcome} ${s.counts.rowsOk} ok, ${s.counts.rowsRejected} rejected`);
    await loadTraces(url.href, dir, log);
    const t = Date.now();
    const n = await applyPendingStats(database.db);
    const applyMs = Date.now() - t;
    log(`statistics apply for the whole load: ${n} facts, ${applyMs} ms (untimed setup, not a benchmark figure)`);
    await sql`VACUUM (ANALYZE)`.execute(database.db);
    const counts = await sql<{ traces: number; facts: number }>`
      SELECT (SELECT count(*) FROM trace_requests)::int AS traces, (SELECT count(*) FROM stats_trace_facts)::int AS facts`.execute(database.db);
    const info = { scenario: a.scenario, scale, seed, dir, loadedAt: new Date().toISOString(), dealers: s.counts.rowsOk, ...counts.rows[0]! };
    await sql`CREATE TABLE bench_world_info (info jsonb NOT NULL)`.execute(database.db);
    await sql`INSERT INTO bench_world_info VALUES (${JSON.stringify(info)}::jsonb)`.execute(database.db);
    log(`world: ${JSON.stringify(info)}`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
