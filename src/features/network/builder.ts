/**
 * The one builder: reads every edge source declared in model.ts in pages, within the principal's scope, and
 * assembles the full graph; then drops values that link nobody (held by one person) and hubs (held by too many),
 * attaches detection's risk, and derives the person projection. No edge type is built by hand here.
 */
import { MultiUndirectedGraph } from 'graphology';
import type { Tx } from '../../db/types.js';
import { EDGE_SOURCES, NODE_TABLES, NODE_TYPE_NAMES, linkOf, nodeId, targetType, type EdgeSource, type NodeType } from './model.js';
import { loadIdentity, type Identity } from './identity.js';
import { loadRiskByRecord, riskOfRecords } from './risk.js';
import { readLabels, streamSource, type SourceRow } from './source-query.js';
import { MAX_EVIDENCE, personNode, type BuildStats, type FullGraph, type Hub, type NetworkGraph } from './graph.js';
import { buildProjection } from './projection.js';
import type { NetworkScope } from './scope.js';

export interface BuildOptions {
  pageSize?: number;
  /** Skip reading detection's scores (the benchmark measures the graph alone). */
  withRisk?: boolean;
  onProgress?: (step: string) => void;
}

export const SOURCE_PAGE = 20_000;

function addEdgeRow(g: FullGraph, identity: Identity, src: EdgeSource, srcIndex: number, row: SourceRow, guns: Map<string, number>): void {
  const [id, rec, key, label, date, rowId] = row;
  const personId = identity.personOf(rec);
  if (personId === undefined) return;
  const type: NodeType = targetType(src.edge);
  const from = personNode(personId);
  let to: string;
  if (type === 'person') {
    const other = identity.personOf(Number(key));
    // An association between two records of one person says nothing about a network.
    if (other === undefined || other === personId) return;
    to = personNode(other);
    if (!g.hasNode(to)) g.addNode(to, { type: 'person', key: String(other), label: '' });
  } else {
    to = nodeId(type, key);
    // Node-table nodes are labelled once pruning has decided which survive; until then they keep a row to read.
    if (!g.hasNode(to)) g.addNode(to, rowId !== null ? { type, key, label: key, row: rowId } : { type, key, label: label ?? key });
  }
  if (!g.hasNode(from)) g.addNode(from, { type: 'person', key: String(personId), label: '' });
  if (src.edge === 'bought') guns.set(from, (guns.get(from) ?? 0) + 1);
  // One edge per kind between two nodes; an association is symmetric, so its key orders the pair.
  const [a, b] = type === 'person' && to < from ? [to, from] : [from, to];
  const edgeKey = `${src.edge}|${a}|${b}`;
  const ev = { source: srcIndex, id, date };
  if (g.hasEdge(edgeKey)) {
    const attrs = g.getEdgeAttributes(edgeKey);
    attrs.count++;
    if (attrs.evidence.length < MAX_EVIDENCE) attrs.evidence.push(ev);
  } else {
    g.addEdgeWithKey(edgeKey, from, to, { kind: src.edge, from, evidence: [ev], count: 1 });
  }
}

/** Reads the labels of the dealers, guns and cases that survived pruning (one query per page of rows). */
async function labelTableNodes(tx: Tx, g: FullGraph, pageSize: number): Promise<void> {
  for (const [type, table] of Object.entries(NODE_TABLES) as Array<[NodeType, NonNullable<(typeof NODE_TABLES)[NodeType]>]>) {
    const byRow = new Map<number, string[]>();
    g.forEachNode((node, a) => {
      if (a.type !== type || a.row === undefined) return;
      const list = byRow.get(a.row);
      if (list) list.push(node);
      else byRow.set(a.row, [node]);
    });
    if (byRow.size === 0) continue;
    const rows = await readLabels(tx, table.table, table.columns, [...byRow.keys()], pageSize);
    for (const [rowId, nodes] of byRow) {
      const r = rows.get(rowId);
      if (!r) continue;
      for (const n of nodes) g.setNodeAttribute(n, 'label', table.label(r));
    }
  }
}

/** Drops value nodes that link fewer than two people, and hubs; then people left with no edge at all. */
function prune(g: FullGraph): { unshared: number; hubs: Hub[] } {
  let unshared = 0;
  const hubs: Hub[] = [];
  const drop: string[] = [];
  g.forEachNode((node, attrs) => {
    const link = linkOf(attrs.type);
    if (!link) return;
    const people = new Set<string>();
    g.forEachNeighbor(node, (n, na) => {
      if (na.type === 'person') people.add(n);
    });
    attrs.persons = people.size;
    if (link.sharedOnly && people.size < 2) {
      unshared++;
      drop.push(node);
    } else if (people.size > link.maxPersons) {
      hubs.push({ node, type: attrs.type, label: attrs.label, persons: people.size });
      drop.push(node);
    }
  });
  for (const n of drop) g.dropNode(n);
  const lonely: string[] = [];
  g.forEachNode((node, attrs) => {
    if (attrs.type === 'person' && g.degree(node) === 0) lonely.push(node);
  });
  for (const n of lonely) g.dropNode(n);
  hubs.sort((x, y) => y.persons - x.persons);
  return { unshared, hubs };
}

export async function buildNetwork(tx: Tx, scope: NetworkScope, opts: BuildOptions = {}): Promise<NetworkGraph> {
  const pageSize = opts.pageSize ?? SOURCE_PAGE;
  const t0 = performance.now();
  opts.onProgress?.('identity');
  const identity = await loadIdentity(tx, scope, pageSize);
  const t1 = performance.now();
  const g: FullGraph = new MultiUndirectedGraph();
  const guns = new Map<string, number>();
  const sourceRows: Record<string, number> = {};
  for (const [i, src] of EDGE_SOURCES.entries()) {
    opts.onProgress?.(`source ${src.name}`);
    sourceRows[src.name] = await streamSource(tx, src, scope, pageSize, (rows) => {
      for (const row of rows) addEdgeRow(g, identity, src, i, row, guns);
    });
  }
  const t2 = performance.now();
  opts.onProgress?.('prune');
  const { unshared, hubs } = prune(g);
  await labelTableNodes(tx, g, pageSize);
  // People take their name, birth date and purchase count from the identity once pruning has settled who stays.
  g.forEachNode((node, attrs) => {
    if (attrs.type !== 'person') return;
    const info = identity.persons.get(Number(attrs.key));
    attrs.label = info?.label ?? attrs.key;
    attrs.dob = info?.dob ?? null;
    attrs.records = info?.records.length ?? 0;
    attrs.guns = guns.get(node) ?? 0;
  });
  const t3 = performance.now();
  if (opts.withRisk !== false) {
    opts.onProgress?.('risk');
    const byRecord = await loadRiskByRecord(tx, pageSize);
    if (byRecord.size > 0) {
      g.forEachNode((_node, attrs) => {
        if (attrs.type !== 'person') return;
        const info = identity.persons.get(Number(attrs.key));
        const risk = info ? riskOfRecords(info.records, byRecord) : undefined;
        if (risk) attrs.risk = risk;
      });
    }
  }
  const t4 = performance.now();
  opts.onProgress?.('projection');
  const projection = buildProjection(g);
  const t5 = performance.now();
  const stats: BuildStats = {
    records: [...identity.persons.values()].reduce((n, p) => n + p.records.length, 0),
    persons: identity.persons.size,
    sourceRows,
    nodes: g.order,
    edges: g.size,
    projectionNodes: projection.order,
    projectionEdges: projection.size,
    unsharedValuesDropped: unshared,
    hubsDropped: hubs.length,
    ms: { identity: t1 - t0, sources: t2 - t1, prune: t3 - t2, risk: t4 - t3, projection: t5 - t4 },
  };
  return { scope, graph: g, projection, identity, hubs, stats, builtAt: new Date(), memo: new Map() };
}

/** Node counts per type, for summaries and the web legend. */
export function countByType(g: FullGraph): Record<NodeType, number> {
  const out = Object.fromEntries(NODE_TYPE_NAMES.map((t) => [t, 0])) as Record<NodeType, number>;
  g.forEachNode((_n, a) => {
    out[a.type]++;
  });
  return out;
}
