// The linker: prepare, block, train (or reuse a model), score, cluster, name the clusters; then
// resolve new records incrementally against what is already clustered.
import { DEFAULT_RULES, defaultSorted, generateCandidates, type BlockingRule, type RuleReport } from './blocking.js';
import { clusterRecords, type ClusterEdges } from './cluster.js';
import { comparisonsFor } from './comparisons.js';
import { explainPair, type PairExplanation } from './explain.js';
import { assignClusterIds } from './ids.js';
import { estimateLambda, probabilityOf, Scorer, train, type ModelJson } from './model.js';
import { availableParallelism } from 'node:os';
import { scoreAll } from './parallel.js';
import { mulberry32 } from './random.js';
import { Store } from './store.js';
import type { PairConstraint, PersonInput } from './types.js';

export interface LinkerOptions {
  /** Probability at or above which a pair is linked. */
  threshold?: number;
  /** Pairs with a probability in [low, high) go to human review. */
  reviewBand?: [number, number];
  /** A pair across two groups below this probability stops them being joined. */
  vetoProbability?: number;
  blockCap?: number;
  /** Window of the sorted-neighbourhood pass (0: off). */
  window?: number;
  seed?: number;
  /** Random pairs for estimating u (default: 20 per record, between 200k and 300k). */
  randomPairs?: number;
  trainingPairs?: number;
  /** A model from an earlier run: no training. */
  model?: ModelJson;
  rules?: BlockingRule[];
  /** Progress messages. */
  log?: (msg: string) => void;
  /** Threads for scoring (default: 2 when the machine has them). */
  threads?: number;
  /** Return the candidate pairs in the result (benchmarks measure blocking recall with them). */
  keepCandidates?: boolean;
}

export interface ReviewItem {
  a: string;
  b: string;
  probability: number;
  matchWeight: number;
}

export interface LinkStats {
  records: number;
  candidatePairs: number;
  blocking: RuleReport[];
  linksAboveThreshold: number;
  reviewPairs: number;
  clusters: number;
  lambda: number;
  refusedByEvidence: number;
  refusedByConstraint: number;
  conflicts: { a: string; b: string; reason: string }[];
  timingsMs: Record<string, number>;
}

export interface LinkResult {
  recordIds: readonly string[];
  /** Cluster (person) id per record, in record order. */
  clusterIds: string[];
  review: ReviewItem[];
  stats: LinkStats;
  candidates?: { a: Uint32Array; b: Uint32Array; count: number };
}

interface Resolved {
  threshold: number;
  reviewBand: [number, number];
  vetoProbability: number;
  blockCap: number;
  window: number;
  seed: number;
  randomPairs: number;
  trainingPairs: number;
  rules: BlockingRule[];
  log: (msg: string) => void;
  keepCandidates: boolean;
  threads: number;
}

const logit2 = (p: number): number => Math.log2(p / (1 - p));

export class Linker {
  readonly store = new Store();
  private readonly o: Resolved;
  private scorer: Scorer | undefined;
  /** Kept links (probability at or above the review band's low end). */
  private edges: ClusterEdges = { a: new Uint32Array(0), b: new Uint32Array(0), w: new Float32Array(0), count: 0 };
  private clusterIds: string[] = [];
  private root: Int32Array = new Int32Array(0);
  private index: Map<number, number[]>[] | undefined;
  private constraints: PairConstraint[] = [];

  constructor(opts: LinkerOptions = {}) {
    this.o = {
      threshold: opts.threshold ?? 0.5,
      reviewBand: opts.reviewBand ?? [0.1, 0.9],
      vetoProbability: opts.vetoProbability ?? 0.001,
      blockCap: opts.blockCap ?? 200,
      window: opts.window ?? 4,
      seed: opts.seed ?? 42,
      randomPairs: opts.randomPairs ?? 0,
      trainingPairs: opts.trainingPairs ?? 300_000,
      rules: opts.rules ?? DEFAULT_RULES,
      log: opts.log ?? (() => undefined),
      keepCandidates: opts.keepCandidates ?? false,
      threads: opts.threads ?? Math.min(2, availableParallelism()),
    };
    if (opts.model) this.scorer = new Scorer(opts.model);
  }

  get model(): ModelJson {
    if (!this.scorer) throw new Error('the linker has not been trained');
    return this.scorer.model;
  }

  /** Loads records without resolving (input in chunks); resolve([]) then runs over all of them. */
  load(records: readonly PersonInput[]): void {
    this.store.add(records);
  }

  /** Full run over the records given (and any loaded before). */
  resolve(records: readonly PersonInput[], opts: { constraints?: PairConstraint[]; previous?: ReadonlyMap<string, string> } = {}): LinkResult {
    const t: Record<string, number> = {};
    let t0 = performance.now();
    const lap = (name: string): void => {
      const now = performance.now();
      t[name] = Math.round(now - t0);
      this.o.log(`${name}: ${t[name]} ms`);
      t0 = now;
    };
    const s = this.store;
    s.add(records);
    lap('prepare');
    const rand = mulberry32(this.o.seed);
    if (!this.scorer) {
      const comps = comparisonsFor(s);
      // u needs enough random pairs to see rare levels; more than ~20 per record adds little.
      const randomPairs = this.o.randomPairs || Math.min(300_000, Math.max(200_000, 20 * s.n));
      this.scorer = new Scorer(train(s, comps, rand, { randomPairs, trainingPairs: this.o.trainingPairs, cap: this.o.blockCap * 5 }));
      lap('train');
    }
    const scorer = this.scorer;
    const cand = generateCandidates(s, {
      rules: this.o.rules,
      sorted: defaultSorted(this.o.window),
      cap: this.o.blockCap,
    });
    lap('block');
    const weights = scoreAll(s, scorer, cand.a, cand.b, cand.count, { threads: this.o.threads, minPairs: 2_000_000, log: this.o.log });
    lap('score');
    // The prior depends on how many records there are, so it is re-estimated on every full run.
    scorer.model.lambda = estimateLambda(weights, cand.count, s.n);
    lap('prior');
    const prior = scorer.priorWeight;
    const low = logit2(this.o.reviewBand[0]) - prior;
    let kept = 0;
    for (let p = 0; p < cand.count; p++) if (weights[p] >= low) kept++;
    const edges: ClusterEdges = { a: new Uint32Array(kept), b: new Uint32Array(kept), w: new Float32Array(kept), count: kept };
    for (let p = 0, q = 0; p < cand.count; p++) {
      if (weights[p] < low) continue;
      edges.a[q] = cand.a[p];
      edges.b[q] = cand.b[p];
      edges.w[q] = weights[p] + prior;
      q++;
    }
    this.edges = edges;
    this.constraints = opts.constraints ?? [];
    const result = this.clusterAll(null, opts.previous, t, lap);
    result.stats.candidatePairs = cand.count;
    result.stats.blocking = cand.rules;
    if (this.o.keepCandidates) result.candidates = { a: cand.a, b: cand.b, count: cand.count };
    return result;
  }

  /**
   * Resolves new records against the existing clusters: only the new records' blocks are scored,
   * with the trained model; existing clusters are the starting partition. Old links are not
   * re-scored, so a run of add() costs in proportion to the new records and their blocks.
   */
  add(records: readonly PersonInput[], opts: { constraints?: PairConstraint[] } = {}): LinkResult {
    const scorer = this.scorer;
    if (!scorer) throw new Error('resolve() must run before add()');
    const t: Record<string, number> = {};
    let t0 = performance.now();
    const lap = (name: string): void => {
      const now = performance.now();
      t[name] = Math.round(now - t0);
      t0 = now;
    };
    const s = this.store;
    const index = this.blockIndex();
    const first = s.n;
    s.add(records);
    const rules = this.o.rules;
    const fresh: { a: number[]; b: number[]; w: number[] } = { a: [], b: [], w: [] };
    const low = logit2(this.o.reviewBand[0]) - scorer.priorWeight;
    let candidates = 0;
    let cappedBlocks = 0;
    const seen = new Set<number>();
    for (let i = first; i < s.n; i++) {
      seen.clear();
      for (let r = 0; r < rules.length; r++) {
        const key = rules[r].key(s, i);
        if (key === 0) continue;
        let list = index[r].get(key);
        if (!list) {
          list = [];
          index[r].set(key, list);
        }
        let others: number[] = list;
        const cap = Math.min(this.o.blockCap, rules[r].cap ?? this.o.blockCap);
        if (list.length > cap) {
          cappedBlocks++;
          // Oversized block: only those born the same year, then the most recent ones.
          const year = Math.floor(s.dob.data[i] / 10000);
          others = list.filter((j) => Math.floor(s.dob.data[j] / 10000) === year).slice(-cap);
        }
        // A rule for partial records pairs a complete record only with partial ones, as in a full run.
        const partial = rules[r].partial;
        const selfPartial = partial ? partial(s, i) : true;
        for (const j of others) {
          if (!selfPartial && !partial!(s, j)) continue;
          if (seen.has(j)) continue;
          seen.add(j);
          candidates++;
          const w = scorer.weight(s, j, i);
          if (w >= low) {
            fresh.a.push(j);
            fresh.b.push(i);
            fresh.w.push(w + scorer.priorWeight);
          }
        }
        list.push(i);
      }
    }
    lap('score');
    this.edges = appendEdges(this.edges, fresh);
    if (opts.constraints) this.constraints = opts.constraints;
    const initial = new Int32Array(s.n).fill(-1);
    initial.set(this.root.subarray(0, first));
    const newEdges: ClusterEdges = { a: Uint32Array.from(fresh.a), b: Uint32Array.from(fresh.b), w: Float32Array.from(fresh.w), count: fresh.a.length };
    const previous = new Map<string, string>();
    for (let i = 0; i < first; i++) previous.set(s.ids[i], this.clusterIds[i]);
    const result = this.clusterAll({ initial, edges: newEdges }, previous, t, lap);
    result.stats.candidatePairs = candidates;
    result.stats.blocking = [{ rule: 'incremental (all rules)', pairs: candidates, blocks: 0, cappedBlocks, cappedRecords: 0, largestBlock: 0 }];
    return result;
  }

  /** Why two records were (or were not) joined, field by field. */
  explain(idA: string, idB: string): PairExplanation {
    if (!this.scorer) throw new Error('the linker has not been trained');
    const i = this.store.idIndex.get(idA);
    const j = this.store.idIndex.get(idB);
    if (i === undefined || j === undefined) throw new Error(`unknown record id: ${i === undefined ? idA : idB}`);
    return explainPair(this.store, this.scorer, i, j);
  }

  /** Links inside one cluster, with their explanations (the person page). */
  explainCluster(clusterId: string): PairExplanation[] {
    const out: PairExplanation[] = [];
    const { a, b, count } = this.edges;
    const minW = logit2(this.o.threshold);
    for (let p = 0; p < count; p++) {
      if (this.edges.w[p] < minW) continue;
      if (this.clusterIds[a[p]] === clusterId && this.clusterIds[b[p]] === clusterId) out.push(explainPair(this.store, this.scorer!, a[p], b[p]));
    }
    return out;
  }

  private blockIndex(): Map<number, number[]>[] {
    if (this.index) return this.index;
    const s = this.store;
    this.index = this.o.rules.map((rule) => {
      const m = new Map<number, number[]>();
      for (let i = 0; i < s.n; i++) {
        const k = rule.key(s, i);
        if (k === 0) continue;
        const list = m.get(k);
        if (list) list.push(i);
        else m.set(k, [i]);
      }
      return m;
    });
    return this.index;
  }

  private clusterAll(
    incremental: { initial: Int32Array; edges: ClusterEdges } | null,
    previous: ReadonlyMap<string, string> | undefined,
    t: Record<string, number>,
    lap: (name: string) => void,
  ): LinkResult {
    const s = this.store;
    const scorer = this.scorer!;
    const idx = (id: string): number => {
      const i = s.idIndex.get(id);
      if (i === undefined) throw new Error(`review decision names an unknown record: ${id}`);
      return i;
    };
    const known = this.constraints.filter((c) => s.idIndex.has(c.a) && s.idIndex.has(c.b));
    const confirmed = known.filter((c) => c.decision === 'confirmed').map((c): [number, number] => [idx(c.a), idx(c.b)]);
    const rejected = known.filter((c) => c.decision === 'rejected').map((c): [number, number] => [idx(c.a), idx(c.b)]);
    const minW = logit2(this.o.threshold);
    const source = incremental ? incremental.edges : this.edges;
    const links = filterEdges(source, minW);
    const prior = scorer.priorWeight;
    const cl = clusterRecords({
      n: s.n,
      edges: links,
      pairWeight: (i, j) => scorer.weight(s, i, j) + prior,
      vetoWeight: logit2(this.o.vetoProbability),
      confirmed,
      rejected,
      initial: incremental?.initial,
    });
    this.root = cl.root;
    lap('cluster');
    this.clusterIds = assignClusterIds(cl.root, s.ids, previous);
    lap('ids');
    const review: ReviewItem[] = [];
    const hiW = logit2(this.o.reviewBand[1]);
    const decided = new Set(this.constraints.map((c) => (c.a < c.b ? `${c.a}\u0000${c.b}` : `${c.b}\u0000${c.a}`)));
    const all = this.edges;
    for (let p = 0; p < all.count; p++) {
      const w = all.w[p];
      if (w >= hiW) continue;
      const a = s.ids[all.a[p]];
      const b = s.ids[all.b[p]];
      if (decided.has(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`)) continue;
      review.push({ a, b, probability: probabilityOf(w), matchWeight: w });
    }
    review.sort((x, y) => Math.abs(x.matchWeight) - Math.abs(y.matchWeight));
    const clusters = new Set(this.clusterIds).size;
    return {
      recordIds: s.ids,
      clusterIds: this.clusterIds,
      review,
      stats: {
        records: s.n,
        candidatePairs: 0,
        blocking: [],
        linksAboveThreshold: links.count,
        reviewPairs: review.length,
        clusters,
        lambda: scorer.model.lambda,
        refusedByEvidence: cl.refusedByEvidence,
        refusedByConstraint: cl.refusedByConstraint,
        conflicts: cl.conflicts.map((c) => ({ a: s.ids[c.a], b: s.ids[c.b], reason: c.reason })),
        timingsMs: t,
      },
    };
  }
}

function filterEdges(e: ClusterEdges, minW: number): ClusterEdges {
  let n = 0;
  for (let p = 0; p < e.count; p++) if (e.w[p] >= minW) n++;
  const out: ClusterEdges = { a: new Uint32Array(n), b: new Uint32Array(n), w: new Float32Array(n), count: n };
  for (let p = 0, q = 0; p < e.count; p++) {
    if (e.w[p] < minW) continue;
    out.a[q] = e.a[p];
    out.b[q] = e.b[p];
    out.w[q] = e.w[p];
    q++;
  }
  return out;
}

function appendEdges(e: ClusterEdges, more: { a: number[]; b: number[]; w: number[] }): ClusterEdges {
  const n = e.count + more.a.length;
  const out: ClusterEdges = { a: new Uint32Array(n), b: new Uint32Array(n), w: new Float32Array(n), count: n };
  out.a.set(e.a.subarray(0, e.count));
  out.b.set(e.b.subarray(0, e.count));
  out.w.set(e.w.subarray(0, e.count));
  out.a.set(more.a, e.count);
  out.b.set(more.b, e.count);
  out.w.set(more.w, e.count);
  return out;
}

/** One-shot linkage of a list of records. */
export function linkRecords(records: readonly PersonInput[], opts: LinkerOptions & { constraints?: PairConstraint[]; previous?: ReadonlyMap<string, string> } = {}): { linker: Linker; result: LinkResult } {
  const linker = new Linker(opts);
  const result = linker.resolve(records, { constraints: opts.constraints, previous: opts.previous });
  return { linker, result };
}
