import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { complianceFindings } from '../sales/compliance.service.js';
import { runDetection } from './detect.service.js';
import { AK, Fixture, GLOCK } from './fixtures.js';

let t: TestApp;
let strawRecord: number;
let dealerId: number;
let reportIds: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const f = new Fixture(t.ctx.db);
  const d1 = await f.dealer({ state: 'AZ' });
  const d2 = await f.dealer({ state: 'AZ' });
  const d3 = await f.dealer({ state: 'NM' });
  dealerId = d1.id;
  strawRecord = await f.person({ given: 'Luis', surname: 'Garza', dob: '1991-02-03' });
  const a = await f.report({ dealer: d1, buyer: strawRecord, date: '2012-02-06', cash: true, guns: [AK, AK, AK] });
  const b = await f.report({ dealer: d1, buyer: strawRecord, date: '2012-02-08', cash: true, connected: true, earlier: '2012-02-06', guns: [AK, AK] });
  reportIds = [a.id, b.id];
  await f.report({ dealer: d2, buyer: strawRecord, date: '2012-02-10', cash: true, guns: [AK, AK, AK, AK] });
  await f.report({ dealer: d3, buyer: strawRecord, date: '2012-02-14', cash: true, guns: [AK, AK, AK] });
  // Two handguns traced back to one buyer at one dealer, sold two days apart, on no report.
  const other = await f.person({ given: 'Rosa', surname: 'Vega', dob: '1988-08-08' });
  await f.trace({ dealer: d2, buyer: other, saleDate: '2012-03-05', gun: GLOCK, recoveredOn: '2013-01-10', state: 'CA' });
  await f.trace({ dealer: d2, buyer: other, saleDate: '2012-03-07', gun: GLOCK, recoveredOn: '2013-04-10', state: 'AZ' });
  await runDetection(t.ctx.db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR, findings: complianceFindings });
});

afterAll(async () => {
  await t.close();
});

describe('detection API', () => {
  it('ranks people with the headline of their reasons, and audits the read', async () => {
    const h = await t.as('ana', ['analyst']);
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/detection/people?reason=CASE-1', headers: h });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.people[0].display_name).toBe('Luis Garza');
    expect(body.people[0].level).toBe('high');
    expect(body.people[0].headline).toMatch(/different dealers|favoured|same model/);
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'reason']).where('action', '=', 'detection.people.list').execute();
    expect(audit).toEqual([{ action: 'detection.people.list', reason: 'CASE-1' }]);
  });

  it("shows a person's reasons with evidence, opened from any of their records", async () => {
    const h = await t.as('ana', ['analyst']);
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/detection/people/${strawRecord}?record=true`, headers: h });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.current.flagged).toBe(true);
    const many = body.current.reasons.find((x: { code: string }) => x.code === 'many_dealers');
    expect(many.text).toMatch(/bought at 3 different dealers within 30 days/);
    expect(many.evidence.length).toBeGreaterThan(0);
    expect(body.purchases.length).toBe(4);
    expect(body.alerts[0].status).toBe('open');
  });

  it('refuses people it may not see the same way whether they exist or not, and roles without the permission', async () => {
    const h = await t.as('ana', ['analyst']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/detection/people/999999', headers: h })).statusCode).toBe(404);
    const req = await t.as('rita', ['requester']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/detection/people', headers: req })).statusCode).toBe(403);
  });

  it("gives a dealer's profile with unreported multiple sales found through traces", async () => {
    const h = await t.as('ana', ['analyst']);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/detection/dealers', headers: h });
    expect(list.json().dealers.length).toBe(3);
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/sales/compliance', headers: h });
    const findings = all.json().findings;
    expect(findings).toHaveLength(1);
    expect(findings[0].explanation).toMatch(/sold 2 handguns \(F 3310\.4\) to Rosa Vega within five business days/);
    const prof = await t.app.inject({ method: 'GET', url: `/api/v1/detection/dealers/${findings[0].dealer_id}`, headers: h });
    expect(prof.statusCode).toBe(200);
    expect(prof.json().findings).toHaveLength(1);
    expect(prof.json().current.reasons.map((x: { code: string }) => x.code)).toContain('unreported_multiple_sales');
    const d1 = await t.app.inject({ method: 'GET', url: `/api/v1/detection/dealers/${dealerId}`, headers: h });
    expect(d1.json().flaggedBuyers[0].display_name).toBe('Luis Garza');
  });

  it('shows a multiple-sale report with its linked chain', async () => {
    const h = await t.as('tom', ['tracer']);
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/sales/reports/${reportIds[1]}`, headers: h });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.items).toHaveLength(2);
    expect(body.chain.map((c: { id: number }) => c.id)).toEqual(reportIds);
    expect(body.chain[1]).toMatchObject({ current: true, connected_to_earlier: true, earlierMatches: true });
  });

  it('starts a run in the background and reports it', async () => {
    const h = await t.as('ana', ['analyst']);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/detection/runs', headers: h, payload: { mode: 'incremental' } });
    expect(r.statusCode).toBe(202);
    t.ctx.jobs.start();
    await t.ctx.jobs.drain();
    const job = await t.ctx.jobs.get(r.json().jobId);
    expect(job?.status).toBe('completed');
    const runs = await t.app.inject({ method: 'GET', url: '/api/v1/detection/runs', headers: h });
    expect(runs.json().runs[0]).toMatchObject({ mode: 'incremental', status: 'completed' });
  });
});
