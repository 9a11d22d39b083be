// Accuracy on the public benchmark files: pairwise precision, recall and F1, unsupervised.
// Run: npx tsx bench/er/evaluate.ts [--only NAME] [--threshold P]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSorted, generateCandidates } from '../../src/features/resolution/engine/blocking.js';
import { linkRecords, type LinkerOptions } from '../../src/features/resolution/engine/linker.js';
import { allDatasets } from './datasets.js';
import { blockingRecall, pairwiseMetrics, type PairMetrics } from './metrics.js';

export interface DatasetResult extends PairMetrics {
  dataset: string;
  records: number;
  candidatePairs: number;
  blockingRecall: number;
  clusters: number;
  reviewPairs: number;
  seconds: number;
}

export function evaluateAll(opts: LinkerOptions = {}, only?: string): DatasetResult[] {
  const out: DatasetResult[] = [];
  for (const ds of allDatasets()) {
    if (only && !ds.name.includes(only)) continue;
    const t0 = performance.now();
    const { linker, result } = linkRecords(ds.records, opts);
    const seconds = (performance.now() - t0) / 1000;
    const m = pairwiseMetrics(result.clusterIds, ds.truth);
    const cand = generateCandidates(linker.store, { cap: opts.blockCap ?? 200, sorted: defaultSorted(opts.window ?? 4) });
    const br = blockingRecall(cand.a, cand.b, cand.count, ds.truth);
    out.push({
      dataset: ds.name,
      records: ds.records.length,
      candidatePairs: result.stats.candidatePairs,
      blockingRecall: br.recall,
      clusters: result.stats.clusters,
      reviewPairs: result.stats.reviewPairs,
      seconds,
      ...m,
    });
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const threshold = args.includes('--threshold') ? Number(args[args.indexOf('--threshold') + 1]) : undefined;
  const results = evaluateAll({ threshold }, only);
  const f = (x: number): string => x.toFixed(4);
  console.log('| dataset | records | candidate pairs | blocking recall | true pairs | predicted pairs | precision | recall | F1 | seconds |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.dataset} | ${r.records} | ${r.candidatePairs} | ${f(r.blockingRecall)} | ${r.truePairs} | ${r.predictedPairs} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.f1)} | ${r.seconds.toFixed(2)} |`);
  }
  if (!only) {
    const here = dirname(fileURLToPath(import.meta.url));
    const file = join(here, '..', 'results', 'er-accuracy.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
    console.log(`written ${file}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
