/**
 * Shortest paths between people, with the evidence of every step, and "who connects the straw buyers": for a set
 * of flagged people, the union of the shortest paths between every pair of them (a Steiner tree approximated by
 * shortest paths, the classic 2-approximation's building block), and each node on those paths ranked by how many
 * of the flagged people it connects.
 */
import type { NetworkGraph } from './graph.js';
import { edgesBetween, induced, outNode, type OutEdge, type OutNode, type Subgraph } from './subgraph.js';
import { pathTo, walk } from './traverse.js';

export interface WalkLimits {
  /** Cost budget: a strong link (phone, gun, payer, association) costs 1, an address 2, a shared case 3.3. */
  maxCost: number;
  /** Nodes settled before a walk gives up, so that one request cannot walk a national graph. */
  maxVisited: number;
}

export const DEFAULT_LIMITS: WalkLimits = { maxCost: 8, maxVisited: 200_000 };

export interface PathStep {
  from: string;
  to: string;
  /** Every edge between the two nodes, each with its records (which record, which date). */
  edges: OutEdge[];
}

export interface PathResult {
  from: string;
  to: string;
  found: boolean;
  /** Sum of step costs (see WalkLimits). */
  cost: number | null;
  /** People passed through on the way, endpoints excluded. */
  intermediaries: number;
  nodes: OutNode[];
  steps: PathStep[];
  /** The search stopped at maxVisited: a longer path may exist. */
  capped: boolean;
}

export function shortestPath(net: NetworkGraph, from: string, to: string, limits: WalkLimits = DEFAULT_LIMITS): PathResult {
  const g = net.graph;
  const none = { from, to, found: false, cost: null, intermediaries: 0, nodes: [], steps: [] };
  if (!g.hasNode(from) || !g.hasNode(to)) return { ...none, capped: false };
  const w = walk(g, from, { ...limits, stopAt: new Set([to]) });
  const seq = pathTo(w, to);
  if (!seq) return { ...none, capped: w.capped };
  const steps: PathStep[] = [];
  for (let i = 1; i < seq.length; i++) steps.push({ from: seq[i - 1], to: seq[i], edges: edgesBetween(g, seq[i - 1], seq[i]) });
  const nodes = seq.map((n) => outNode(n, g.getNodeAttributes(n)));
  const intermediaries = nodes.slice(1, -1).filter((n) => n.type === 'person').length;
  return { from, to, found: true, cost: w.dist.get(to) ?? null, intermediaries, nodes, steps, capped: w.capped };
}

export interface Connector {
  node: OutNode;
  /** The flagged people this node lies between, on some shortest path. */
  reaches: string[];
  /** How many pairwise shortest paths run through it. */
  paths: number;
  flagged: boolean;
}

export interface ConnectorsResult {
  flagged: string[];
  /** Flagged people with no link in the graph (nothing to connect). */
  isolated: string[];
  /** Pairs of flagged people joined by a path within the limits. */
  pairsLinked: number;
  /** Flagged people that the paths join into groups (each group is linked, directly or through connectors). */
  groups: string[][];
  connectors: Connector[];
  subgraph: Subgraph;
  capped: boolean;
}

export const MAX_FLAGGED = 200;

export function connectorsOf(net: NetworkGraph, flaggedIn: readonly string[], o: WalkLimits & { limit: number }): ConnectorsResult {
  const g = net.graph;
  const flagged = [...new Set(flaggedIn)].sort();
  const present = flagged.filter((f) => g.hasNode(f));
  const targets = new Set(present);
  const reaches = new Map<string, Set<string>>();
  const pathCount = new Map<string, number>();
  const onPaths = new Set<string>(present);
  const parent = new Map(present.map((f) => [f, f]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  let pairsLinked = 0;
  let capped = false;
  for (const f of present) {
    const w = walk(g, f, { maxCost: o.maxCost, maxVisited: o.maxVisited, stopAt: targets });
    capped ||= w.capped;
    for (const t of present) {
      if (t <= f) continue;
      const seq = pathTo(w, t);
      if (!seq) continue;
      pairsLinked++;
      parent.set(find(t), find(f));
      for (const n of seq) onPaths.add(n);
      for (const n of seq.slice(1, -1)) {
        let set = reaches.get(n);
        if (!set) reaches.set(n, (set = new Set()));
        set.add(f);
        set.add(t);
        pathCount.set(n, (pathCount.get(n) ?? 0) + 1);
      }
    }
  }
  const connectors: Connector[] = [...reaches.entries()]
    .map(([n, set]) => ({
      node: outNode(n, g.getNodeAttributes(n)),
      reaches: [...set].sort(),
      paths: pathCount.get(n) ?? 0,
      flagged: targets.has(n),
    }))
    .sort((a, b) => b.reaches.length - a.reaches.length || b.paths - a.paths || (a.node.id < b.node.id ? -1 : 1))
    .slice(0, o.limit);
  const groupsMap = new Map<string, string[]>();
  for (const f of present) {
    const r = find(f);
    const list = groupsMap.get(r);
    if (list) list.push(f);
    else groupsMap.set(r, [f]);
  }
  const groups = [...groupsMap.values()].filter((x) => x.length > 1).sort((a, b) => b.length - a.length);
  const isolated = flagged.filter((f) => !g.hasNode(f));
  return { flagged, isolated, pairsLinked, groups, connectors, subgraph: induced(g, onPaths), capped };
}
