/**
 * Statistics benchmark: the queries of the statistics page over a large synthetic world, on PostgreSQL.
 *
 *   npx tsx bench/stats/run.ts [--traces 500000] [--batch 25000] [--runs 5] [--reuse] [--keep] [--all]
 *
 * --all adds the map requests and a full rebuild of facts and summaries (minutes each on a loaded machine).
 *
 * Creates the database interdict_bench_stats on the server of BENCH_DATABASE_URL (default the local server),
 * migrates it, streams the world in with COPY (the statistics triggers on), measures what the statistics facts
 * cost an import batch, then times each statistics request (median and worst of --runs after one warm-up) and
 * the HTTP request of the page itself. Writes bench/results/stats.json. Target: every page request under 1 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/server/app.js';
import { closeContext, createContext } from '../../src/server/boot.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import type { Principal } from '../../src/features/auth/principal.js';
import { applyPendingStats, createStatsService, refreshStats } from '../../src/features/stats/stats.service.js';
import type { StatsScopeInput } from '../../src/features/stats/scope.js';
import { worldLoader } from './world.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DB_NAME = 'interdict_bench_stats';
const TARGET_MS = 1000;

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const TRACES = Number(arg('traces', '500000'));
const BATCH = Number(arg('batch', '25000'));
const RUNS = Number(arg('runs', '5'));
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = new URL(base);
url.pathname = `/${DB_NAME}`;

const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

async function measure(name: string, fn: () => Promise<unknown>): Promise<{ name: string; medianMs: number; maxMs: number; runs: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timeIt(fn)).ms);
  times.sort((a, b) => a - b);
  const r = { name, medianMs: Number(times[Math.floor(times.length / 2)]!.toFixed(1)), maxMs: Number(times[times.length - 1]!.toFixed(1)), runs: RUNS };
  log(`  ${name.padEnd(58)} median ${String(r.medianMs).padStart(7)} ms   max ${String(r.maxMs).padStart(7)} ms`);
  return r;
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount === 1;
  const reuse = flag('reuse') && exists;
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  }
  const serverVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await admin.end();

  const database = await openDatabase({ databaseUrl: url.href, poolSize: 4 });
  const db = database.db;
  await migrateToLatest(db);
  const w = { traces: TRACES, agencies: 400, dealers: 8000, years: [2014, 2023] as [number, number] };
  const loader = worldLoader(w, 20240301);
  const result: Record<string, unknown> = {
    benchmark: 'stats',
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: serverVersion },
    world: w,
    targetMs: TARGET_MS,
  };

  if (!reuse) {
    log(`Loading ${TRACES} traces in batches of ${BATCH} (COPY; the triggers queue them for the statistics)...`);
    const client = await database.pool.connect();
    try {
      await loader.base(client);
      let traceCopyMs = 0;
      const { ms } = await timeIt(async () => {
        for (let s = 0; s < TRACES; s += BATCH) {
          traceCopyMs += await loader.traces(client, s, Math.min(BATCH, TRACES - s));
          process.stderr.write(`\r  ${Math.min(s + BATCH, TRACES)} traces`);
        }
      });
      process.stderr.write('\n');

      await loader.finish(client);
      const applied = await timeIt(() => applyPendingStats(db));
      log(`  statistics facts and summaries for the load: ${(applied.ms / 1000).toFixed(1)} s`);
      const an = await timeIt(() => client.query('ANALYZE'));
      result.load = {
        seconds: Number((ms / 1000).toFixed(1)),
        traceCopySeconds: Number((traceCopyMs / 1000).toFixed(1)),
        tracesPerSecondCopy: Math.round(TRACES / (traceCopyMs / 1000)),
        statsApplySeconds: Number((applied.ms / 1000).toFixed(1)),
        analyzeSeconds: Number((an.ms / 1000).toFixed(1)),
      };
    } finally {
      client.release();
    }
  }

  {
    // What the statistics cost an import batch: the batch as an import writes it (the triggers queue the traces),
    // then the refresh hook the importer calls; and the same batch with the triggers off and a catch-up afterwards.
    const client = await database.pool.connect();
    try {
      const maxId = (await client.query<{ m: number }>('SELECT max(id)::int AS m FROM trace_requests')).rows[0]!.m;
      const start = maxId - 1_000_000 + 1;
      const probe = 5000;
      const withQueue = await loader.traces(client, start, probe);
      const apply = await timeIt(() => applyPendingStats(db));
      await client.query('ALTER TABLE trace_requests DISABLE TRIGGER stats_trace_insert');
      const withoutTrigger = await loader.traces(client, start + probe, probe);
      await client.query('ALTER TABLE trace_requests ENABLE TRIGGER stats_trace_insert');
      const catchUp = await timeIt(() => refreshStats(db));
      await loader.finish(client);
      result.importBatchCost = {
        batch: probe,
        traceCopyWithQueueTriggerMs: withQueue,
        applyHookAfterwardsMs: Math.round(apply.ms),
        appliedRows: apply.value,
        traceCopyWithoutTriggerMs: withoutTrigger,
        catchUpAfterwardsMs: Math.round(catchUp.ms),
        caughtUpRows: catchUp.value.rows,
      };
      log(`  trace batch of ${probe}: ${withQueue} ms with the queue trigger + ${Math.round(apply.ms)} ms refresh hook; ${withoutTrigger} ms without + ${Math.round(catchUp.ms)} ms catch-up`);
    } finally {
      client.release();
    }
  }

  // What autovacuum would do on its own after a load: set the visibility map (the median buckets are read by
  // index-only scans) and refresh the planner's statistics.
  const vac = await timeIt(() => sql`VACUUM (ANALYZE) stats_trace_facts, stats_summary`.execute(db));
  result.vacuumStatsSeconds = Number((vac.ms / 1000).toFixed(1));

  const counts = await sql<{ traces: number; facts: number; summary: number }>`
    SELECT (SELECT count(*) FROM trace_requests)::int AS traces, (SELECT count(*) FROM stats_trace_facts)::int AS facts,
           (SELECT count(*) FROM stats_summary)::int AS summary`.execute(db);
  result.rows = counts.rows[0];
  log(`World: ${JSON.stringify(counts.rows[0])}`);

  const svc = createStatsService(db);
  const national = { actor: SYSTEM_ACTOR };
  const agencyIds = loader.agencyIds();
  const agencyPrincipal = (ids: number[]): { principal: Principal } => ({
    principal: { userId: 1, username: 'bench', displayName: 'Bench', agencyId: ids[0]!, agencyOri: 'B', roles: ['analyst'], visibleAgencyIds: ids, supervisorId: null, dealerLicence: null },
  });
  const topDealer = await sql<{ dealer_licence: string; n: number }>`
    SELECT dealer_licence, count(*)::int AS n FROM stats_trace_facts WHERE dealer_licence IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`.execute(db);

  result.loadAverageBefore = os.loadavg().map((x) => Number(x.toFixed(2)));
  log(`Statistics requests (${RUNS} runs after a warm-up), load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}:`);
  const scopes: Array<[string, StatsScopeInput, ReturnType<typeof agencyPrincipal> | typeof national]> = [
    ['national, all years', {}, national],
    ['national, 2022', { from: '2022-01-01', to: '2022-12-31' }, national],
    ['recovered in Texas, all years', { state: 'TX' }, national],
    ['recovered in Texas, 2022', { state: 'TX', from: '2022-01-01', to: '2022-12-31' }, national],
    ['recovered in Mexico, all years', { country: 'MX' }, national],
    ['recovered in Mexico, 2022', { country: 'MX', from: '2022-01-01', to: '2022-12-31' }, national],
    ['recovered in Sonora', { mxState: 'SON' }, national],
    ['one agency (its own scope), all years', {}, agencyPrincipal([agencyIds[0]!])],
    ['agency with grants from 20 agencies, all years', {}, agencyPrincipal(agencyIds.slice(0, 21))],
    [`busiest dealer (${topDealer.rows[0]?.n ?? 0} traces)`, { dealer: topDealer.rows[0]?.dealer_licence ?? 'none' }, national],
  ];
  const queries = [];
  for (const [name, scope, caller] of scopes) queries.push(await measure(`stats: ${name}`, () => svc.stats(caller, scope)));
  queries.push(await measure('report: Texas 2022 (release, CSV-ready)', () => svc.report(national, { kind: 'state', place: 'TX', year: 2022, release: true })));
  queries.push(await measure('report: Mexico 2022', () => svc.report(national, { kind: 'mexico', year: 2022, release: false })));
  if (flag('all')) {
    queries.push(await measure('map: national by year', () => svc.map(national, {}, { period: 'year', cell: 0.25 })));
    queries.push(await measure('map: Mexico by month', () => svc.map(national, { country: 'MX' }, { period: 'month', cell: 0.25 })));
  }

  // The page itself: the HTTP request the statistics page makes, through auth, validation and serialisation.
  const ctx = await createContext(loadConfig({ INTERDICT_DATA: '/nonexistent', LOG_LEVEL: 'silent', INTERDICT_DEMO: '0' }), database);
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  const ntc = await sql<{ id: number }>`SELECT id FROM agencies WHERE ori = 'ATFNTC000'`.execute(db);
  if (ntc.rows.length === 0) await sql`INSERT INTO agencies (ori, name, kind) VALUES ('ATFNTC000', 'National Tracing Center', 'atf')`.execute(db);
  const uname = `bench-${Date.now()}`;
  await ctx.auth.createUser(SYSTEM_ACTOR, { username: uname, roles: ['analyst'], agencyOri: 'ATFNTC000', password: null });
  const token = (await ctx.auth.createApiToken(SYSTEM_ACTOR, uname, 'bench')).token;
  const page = async (u: string): Promise<void> => {
    const r = await app.inject({ method: 'GET', url: u, headers: { authorization: `Bearer ${token}` } });
    if (r.statusCode !== 200) throw new Error(`${u}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  };
  const pages = [
    await measure('page GET /api/v1/stats (national)', () => page('/api/v1/stats')),
    await measure('page GET /api/v1/stats?state=TX&from=2022-01-01&to=2022-12-31', () => page('/api/v1/stats?state=TX&from=2022-01-01&to=2022-12-31')),
    await measure('page GET /api/v1/stats?country=MX', () => page('/api/v1/stats?country=MX')),
    await measure('page GET /api/v1/reports/state?place=TX&year=2022&format=csv', () => page('/api/v1/reports/state?place=TX&year=2022&format=csv')),
    ...(flag('all') ? [await measure('page GET /api/v1/stats/map?period=year', () => page('/api/v1/stats/map?period=year'))] : []),
  ];
  await app.close();
  result.loadAverageAfter = os.loadavg().map((x) => Number(x.toFixed(2)));

  if (flag('all')) {
    const rebuild = await timeIt(() => refreshStats(db, { full: true }));
    log(`Full rebuild of the facts and summaries: ${(rebuild.ms / 1000).toFixed(1)} s (${rebuild.value.rows} rows)`);
    result.fullRebuildSeconds = Number((rebuild.ms / 1000).toFixed(1));
  }
  result.queries = queries;
  result.pages = pages;
  const statsPages = [...queries.filter((q) => q.name.startsWith('stats:')), ...pages.filter((p) => p.name.includes('/stats') && !p.name.includes('map'))];
  result.worstStatsPageMs = Math.max(...statsPages.map((q) => q.maxMs));
  result.pass = (result.worstStatsPageMs as number) < TARGET_MS;
  log(`Worst statistics request: ${String(result.worstStatsPageMs)} ms: ${result.pass ? 'PASS' : 'FAIL'} (target ${TARGET_MS} ms)`);

  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/stats.json'), `${JSON.stringify(result, null, 2)}\n`);
  await closeContext(ctx);
  if (!flag('keep')) {
    const a = new pg.Client({ connectionString: base });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await a.end();
  }
  if (!result.pass) process.exitCode = 1;
}

await main();
