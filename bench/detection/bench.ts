/**
 * Benchmark of `interdict detect` over a loaded database: wall time per phase and peak memory of a full run, then of
 * an incremental run with nothing new. Load the world first (bench/detection/world.ts --scale 20 --keep loads
 * 1,000,000 multiple-sale items and 500,000 traces). Usage:
 *
 *   npx tsx bench/detection/bench.ts --db interdict_det_border_baseline_1_20 [--pglite DIR] [--out bench/results/detection-postgres.json]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { runDetection } from '../../src/features/detection/detect.service.js';
import { complianceFindings } from '../../src/features/sales/compliance.service.js';

const { values: a } = parseArgs({
  options: {
    db: { type: 'string' }, pglite: { type: 'string' }, out: { type: 'string' }, 'no-alerts': { type: 'boolean', default: false },
    /** The full run on one connection (as on PGlite), for comparison. */
    sequential: { type: 'boolean', default: false },
    /** Free text kept with the result: the load line `quiet bench` printed, what was changed. */
    note: { type: 'string' },
  },
});

function commitOf(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

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
    // CPU seconds per phase, of this process and of the database's backends: on a shared machine wall time
    // varies with everyone else's load, CPU time much less.
    const cpu = a.pglite ? null : new BackendCpu(u.href);
    await cpu?.start();
    const phases: Record<string, { nodeCpuMs: number; dbCpuMs: number | null }> = {};
    let lastNode = process.cpuUsage();
    let lastDb = cpu?.read() ?? 0;
    const t0 = Date.now();
    const full = await runDetection(database.db, {
      mode: 'full', trigger: 'bench', actor: SYSTEM_ACTOR, findings: complianceFindings, alerts: !a['no-alerts'],
      concurrentReads: database.kind === 'postgres' && !a.sequential,
      onProgress: (p) => {
        process.stderr.write(`\r${p.phase} ${p.done ?? ''}`.padEnd(40));
        if (p.done !== undefined) return;
        const n = process.cpuUsage();
        const d = cpu?.read() ?? 0;
        phases[p.phase] = { nodeCpuMs: Math.round((n.user + n.system - lastNode.user - lastNode.system) / 1000), dbCpuMs: cpu ? d - lastDb : null };
        lastNode = n;
        lastDb = d;
      },
    });
    await cpu?.stop();
    const fullMs = Date.now() - t0;
    const fullPeak = Math.max(peak, process.memoryUsage().rss);
    const dbPeakRssMb = cpu ? Math.round(cpu.peakRssKb / 1024) : null;
    process.stderr.write(`\nfull run: ${fullMs} ms, peak RSS ${Math.round(fullPeak / 1048576)} MB (database backend ${dbPeakRssMb ?? '-'} MB) ${JSON.stringify(full.timingsMs)}\n`);
    process.stderr.write(`CPU ms per phase (node / database): ${Object.entries(phases).map(([k, v]) => `${k} ${v.nodeCpuMs}/${v.dbCpuMs ?? '-'}`).join(', ')}\n`);
    const t1 = Date.now();
    const inc = await runDetection(database.db, { mode: 'incremental', trigger: 'bench', actor: SYSTEM_ACTOR, findings: complianceFindings });
    const incMs = Date.now() - t1;
    clearInterval(timer);
    process.stderr.write(`incremental run with nothing new: ${incMs} ms ${JSON.stringify(inc.timingsMs)}\n`);
    const result = {
      benchmark: 'interdict detect', engine: database.kind, at: new Date().toISOString(), commit: commitOf(), note: a.note ?? null,
      machine: { cpus: os.cpus().length, load: os.loadavg() },
      // The young generation's size changes the run's time (docs/adr/0014: 64 MB made it slower): say what this run had.
      node: { version: process.version, flags: [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(' ')].filter((f) => f.startsWith('--max-')),
        newSpaceMb: Math.round((v8.getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space')?.space_size ?? 0) / 1048576) },
      concurrentReads: database.kind === 'postgres' && !a.sequential,
      data: counts.rows[0],
      full: { wallMs: fullMs, peakRssMb: Math.round(fullPeak / 1048576), dbBackendPeakRssMb: dbPeakRssMb, phasesMs: full.timingsMs, cpuMsByPhase: phases,
        cpuMsTotal: { node: Object.values(phases).reduce((x, p) => x + p.nodeCpuMs, 0), db: cpu ? Object.values(phases).reduce((x, p) => x + (p.dbCpuMs ?? 0), 0) : null },
        scored: full.subjectsScored, subjectsChanged: full.subjectsChanged, flagged: full.flagged, alerts: full.alertsRaised, dealers: full.dealersScored, findings: full.findings },
      incrementalNothingNew: { wallMs: incMs, phasesMs: inc.timingsMs, scored: inc.subjectsScored },
      target: 'full run under 60 s on PostgreSQL for 1,000,000 multiple-sale items and 500,000 traces',
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (a.out) fs.writeFileSync(a.out, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

/**
 * CPU time used by the database backends serving this database, read from /proc (the server is local). The list of
 * backends is refreshed in the background, so that read() can be called synchronously from a progress callback.
 */
class BackendCpu {
  private client: pg.Client;
  private pids: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly tick = 100;
  private readonly seen = new Map<number, number>();
  /** Largest resident set of any backend (VmHWM: includes the shared buffers it touched). */
  peakRssKb = 0;

  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }

  async start(): Promise<void> {
    await this.client.connect();
    const me = (await this.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const refresh = async () => {
      const r = await this.client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> $1', [me]);
      this.pids = r.rows.map((x) => x.pid);
    };
    await refresh();
    this.timer = setInterval(() => { refresh().catch(() => undefined); this.read(); }, 500);
  }

  /** Total CPU ms of every backend seen so far (a backend that ended keeps its last reading). */
  read(): number {
    for (const pid of this.pids) {
      try {
        const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
        this.seen.set(pid, ((Number(parts[11]) + Number(parts[12])) * 1000) / this.tick);
        const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (hwm) this.peakRssKb = Math.max(this.peakRssKb, Number(hwm[1]));
      } catch {
        // the backend ended: keep its last reading
      }
    }
    let sum = 0;
    for (const v of this.seen.values()) sum += v;
    return Math.round(sum);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
