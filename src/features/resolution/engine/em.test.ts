import { describe, expect, it } from 'vitest';
import { countPatterns, runEm } from './em.js';
import { mulberry32 } from './random.js';

function draw(p: number[], r: number): number {
  let acc = 0;
  for (let l = 0; l < p.length; l++) {
    acc += p[l];
    if (r < acc) return l;
  }
  return p.length - 1;
}

describe('EM', () => {
  it('recovers m and the match share from unlabelled synthetic comparison vectors', () => {
    const trueM = [
      [0.85, 0.1, 0.05],
      [0.7, 0.2, 0.1],
      [0.9, 0.1],
      [0.6, 0.3, 0.1],
    ];
    const u = [
      [0.01, 0.09, 0.9],
      [0.02, 0.1, 0.88],
      [0.1, 0.9],
      [0.05, 0.15, 0.8],
    ];
    const lambda = 0.15;
    const rand = mulberry32(3);
    const n = 40_000;
    const k = trueM.length;
    const gammas = new Uint8Array(n * k);
    for (let p = 0; p < n; p++) {
      const match = rand() < lambda;
      for (let c = 0; c < k; c++) gammas[p * k + c] = draw(match ? trueM[c] : u[c], rand());
    }
    const pc = countPatterns(gammas, k, new Array<boolean>(k).fill(false));
    expect(pc.size).toBeLessThanOrEqual(3 * 3 * 2 * 3);
    const em = runEm(pc, u);
    expect(em.converged).toBe(true);
    expect(em.lambda).toBeCloseTo(lambda, 1);
    for (let c = 0; c < k; c++) for (let l = 0; l < trueM[c].length; l++) expect(Math.abs(em.m[c][l] - trueM[c][l])).toBeLessThan(0.05);
  });

  it('leaves ignored and fixed comparisons alone', () => {
    const gammas = Uint8Array.from([0, 0, 0, 0, 1, 1, 2, 1, 2, 1, 0, 0]);
    const u = [
      [0.1, 0.2, 0.7],
      [0.3, 0.7],
    ];
    const pc = countPatterns(gammas, 2, [false, true]);
    const em = runEm(pc, u, { ignore: [false, true], fixedM: [[0.8, 0.15, 0.05], undefined] });
    expect(em.m[0]).toEqual([0.8, 0.15, 0.05]);
    expect(em.lambda).toBeGreaterThan(0);
  });
});
