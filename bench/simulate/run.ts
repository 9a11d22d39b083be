// Benchmark: generation rate of `interdict simulate` at scale (rows and truth records per second, peak memory).
// Usage: npx tsx bench/simulate/run.ts [--scale 20] [--scenario border-baseline] [--seed 1] [--out DIR] [--keep]
// Writes bench/results/simulate-<scenario>-<scale>.json.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/simulate/simulate.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const scenario = arg('scenario', 'border-baseline');
const scale = Number(arg('scale', '20'));
const seed = Number(arg('seed', '1'));
const keep = process.argv.includes('--keep');
const out = arg('out', '') || (await mkdtemp(join(tmpdir(), 'interdict-bench-sim-')));

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 100);

const loadAtStart = loadavg().map((l) => Math.round(l * 10) / 10);
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let lastLog = 0;
const result = await simulate({
  scenario,
  seed,
  scale,
  outDir: out,
  onProgress: (p) => {
    const now = Date.now();
    if (now - lastLog > 10_000) {
      lastLog = now;
      process.stderr.write(`${p.phase} ${p.done}/${p.total} rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`);
    }
  },
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

const rows = Object.values(result.files).reduce((t, f) => t + f.rows, 0);
const report = {
  benchmark: 'simulate',
  scenario,
  scale,
  seed,
  date: new Date().toISOString(),
  command: `npx tsx bench/simulate/run.ts ${process.argv.slice(2).join(' ')}`,
  node: process.version,
  // The machine is shared: wall time depends on the load, CPU seconds much less.
  loadAverage: { start: loadAtStart, end: loadavg().map((l) => Math.round(l * 10) / 10) },
  wallSeconds: Math.round(seconds * 10) / 10,
  cpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 10) / 10,
  rows,
  truthRecords: result.truthRecords,
  rowsPerSecondWall: Math.round(rows / seconds),
  recordsPerSecondWall: Math.round((rows + result.truthRecords) / seconds),
  recordsPerCpuSecond: Math.round((rows + result.truthRecords) / ((cpu.user + cpu.system) / 1e6)),
  peakRssMB: Math.round(peakRss / 1e6),
  peakHeapMB: Math.round(peakHeap / 1e6),
  files: Object.fromEntries(Object.entries(result.files).map(([k, f]) => [k, f.rows])),
  multipleSaleItems: result.stats.multipleSaleItems,
  traceRequests: result.stats.traceRequests,
  cases: result.stats.cases,
  recoveriesUntraced: result.stats.recoveriesUntraced,
  answeredFromRecords: result.stats.answeredFromRecords,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
await mkdir(new URL('../results/', import.meta.url), { recursive: true });
await writeFile(new URL(`../results/simulate-${scenario}-${scale}.json`, import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
if (!keep) await rm(out, { recursive: true, force: true });
