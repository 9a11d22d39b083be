import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { brokers } from './brokers.js';
import { buildNetwork } from './builder.js';
import { assignCommunities, summariseCommunities } from './communities.js';
import { attachSourceRefs } from './evidence.js';
import { personNode as pn, type NetworkGraph } from './graph.js';
import { connectorsOf, DEFAULT_LIMITS, shortestPath } from './paths.js';
import { NATIONAL } from './scope.js';
import { flagInDetection, insertTwoRings } from './testing/two-rings.js';

let database: Database;
let w: Awaited<ReturnType<typeof insertTwoRings>>;
let net: NetworkGraph;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction().execute(async (tx) => {
    w = await insertTwoRings(tx);
    await flagInDetection(tx, [
      { record: w.s[2], score: 81, flagged: true },
      { record: w.s[4], score: 77, flagged: true },
      { record: w.teo, score: 90, flagged: true },
      { record: w.q[1], score: 35, flagged: false },
    ]);
  });
  net = await buildNetwork(database.db, NATIONAL);
});
afterAll(async () => database?.close());

describe('communities', () => {
  it('Louvain separates the two rings across the weak bridge', () => {
    const { of } = assignCommunities(net);
    const north = [w.raul, w.teo, ...w.s].map((r) => of.get(pn(r)));
    const south = w.q.map((r) => of.get(pn(r)));
    expect(new Set(north).size).toBe(1);
    expect(new Set(south).size).toBe(1);
    expect(north[0]).not.toBe(south[0]);
  });

  it('summarises each community with its flagged people and what binds it', () => {
    const res = summariseCommunities(net, { minSize: 3, limit: 10 });
    expect(res.count).toBe(2);
    const [first, second] = res.communities;
    // The northern ring has three flagged people and comes first.
    expect(first.flagged).toBe(3);
    expect(first.maxScore).toBe(90);
    expect(first.members.map((m) => m.id)).toContain(pn(w.raul));
    expect(second.size).toBe(5);
    expect(second.binding.map((b) => b.id)).toEqual(expect.arrayContaining(['phone:+16195550300', 'address:400 BORDER RD, SAN YSIDRO CA 92173']));
    expect(second.binding[0].members).toBe(5);
  });

  it('is repeatable: the same graph gives the same numbering', async () => {
    const again = await buildNetwork(database.db, NATIONAL);
    expect([...assignCommunities(again).of.entries()].sort()).toEqual([...assignCommunities(net).of.entries()].sort());
  });
});

describe('brokers', () => {
  it('betweenness finds the recruiter first, exact and sampled', () => {
    const exact = brokers(net, { limit: 5 });
    expect(exact.exact).toBe(true);
    expect(exact.brokers[0].id).toBe(pn(w.raul));
    // 21 pairs among Teo and the six buyers, 6 from Pia (behind S2) to them, and 35 from the seven beyond S1 to
    // the five southerners.
    expect(exact.brokers[0].betweenness).toBeCloseTo(62);
    expect(exact.brokers[0].communitiesReached).toBe(1);
    const sampled = brokers(net, { limit: 5, samples: 8 });
    expect(sampled.exact).toBe(false);
    expect(sampled.pivots).toBe(8);
    expect(sampled.brokers[0].id).toBe(pn(w.raul));
  });
});

describe('paths', () => {
  it('gives the shortest path between two people with the records and dates of every step', async () => {
    const res = shortestPath(net, pn(w.s[2]), pn(w.teo));
    expect(res.found).toBe(true);
    expect(res.nodes.map((n) => n.id)).toEqual([pn(w.s[2]), 'phone:+16025550203', pn(w.raul), pn(w.teo)]);
    expect(res.intermediaries).toBe(1);
    expect(res.cost).toBeCloseTo(2);
    const [toPhone, toRaul, toTeo] = res.steps;
    expect(toPhone.edges).toHaveLength(1);
    expect(toPhone.edges[0]).toMatchObject({ kind: 'shares_phone', source: pn(w.s[2]), target: 'phone:+16025550203' });
    expect(toPhone.edges[0].evidence).toEqual([expect.objectContaining({ table: 'person_attributes', id: w.links[2], date: '2010-01-03' })]);
    expect(toRaul.edges[0].kind).toBe('shares_phone');
    expect(toTeo.edges[0]).toMatchObject({ kind: 'associate' });
    expect(toTeo.edges[0].evidence).toEqual([expect.objectContaining({ table: 'associations', id: w.assoc, date: '2010-03-03', record: 'association' })]);
    await attachSourceRefs(database.db, res.steps.flatMap((s) => s.edges));
    expect(toTeo.edges[0].evidence[0]).toMatchObject({ sourceKind: 'fixture', sourceRef: expect.stringMatching(/^fixture:assoc:/) });
  });

  it('prefers strong links: the path through the same gun, not a longer one', () => {
    const res = shortestPath(net, pn(w.s[1]), pn(w.pia));
    expect(res.nodes.map((n) => n.id)).toEqual([pn(w.s[1]), 'firearm:FN Herstal|FN57-000111', pn(w.pia)]);
    expect(res.steps[0].edges[0].evidence[0]).toMatchObject({ table: 'sales', id: w.sale, date: '2010-01-20' });
    expect(res.steps[1].edges[0].evidence[0]).toMatchObject({ table: 'trace_requests', id: w.caTrace, date: '2010-06-01' });
  });

  it('answers not found beyond the cost budget or for people not in the graph', () => {
    expect(shortestPath(net, pn(w.s[2]), pn(w.q[3]), { ...DEFAULT_LIMITS, maxCost: 2 }).found).toBe(false);
    expect(shortestPath(net, pn(w.s[2]), pn(w.q[3])).found).toBe(true);
    expect(shortestPath(net, pn(w.s[2]), pn(999999)).found).toBe(false);
  });
});

describe('connectors of a flagged set', () => {
  it('ranks the recruiter first: he links every flagged person', () => {
    const flagged = [w.s[2], w.s[4], w.teo].map(pn);
    const res = connectorsOf(net, flagged, { ...DEFAULT_LIMITS, limit: 10 });
    expect(res.pairsLinked).toBe(3);
    expect(res.groups).toEqual([flagged.slice().sort()]);
    expect(res.connectors[0].node.id).toBe(pn(w.raul));
    expect(res.connectors[0].reaches).toEqual(flagged.slice().sort());
    expect(res.connectors[0].paths).toBe(3);
    // The buyer's phone is on two of the three paths (from that buyer), the recruiter on all three.
    const phone = res.connectors.find((c) => c.node.id === 'phone:+16025550203');
    expect(phone?.paths).toBe(2);
    expect(phone?.flagged).toBe(false);
    expect(res.subgraph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([pn(w.raul), ...flagged]));
  });

  it('reports flagged people who are not in the graph', () => {
    const res = connectorsOf(net, [pn(w.teo), pn(424242)], { ...DEFAULT_LIMITS, limit: 10 });
    expect(res.isolated).toEqual([pn(424242)]);
    expect(res.pairsLinked).toBe(0);
    expect(res.connectors).toEqual([]);
  });
});

describe('risk', () => {
  it('colours people by detection risk', () => {
    expect(net.graph.getNodeAttribute(pn(w.teo), 'risk')).toMatchObject({ score: 90, level: 'high', flagged: true });
    expect(net.graph.getNodeAttribute(pn(w.q[1]), 'risk')).toMatchObject({ score: 35, flagged: false });
    expect(net.graph.getNodeAttribute(pn(w.raul), 'risk')).toBeUndefined();
  });
});

describe('agency scoping', () => {
  it('builds only from what the principal may see', async () => {
    const azOnly = await buildNetwork(database.db, { visibleAgencyIds: [w.az] });
    const g = azOnly.graph;
    expect(g.hasNode(pn(w.raul))).toBe(true);
    for (const q of w.q) expect(azOnly.identity.persons.has(q)).toBe(false);
    // The bridge address is held by one visible person only: it links nobody and is dropped.
    expect(g.hasNode('address:77 BRIDGE LN, YUMA AZ 85364')).toBe(false);
    // Pia is an Arizona record, but the trace that names her belongs to California: the link is not read.
    expect(g.hasNode(pn(w.pia))).toBe(false);
    expect(g.hasNode('firearm:FN Herstal|FN57-000111')).toBe(false);
    expect(shortestPath(azOnly, pn(w.s[1]), pn(w.pia)).found).toBe(false);
  });

  it('sees the other agency through a grant, and nothing with an empty scope', async () => {
    const both = await buildNetwork(database.db, { visibleAgencyIds: [w.az, w.ca] });
    expect(both.graph.hasNode(pn(w.pia))).toBe(true);
    expect(both.graph.order).toBe(net.graph.order);
    const none = await buildNetwork(database.db, { visibleAgencyIds: [] });
    expect(none.graph.order).toBe(0);
    expect(none.identity.persons.size).toBe(0);
  });
});
