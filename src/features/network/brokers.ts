/**
 * Brokers: people who lie on many shortest paths between other people (betweenness centrality on the person
 * projection, by hops). Exact Brandes is O(people x links), too slow for a national graph, so beyond a size it is
 * estimated from a seeded sample of source people (Brandes and Pich, 2007): each sampled source's dependencies are
 * scaled by eligible/sampled, an unbiased estimate that ranks the top brokers reliably. Sources are drawn only
 * from components of three or more people, the only ones where anyone can be "between".
 */
import { assignCommunities, seededRng } from './communities.js';
import { memoize, type NetworkGraph, type PersonProjection } from './graph.js';
import type { Risk } from './risk.js';

export interface BetweennessResult {
  /** Node -> betweenness (pairs counted once), estimated when not exact. */
  score: Float64Array;
  nodes: string[];
  /** Size of each node's connected component. */
  componentSize: Int32Array;
  pivots: number;
  eligible: number;
  exact: boolean;
}

interface Csr {
  nodes: string[];
  offsets: Int32Array;
  targets: Int32Array;
}

function toCsr(p: PersonProjection): Csr {
  const nodes = p.nodes();
  const index = new Map<string, number>();
  nodes.forEach((n, i) => index.set(n, i));
  const offsets = new Int32Array(nodes.length + 1);
  nodes.forEach((n, i) => {
    offsets[i + 1] = offsets[i] + p.degree(n);
  });
  const targets = new Int32Array(offsets[nodes.length]);
  nodes.forEach((n, i) => {
    let k = offsets[i];
    p.forEachNeighbor(n, (m) => {
      targets[k++] = index.get(m)!;
    });
  });
  return { nodes, offsets, targets };
}

function components(c: Csr): Int32Array {
  const n = c.nodes.length;
  const comp = new Int32Array(n).fill(-1);
  const size = new Int32Array(n);
  const queue = new Int32Array(n);
  let id = 0;
  for (let s = 0; s < n; s++) {
    if (comp[s] !== -1) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    comp[s] = id;
    while (head < tail) {
      const v = queue[head++];
      for (let k = c.offsets[v]; k < c.offsets[v + 1]; k++) {
        const w = c.targets[k];
        if (comp[w] === -1) {
          comp[w] = id;
          queue[tail++] = w;
        }
      }
    }
    for (let i = 0; i < tail; i++) size[queue[i]] = tail;
    id++;
  }
  return size;
}

/** Betweenness of every person; exact when `samples` covers every eligible source. */
export function betweenness(p: PersonProjection, o: { samples: number; seed?: number }): BetweennessResult {
  const c = toCsr(p);
  const n = c.nodes.length;
  const componentSize = components(c);
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (componentSize[i] >= 3) eligible.push(i);
  let pivots = eligible;
  const exact = o.samples >= eligible.length;
  if (!exact) {
    // Partial Fisher-Yates with a seeded generator: the same graph gives the same brokers.
    const rng = seededRng(o.seed ?? 1);
    const pool = eligible.slice();
    for (let i = 0; i < o.samples; i++) {
      const j = i + Math.floor(rng() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    pivots = pool.slice(0, o.samples);
  }
  const score = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const stack = new Int32Array(n);
  for (const s of pivots) {
    let head = 0;
    let tail = 0;
    stack[tail++] = s;
    dist[s] = 0;
    sigma[s] = 1;
    // The BFS queue is the stack itself: nodes are appended in order of distance.
    while (head < tail) {
      const v = stack[head++];
      for (let k = c.offsets[v]; k < c.offsets[v + 1]; k++) {
        const w = c.targets[k];
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          stack[tail++] = w;
        }
        if (dist[w] === dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    // Dependencies in reverse BFS order; predecessors are the neighbours one step closer to s.
    for (let i = tail - 1; i >= 0; i--) {
      const w = stack[i];
      for (let k = c.offsets[w]; k < c.offsets[w + 1]; k++) {
        const v = c.targets[k];
        if (dist[v] === dist[w] - 1) delta[v] += (sigma[v] / sigma[w]) * (1 + delta[w]);
      }
      if (w !== s) score[w] += delta[w];
    }
    for (let i = 0; i < tail; i++) {
      const w = stack[i];
      dist[w] = -1;
      sigma[w] = 0;
      delta[w] = 0;
    }
  }
  // Every pair is seen from both ends in an undirected graph: halve. Scale a sample up to all eligible sources.
  const scale = (exact ? 1 : eligible.length / Math.max(1, pivots.length)) / 2;
  for (let i = 0; i < n; i++) score[i] *= scale;
  return { score, nodes: c.nodes, componentSize, pivots: pivots.length, eligible: eligible.length, exact };
}

export interface Broker {
  id: string;
  label: string;
  risk?: Risk;
  /** Estimated number of person pairs whose shortest paths run through this person. */
  betweenness: number;
  /** Betweenness over the pairs of its component it could lie between (0..1). */
  normalized: number;
  /** People it is linked to directly. */
  degree: number;
  community: number | null;
  /** Distinct communities among the people it is linked to: a broker between groups reaches several. */
  communitiesReached: number;
}

export interface BrokersResult {
  exact: boolean;
  pivots: number;
  eligible: number;
  brokers: Broker[];
}

export const DEFAULT_SAMPLES = 256;

export function brokers(net: NetworkGraph, o: { limit: number; samples?: number }): BrokersResult {
  const samples = o.samples ?? DEFAULT_SAMPLES;
  const bc = memoize(net, `betweenness:${samples}`, () => betweenness(net.projection, { samples, seed: 7 }));
  const { of } = assignCommunities(net);
  const order = Array.from(bc.score.keys())
    .filter((i) => bc.score[i] > 0)
    .sort((a, b) => bc.score[b] - bc.score[a] || (bc.nodes[a] < bc.nodes[b] ? -1 : 1))
    .slice(0, o.limit);
  const out: Broker[] = order.map((i) => {
    const id = bc.nodes[i];
    const a = net.graph.getNodeAttributes(id);
    const size = bc.componentSize[i];
    const pairs = ((size - 1) * (size - 2)) / 2;
    const reached = new Set<number>();
    net.projection.forEachNeighbor(id, (m) => {
      const c = of.get(m);
      if (c !== undefined) reached.add(c);
    });
    return {
      id,
      label: a.label,
      ...(a.risk ? { risk: a.risk } : {}),
      betweenness: bc.score[i],
      normalized: pairs > 0 ? Math.min(1, bc.score[i] / pairs) : 0,
      degree: net.projection.degree(id),
      community: of.get(id) ?? null,
      communitiesReached: reached.size,
    };
  });
  return { exact: bc.exact, pivots: bc.pivots, eligible: bc.eligible, brokers: out };
}
