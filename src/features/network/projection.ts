/**
 * The person projection: people only, two people joined when a linking node (a shared phone, the same gun, one
 * case) or an association joins them, weighted by the model's link weights. Communities and brokers are questions
 * about people, so they are asked of this graph; dealers never link people (model.ts says so).
 */
import { UndirectedGraph } from 'graphology';
import { DIRECT_LINK_WEIGHT, linkOf } from './model.js';
import type { FullGraph, PersonProjection } from './graph.js';

/** How many linking nodes are remembered per pair, to explain the link without holding every one. */
const MAX_VIA = 4;

export function buildProjection(g: FullGraph): PersonProjection {
  const p: PersonProjection = new UndirectedGraph();
  const link = (a: string, b: string, weight: number, via: string) => {
    if (a === b) return;
    if (!p.hasNode(a)) p.addNode(a);
    if (!p.hasNode(b)) p.addNode(b);
    const e = p.edge(a, b);
    if (e === undefined) {
      p.addEdge(a, b, { weight, via: [via] });
    } else {
      const attrs = p.getEdgeAttributes(e);
      attrs.weight += weight;
      if (attrs.via.length < MAX_VIA && !attrs.via.includes(via)) attrs.via.push(via);
    }
  };
  g.forEachNode((node, attrs) => {
    if (attrs.type === 'person') {
      // Associations: direct person-person edges, each pair visited once (from its smaller end).
      g.forEachEdge(node, (_e, ea, s, t) => {
        if (ea.kind !== 'associate') return;
        const other = s === node ? t : s;
        if (node < other) link(node, other, DIRECT_LINK_WEIGHT, 'direct');
      });
      return;
    }
    const decl = linkOf(attrs.type);
    if (!decl) return;
    const people: string[] = [];
    g.forEachNeighbor(node, (n, na) => {
      if (na.type === 'person') people.push(n);
    });
    for (let i = 0; i < people.length; i++) {
      for (let j = i + 1; j < people.length; j++) link(people[i], people[j], decl.weight, node);
    }
  });
  return p;
}
