// Speed and memory of entity resolution at scale, on synthetic people with known truth.
// Run: npx tsx bench/er/scale.ts [100000 300000 1000000]
// Each size runs in its own process so that peak memory is measured per size. Results are merged
// into bench/results/er-scale.json by size, so sizes can be measured in separate invocations.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linker } from '../../src/features/resolution/engine/linker.js';
import { generatePeople } from '../../src/features/resolution/engine/synthetic.js';
import { blockingRecall, pairwiseMetrics } from './metrics.js';

export interface ScaleResult {
  records: number;
  generateSeconds: number;
  resolveSeconds: number;
  resolveCpuSeconds: number;
  peakRssMB: number;
  candidatePairs: number;
  blockingRecall: number;
  truePairs: number;
  precision: number;
  recall: number;
  f1: number;
  /** Recall on true pairs where a record carries Hispanic-name noise (surname dropped or swapped). */
  hispanicNoiseRecall: number;
  hispanicNoisePairs: number;
  cappedBlocks: number;
  stagesMs: Record<string, number>;
  /** 1-minute load average before and after the size's run (the machine is shared). */
  loadAverage: number;
  loadAverageAfter?: number;
  /** When and how this size was measured (sizes may come from separate invocations). */
  measuredAt?: string;
  command?: string;
}

function child(n: number): ScaleResult {
  const t0 = performance.now();
  const gen = generatePeople(n, 2024);
  const generateSeconds = (performance.now() - t0) / 1000;
  const hisp = gen.records.map((r) => r.hispanicNoise);
  const linker = new Linker({ keepCandidates: true });
  // Fed in chunks, as a stream of records would be; the input objects can then be dropped.
  const CHUNK = 50_000;
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  for (let k = 0; k < gen.records.length; k += CHUNK) linker.load(gen.records.slice(k, k + CHUNK));
  gen.records.length = 0;
  const result = linker.resolve([]);
  const resolveSeconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const m = pairwiseMetrics(result.clusterIds, gen.truth);
  const c = result.candidates!;
  const br = blockingRecall(c.a, c.b, c.count, gen.truth);
  // Recall restricted to true pairs touching a record with Hispanic-name noise.
  const byPerson = new Map<string, number[]>();
  gen.truth.forEach((t, i) => (byPerson.get(t) ?? byPerson.set(t, []).get(t)!).push(i));
  let hp = 0;
  let hk = 0;
  for (const members of byPerson.values()) {
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x];
        const j = members[y];
        if (!hisp[i] && !hisp[j]) continue;
        hp++;
        if (result.clusterIds[i] === result.clusterIds[j]) hk++;
      }
  }
  return {
    records: n,
    generateSeconds,
    resolveSeconds,
    resolveCpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    candidatePairs: c.count,
    blockingRecall: br.recall,
    truePairs: m.truePairs,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    hispanicNoiseRecall: hp === 0 ? 1 : hk / hp,
    hispanicNoisePairs: hp,
    cappedBlocks: result.stats.blocking.reduce((t, r) => t + r.cappedBlocks, 0),
    stagesMs: result.stats.timingsMs,
    loadAverage: 0,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    process.stdout.write(JSON.stringify(child(Number(args[1]))) + '\n');
    return;
  }
  const sizes = args.length > 0 ? args.map(Number) : [100_000, 300_000, 1_000_000];
  const here = fileURLToPath(import.meta.url);
  const results: ScaleResult[] = [];
  console.log(`cores: ${cpus().length}`);
  console.log('| records | generate s | resolve s (wall) | resolve s (CPU) | peak RSS MB | candidate pairs | blocking recall | precision | recall | F1 | Hispanic-noise recall | load avg |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const n of sizes) {
    const load = Number((execFileSync('cat', ['/proc/loadavg']).toString().split(' ')[0]));
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=3800', here, '--child', String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as ScaleResult;
    r.loadAverage = load;
    r.loadAverageAfter = Number(execFileSync('cat', ['/proc/loadavg']).toString().split(' ')[0]);
    results.push(r);
    const f = (x: number): string => x.toFixed(4);
    console.log(
      `| ${n} | ${r.generateSeconds.toFixed(1)} | ${r.resolveSeconds.toFixed(1)} | ${r.resolveCpuSeconds.toFixed(1)} | ${r.peakRssMB} | ${r.candidatePairs} | ${f(r.blockingRecall)} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.f1)} | ${f(r.hispanicNoiseRecall)} | ${load} |`,
    );
    console.log(`  stages (ms): ${JSON.stringify(r.stagesMs)}; capped blocks: ${r.cappedBlocks}; load average after: ${r.loadAverageAfter}`);
    // Written after every size: a long run that is cut short still leaves its finished sizes. Sizes
    // measured by an earlier invocation are kept (each size may be measured on its own, so that
    // one timed run stays short), and replaced when measured again.
    const file = join(dirname(here), '..', 'results', 'er-scale.json');
    mkdirSync(dirname(file), { recursive: true });
    r.measuredAt = new Date().toISOString();
    r.command = `npx tsx bench/er/scale.ts ${n}`;
    const earlier = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { results?: ScaleResult[] }).results ?? []) : [];
    const merged = [...earlier.filter((e) => !results.some((x) => x.records === e.records)), ...results].sort((x, y) => x.records - y.records);
    writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, cores: cpus().length, results: merged }, null, 2) + '\n');
    console.log(`written ${file}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
