/**
 * Benchmark of `interdict detect` over a loaded database: wall time per phase and peak memory of a full run, then of
 * an incremental run with nothing new. Load the world first (bench/detection/world.ts --scale 20 --keep loads
 * 1,000,000 multiple-sale items and 500,000 traces). Usage:
 *
 *   npx tsx bench/detection/bench.ts --db interdict_det_border_baseline_1_20 [--pglite DIR] [--out bench/results/detection-postgres.json]
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { runDetection } from '../../src/features/detection/detect.service.js';
import { complianceFindings } from '../../src/features/sales/compliance.service.js';

const { values: a } = parseArgs({ options: { db: { type: 'string' }, pglite: { type: 'string' }, out: { type: 'string' }, 'no-alerts': { type: 'boolean', default: false } } });

async function main(): Promise<void> {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const u = new URL(base);
  u.pathname = `/${a.db}`;
  const database = a.pglite ? await openDatabase({ dataDir: a.pglite }) : await openDatabase({ databaseUrl: u.href });
  try {
    const counts = await sql<{ items: number; reports: number; traces: number; completed: number; people: number; dealers: number }>`
      SELECT (SELECT count(*)::int FROM multiple_sale_items) AS items, (SELECT count(*)::int FROM multiple_sale_reports) AS reports,
        (SELECT count(*)::int FROM trace_requests) AS traces, (SELECT count(*)::int FROM trace_requests WHERE status = 'completed') AS completed,
        (SELECT count(*)::int FROM person_records) AS people, (SELECT count(*)::int FROM dealers) AS dealers`.execute(database.db);
    process.stderr.write(`data: ${JSON.stringify(counts.rows[0])}\n`);
    let peak = 0;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
    const t0 = Date.now();
    const full = await runDetection(database.db, {
      mode: 'full', trigger: 'bench', actor: SYSTEM_ACTOR, findings: complianceFindings, alerts: !a['no-alerts'],
      onProgress: (p) => process.stderr.write(`\r${p.phase} ${p.done ?? ''}`.padEnd(40)),
    });
    const fullMs = Date.now() - t0;
    const fullPeak = Math.max(peak, process.memoryUsage().rss);
    process.stderr.write(`\nfull run: ${fullMs} ms, peak RSS ${Math.round(fullPeak / 1048576)} MB ${JSON.stringify(full.timingsMs)}\n`);
    const t1 = Date.now();
    const inc = await runDetection(database.db, { mode: 'incremental', trigger: 'bench', actor: SYSTEM_ACTOR, findings: complianceFindings });
    const incMs = Date.now() - t1;
    clearInterval(timer);
    process.stderr.write(`incremental run with nothing new: ${incMs} ms ${JSON.stringify(inc.timingsMs)}\n`);
    const result = {
      benchmark: 'interdict detect', engine: database.kind, at: new Date().toISOString(), machine: { cpus: os.cpus().length, load: os.loadavg() },
      data: counts.rows[0],
      full: { wallMs: fullMs, peakRssMb: Math.round(fullPeak / 1048576), phasesMs: full.timingsMs, scored: full.subjectsScored, flagged: full.flagged, alerts: full.alertsRaised, dealers: full.dealersScored, findings: full.findings },
      incrementalNothingNew: { wallMs: incMs, phasesMs: inc.timingsMs, scored: inc.subjectsScored },
      target: 'full run under 60 s on PostgreSQL for 1,000,000 multiple-sale items and 500,000 traces',
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (a.out) fs.writeFileSync(a.out, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
