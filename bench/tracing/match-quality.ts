// Precision and recall of suspect-gun matching on a labelled synthetic set (true pairs with realistic misreadings,
// near-miss decoys), through the real database search and ranking. Run: npx tsx bench/tracing/match-quality.ts
// Options: --seed N --true N --decoys N --distractors N; DATABASE_URL=postgres://... to run on a server.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { evaluateMatching, generateMatchSet, loadRegister } from '../../src/features/suspects/match-eval.js';
import { ALERT_THRESHOLD } from '../../src/features/suspects/rank.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

const seed = arg('seed', 20240601);
const database = await openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { inMemory: true });
try {
  await migrateToLatest(database.db);
  const set = generateMatchSet(seed, { truePairs: arg('true', 600), decoys: arg('decoys', 5000), distractors: arg('distractors', 2000) });
  const t0 = performance.now();
  const ids = await loadRegister(database.db, set.entries);
  const report = await evaluateMatching(database.db, set, ids, [0.5, ALERT_THRESHOLD, 0.7, 0.8, 0.9], ALERT_THRESHOLD);
  const secs = (performance.now() - t0) / 1000;
  const out = { engine: database.kind, seed, seconds: Math.round(secs * 10) / 10, alertThreshold: ALERT_THRESHOLD, ...report };
  process.stdout.write(`engine ${database.kind}, seed ${seed}: ${report.truePairs} true pairs, ${report.decoys} decoys, register of ${report.registerSize}\n`);
  process.stdout.write(`database search keeps the true entry for ${(report.candidateRecall * 100).toFixed(1)}% of true pairs (${report.meanCandidates} candidates per gun)\n`);
  process.stdout.write(`true entry ranked first: ${(report.topRankShare * 100).toFixed(1)}%\n\nthreshold  precision  recall   F1     TP    FP   FN\n`);
  for (const t of report.thresholds) {
    process.stdout.write(`${t.threshold.toFixed(2).padEnd(10)} ${t.precision.toFixed(3).padEnd(10)} ${t.recall.toFixed(3).padEnd(8)} ${t.f1.toFixed(3).padEnd(6)} ${String(t.truePositives).padEnd(5)} ${String(t.falsePositives).padEnd(4)} ${t.falseNegatives}${t.threshold === ALERT_THRESHOLD ? '   <- alert threshold' : ''}\n`);
  }
  process.stdout.write('\nrecall by misreading (at the alert threshold)\n');
  for (const [k, v] of Object.entries(report.recallByKind)) process.stdout.write(`  ${k.padEnd(22)} ${v.found}/${v.n}  ${((v.found / v.n) * 100).toFixed(1)}%\n`);
  process.stdout.write('\nfalse alerts by decoy (at the alert threshold)\n');
  for (const [k, v] of Object.entries(report.falseAlertsByDecoy)) process.stdout.write(`  ${k.padEnd(26)} ${v.alerted}/${v.n}  ${((v.alerted / v.n) * 100).toFixed(1)}%\n`);
  const file = path.resolve('bench/results/match-quality.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${file} (${out.seconds}s)\n`);
} finally {
  await database.close();
}
