/**
 * Detection measured on a simulated world, end to end: simulate (unless the folder already holds the world), import
 * every file into a fresh database, resolve people (entity resolution, full run), run `detect`, evaluate against the
 * truth. Prints the evaluation and writes it as
 * JSON. Usage:
 *
 *   npx tsx bench/detection/world.ts --scenario border-baseline --seed 1 [--scale 1] [--dir /tmp/w] [--pglite]
 *        [--threshold N] [--config JSON] [--keep] [--reuse] [--skip-import] [--no-resolve] [--fast-traces] [--no-detect] [--kinds dealers,multiple_sales,...] [--out bench/results/detection-border-baseline-1.json]
 *
 * PostgreSQL (the server at TEST_DATABASE_URL or 127.0.0.1:5432) by default; --pglite for the embedded engine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { importFile } from '../../src/features/ingest/importer.js';
import { complianceFindings } from '../../src/features/sales/compliance.service.js';
import { withConfig, type DeepPartial, type DetectionConfig } from '../../src/features/detection/config.js';
import { runDetection } from '../../src/features/detection/detect.service.js';
import { runResolution } from '../../src/features/resolution/resolve.service.js';
import { evaluate, formatEvaluation } from '../../src/features/detection/evaluate.js';
import { loadTruth } from '../../src/features/detection/truth.js';
import { simulate } from '../../src/simulate/simulate.js';
import { loadTraces } from './load-traces.js';

// Cases before suspect guns: every referral names a case of the simulated world.
const ORDER = ['dealers', 'cases', 'multiple_sales', 'trace_requests', 'trace_results', 'recoveries', 'dealer_tips', 'suspect_guns', 'theft_reports'];

const { values: a } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'border-baseline' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    dir: { type: 'string' },
    pglite: { type: 'boolean', default: false },
    threshold: { type: 'string' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
    'skip-import': { type: 'boolean', default: false },
    /** Skip entity resolution: subjects are then joined by exact identity keys only. */
    'no-resolve': { type: 'boolean', default: false },
    /** Trace requests and results through the bench loader (load-traces.ts) instead of the importer (PostgreSQL only). */
    'fast-traces': { type: 'boolean', default: false },
    /** Keep the database and import again: imports are idempotent, so this completes an interrupted load. */
    reuse: { type: 'boolean', default: false },
    db: { type: 'string' },
    /** Load (and resolve) only: for building the benchmark world, timed separately with bench.ts. */
    'no-detect': { type: 'boolean', default: false },
    /**
     * Import only these kinds (comma-separated, from ORDER). For the detection benchmark world: suspect_guns and
     * theft_reports are not read by detection and are slow row-by-row writers at scale 21.
     */
    kinds: { type: 'string' },
    /** Detection config overrides as JSON (DeepPartial<DetectionConfig>), e.g. an indicator's weight set to 0 to measure without it. */
    config: { type: 'string' },
  },
});

const kinds = a.kinds ? a.kinds.split(',').map((k) => k.trim()) : ORDER;
for (const k of kinds) if (!ORDER.includes(k)) throw new Error(`--kinds: unknown kind ${k} (known: ${ORDER.join(', ')})`);

const seed = Number(a.seed);
const scale = Number(a.scale);
const dir = a.dir ?? path.join(os.tmpdir(), `interdict-world-${a.scenario}-${seed}-${scale}`);
const log = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(dir, 'truth.json'))) {
    log(`simulating ${a.scenario} seed ${seed} scale ${scale} into ${dir}`);
    await simulate({ scenario: a.scenario!, seed, scale, outDir: dir });
  }
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = a.db ?? `interdict_det_${a.scenario!.replace(/\W/g, '_')}_${seed}_${String(scale).replace('.', '_')}`;
  let database: Database;
  let pgliteDir: string | null = null;
  let url = '';
  if (a.pglite) {
    pgliteDir = path.join(os.tmpdir(), `${dbName}-pglite`);
    if (!a['skip-import'] && !a.reuse) fs.rmSync(pgliteDir, { recursive: true, force: true });
    database = await openDatabase({ dataDir: pgliteDir });
  } else {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    if (!a['skip-import'] && !a.reuse) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${dbName}`);
    }
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${dbName}`;
    url = u.href;
    database = await openDatabase({ databaseUrl: u.href });
  }
  try {
    await migrateToLatest(database.db);
    const timings: Record<string, number> = {};
    if (!a['skip-import']) {
      if (a['fast-traces'] && a.pglite) throw new Error('--fast-traces needs PostgreSQL (COPY from the server)');
      for (const kind of ORDER) {
        if (!kinds.includes(kind)) {
          log(`${kind}: skipped (--kinds)`);
          continue;
        }
        const file = path.join(dir, `${kind}.csv`);
        if (!fs.existsSync(file)) continue;
        const t = Date.now();
        if (a['fast-traces'] && kind.startsWith('trace_')) {
          if (kind === 'trace_requests') await loadTraces(url, dir, log);
          timings[`load_${kind}`] = Date.now() - t;
          log(`${kind}: loaded by load-traces.ts (${timings[`load_${kind}`]} ms)`);
          continue;
        }
        // Dealer rows carry 17 values each: the importer's default batch of 5,000 would exceed PostgreSQL's 65,535 bind
        // parameters (scale 21 has 5,534 dealers), so they go in smaller batches.
        const batchSize = kind === 'dealers' ? 2000 : undefined;
        const s = await importFile(database, { path: file, kind: kind as never, actor: SYSTEM_ACTOR, agencyId: null, rejectsDir: null, source: 'cli', batchSize });
        timings[`import_${kind}`] = Date.now() - t;
        log(`${kind}: ${s.outcome} ${s.counts.rowsOk} ok, ${s.counts.rowsRejected} rejected, ${s.counts.rowsDuplicate} duplicate (${timings[`import_${kind}`]} ms)${s.outcome === 'refused' || s.outcome === 'failed' ? `: ${s.message.slice(0, 160)}` : ''}`);
      }
    }
    if (!a['no-resolve']) {
      const t0 = Date.now();
      const r = await runResolution(database.db, { mode: 'full', trigger: 'bench', actor: SYSTEM_ACTOR });
      timings.resolve = Date.now() - t0;
      log(`resolve: ${r.records} records into ${r.persons} persons (${timings.resolve} ms)`);
    }
    if (a['no-detect']) {
      log(`loaded; detection not run (--no-detect) ${JSON.stringify(timings)}`);
      return;
    }
    const t = Date.now();
    const summary = await runDetection(database.db, {
      mode: 'full', trigger: 'bench', actor: SYSTEM_ACTOR, findings: complianceFindings, concurrentReads: database.kind === 'postgres',
      config: withConfig({ ...(a.config ? (JSON.parse(a.config) as DeepPartial<DetectionConfig>) : {}), ...(a.threshold ? { threshold: Number(a.threshold) } : {}) }),
    });
    timings.detect = Date.now() - t;
    log(`detect: ${timings.detect} ms ${JSON.stringify(summary.timingsMs)}`);
    const truth = await loadTruth(path.join(dir, 'truth.json'));
    const e = await evaluate(database.db, truth);
    process.stdout.write(formatEvaluation(e));
    const out = { ...e, engine: database.kind, summary, timings, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
    if (a.out) fs.writeFileSync(a.out, `${JSON.stringify(out, null, 1)}\n`);
  } finally {
    await database.close();
    if (!a.keep && pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
