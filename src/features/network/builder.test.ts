import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { buildNetwork } from './builder.js';
import { personNode, type NetworkGraph } from './graph.js';
import { neighbourhood } from './neighbourhood.js';
import { NATIONAL } from './scope.js';
import { insertRing, NetworkFixture } from './testing/fixtures.js';

let database: Database;
let ring: Awaited<ReturnType<typeof insertRing>>;
let net: NetworkGraph;
let azId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction().execute(async (tx) => {
    azId = await new NetworkFixture(tx).agency('AZNETB001');
    ring = await insertRing(tx, azId);
  });
  // A tiny page size makes every source take several pages, so paging is exercised.
  net = await buildNetwork(database.db, NATIONAL, { pageSize: 2 });
});
afterAll(async () => database?.close());

describe('buildNetwork', () => {
  it('joins records of one person by exact identity keys', () => {
    const info = net.identity.persons.get(ring.ana);
    expect(info?.records).toEqual([ring.ana, ring.ana2]);
    expect(net.identity.personOf(ring.ana2)).toBe(ring.ana);
    expect(net.graph.getNodeAttributes(personNode(ring.ana)).label).toBe('Ana Ruiz');
  });

  it('links the ring through the shared phone and address, and the trafficker through the gun', () => {
    const g = net.graph;
    const phone = 'phone:+16025550101';
    expect(g.hasNode(phone)).toBe(true);
    expect(g.neighbors(phone).sort()).toEqual([personNode(ring.ana), personNode(ring.beto), personNode(ring.carla)].sort());
    expect(g.hasEdge(`shares_address|${personNode(ring.ana)}|address:12 PALM ST, PHOENIX AZ 85001`)).toBe(true);
    const gun = 'firearm:Century Arms|RO1234-5678';
    expect(g.edges(personNode(ring.carla), gun).map((e) => g.getEdgeAttribute(e, 'kind'))).toEqual(['bought']);
    expect(g.edges(personNode(ring.tomas), gun).map((e) => g.getEdgeAttribute(e, 'kind'))).toEqual(['possessed']);
    expect(g.getNodeAttributes(personNode(ring.carla)).guns).toBe(1);
  });

  it('drops values held by one person and guns that link nobody, and keeps dealers as leaves', () => {
    const g = net.graph;
    expect(g.hasNode('address:9 OAK AVE, TEMPE AZ 85281')).toBe(false);
    expect(g.hasNode('firearm:Century Arms|RO9999-0001')).toBe(false);
    expect(g.hasNode('dealer:9-86-000-01-1A-00001')).toBe(true);
    expect(net.stats.unsharedValuesDropped).toBe(2);
    // Lola only bought at the dealer: she is in the graph by that edge, but linked to no one in the projection.
    expect(net.projection.hasNode(personNode(ring.lola))).toBe(false);
  });

  it('keeps each edge with its records as evidence', () => {
    const e = net.graph.getEdgeAttributes(`shares_phone|${personNode(ring.beto)}|phone:+16025550101`);
    expect(e.count).toBe(1);
    expect(e.evidence).toEqual([{ source: expect.any(Number), id: ring.phoneB, date: '2010-01-12' }]);
  });

  it('projects people onto people with the model weights', () => {
    const p = net.projection;
    const ab = p.getEdgeAttributes(p.edge(personNode(ring.ana), personNode(ring.beto))!);
    // Phone (1) plus address (0.5).
    expect(ab.weight).toBeCloseTo(1.5);
    expect(ab.via.sort()).toEqual(['address:12 PALM ST, PHOENIX AZ 85001', 'phone:+16025550101']);
    const ct = p.getEdgeAttributes(p.edge(personNode(ring.carla), personNode(ring.tomas))!);
    expect(ct.via).toEqual(['firearm:Century Arms|RO1234-5678']);
  });
});

describe('neighbourhood', () => {
  it('reaches the trafficker at two person steps and not at one', () => {
    const seed = personNode(ring.ana);
    const two = neighbourhood(net, seed, { hops: 2, maxNodes: 100 });
    const ids2 = two.nodes.map((n) => n.id);
    expect(ids2).toContain(personNode(ring.tomas));
    expect(two.nodes.find((n) => n.id === personNode(ring.tomas))?.hop).toBe(2);
    // The dealer Carla bought from is shown as a leaf; Lola, who only bought there, is not pulled in through it.
    expect(ids2).toContain('dealer:9-86-000-01-1A-00001');
    expect(ids2).not.toContain(personNode(ring.lola));
    const one = neighbourhood(net, seed, { hops: 1, maxNodes: 100 });
    expect(one.nodes.map((n) => n.id)).not.toContain(personNode(ring.tomas));
    expect(one.nodes.map((n) => n.id)).toContain(personNode(ring.carla));
    expect(one.edges.every((e) => one.nodes.some((n) => n.id === e.source) && one.nodes.some((n) => n.id === e.target))).toBe(true);
  });

  it('stops at maxNodes and says so', () => {
    const capped = neighbourhood(net, personNode(ring.ana), { hops: 3, maxNodes: 3 });
    expect(capped.nodes).toHaveLength(3);
    expect(capped.truncated).toBe(true);
  });
});
