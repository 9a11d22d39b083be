/**
 * Communities of people: Louvain on the weighted person projection (graphology-communities-louvain), seeded so
 * that the same graph gives the same communities. Each community is summarised by its members, its flagged people
 * and what binds it (the shared phones, addresses, guns that most of its members reach).
 */
import louvainModule, { type DetailedLouvainOutput, type LouvainOptions } from 'graphology-communities-louvain';
import { memoize, type NetworkGraph, type PersonProjection } from './graph.js';
import type { NodeType } from './model.js';
import type { Risk } from './risk.js';

// A CommonJS package: Node's ESM loader hands over module.exports (the function), while bundlers and some
// typings present it as `.default`. Accept both, typed by what is used.
interface LouvainApi {
  detailed(graph: PersonProjection, options?: LouvainOptions): DetailedLouvainOutput;
}
const louvainMod = louvainModule as unknown as LouvainApi & { default?: LouvainApi };
const louvain: LouvainApi = louvainMod.default ?? louvainMod;

export interface CommunityAssignment {
  /** person node -> community number (communities numbered by size, largest first). */
  of: Map<string, number>;
  modularity: number;
}

/** A small seeded generator (mulberry32): Louvain visits nodes in random order, and results must be repeatable. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function assignCommunities(net: NetworkGraph, resolution = 1): CommunityAssignment {
  return memoize(net, `communities:${resolution}`, () => {
    const p = net.projection;
    if (p.order === 0) return { of: new Map(), modularity: 0 };
    const res = louvain.detailed(p, { getEdgeWeight: 'weight', resolution, rng: seededRng(20091031) });
    // Renumber by size (then by smallest member) so that numbers are stable and community 0 is the largest.
    const members = new Map<number, string[]>();
    for (const [node, c] of Object.entries(res.communities)) {
      const list = members.get(c);
      if (list) list.push(node);
      else members.set(c, [node]);
    }
    const ordered = [...members.values()].sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
    const of = new Map<string, number>();
    ordered.forEach((list, i) => {
      for (const n of list) of.set(n, i);
    });
    return { of, modularity: res.modularity };
  });
}

export interface CommunityMember {
  id: string;
  label: string;
  risk?: Risk;
  /** Sum of link weights to other members. */
  strength: number;
}

export interface CommunitySummary {
  id: number;
  size: number;
  flagged: number;
  maxScore: number | null;
  members: CommunityMember[];
  binding: Array<{ id: string; type: NodeType; label: string; members: number }>;
}

export interface CommunitiesResult {
  modularity: number;
  /** People in the projection (people linked to at least one other person). */
  persons: number;
  /** Communities of at least minSize people. */
  count: number;
  communities: CommunitySummary[];
}

const MEMBERS_SHOWN = 12;
const BINDING_SHOWN = 5;

export function summariseCommunities(net: NetworkGraph, o: { minSize: number; limit: number; resolution?: number }): CommunitiesResult {
  const { of, modularity } = assignCommunities(net, o.resolution ?? 1);
  const g = net.graph;
  const p = net.projection;
  const groups = new Map<number, string[]>();
  for (const [node, c] of of) {
    const list = groups.get(c);
    if (list) list.push(node);
    else groups.set(c, [node]);
  }
  const summaries: CommunitySummary[] = [];
  for (const [id, nodes] of groups) {
    if (nodes.length < o.minSize) continue;
    let flagged = 0;
    let maxScore: number | null = null;
    const members: CommunityMember[] = nodes.map((n) => {
      const a = g.getNodeAttributes(n);
      if (a.risk?.flagged) flagged++;
      if (a.risk && (maxScore === null || a.risk.score > maxScore)) maxScore = a.risk.score;
      let strength = 0;
      p.forEachEdge(n, (_e, ea, s, t) => {
        if (of.get(s === n ? t : s) === id) strength += ea.weight;
      });
      return { id: n, label: a.label, ...(a.risk ? { risk: a.risk } : {}), strength };
    });
    // What binds the community: linking nodes (not people, not dealers) reached by several of its members.
    const reach = new Map<string, number>();
    for (const n of nodes) {
      g.forEachNeighbor(n, (v, va) => {
        if (va.type === 'person' || va.type === 'dealer') return;
        reach.set(v, (reach.get(v) ?? 0) + 1);
      });
    }
    const binding = [...reach.entries()]
      .filter(([, k]) => k >= 2)
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
      .slice(0, BINDING_SHOWN)
      .map(([v, k]) => ({ id: v, type: g.getNodeAttribute(v, 'type'), label: g.getNodeAttribute(v, 'label'), members: k }));
    members.sort((x, y) => (y.risk?.score ?? 0) - (x.risk?.score ?? 0) || y.strength - x.strength || (x.id < y.id ? -1 : 1));
    summaries.push({ id, size: nodes.length, flagged, maxScore, members: members.slice(0, MEMBERS_SHOWN), binding });
  }
  summaries.sort((x, y) => y.flagged - x.flagged || (y.maxScore ?? 0) - (x.maxScore ?? 0) || y.size - x.size || x.id - y.id);
  return { modularity, persons: p.order, count: summaries.length, communities: summaries.slice(0, o.limit) };
}
