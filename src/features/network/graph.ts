/**
 * The in-memory network: the full graph (people and everything the model links them through), the person
 * projection the analyses run on, and what was left out and why.
 */
import type { MultiUndirectedGraph, UndirectedGraph } from 'graphology';
import type { EdgeKind, NodeType } from './model.js';
import type { Identity } from './identity.js';
import type { Risk } from './risk.js';
import type { NetworkScope } from './scope.js';

export interface NodeAttrs {
  type: NodeType;
  /** The key within its type (a person's id, a licence number, a normalised phone). */
  key: string;
  label: string;
  /** People: risk from detection, when scored. */
  risk?: Risk;
  /** People: how many gun purchases name them (before any pruning). */
  guns?: number;
  /** People: how many records they are made of. */
  records?: number;
  dob?: string | null;
  /** Value nodes: how many people hold the value. */
  persons?: number;
  /** Dealers, guns, cases: a row of their table, read for the label. */
  row?: number;
}

/** One record behind an edge: which source (index into EDGE_SOURCES), which row, which date. */
export interface Evidence {
  source: number;
  id: number;
  date: string | null;
}

export interface EdgeAttrs {
  kind: EdgeKind;
  /** The node at the person end (edges are stored undirected; the model's direction is person -> target). */
  from: string;
  evidence: Evidence[];
  /** Records behind the edge; only the first MAX_EVIDENCE are kept in `evidence`. */
  count: number;
}

export const MAX_EVIDENCE = 20;

export interface ProjectionEdgeAttrs {
  weight: number;
  /** The nodes that link the two people (a shared phone, the same gun), or 'direct' for an association. */
  via: string[];
}

export type FullGraph = MultiUndirectedGraph<NodeAttrs, EdgeAttrs>;
export type PersonProjection = UndirectedGraph<Record<string, never>, ProjectionEdgeAttrs>;

export interface Hub {
  node: string;
  type: NodeType;
  label: string;
  persons: number;
}

export interface BuildStats {
  records: number;
  persons: number;
  sourceRows: Record<string, number>;
  nodes: number;
  edges: number;
  projectionNodes: number;
  projectionEdges: number;
  unsharedValuesDropped: number;
  hubsDropped: number;
  ms: { identity: number; sources: number; prune: number; risk: number; projection: number };
}

export interface NetworkGraph {
  scope: NetworkScope;
  graph: FullGraph;
  projection: PersonProjection;
  identity: Identity;
  hubs: Hub[];
  stats: BuildStats;
  builtAt: Date;
  /** Analyses computed once per built graph (communities, brokers), keyed by their parameters. */
  memo: Map<string, unknown>;
}

export function personNode(personId: number): string {
  return `person:${personId}`;
}

export function memoize<T>(net: NetworkGraph, key: string, compute: () => T): T {
  if (net.memo.has(key)) return net.memo.get(key) as T;
  const v = compute();
  net.memo.set(key, v);
  return v;
}
