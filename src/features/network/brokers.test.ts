import { UndirectedGraph } from 'graphology';
import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import { describe, expect, it } from 'vitest';
import { betweenness } from './brokers.js';
import { seededRng } from './communities.js';
import type { PersonProjection } from './graph.js';
import { MinHeap } from './traverse.js';

// CommonJS module: the default import is the function under Node, `.default` under some loaders.
const reference: typeof betweennessModule.default =
  (betweennessModule as unknown as { default?: typeof betweennessModule.default }).default ?? (betweennessModule as unknown as typeof betweennessModule.default);

function randomGraph(seed: number, n: number, m: number): PersonProjection {
  const rng = seededRng(seed);
  const g: PersonProjection = new UndirectedGraph();
  for (let i = 0; i < n; i++) g.addNode(`person:${i}`);
  for (let k = 0; k < m; k++) {
    const a = Math.floor(rng() * n);
    const b = Math.floor(rng() * n);
    if (a !== b && !g.hasEdge(`person:${a}`, `person:${b}`)) g.addEdge(`person:${a}`, `person:${b}`, { weight: 1, via: [] });
  }
  return g;
}

describe('betweenness', () => {
  it('is exact, and equal to graphology-metrics, when every source is used', () => {
    for (const seed of [1, 2, 3]) {
      const g = randomGraph(seed, 60, 90);
      const mine = betweenness(g, { samples: 1e9 });
      expect(mine.exact).toBe(true);
      const ref = reference(g, { normalized: false });
      mine.nodes.forEach((n, i) => expect(mine.score[i]).toBeCloseTo(ref[n], 6));
    }
  });

  it('estimates from a sample: the same seed gives the same answer, and the mean is close', () => {
    const g = randomGraph(9, 400, 700);
    const exact = betweenness(g, { samples: 1e9 });
    const a = betweenness(g, { samples: 120, seed: 5 });
    const b = betweenness(g, { samples: 120, seed: 5 });
    expect(a.exact).toBe(false);
    expect(Array.from(a.score)).toEqual(Array.from(b.score));
    const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
    // The estimator is unbiased; over all nodes the total is within a few percent.
    expect(Math.abs(sum(a.score) - sum(exact.score)) / sum(exact.score)).toBeLessThan(0.1);
    // And the top broker by exact count is among the sampled top five.
    const top = (r: typeof a) => Array.from(r.score.keys()).sort((x, y) => r.score[y] - r.score[x]);
    expect(top(a).slice(0, 5)).toContain(top(exact)[0]);
  });

  it('draws sources only from components of three or more people', () => {
    const g: PersonProjection = new UndirectedGraph();
    for (const n of ['a', 'b', 'c', 'd', 'e']) g.addNode(n);
    g.addEdge('a', 'b', { weight: 1, via: [] });
    g.addEdge('b', 'c', { weight: 1, via: [] });
    g.addEdge('d', 'e', { weight: 1, via: [] });
    const r = betweenness(g, { samples: 10 });
    expect(r.eligible).toBe(3);
    expect(r.score[r.nodes.indexOf('b')]).toBe(1);
  });
});

describe('MinHeap', () => {
  it('pops in cost order', () => {
    const h = new MinHeap();
    const costs = [5, 1, 4, 1.5, 3, 9, 0, 2];
    costs.forEach((c, i) => h.push(c, `n${i}`));
    const out: number[] = [];
    for (let x = h.pop(); x; x = h.pop()) out.push(x[0]);
    expect(out).toEqual([...costs].sort((a, b) => a - b));
  });
});
