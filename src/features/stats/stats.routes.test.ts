import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { DISCLAIMER, type TraceReport } from './report.js';
import type { StatsResult } from './stats.service.js';
import type { MapData } from './map.js';
import { eventDay, expectedFor } from './testing/expected.js';
import { insertWorld, makeWorld, type WorldSpec } from './testing/world.js';

let t: TestApp;
let world: WorldSpec;
type H = { authorization: string };
let az: H;
let nat: H;
let sup: H;

beforeAll(async () => {
  t = await createTestApp();
  world = makeWorld(99, 240);
  await t.ctx.db.transaction().execute((tx) => insertWorld(tx, world));
  az = await t.as('az-analyst', ['analyst'], 'AZ0070000');
  nat = await t.as('ntc-analyst', ['analyst'], 'ATFNTC001');
  sup = await t.as('ntc-requester', ['requester'], 'ATFNTC001');
});
afterAll(async () => t?.close());

const get = (url: string, headers?: H) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

describe('GET /stats', () => {
  it('answers an agency with its own traces only, and the tracing center with all', async () => {
    const mine = await get('/stats', az);
    expect(mine.statusCode).toBe(200);
    const m = mine.json<StatsResult>();
    expect(m.figures.totals.traces).toBe(expectedFor(world, (x) => x.agency === 'AZ0070000', new Date()).traces);
    expect(m.scope.national).toBe(false);
    const all = (await get('/stats?country=MX', nat)).json<StatsResult>();
    expect(all.figures.totals.traces).toBe(world.traces.filter((x) => x.recovery?.country === 'MX').length);
    expect(all.scope.description).toBe('Traces recovered in Mexico');
  });

  it('refuses strangers, wrong roles, other agencies and bad input', async () => {
    expect((await get('/stats')).statusCode).toBe(401);
    const dealer = await t.as('a-dealer', ['dealer'], 'AZ0070000', { dealerLicence: '9-86-013-01-1A-00001' });
    expect((await get('/stats', dealer)).statusCode).toBe(403);
    const other = await get('/stats?agency=CA0190000', az);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect((await get('/stats?from=2022-13-45', az)).statusCode).toBe(400);
    expect((await get('/stats?state=Narnia', az)).statusCode).toBe(400);
  });
});

describe('GET /reports', () => {
  it('gives a state report as CSV, exact and marked not for release', async () => {
    const r = await get('/reports/state?place=Texas&year=2022&format=csv', nat);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toBe('attachment; filename="trace-report-tx-2022.csv"');
    expect(r.body).toContain('NOT FOR RELEASE');
    expect(r.body).toContain('do not constitute a random sample');
    const n = world.traces.filter((x) => x.recovery?.state === 'TX' && eventDay(x).startsWith('2022')).length;
    expect(r.body).toContain(`"Firearms recovered and traced in Texas, 2022",${n},`);
  });

  it('hides small counts in a release, and only those allowed may release', async () => {
    expect((await get('/reports/mexico?year=2022&release=true', sup)).statusCode).toBe(403);
    const r = await get('/reports/mexico?year=2022&release=true&minCell=10', nat);
    expect(r.statusCode).toBe(200);
    const rep = r.json<TraceReport>();
    expect(rep.disclaimer).toBe(DISCLAIMER);
    expect(rep.release).toBe(true);
    expect(rep.minCell).toBe(10);
    const cells = rep.sections.flatMap((s) => s.rows);
    expect(cells.some((c) => c.display === '<10')).toBe(true);
    for (const c of cells) {
      if (c.count !== null) expect(c.count === 0 || c.count >= 10).toBe(true);
      else expect(['<10', '*']).toContain(c.display);
    }
    expect(rep.sections.map((s) => s.id)).toContain('recovery-states');
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'stats.report').execute();
    expect(audit.some((a) => (a.details as { release?: boolean }).release === true)).toBe(true);
    expect((await get('/reports/mexico?year=2022&release=true&minCell=1', nat)).statusCode).toBe(400);
  });

  it('needs a place for a state report', async () => {
    const r = await get('/reports/state?year=2022', nat);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/place/);
  });
});

describe('GET /stats/map', () => {
  it('gives flows that add up to the sourced traces, per period', async () => {
    const r = await get('/stats/map?period=year', nat);
    expect(r.statusCode).toBe(200);
    const m = r.json<MapData>();
    const sourced = world.traces.filter((x) => x.dealer).length;
    expect(m.flows.reduce((n, f) => n + f.count, 0)).toBe(sourced);
    expect(m.places.reduce((n, p) => n + p.count, 0)).toBe(world.traces.length);
    expect(m.periods).toEqual(['2021', '2022', '2023', '2024'].filter((y) => world.traces.some((x) => eventDay(x).startsWith(y))));
    expect(m.dealers.find((d) => d.licence === '5-74-029-02-1B-00004')?.approximate).toBe(true);
    // Points are grid cells, not addresses.
    for (const p of m.recoveries) expect(Math.abs(p.lat * 4 - Math.round(p.lat * 4))).toBeLessThan(1e-9);
    expect((await get('/stats/map?cell=0.01', nat)).statusCode).toBe(400);
  });
});

describe('POST /stats/refresh', () => {
  it('is for analysts and admins', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/stats/refresh', headers: nat, payload: { full: true } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ mode: 'full', rows: world.traces.length });
    const no = await t.app.inject({ method: 'POST', url: '/api/v1/stats/refresh', headers: sup, payload: {} });
    expect(no.statusCode).toBe(403);
  });
});
