/**
 * The neighbourhood of a person: everyone within k person steps (a step crosses one linking node, such as a shared
 * phone or the same gun, or one association), with the linking nodes, and the dealers they bought from as leaves.
 * Capped at maxNodes, nearest first.
 */
import { linkOf } from './model.js';
import type { NetworkGraph } from './graph.js';
import { induced, type Subgraph } from './subgraph.js';

export interface NeighbourhoodOptions {
  hops: number;
  maxNodes: number;
}

export interface Neighbourhood extends Subgraph {
  seed: string;
  truncated: boolean;
  /** The hop limit the neighbourhood was drawn with, in person steps. */
  hops: number;
}

/**
 * Breadth-first by half steps: person -> linking node and linking node -> person are one half step each, a direct
 * association is a whole step. Dealers are shown but never expanded (a dealer serves strangers).
 */
export function neighbourhood(net: NetworkGraph, seed: string, o: NeighbourhoodOptions): Neighbourhood {
  const g = net.graph;
  if (!g.hasNode(seed)) return { seed, nodes: [], edges: [], truncated: false, hops: o.hops };
  const maxHalf = 2 * o.hops;
  const half = new Map<string, number>([[seed, 0]]);
  const order: string[] = [seed];
  // Half-step costs are 1 or 2, so a bucket per distance is an exact and cheap priority queue.
  const buckets: string[][] = Array.from({ length: maxHalf + 3 }, () => []);
  buckets[0].push(seed);
  let truncated = false;
  outer: for (let d = 0; d <= maxHalf; d++) {
    for (let i = 0; i < buckets[d].length; i++) {
      const node = buckets[d][i];
      if (half.get(node) !== d) continue;
      const type = g.getNodeAttribute(node, 'type');
      if (type !== 'person' && !linkOf(type)) continue;
      for (const next of g.neighbors(node)) {
        const nt = g.getNodeAttribute(next, 'type');
        const cost = type === 'person' && nt === 'person' ? 2 : 1;
        const nd = d + cost;
        const known = half.get(next);
        if (known !== undefined && known <= nd) continue;
        // A dealer is a leaf shown next to its buyers; everything else must be within the hop limit.
        if (nd > maxHalf && !(nt === 'dealer' && nd === maxHalf + 1)) continue;
        if (known === undefined) {
          if (order.length >= o.maxNodes) {
            truncated = true;
            break outer;
          }
          order.push(next);
        }
        half.set(next, nd);
        buckets[nd].push(next);
      }
    }
  }
  const sub = induced(g, order, (id) => ({ hop: Math.ceil((half.get(id) ?? 0) / 2) }));
  return { seed, ...sub, truncated, hops: o.hops };
}
