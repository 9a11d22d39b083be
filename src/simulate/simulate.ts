// `simulate()`: writes a synthetic world (one CSV per import kind, the truth behind it) deterministically for a
// seed, streaming, with memory that does not grow with the scale.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IMPORT_KINDS, SIMULATOR_TRUTH_KIND, type ImportKind } from '../formats/index.js';
import { backgroundTrace, decoyReferral, idleTip, pendingRecoveries, recoveryCities, theftReport } from './background.js';
import { isoOf } from './days.js';
import { homeCities, lawfulBuyer } from './lawful.js';
import { type NoiseOption, resolveNoise } from './noise.js';
import { phoenixRing } from './phoenix.js';
import { type Skill, genericRing } from './rings.js';
import { SCENARIOS, SCENARIO_NAMES } from './scenarios.js';
import { ensureDir } from './writer.js';
import { World, scaled } from './world.js';

export interface SimulateProgress {
  phase: string;
  done: number;
  total: number;
}

export interface SimulateOptions {
  scenario: string;
  seed: number;
  /** Volume multiplier; 1 is about 50,000 multiple-sale items and 25,000 traces for border-baseline. */
  scale?: number;
  outDir: string;
  noise?: NoiseOption;
  onProgress?: (p: SimulateProgress) => void;
}

export interface SimulateResult {
  outDir: string;
  files: Record<ImportKind, { path: string; rows: number }>;
  truthPath: string;
  truthRecordsPath: string;
  truthRecords: number;
  stats: TruthStats;
}

export type TruthStats = World['stats'] & {
  lawfulShareInMultipleSales: number;
  ttc: ReturnType<World['ttc']['summary']>;
  noise: World['noise']['stats'];
};

const FLUSH_EVERY = 500;

export async function simulate(o: SimulateOptions): Promise<SimulateResult> {
  const cfg = SCENARIOS[o.scenario];
  if (!cfg) throw new Error(`unknown scenario "${o.scenario}" (known: ${SCENARIO_NAMES.join(', ')})`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > Number.MAX_SAFE_INTEGER) throw new Error(`seed must be a whole number >= 0, got ${o.seed}`);
  const scale = o.scale ?? 1;
  if (!(scale > 0 && scale <= 1000)) throw new Error(`scale must be above 0 and at most 1000, got ${scale}`);
  const rates = resolveNoise(o.noise);
  await ensureDir(o.outDir);
  const w = new World(o.seed, scale, cfg, rates, o.outDir);

  for (const d of w.dealers.all) w.sinks.dealers.write(w.dealers.row(d));

  const occasional = scaled(cfg.lawful.occasional, scale, 1);
  const collectors = scaled(cfg.lawful.collectors, scale, 1);
  const lawful = occasional + collectors;
  const ringPlan: Skill[] = [];
  for (const skill of ['bold', 'moderate', 'careful'] as const) {
    for (let i = 0; i < scaled(cfg.rings[skill], scale, 1); i++) ringPlan.push(skill);
  }
  const background = scaled(cfg.backgroundTraces, scale, 1);
  // Every world holds recoveries not yet traced, so that each import kind has rows at any scale.
  const pending = pendingRecoveries(w, background);
  const thefts = scaled(cfg.theftReports, scale, 1);
  // At least one of each, so that no file is a header alone at any scale (the importer refuses those).
  const decoys = Math.max(1, Math.round(background * 0.06));
  const tips = Math.max(1, Math.round(background * 0.01));
  const total = lawful + ringPlan.length + (cfg.phoenix ? 1 : 0) + background + pending + thefts + decoys + tips;
  let done = 0;
  const step = async (phase: string) => {
    done++;
    if (done % FLUSH_EVERY === 0) {
      await w.flush();
      o.onProgress?.({ phase, done, total });
    }
  };

  const cities = homeCities(w);
  // Rings are spread through the lawful buyers, so that nothing in the files' order sets them apart.
  const ringAt = ringPlan.map((_, j) => Math.floor(((j + 1) * lawful) / (ringPlan.length + 1)));
  const ringCount: Record<Skill, number> = { bold: 0, moderate: 0, careful: 0 };
  let nextRing = 0;
  for (let i = 0; i < lawful; i++) {
    while (nextRing < ringPlan.length && ringAt[nextRing] === i) {
      const skill = ringPlan[nextRing++];
      genericRing(w, ringCount[skill]++, skill);
      await step('rings');
    }
    if (cfg.phoenix && i === Math.floor(lawful / 2)) {
      phoenixRing(w);
      await step('phoenix');
    }
    lawfulBuyer(w, i, i < collectors, cities);
    await step('lawful buyers');
  }
  w.stats.lawfulBuyers = lawful + scaled(cfg.lawful.singles, scale, 1);

  const places = recoveryCities(w);
  for (let i = 0; i < background; i++) {
    backgroundTrace(w, i, places);
    await step('crime guns');
  }
  for (let i = 0; i < pending; i++) {
    backgroundTrace(w, i, places, true);
    await step('recoveries not yet traced');
  }
  for (let i = 0; i < thefts; i++) {
    theftReport(w, i, places);
    await step('thefts');
  }
  for (let i = 0; i < decoys; i++) {
    decoyReferral(w, i, places);
    await step('referrals');
  }
  for (let i = 0; i < tips; i++) {
    idleTip(w, i, places);
    await step('tips');
  }
  o.onProgress?.({ phase: 'done', done: total, total });
  await w.close();

  const stats: TruthStats = {
    ...w.stats,
    lawfulShareInMultipleSales: Math.round((w.stats.lawfulBuyersInMultipleSales / Math.max(1, w.stats.lawfulBuyers)) * 10_000) / 10_000,
    ttc: w.ttc.summary(),
    noise: w.noise.stats,
  };
  const files = {} as SimulateResult['files'];
  for (const k of IMPORT_KINDS) files[k] = { path: `${k}.csv`, rows: w.sinks[k].rows };
  const truth = {
    // First, so that the importer recognises the file as ground truth by its opening bytes (src/formats/truth.ts).
    kind: SIMULATOR_TRUTH_KIND,
    generator: 'interdict simulate',
    scenario: cfg.name,
    description: cfg.description,
    seed: o.seed,
    scale,
    window: { start: isoOf(cfg.start), end: isoOf(cfg.end) },
    noise: rates,
    files,
    records: {
      file: 'truth-records.ndjson',
      count: w.truthRecords.rows,
      format: 'a header line {kind, file, note}, then one JSON object per person or gun record: {source, key, role, person?, gun?}; key is the row key of docs/data-formats.md (report_id/item_seq, request_id, request_id/hop_seq, request_id#associateN, recovery_id, tip_id, entry_id); person is the true person id; gun is "maker|serial as stamped"',
    },
    strawBuyers: [...new Set(w.strawBuyers)].sort(),
    // Straw buyers no file shows (their guns were neither reported nor traced) cannot be found by any method.
    strawBuyersObserved: [...new Set(w.strawBuyers)].filter((k) => w.observedMembers.has(Number(k.slice(1)))).sort(),
    rings: w.rings,
    stats,
  };
  const truthPath = join(o.outDir, 'truth.json');
  await writeFile(truthPath, `${JSON.stringify(truth, null, 1)}\n`);
  return {
    outDir: o.outDir,
    files: Object.fromEntries(IMPORT_KINDS.map((k) => [k, { path: join(o.outDir, `${k}.csv`), rows: w.sinks[k].rows }])) as SimulateResult['files'],
    truthPath,
    truthRecordsPath: join(o.outDir, 'truth-records.ndjson'),
    truthRecords: w.truthRecords.rows,
    stats,
  };
}
