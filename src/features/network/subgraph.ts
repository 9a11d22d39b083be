/**
 * A piece of the graph as the API and the exports return it: nodes with their display attributes and edges with
 * their evidence (record references; evidence.ts adds each record's source reference before it leaves the server).
 */
import { EDGE_SOURCES, type EdgeKind, type NodeType } from './model.js';
import type { EdgeAttrs, FullGraph, NodeAttrs } from './graph.js';
import type { Risk } from './risk.js';

export interface EvidenceRef {
  /** The declared source (model.ts EDGE_SOURCES name). */
  source: string;
  table: string;
  id: number;
  date: string | null;
  /** What the record is, in words. */
  record: string;
  /** Filled in by attachSourceRefs(): where the record came from (file:line, request id). */
  sourceKind?: string;
  sourceRef?: string;
}

export interface OutNode {
  id: string;
  type: NodeType;
  label: string;
  risk?: Risk;
  guns?: number;
  records?: number;
  dob?: string | null;
  persons?: number;
  /** Distance from the seed in person steps (neighbourhood), when known. */
  hop?: number;
  community?: number;
}

export interface OutEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  count: number;
  evidence: EvidenceRef[];
}

export interface Subgraph {
  nodes: OutNode[];
  edges: OutEdge[];
}

export function outNode(id: string, a: NodeAttrs, extra: Partial<OutNode> = {}): OutNode {
  const n: OutNode = { id, type: a.type, label: a.label };
  if (a.risk) n.risk = a.risk;
  if (a.type === 'person') {
    n.guns = a.guns ?? 0;
    n.records = a.records ?? 0;
    n.dob = a.dob ?? null;
  } else if (a.persons !== undefined) {
    n.persons = a.persons;
  }
  return { ...n, ...extra };
}

export function outEdge(id: string, a: EdgeAttrs, s: string, t: string): OutEdge {
  const target = a.from === s ? t : s;
  return {
    id,
    source: a.from,
    target,
    kind: a.kind,
    count: a.count,
    evidence: a.evidence.map((e) => {
      const src = EDGE_SOURCES[e.source];
      return { source: src.name, table: src.table, id: e.id, date: e.date, record: src.describe };
    }),
  };
}

/** The nodes given, and every edge of the graph between two of them. */
export function induced(g: FullGraph, nodes: Iterable<string>, extra?: (id: string) => Partial<OutNode>): Subgraph {
  const set = new Set(nodes);
  const outNodes: OutNode[] = [];
  const outEdges: OutEdge[] = [];
  const seen = new Set<string>();
  for (const n of set) {
    if (!g.hasNode(n)) continue;
    outNodes.push(outNode(n, g.getNodeAttributes(n), extra?.(n)));
    g.forEachEdge(n, (e, a, s, t) => {
      if (seen.has(e)) return;
      const other = s === n ? t : s;
      if (!set.has(other)) return;
      seen.add(e);
      outEdges.push(outEdge(e, a, s, t));
    });
  }
  return { nodes: outNodes, edges: outEdges };
}

/** Every edge between two given nodes (a person may have both bought and possessed one gun). */
export function edgesBetween(g: FullGraph, a: string, b: string): OutEdge[] {
  return g.edges(a, b).map((e) => outEdge(e, g.getEdgeAttributes(e), g.source(e), g.target(e)));
}
