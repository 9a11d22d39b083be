// Benchmark of the importer: 1,000,000 multiple-sale items (one CSV file, reports of three items) imported on PGlite
// and on PostgreSQL, against a raw COPY of the very rows the importer produced, into the same tables, on the same
// engine, in the same run. Reports rows/s, the ratio to raw COPY, and the importer's peak memory (RSS).
//
//   npm run bench -- ingest                      # 1,000,000 items, both engines
//   npm run bench -- ingest --rows 100000 --engines pglite
//
// Each measured phase runs in its own process (this file with BENCH_PHASE set), so that the peak RSS is the
// importer's own and the raw COPY starts from a cold, fresh database like the import did. Each database is made
// (migrated, dealers loaded) by a 'prepare' process of its own first: a process's peak RSS cannot be reset, and
// PGlite's migrations peak higher than many imports, which the figure is not about.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { csvOf, dealerRow, writeMultipleSalesCsv } from '../../src/features/ingest/fixtures.js';
import { DEFAULT_BATCH_SIZE, importFile } from '../../src/features/ingest/importer.js';
import { cpuOf } from './cpu.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, '..', 'results', 'ingest.json');
/** The tables one multiple-sale item fills, parents first (the order the raw COPY loads them in). */
const TABLES = ['person_records', 'person_attributes', 'multiple_sale_reports', 'firearms', 'multiple_sale_items', 'sales'] as const;
const DEALERS = 50;

type Engine = 'pglite' | 'postgres';

interface Args {
  rows: number;
  engines: Engine[];
  batchSize: number;
  work: string;
  serverUrl: string;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const rows = Number(get('rows') ?? 1_000_000);
  const engines = (get('engines') ?? 'pglite,postgres').split(',') as Engine[];
  const batchSize = Number(get('batch-size') ?? DEFAULT_BATCH_SIZE);
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const work = get('work') ?? path.join(os.tmpdir(), 'interdict-bench-ingest');
  if (!Number.isInteger(rows) || rows < 3) throw new Error('--rows must be a whole number of at least 3');
  for (const e of engines) if (e !== 'pglite' && e !== 'postgres') throw new Error(`--engines: ${e} is not pglite or postgres`);
  // Runs of different sizes per engine (a full run takes long on a shared machine) each keep their own file.
  const out = get('out') ?? RESULTS;
  return { rows, engines, batchSize, work, serverUrl, out };
}

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.href;
}

async function freshDatabase(engine: Engine, a: Args, name: string): Promise<Database> {
  if (engine === 'pglite') {
    const dir = path.join(a.work, name);
    rmSync(dir, { recursive: true, force: true });
    return openDatabase({ dataDir: dir });
  }
  const admin = new pg.Client({ connectionString: a.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return openDatabase({ databaseUrl: withDb(a.serverUrl, name), poolSize: 4 });
}

/** Opens the database a 'prepare' phase made (migrated, dealers loaded). */
async function preparedDatabase(engine: Engine, a: Args, name: string): Promise<Database> {
  if (engine === 'pglite') return openDatabase({ dataDir: path.join(a.work, name) });
  return openDatabase({ databaseUrl: withDb(a.serverUrl, name), poolSize: 4 });
}

/** Phase 0 (own process): a fresh, migrated database with the dealers, so that the import phase's peak memory is the import's, not the migrations'. */
async function preparePhase(engine: Engine, a: Args, name: string): Promise<Record<string, unknown>> {
  const database = await freshDatabase(engine, a, name);
  try {
    await prepare(database, a);
  } finally {
    await database.close();
  }
  return { prepared: name, maxRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20) };
}

async function dropServerDatabase(a: Args, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: a.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

async function prepare(database: Database, a: Args): Promise<void> {
  await migrateToLatest(database.db);
  const d = await importFile(database, { path: path.join(a.work, 'dealers.csv'), actor: SYSTEM_ACTOR, agencyId: null, rejectsDir: null });
  if (d.outcome !== 'completed') throw new Error(`dealers: ${d.message}`);
}

async function count(database: Database, table: string): Promise<number> {
  const r = await database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(r.rows[0].n);
}

function dumpFile(a: Args, engine: Engine, table: string): string {
  return path.join(a.work, `dump-${engine}-${table}.copy`);
}

/** Phase 1 (own process): the import, timed; then the rows it produced, dumped for phase 2. */
async function importPhase(engine: Engine, a: Args): Promise<Record<string, unknown>> {
  const name = `interdict_bench_import_${engine}`;
  const database = await preparedDatabase(engine, a, name);
  try {
    const maxRssBeforeImport = process.resourceUsage().maxRSS * 1024;
    const rssBeforeImport = process.memoryUsage().rss;
    let peak = rssBeforeImport;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    const cpu = cpuOf(engine, name);
    const t0 = process.hrtime.bigint();
    const s = await importFile(database, {
      path: path.join(a.work, 'multiple_sales.csv'), actor: SYSTEM_ACTOR, agencyId: null, rejectsDir: null, batchSize: a.batchSize,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuUsed = cpu();
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    if (s.outcome !== 'completed' || s.counts.rowsOk !== a.rows) throw new Error(`import did not complete: ${s.message}`);
    const tables: Record<string, number> = {};
    for (const t of TABLES) tables[t] = await count(database, t);
    for (const t of TABLES) {
      const file = dumpFile(a, engine, t);
      if (database.pglite) {
        const r = await database.pglite.query(`COPY ${t} TO '/dev/blob'`);
        if (!r.blob) throw new Error(`COPY ${t} TO /dev/blob gave no data`);
        writeFileSync(file, Buffer.from(await r.blob.arrayBuffer()));
      } else {
        const client = await database.pool.connect();
        try {
          await pipeline(client.query(copyTo(`COPY ${t} TO STDOUT`)), createWriteStream(file));
        } finally {
          client.release();
        }
      }
    }
    return {
      seconds, itemsPerSecond: a.rows / seconds, ...cpuUsed, peakRssMB: Math.round(Math.max(peak, maxRss) / 2 ** 20),
      rssBeforeImportMB: Math.round(rssBeforeImport / 2 ** 20), maxRssBeforeImportMB: Math.round(maxRssBeforeImport / 2 ** 20), tables, batchId: s.batchId, message: s.message,
    };
  } finally {
    await database.close();
    if (engine === 'postgres') await dropServerDatabase(a, name);
    else rmSync(path.join(a.work, name), { recursive: true, force: true });
  }
}

/** Phase 2 (own process): the same rows into the same tables of a fresh database by COPY, timed. */
async function rawPhase(engine: Engine, a: Args): Promise<Record<string, unknown>> {
  const name = `interdict_bench_raw_${engine}`;
  const database = await preparedDatabase(engine, a, name);
  try {
    // The rows refer to their import batch: give them one with the same id (untimed, like the dealers).
    const batchId = Number(process.env.BENCH_BATCH_ID);
    await database.pool.query(
      "INSERT INTO import_batches (id, kind, file_name, file_sha256, status) VALUES ($1, 'multiple_sales', 'raw-copy', 'raw-copy', 'completed')",
      [batchId],
    );
    const perTable: Record<string, number> = {};
    const cpu = cpuOf(engine, name);
    const t0 = process.hrtime.bigint();
    for (const t of TABLES) {
      const file = dumpFile(a, engine, t);
      const ts = process.hrtime.bigint();
      if (database.pglite) {
        // PGlite's fastest bulk path: one COPY FROM '/dev/blob' per table.
        await database.pglite.query(`COPY ${t} FROM '/dev/blob'`, [], { blob: new Blob([readFileSync(file)]) });
      } else {
        const client = await database.pool.connect();
        try {
          await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(`COPY ${t} FROM STDIN`)));
        } finally {
          client.release();
        }
      }
      perTable[t] = Number(process.hrtime.bigint() - ts) / 1e9;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuUsed = cpu();
    const tables: Record<string, number> = {};
    for (const t of TABLES) tables[t] = await count(database, t);
    return { seconds, itemsPerSecond: a.rows / seconds, ...cpuUsed, perTableSeconds: perTable, tables };
  } finally {
    await database.close();
    if (engine === 'postgres') await dropServerDatabase(a, name);
    else rmSync(path.join(a.work, name), { recursive: true, force: true });
    for (const t of TABLES) rmSync(dumpFile(a, engine, t), { force: true });
  }
}

function child(phase: 'prepare-import' | 'prepare-raw' | 'import' | 'raw', engine: Engine, argv: string[], batchId?: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...argv], {
      env: { ...process.env, BENCH_PHASE: phase, BENCH_ENGINE: engine, BENCH_BATCH_ID: String(batchId ?? '') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${phase} phase on ${engine} failed (exit ${code})`));
      try {
        resolve(JSON.parse(last) as Record<string, unknown>);
      } catch (err) {
        reject(new Error(`${phase} phase on ${engine} printed no result: ${(err as Error).message}`));
      }
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const a = parseArgs(argv);
  mkdirSync(a.work, { recursive: true });
  const phase = process.env.BENCH_PHASE;
  const engine = process.env.BENCH_ENGINE as Engine | undefined;
  if (phase && engine) {
    const r =
      phase === 'prepare-import' ? await preparePhase(engine, a, `interdict_bench_import_${engine}`)
      : phase === 'prepare-raw' ? await preparePhase(engine, a, `interdict_bench_raw_${engine}`)
      : phase === 'import' ? await importPhase(engine, a)
      : await rawPhase(engine, a);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }

  const csv = path.join(a.work, 'multiple_sales.csv');
  const stamp = path.join(a.work, 'rows.txt');
  if (!existsSync(csv) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== String(a.rows)) {
    process.stderr.write(`generating ${a.rows.toLocaleString('en-US')} multiple-sale items...\n`);
    await writeMultipleSalesCsv(csv, a.rows, { dealers: DEALERS });
    writeFileSync(stamp, String(a.rows));
  }
  writeFileSync(path.join(a.work, 'dealers.csv'), csvOf('dealers', Array.from({ length: DEALERS }, (_, i) => dealerRow(i))));
  const bytes = statSync(csv).size;

  const engines: Record<string, unknown> = {};
  for (const e of a.engines) {
    process.stderr.write(`${e}: importing ${a.rows.toLocaleString('en-US')} items (${(bytes / 2 ** 20).toFixed(0)} MB)...\n`);
    await child('prepare-import', e, argv);
    const loadBefore = os.loadavg().map((l) => Number(l.toFixed(1)));
    const imp = await child('import', e, argv);
    await child('prepare-raw', e, argv);
    const loadBetween = os.loadavg().map((l) => Number(l.toFixed(1)));
    process.stderr.write(`${e}: import ${(imp.seconds as number).toFixed(1)} s, ${Math.round(imp.itemsPerSecond as number)} items/s, peak RSS ${String(imp.peakRssMB)} MB; raw COPY of the same rows...\n`);
    const raw = await child('raw', e, argv, imp.batchId as number);
    const ratio = (raw.seconds as number) / (imp.seconds as number);
    process.stderr.write(`${e}: raw COPY ${(raw.seconds as number).toFixed(1)} s, ${Math.round(raw.itemsPerSecond as number)} items/s; importer at ${(ratio * 100).toFixed(0)}% of raw COPY\n`);
    const cpuRatio = (o: Record<string, unknown>) => ((o.nodeCpuSeconds as number) ?? 0) + ((o.serverCpuSeconds as number | undefined) ?? 0);
    engines[e] = {
      // CPU seconds of the raw COPY over those of the import (node + server): throughput if the machine were idle
      // and the work did not overlap; a loaded machine stretches wall time but not CPU time.
      cpuRatioToRawCopy: Number((cpuRatio(raw) / cpuRatio(imp)).toFixed(3)),
      // The machine is shared: 1, 5 and 15-minute load averages before the import, between the phases, after the COPY.
      loadAverage: { beforeImport: loadBefore, beforeRawCopy: loadBetween, afterRawCopy: os.loadavg().map((l) => Number(l.toFixed(1))) },
      import: imp,
      rawCopy: raw,
      ratioToRawCopy: Number(ratio.toFixed(3)),
      meetsThroughputTarget: ratio >= 0.5,
      meetsMemoryTarget: (imp.peakRssMB as number) < 1024,
    };
  }
  const result = {
    benchmark: 'ingest',
    command: `npm run bench -- ingest ${argv.join(' ')}`,
    date: new Date().toISOString(),
    items: a.rows,
    fileBytes: bytes,
    batchSize: a.batchSize,
    targets: { ratioToRawCopy: 0.5, peakRssMB: 1024 },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))), node: process.version },
    notes:
      'rows/s counts multiple-sale items; each item writes a firearm, an item and a sale, and each report (3 items) a buyer person record, an address attribute and the report. ' +
      'Raw COPY loads the rows the importer produced (ids included) into the same tables with the same indexes on a fresh database of the same engine.',
    engines,
  };
  mkdirSync(path.dirname(a.out), { recursive: true });
  writeFileSync(a.out, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`results: ${a.out}\n`);
}

await main();
