// Expectation-maximisation for the Fellegi-Sunter mixture, on counts of distinct comparison
// vectors: a million pairs collapse to a few thousand patterns, so EM costs milliseconds.
import { NULL_LEVEL } from './comparisons.js';

export interface PatternCounts {
  /** levels[p * k + c]: level of comparison c in pattern p (NULL_LEVEL when null or ignored). */
  levels: Uint8Array;
  counts: Float64Array;
  k: number;
  size: number;
}

/** Collapses per-pair level vectors (pairs x k, row-major) into distinct patterns with counts. */
export function countPatterns(gammas: Uint8Array, k: number, ignore: boolean[]): PatternCounts {
  // Patterns keyed by a number in base 16 (levels < 15, NULL as 15): 13 comparisons fit in 2^52.
  if (k > 13) throw new Error('too many comparisons for pattern keys');
  const index = new Map<number, number>();
  const rows: number[] = [];
  const counts: number[] = [];
  const n = gammas.length / k;
  const buf = new Uint8Array(k);
  for (let p = 0; p < n; p++) {
    let key = 0;
    for (let c = 0; c < k; c++) {
      const l = ignore[c] ? NULL_LEVEL : gammas[p * k + c];
      buf[c] = l;
      key = key * 16 + (l === NULL_LEVEL ? 15 : l);
    }
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, counts.length);
      counts.push(1);
      for (let c = 0; c < k; c++) rows.push(buf[c]);
    } else counts[at]++;
  }
  return { levels: Uint8Array.from(rows), counts: Float64Array.from(counts), k, size: counts.length };
}

export interface EmResult {
  lambda: number;
  m: number[][];
  iterations: number;
  converged: boolean;
}

export interface EmOptions {
  maxIterations?: number;
  tolerance?: number;
  initialLambda?: number;
  /** Comparisons whose m is not estimated (their levels are ignored). */
  ignore?: boolean[];
  /** Comparisons whose m is known (from an earlier session) and held fixed. */
  fixedM?: (number[] | undefined)[];
}

const FLOOR = 1e-6;

/** Initial m: most mass on agreement, little on disagreement. */
export function initialM(levelCount: number): number[] {
  if (levelCount === 1) return [1];
  const m = new Array<number>(levelCount).fill(0);
  m[0] = 0.6;
  const middle = levelCount - 2;
  for (let l = 1; l <= middle; l++) m[l] = 0.35 / middle;
  m[levelCount - 1] = middle === 0 ? 0.4 : 0.05;
  return m;
}

/** Runs EM with u fixed (estimated from random pairs), estimating m and the share of matches. */
export function runEm(pc: PatternCounts, u: number[][], opts: EmOptions = {}): EmResult {
  const k = pc.k;
  const maxIt = opts.maxIterations ?? 200;
  const tol = opts.tolerance ?? 1e-6;
  let lambda = opts.initialLambda ?? 0.2;
  const fixed = opts.fixedM ?? [];
  let m = u.map((uc, c) => fixed[c] ?? initialM(uc.length));
  const post = new Float64Array(pc.size);
  let it = 0;
  let converged = false;
  for (; it < maxIt; it++) {
    // E step
    for (let p = 0; p < pc.size; p++) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let c = 0; c < k; c++) {
        const l = pc.levels[p * k + c];
        if (l === NULL_LEVEL) continue;
        lm += Math.log(Math.max(m[c][l], FLOOR));
        lu += Math.log(Math.max(u[c][l], FLOOR));
      }
      post[p] = 1 / (1 + Math.exp(lu - lm));
    }
    // M step
    let sw = 0;
    let sc = 0;
    const num = u.map((uc) => new Array<number>(uc.length).fill(0));
    for (let p = 0; p < pc.size; p++) {
      const w = pc.counts[p] * post[p];
      sw += w;
      sc += pc.counts[p];
      for (let c = 0; c < k; c++) {
        const l = pc.levels[p * k + c];
        if (l !== NULL_LEVEL) num[c][l] += w;
      }
    }
    const nextLambda = Math.min(Math.max(sw / sc, 1e-9), 1 - 1e-9);
    const next = num.map((row, c) => {
      if (fixed[c]) return m[c];
      const t = row.reduce((x, y) => x + y, 0);
      return t > 0 ? row.map((x) => Math.max(x / t, FLOOR)) : m[c];
    });
    let delta = Math.abs(nextLambda - lambda);
    for (let c = 0; c < k; c++) for (let l = 0; l < next[c].length; l++) delta = Math.max(delta, Math.abs(next[c][l] - m[c][l]));
    lambda = nextLambda;
    m = next;
    if (delta < tol) {
      converged = true;
      it++;
      break;
    }
  }
  return { lambda, m, iterations: it, converged };
}
