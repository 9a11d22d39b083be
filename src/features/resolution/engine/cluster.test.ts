import { describe, expect, it } from 'vitest';
import { clusterRecords, type ClusterEdges } from './cluster.js';

function edges(list: [number, number, number][]): ClusterEdges {
  return {
    a: Uint32Array.from(list.map((e) => e[0])),
    b: Uint32Array.from(list.map((e) => e[1])),
    w: Float32Array.from(list.map((e) => e[2])),
    count: list.length,
  };
}

/** Weight table for the cross-group checks; unlisted pairs are neutral (0). */
function weights(list: [number, number, number][]): (i: number, j: number) => number {
  const m = new Map(list.map(([a, b, w]) => [`${Math.min(a, b)},${Math.max(a, b)}`, w]));
  return (i, j) => m.get(`${Math.min(i, j)},${Math.max(i, j)}`) ?? 0;
}

const same = (root: Int32Array, i: number, j: number): boolean => root[i] === root[j];

describe('clusterRecords', () => {
  it('joins linked records transitively', () => {
    const r = clusterRecords({ n: 4, edges: edges([[0, 1, 10], [1, 2, 8]]), pairWeight: () => 0, vetoWeight: -10 });
    expect(same(r.root, 0, 2)).toBe(true);
    expect(same(r.root, 0, 3)).toBe(false);
  });

  it('refuses to chain two clearly different people through a vague record', () => {
    // 0 = father, 1 = son, 2 = "J. GARCIA, same address" which links to both.
    const list: [number, number, number][] = [[0, 2, 6], [1, 2, 5]];
    const r = clusterRecords({ n: 3, edges: edges(list), pairWeight: weights([[0, 1, -20], ...list]), vetoWeight: -10 });
    expect(same(r.root, 0, 2)).toBe(true);
    expect(same(r.root, 1, 2)).toBe(false);
    expect(r.refusedByEvidence).toBe(1);
  });

  it('never merges a rejected pair, even through others', () => {
    const list: [number, number, number][] = [[0, 1, 20], [1, 2, 20], [2, 3, 20]];
    const r = clusterRecords({ n: 4, edges: edges(list), pairWeight: () => 5, vetoWeight: -10, rejected: [[0, 3]] });
    expect(same(r.root, 0, 3)).toBe(false);
    expect(r.refusedByConstraint).toBeGreaterThan(0);
  });

  it('always merges a confirmed pair, even without a link or against evidence', () => {
    const r = clusterRecords({ n: 3, edges: edges([]), pairWeight: () => -30, vetoWeight: -10, confirmed: [[0, 2]] });
    expect(same(r.root, 0, 2)).toBe(true);
    expect(same(r.root, 0, 1)).toBe(false);
  });

  it('reports a confirmed pair that contradicts a rejection', () => {
    const r = clusterRecords({ n: 3, edges: edges([]), pairWeight: () => 0, vetoWeight: -10, confirmed: [[0, 1], [1, 2]], rejected: [[0, 2]] });
    expect(same(r.root, 0, 2)).toBe(false);
    expect(r.conflicts).toHaveLength(1);
  });

  it('starts from an initial partition and splits it where a new rejection says so', () => {
    const initial = Int32Array.from([7, 7, 7, -1]);
    const r = clusterRecords({ n: 4, edges: edges([[2, 3, 12]]), pairWeight: () => 0, vetoWeight: -10, initial, rejected: [[0, 2]] });
    expect(same(r.root, 0, 1)).toBe(true);
    expect(same(r.root, 0, 2)).toBe(false);
    expect(same(r.root, 2, 3)).toBe(true);
  });
});
