// Trace-request import speed with the statistics triggers as they stand (migrations 0501-0504: inserts queue the
// trace ids, one set-based apply per file makes the facts), against the same import with the statistics triggers
// disabled, on fresh databases of the same engine in the same run. Answers "what do statistics cost an import?".
//
//   node --import tsx bench/ingest/traces.ts                    # 5,000 traces, PostgreSQL
//   node --import tsx bench/ingest/traces.ts --traces 1000 --engine pglite
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { csvOf } from '../../src/features/ingest/fixtures.js';
import { importFile } from '../../src/features/ingest/importer.js';
import { applyPendingStats } from '../../src/features/stats/refresh.js';
import { EXAMPLES } from '../../src/formats/examples.js';
import { cpuOf } from './cpu.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const get = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const traces = Number(get('traces') ?? 5000);
const engine = (get('engine') ?? 'postgres') as 'postgres' | 'pglite';
const out = get('out') ?? path.join(HERE, '..', 'results', `ingest-traces-${engine}.json`);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const work = path.join(os.tmpdir(), 'interdict-bench-ingest-traces');

function rows(n: number): Array<Record<string, string>> {
  const base = EXAMPLES.trace_requests as Record<string, string>;
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    request_id: `T-BENCH-${String(i).padStart(7, '0')}`,
    serial: `RO${(i * 7919).toString(36).toUpperCase()}-${i % 97}`,
    possessor_id_number: `D${String(i).padStart(8, '0')}`,
    possessor_dob: `${1960 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  }));
}

async function fresh(name: string): Promise<Database> {
  if (engine === 'pglite') {
    const dir = path.join(work, name);
    rmSync(dir, { recursive: true, force: true });
    return openDatabase({ dataDir: dir });
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return openDatabase({ databaseUrl: u.href, poolSize: 4 });
}

async function drop(name: string): Promise<void> {
  if (engine === 'pglite') return rmSync(path.join(work, name), { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** The statistics triggers on the tables a trace import writes (the facts' own triggers never fire without them). */
const STATS_TRIGGERS = [['trace_requests', 'stats_trace_insert'], ['trace_requests', 'stats_trace_update'], ['recoveries', 'stats_recovery_update'],
  ['firearms', 'stats_firearm_update'], ['dealers', 'stats_dealer_update'], ['person_records', 'stats_person_update']] as const;

async function run(statistics: boolean, file: string): Promise<Record<string, unknown>> {
  const name = `ingest_bench_traces_${statistics ? 'stats' : 'nostats'}_${engine}`;
  const database = await fresh(name);
  try {
    await migrateToLatest(database.db);
    if (!statistics) for (const [t, trig] of STATS_TRIGGERS) await sql.raw(`ALTER TABLE ${t} DISABLE TRIGGER ${trig}`).execute(database.db);
    const cpu = cpuOf(engine, name);
    const t0 = process.hrtime.bigint();
    const s = await importFile(database, { path: file, actor: SYSTEM_ACTOR, agencyId: null, rejectsDir: null });
    const importSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s.outcome !== 'completed' || s.counts.rowsOk !== traces) throw new Error(`import did not complete: ${s.message}`);
    // The refresh hook the CLI and the upload job call after a file (nothing queued when the triggers are off).
    const t1 = process.hrtime.bigint();
    const facts = await applyPendingStats(database.db);
    const applySeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const total = importSeconds + applySeconds;
    return { importSeconds, applySeconds, totalSeconds: total, tracesPerSecond: traces / total, ...cpu(), factsWritten: facts, message: s.message };
  } finally {
    await database.close();
    await drop(name);
  }
}

const cpuTotal = (r: Record<string, unknown>) => (r.nodeCpuSeconds as number) + ((r.serverCpuSeconds as number | undefined) ?? 0);

mkdirSync(work, { recursive: true });
const file = path.join(work, 'trace_requests.csv');
writeFileSync(file, csvOf('trace_requests', rows(traces)));
const loadBefore = os.loadavg().map((l) => Number(l.toFixed(1)));
process.stderr.write(`${engine}: ${traces} trace requests, statistics triggers off...\n`);
const without = await run(false, file);
process.stderr.write(`  ${(without.totalSeconds as number).toFixed(1)} s; statistics triggers on (queue + one apply)...\n`);
const withStats = await run(true, file);
process.stderr.write(`  ${(withStats.totalSeconds as number).toFixed(1)} s\n`);
const result = {
  benchmark: 'ingest-traces',
  date: new Date().toISOString(),
  engine,
  traces,
  withStatistics: withStats,
  withoutStatistics: without,
  slowdown: Number(((withStats.totalSeconds as number) / (without.totalSeconds as number)).toFixed(2)),
  // Node plus server CPU seconds, with over without: what a loaded machine does not distort as it does wall time.
  cpuSlowdown: Number((cpuTotal(withStats) / cpuTotal(without)).toFixed(2)),
  machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map((l) => Number(l.toFixed(1))), node: process.version },
};
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stderr.write(`slowdown ${result.slowdown}x (CPU ${result.cpuSlowdown}x); results: ${out}\n`);
