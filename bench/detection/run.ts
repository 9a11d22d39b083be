/**
 * `npm run bench -- detection`: `interdict detect` on a simulated border-baseline world held in PostgreSQL, reported
 * against the raw engine on the same run: the time the database takes just to read detection's inputs once (every
 * multiple-sale item with its report and buyer, every completed trace with its recovery). The ratio says how much the
 * detection run costs over reading its data, whatever the machine.
 *
 *   npx tsx bench/detection/run.ts [--scale 1] [--seed 1] [--db NAME] [--reload]
 *
 * The world is loaded once (bench/detection/world.ts --fast-traces --no-resolve --no-detect) into NAME (default
 * interdict_bench_detection_<scale>) and reused by later runs unless --reload. Scale 21 is the benchmark
 * volume (1,083,238 multiple-sale items, 550,159 traces). The run itself is bench/detection/bench.ts (full run, then an
 * incremental run with nothing new). Writes bench/results/detection-postgres-scale<scale>.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const { values: a } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, seed: { type: 'string', default: '1' }, db: { type: 'string' }, reload: { type: 'boolean', default: false } },
});
const scale = a.scale!;
const dbName = a.db ?? `interdict_bench_detection_${scale.replace('.', '_')}`;
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const url = new URL(base);
url.pathname = `/${dbName}`;
const log = (s: string) => process.stderr.write(`${s}\n`);

function tsx(script: string, args: string[], stdout: 'inherit' | 'pipe' = 'inherit'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, script), ...args], {
      cwd: ROOT, stdio: ['ignore', stdout, 'inherit'], env: { ...process.env, TEST_DATABASE_URL: base },
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function loaded(): Promise<boolean> {
  const c = new pg.Client({ connectionString: url.href });
  try {
    await c.connect();
    const r = await c.query('SELECT (SELECT count(*) FROM multiple_sale_items)::int AS items, (SELECT count(*) FROM trace_requests)::int AS traces');
    return r.rows[0].items > 0 && r.rows[0].traces > 0;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The raw engine: one read of detection's inputs, as the database would do it for any consumer. Best of three. */
async function rawRead(): Promise<{ ms: number; rows: number }> {
  const c = new pg.Client({ connectionString: url.href });
  await c.connect();
  try {
    await c.query('SET jit = off');
    let best = Infinity;
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      const r = await c.query(`
        SELECT (SELECT count(*) FROM multiple_sale_items it JOIN multiple_sale_reports r ON r.id = it.report_id
                  JOIN person_records p ON p.id = r.buyer_record_id JOIN firearms f ON f.id = it.firearm_id)
             + (SELECT count(*) FROM trace_requests t LEFT JOIN recoveries rc ON rc.id = t.recovery_id
                  JOIN firearms f ON f.id = t.firearm_id WHERE t.status = 'completed')
             + (SELECT count(*) FROM person_records) AS n`);
      best = Math.min(best, Date.now() - t);
      rows = Number(r.rows[0].n);
    }
    return { ms: best, rows };
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  if (a.reload || !(await loaded())) {
    const dir = path.join(os.tmpdir(), `interdict-bench-detection-${a.seed}-${scale}`);
    log(`loading border-baseline seed ${a.seed} scale ${scale} into ${dbName} (world files in ${dir})`);
    await tsx('world.ts', ['--scenario', 'border-baseline', '--seed', a.seed!, '--scale', scale, '--dir', dir, '--db', dbName, '--fast-traces', '--no-resolve', '--no-detect', '--keep']);
  } else {
    log(`reusing ${dbName} (--reload to load it again)`);
  }
  const raw = await rawRead();
  log(`raw engine: one read of the inputs (${raw.rows} rows) in ${raw.ms} ms`);
  const out = path.join(ROOT, 'bench', 'results', `detection-postgres-scale${scale.replace('.', '_')}.json`);
  const result = JSON.parse(await tsx('bench.ts', ['--db', dbName], 'pipe')) as { full: { wallMs: number }; incrementalNothingNew: { wallMs: number } };
  const withRatio = {
    ...result,
    scale: Number(scale),
    rawEngine: { what: 'one read of the inputs: multiple-sale items with report, buyer and gun; completed traces with recovery and gun; person records (best of 3)', ms: raw.ms, rows: raw.rows },
    ratioToRawRead: { full: Math.round((result.full.wallMs / raw.ms) * 10) / 10, incrementalNothingNew: Math.round((result.incrementalNothingNew.wallMs / raw.ms) * 10) / 10 },
  };
  fs.writeFileSync(out, `${JSON.stringify(withRatio, null, 2)}\n`);
  log(`full run ${result.full.wallMs} ms = ${withRatio.ratioToRawRead.full} x the raw read; incremental with nothing new ${result.incrementalNothingNew.wallMs} ms; written to ${path.relative(ROOT, out)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
