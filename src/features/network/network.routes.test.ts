import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { personNode as pn } from './graph.js';
import { flagInDetection, insertTwoRings } from './testing/two-rings.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof insertTwoRings>>;
type H = { authorization: string };
let az: H;
let nat: H;

beforeAll(async () => {
  t = await createTestApp();
  await t.ctx.db.transaction().execute(async (tx) => {
    await t.ctx.auth.ensureAgency(tx, 'ATFNTC000', 'National Tracing Center', 'atf');
    w = await insertTwoRings(tx);
    await flagInDetection(tx, [
      { record: w.s[2], score: 81, flagged: true },
      { record: w.s[4], score: 77, flagged: true },
      { record: w.teo, score: 90, flagged: true },
    ]);
  });
  az = await t.as('az-net-analyst', ['analyst'], 'AZNETA001');
  nat = await t.as('ntc-net-analyst', ['analyst'], 'ATFNTC000');
});
afterAll(async () => t?.close());

const get = (url: string, headers?: H) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

async function auditActions(actor: string): Promise<Array<{ action: string; target_id: string | null; reason: string | null; details: unknown }>> {
  return t.ctx.db
    .selectFrom('audit_events')
    .select(['action', 'target_id', 'reason', 'details'])
    .where('actor_label', '=', actor)
    .where('action', 'like', 'network.%')
    .orderBy('id')
    .execute();
}

describe('network API', () => {
  it('refuses strangers and roles without network:read', async () => {
    expect((await get(`/network/persons/${w.raul}/neighbourhood`)).statusCode).toBe(401);
    const requester = await t.as('az-requester', ['requester'], 'AZNETA001');
    expect((await get(`/network/persons/${w.raul}/neighbourhood`, requester)).statusCode).toBe(403);
    expect((await get('/network/communities', requester)).statusCode).toBe(403);
  });

  it("gives a person's neighbourhood with evidence, and audits the read with its reason", async () => {
    const r = await get(`/network/persons/${w.s[2]}/neighbourhood?hops=2&reason=AZ-2010-017`, az);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    const ids = body.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual(expect.arrayContaining([pn(w.s[2]), pn(w.raul), pn(w.teo)]));
    const assoc = body.edges.find((e: { kind: string }) => e.kind === 'associate');
    expect(assoc.evidence[0]).toMatchObject({ table: 'associations', id: w.assoc, date: '2010-03-03', sourceKind: 'fixture' });
    const teo = body.nodes.find((n: { id: string }) => n.id === pn(w.teo));
    expect(teo.risk).toMatchObject({ score: 90, flagged: true });
    expect(typeof teo.community).toBe('number');
    const audit = await auditActions('az-net-analyst');
    const last = audit[audit.length - 1];
    expect(last).toMatchObject({ action: 'network.neighbourhood', target_id: String(w.s[2]), reason: 'AZ-2010-017' });
    expect((last.details as { persons: string[] }).persons).toEqual(expect.arrayContaining([String(w.raul), String(w.teo)]));
  });

  it('answers 404 for a person of another agency, exactly as for one that does not exist', async () => {
    const other = await get(`/network/persons/${w.q[0]}/neighbourhood`, az);
    const none = await get('/network/persons/987654/neighbourhood', az);
    expect(other.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(other.json()).toEqual(none.json());
    expect((await get(`/network/path?from=${w.s[0]}&to=${w.q[0]}`, az)).statusCode).toBe(404);
    expect((await get(`/network/persons/${w.q[0]}/neighbourhood`, nat)).statusCode).toBe(200);
  });

  it('finds the path between two people with the records of each step', async () => {
    const r = await get(`/network/path?from=${w.s[1]}&to=${w.pia}`, nat);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.found).toBe(true);
    expect(body.nodes.map((n: { id: string }) => n.id)).toEqual([pn(w.s[1]), 'firearm:FN Herstal|FN57-000111', pn(w.pia)]);
    expect(body.steps[1].edges[0].evidence[0]).toMatchObject({ table: 'trace_requests', id: w.caTrace, record: 'trace request: possessor of the recovered gun', sourceKind: 'fixture' });
    // Arizona does not see California's trace: no path there.
    const azPath = await get(`/network/path?from=${w.s[1]}&to=${w.s[0]}`, az);
    expect(azPath.json().found).toBe(true);
    expect((await get(`/network/path?from=${w.s[1]}&to=${w.pia}`, az)).json().found).toBe(false);
  });

  it('lists communities and brokers within scope', async () => {
    const c = (await get('/network/communities?minSize=3', nat)).json();
    expect(c.count).toBe(2);
    expect(c.communities[0].flagged).toBe(3);
    const azc = (await get('/network/communities?minSize=3', az)).json();
    expect(azc.count).toBe(1);
    const b = (await get('/network/brokers?limit=3', nat)).json();
    expect(b.exact).toBe(true);
    expect(b.brokers[0]).toMatchObject({ id: pn(w.raul), label: 'Raul Ibarra' });
  });

  it('names the connectors of the flagged people, from detection or from a given list', async () => {
    const fromDetection = (await get('/network/connectors', nat)).json();
    expect(fromDetection.source).toBe('detection');
    expect(fromDetection.flagged).toEqual([w.s[2], w.s[4], w.teo].map(pn).sort());
    expect(fromDetection.connectors[0].node.id).toBe(pn(w.raul));
    const given = (await get(`/network/connectors?persons=${w.s[0]},${w.q[2]}`, nat)).json();
    expect(given.source).toBe('given');
    expect(given.connectors.map((c: { node: { id: string } }) => c.node.id)).toContain('address:77 BRIDGE LN, YUMA AZ 85364');
    expect((await get('/network/connectors?persons=1,x', nat)).statusCode).toBe(400);
  });

  it('searches people by name, folding accents and case, within scope', async () => {
    const r = (await get('/network/persons?q=quinto', nat)).json();
    expect(r.persons).toHaveLength(5);
    expect((await get('/network/persons?q=quinto', az)).json().persons).toHaveLength(0);
    expect((await get('/network/persons?q=RAÚL', az)).json().persons[0]).toMatchObject({ personId: w.raul, inGraph: true });
  });

  it('exports a neighbourhood as GraphML', async () => {
    const r = await get(`/network/persons/${w.raul}/export?hops=1`, nat);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/graphml/);
    expect(r.body).toContain('<graphml');
    expect(r.body).toContain(`<node id="${pn(w.teo)}">`);
    expect(r.body).toContain('<data key="e_kind">associate</data>');
  });

  it('summarises the graph and serves the model for legends', async () => {
    const s = (await get('/network/summary', nat)).json();
    expect(s.basis).toBe('exact_keys');
    expect(s.nodes.person).toBeGreaterThan(10);
    const m = (await get('/network/model', az)).json();
    expect(Object.keys(m.nodeTypes)).toEqual(['person', 'dealer', 'firearm', 'address', 'phone', 'vehicle', 'payer', 'case']);
    expect(m.edgeTypes.paid_by.to).toBe('payer');
  });
});
