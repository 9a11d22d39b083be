// The trained model: m and u per comparison level, the prior share of matches, and the scorer.
import { ALL_COMPARISONS, NULL_LEVEL, type Comparison } from './comparisons.js';
import { type BlockingRule, rulePairs } from './blocking.js';
import { countPatterns, initialM, runEm } from './em.js';
import type { Store } from './store.js';

const FLOOR = 1e-6;

export interface ComparisonParams {
  name: string;
  levels: string[];
  m: number[];
  u: number[];
}

export interface ModelJson {
  version: 1;
  /** Prior probability that two random records are the same person. */
  lambda: number;
  comparisons: ComparisonParams[];
  training: TrainingReport;
}

export interface TrainingReport {
  randomPairs: number;
  sessions: { rule: string; pairs: number; patterns: number; iterations: number; converged: boolean; lambda: number; ignored: string[] }[];
}

export const TRAINING_RULES: BlockingRule[] = [
  // Pairs sharing an ID number are nearly all one person, and an ID number is not shared by a
  // household: the m of every other field (above all the birth date's disagreement level) is
  // learnt here first and held in later sessions. Files without ID numbers skip this session.
  { name: 'id_number', fields: ['id_number'], key: (s, i) => s.idnum.data[i] },
  { name: 'dob', fields: ['dob'], key: (s, i) => s.dob.data[i] },
  {
    name: 'surname+given phonetic',
    // Among people of the same name, those at one address are mostly kin (father and son, mother
    // and daughter): agreement on context fields is not independent of the name in these blocks,
    // and EM would learn "family" as the matching class. Context is left out here, and the m
    // already learnt from the birth-date blocks is held fixed: this session learns only the
    // birth date's m.
    fields: ['surname', 'given_name', 'maternal_surname', 'street', 'street_number', 'city', 'postcode', 'state', 'phone'],
    key(s, i) {
      const g = s.given.data[i];
      const p = s.paternal.data[i] || s.maternal.data[i];
      if (g === 0 || p === 0) return 0;
      const a = s.nameMeta[s.nameCanon[g]];
      const b = s.nameMeta[p];
      return a <= b ? a * 16777216 + b + 1 : b * 16777216 + a + 1;
    },
  },
];
// No training on address blocks: households share an address, surname and phone, and EM then
// learns "family" as the matching class.

/** Levels of every comparison for pairs (a[p], b[p]), as a pairs x k matrix. */
export function computeGammas(s: Store, comps: Comparison[], a: Uint32Array, b: Uint32Array, count: number): Uint8Array {
  const k = comps.length;
  const out = new Uint8Array(count * k);
  for (let p = 0; p < count; p++) {
    const i = a[p];
    const j = b[p];
    for (let c = 0; c < k; c++) out[p * k + c] = comps[c].compute(s, i, j);
  }
  return out;
}

/** u: the distribution of levels among random pairs (almost all of which are different people). */
export function estimateU(s: Store, comps: Comparison[], maxPairs: number, rand: () => number): { u: number[][]; pairs: number } {
  const n = s.n;
  const total = (n * (n - 1)) / 2;
  const counts = comps.map((c) => new Array<number>(c.levels.length).fill(0));
  let pairs = 0;
  const visit = (i: number, j: number): void => {
    pairs++;
    for (let c = 0; c < comps.length; c++) {
      const l = comps[c].compute(s, i, j);
      if (l !== NULL_LEVEL) counts[c][l]++;
    }
  };
  if (total <= maxPairs) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) visit(i, j);
  } else {
    for (let t = 0; t < maxPairs; t++) {
      const i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) j++;
      visit(i, j);
    }
  }
  // Half a pair of pseudo-count: a level never seen among random pairs is rare, not impossible.
  const u = counts.map((row) => {
    const t = row.reduce((x, y) => x + y, 0) + 0.5 * row.length;
    return row.map((x) => (x + 0.5) / t);
  });
  return { u, pairs };
}

export interface TrainOptions {
  randomPairs?: number;
  trainingPairs?: number;
  cap?: number;
  rules?: BlockingRule[];
}

/** Unsupervised training: u from random pairs, m by EM on the pairs of each training rule. */
export function train(s: Store, comps: Comparison[], rand: () => number, opts: TrainOptions = {}): ModelJson {
  const { u, pairs } = estimateU(s, comps, opts.randomPairs ?? 1_000_000, rand);
  const sums = comps.map((c) => new Array<number>(c.levels.length).fill(0));
  const uses = new Array<number>(comps.length).fill(0);
  const report: TrainingReport = { randomPairs: pairs, sessions: [] };
  for (const rule of opts.rules ?? TRAINING_RULES) {
    const ignore = comps.map((c) => c.fields.some((f) => rule.fields.includes(f)));
    const buf = rulePairs(s, rule, opts.cap ?? 1000, opts.trainingPairs ?? 1_000_000, rand);
    if (buf.count < 50) continue;
    const gammas = computeGammas(s, comps, buf.a, buf.b, buf.count);
    const pc = countPatterns(gammas, comps.length, ignore);
    // Comparisons already learnt in an earlier session are held at that estimate.
    const fixedM = comps.map((c, k) => (!ignore[k] && uses[k] > 0 ? sums[k].map((x) => x / uses[k]) : undefined));
    const em = runEm(pc, u, { ignore, fixedM });
    report.sessions.push({
      rule: rule.name,
      pairs: buf.count,
      patterns: pc.size,
      iterations: em.iterations,
      converged: em.converged,
      lambda: em.lambda,
      ignored: comps.filter((_, c) => ignore[c]).map((c) => c.name),
    });
    for (let c = 0; c < comps.length; c++) {
      if (ignore[c] || fixedM[c]) continue;
      uses[c]++;
      for (let l = 0; l < comps[c].levels.length; l++) sums[c][l] += em.m[c][l];
    }
  }
  const m = comps.map((c, k) => (uses[k] > 0 ? sums[k].map((x) => x / uses[k]) : initialM(c.levels.length)));
  return {
    version: 1,
    lambda: 1e-4,
    comparisons: comps.map((c, k) => ({ name: c.name, levels: c.levels.map((l) => l.code), m: m[k], u: u[k] })),
    training: report,
  };
}

export interface FieldContribution {
  comparison: string;
  level: number;
  weight: number;
  tf: boolean;
}

/** Scores pairs with a model: per-level log2 Bayes factors, term-frequency adjusted, household rule. */
export class Scorer {
  readonly comps: Comparison[];
  readonly w: Float64Array[];
  readonly m: number[][];
  private readonly givenIdx: number;
  private readonly dobIdx: number;
  private readonly idIdx: number;
  readonly levels: Uint8Array;
  private readonly isContext: boolean[];

  constructor(
    readonly model: ModelJson,
    /** Identity evidence (log2) below which context fields do not count. */
    readonly identityFloor = 0,
  ) {
    this.comps = model.comparisons.map((p) => {
      const c = ALL_COMPARISONS.find((x) => x.name === p.name);
      if (!c) throw new Error(`unknown comparison in model: ${p.name}`);
      return c;
    });
    this.m = model.comparisons.map((p) => p.m);
    this.w = model.comparisons.map((p) => Float64Array.from(p.m.map((m, l) => Math.log2(Math.max(m, FLOOR) / Math.max(p.u[l], FLOOR)))));
    this.givenIdx = this.comps.findIndex((c) => c.name === 'given_name');
    this.dobIdx = this.comps.findIndex((c) => c.name === 'dob');
    this.idIdx = this.comps.findIndex((c) => c.name === 'id_number');
    this.levels = new Uint8Array(this.comps.length);
    this.isContext = this.comps.map((c) => c.context === true);
  }

  identityRuleApplies(): boolean {
    return this.lastIdentity < this.identityFloor;
  }

  get priorWeight(): number {
    return Math.log2(this.model.lambda / (1 - this.model.lambda));
  }

  /**
   * Sum of the fields' log2 Bayes factors (without the prior). Leaves each comparison's level in
   * this.levels for callers that explain.
   */
  weight(s: Store, i: number, j: number): number {
    let identity = 0;
    let context = 0;
    const comps = this.comps;
    for (let c = 0; c < comps.length; c++) {
      const comp = comps[c];
      const l = comp.compute(s, i, j);
      this.levels[c] = l;
      if (l === NULL_LEVEL) continue;
      let w = this.w[c][l];
      if (comp.tfFreq !== undefined && comp.levels[l].tf) {
        const f = comp.tfFreq(s, i, j, l);
        if (f > 0) w = Math.log2(Math.max(this.m[c][l], FLOOR) / Math.max(f, FLOOR));
      }
      if (this.isContext[c]) context += w;
      else identity += w;
    }
    this.lastIdentity = identity;
    let total = identity + context;
    // Identity rule: where someone lives can confirm who they are, never establish it. When the
    // identity fields on their own lean towards two people, shared address and phone (which a
    // household shares) may not carry the pair over.
    if (identity < this.identityFloor && context > 0) total = identity;
    return this.household(total);
  }

  /** Identity-field evidence of the last scored pair. */
  lastIdentity = 0;

  /**
   * Household rule: when the given names and the birth dates both clearly differ, agreement on
   * surname, address and phone is what family members share; it cannot make them one person.
   * The pair keeps only the evidence of the personal fields. An identical ID number overrides.
   */
  private household(total: number): number {
    const g = this.givenIdx;
    const d = this.dobIdx;
    if (g < 0 || d < 0) return total;
    const gl = this.levels[g];
    const dl = this.levels[d];
    if (gl !== this.comps[g].levels.length - 1 || dl !== this.comps[d].levels.length - 1) return total;
    if (this.idIdx >= 0 && this.levels[this.idIdx] === 0) return total;
    return Math.min(total, this.w[g][gl] + this.w[d][dl]);
  }

  householdApplies(): boolean {
    const g = this.givenIdx;
    const d = this.dobIdx;
    if (g < 0 || d < 0) return false;
    return (
      this.levels[g] === this.comps[g].levels.length - 1 &&
      this.levels[d] === this.comps[d].levels.length - 1 &&
      !(this.idIdx >= 0 && this.levels[this.idIdx] === 0)
    );
  }

  /** Per-field contributions of the last scored pair's levels, recomputed for an explanation. */
  contributions(s: Store, i: number, j: number): FieldContribution[] {
    this.weight(s, i, j);
    const out: FieldContribution[] = [];
    for (let c = 0; c < this.comps.length; c++) {
      const comp = this.comps[c];
      const l = this.levels[c];
      if (l === NULL_LEVEL) {
        out.push({ comparison: comp.name, level: l, weight: 0, tf: false });
        continue;
      }
      let w = this.w[c][l];
      let tf = false;
      if (comp.tfFreq !== undefined && comp.levels[l].tf) {
        const f = comp.tfFreq(s, i, j, l);
        if (f > 0) {
          w = Math.log2(Math.max(this.m[c][l], FLOOR) / Math.max(f, FLOOR));
          tf = true;
        }
      }
      out.push({ comparison: comp.name, level: l, weight: w, tf });
    }
    return out;
  }
}

export function probabilityOf(matchWeight: number): number {
  return 1 / (1 + Math.pow(2, -matchWeight));
}

/**
 * Prior share of matches among all pairs, from the scored candidates: the fixed point where the
 * expected number of matches (sum of posteriors) equals lambda times the number of all pairs.
 * Assumes blocking keeps (nearly) all true matches, which the benchmarks measure.
 */
export function estimateLambda(weights: Float32Array, count: number, n: number, start = 1e-4): number {
  const allPairs = (n * (n - 1)) / 2;
  // Weights binned to 1/32 bit: the fixed point then costs a pass over a few thousand bins.
  const STEP = 32;
  const hist = new Map<number, number>();
  for (let p = 0; p < count; p++) {
    const k = Math.round(weights[p] * STEP);
    hist.set(k, (hist.get(k) ?? 0) + 1);
  }
  const bins = [...hist.entries()];
  let lambda = Math.min(start, 0.5);
  for (let it = 0; it < 200; it++) {
    const prior = Math.log2(lambda / (1 - lambda));
    let e = 0;
    for (const [k, c] of bins) e += c / (1 + Math.pow(2, -(k / STEP + prior)));
    const next = Math.min(Math.max(e / allPairs, 1e-12), 0.5);
    if (Math.abs(Math.log(next / lambda)) < 1e-6) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return lambda;
}
