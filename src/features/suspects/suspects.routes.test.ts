import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { traceBody } from '../tracing/testing.js';
import { suspectGunWriter } from './suspects.import.js';

describe('suspect-gun register: referral, approval, matching both ways, guns at large', () => {
  let t: TestApp;
  let H: Record<string, { authorization: string }>;
  let caseId: number;
  const ids: Record<string, number> = {};
  const post = (url: string, who: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: H[who], payload });
  const get = (url: string, who: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: H[who] });
  let n = 0;
  const referral = (over: Record<string, unknown> = {}) => ({
    entry_id: `SG-${++n}`, case_number: 'AZ-2024-0100', agency_ori: 'AZ0070000', investigator: 'inv', reason: 'trafficking',
    reason_detail: 'Bought with 19 other rifles by a straw buyer', manufacturer: 'Romarm/Cugir', importer: 'Century Arms', serial: 'RO1234-5678',
    model: 'WASR-10', caliber: '7.62x39', type: 'rifle', referred_on: '2024-02-01', ...over,
  });
  const inboxOf = async (who: string) => (await get('/alerts', who)).json().alerts as Array<{ id: number; kind: string; suspect_gun_id: number; title: string; severity: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    H = {};
    H.chief = await t.as('chief', ['supervisor'], 'AZ0070000');
    H.sup = await t.as('sup', ['supervisor'], 'AZ0070000', { supervisor: 'chief' });
    H.inv = await t.as('inv', ['investigator'], 'AZ0070000', { supervisor: 'sup' });
    H.req = await t.as('req', ['requester'], 'AZ0070000');
    H.txreq = await t.as('txreq', ['requester'], 'TX0010000');
    H.txinv = await t.as('txinv', ['investigator'], 'TX0010000');
    for (const u of ['chief', 'sup', 'inv']) ids[u] = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
    caseId = (await post('/cases', 'inv', { caseNumber: 'AZ-2024-0100', title: 'AK rifles to Sonora' })).json().id;
  });
  afterAll(async () => t.close());

  it('takes a referral, which a supervisor other than the referrer approves', async () => {
    const r = await post('/suspects', 'inv', referral());
    expect(r.statusCode).toBe(201);
    const id = r.json().id;
    let e = (await get(`/suspects/${id}`, 'inv')).json();
    expect(e.entry).toMatchObject({ status: 'pending', case_number: 'AZ-2024-0100', reason: 'trafficking', investigator_username: 'inv', maker: 'Romarm', review_on: '2024-07-30' });
    expect((await post(`/suspects/${id}/review`, 'inv', { verdict: 'approved' })).statusCode).toBe(403);
    expect((await post(`/suspects/${id}/review`, 'sup', { verdict: 'approved', reviewOn: '2030-01-01' })).json().status).toBe('approved');
    e = (await get(`/suspects/${id}`, 'sup')).json();
    expect(e.entry).toMatchObject({ status: 'approved', approved_by_username: 'sup', review_on: '2030-01-01' });
    // Another agency does not see it.
    expect((await get(`/suspects/${id}`, 'txinv')).statusCode).toBe(404);
    // A referral needs an open case of one's own agency.
    const bad = await post('/suspects', 'inv', referral({ case_number: 'NO-SUCH-CASE' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toMatch(/case_number: case NO-SUCH-CASE does not exist/);
  });

  it('alerts the investigator and supervisor when a trace with a confusably misread serial comes in, saying why', async () => {
    const r = await post('/traces', 'req', traceBody({ serial: 'R01234 S678', manufacturer: 'Cugir', importer: 'CAI', ncic_code: '5212' }));
    expect(r.statusCode).toBe(201);
    // The requester's answer does not reveal the register.
    expect(JSON.stringify(r.json())).not.toMatch(/suspect|match/i);
    const mine = (await inboxOf('inv')).filter((a) => a.kind === 'suspect_gun_match');
    expect(mine).toHaveLength(1);
    expect((await inboxOf('sup')).map((a) => a.id)).toContain(mine[0].id);
    const d = (await get(`/alerts/${mine[0].id}`, 'inv')).json();
    const codes = d.alert.reasons.map((x: { code: string }) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['serial_confusable_fold', 'maker_alias', 'same_model', 'same_caliber', 'observed']));
    expect(d.matches[0].score).toBeGreaterThanOrEqual(0.9);
    expect(d.alert.trace_id).toBe(r.json().id);
    // The requester has no inbox entry and cannot open the alert.
    expect((await get(`/alerts/${mine[0].id}`, 'txreq')).statusCode).toBe(404);
  });

  it('matches a new entry against traces already held, including a partial serial', async () => {
    const tr = await post('/traces', 'req', traceBody({ serial: 'ZX98-7654', manufacturer: 'FN Herstal', importer: 'FN America', country_of_origin: 'BE', model: 'Five-seveN', caliber: '5.7x28' }));
    expect(tr.statusCode).toBe(201);
    const r = await post('/suspects', 'inv', referral({ serial: 'ZX98-76??', manufacturer: 'FNH USA', importer: undefined, model: 'FiveseveN', caliber: '5.7x28mm', type: 'pistol' }));
    expect(r.json().matches).toHaveLength(1);
    const alert = (await get(`/alerts/${r.json().matches[0].alertId}`, 'inv')).json();
    expect(alert.alert.reasons.map((x: { code: string }) => x.code)).toContain('serial_unknown_positions');
    expect(alert.alert.trace_id).toBe(tr.json().id);
    // A different gun with the same serial from another maker does not alert.
    const other = await post('/suspects', 'inv', referral({ serial: 'ZX98-7654', manufacturer: 'Glock', importer: 'Glock Inc', model: '19', caliber: '9mm', type: 'pistol' }));
    expect(other.json().matches).toEqual([]);
  });

  it('lists approved guns at large with their decisions, and escalates a monitored gun recovered in a violent crime to the approver\'s supervisor', async () => {
    const e = (await post('/suspects', 'inv', referral({ serial: 'WM5555-0001' }))).json();
    await post(`/suspects/${e.id}/review`, 'sup', { verdict: 'approved' });
    let large = (await get('/guns-at-large', 'sup')).json().guns;
    expect(large.map((g: { id: number }) => g.id)).toContain(e.id);
    // First sighting: a weapons offence; the investigator decides to keep watching, the supervisor approves.
    await post('/recoveries', 'req', { recovery_id: 'REC-1', agency_ori: 'AZ0070000', ncic_code: '5212', serial: 'WM5555-0001', manufacturer: 'Cugir', model: 'WASR-10', caliber: '7.62x39', recovery_date: '2024-03-03', recovery_country: 'US', recovery_state: 'AZ' });
    const first = (await inboxOf('inv')).find((a) => a.suspect_gun_id === e.id)!;
    const d = (await post(`/alerts/${first.id}/decisions`, 'inv', { action: 'continue_monitoring', justification: 'The rifle was photographed and released to follow it to the stash house.' })).json();
    await post(`/decisions/${d.decisionId}/review`, 'sup', { verdict: 'approved' });
    large = (await get('/guns-at-large', 'sup')).json().guns;
    const g = large.find((x: { id: number }) => x.id === e.id);
    expect(g).toMatchObject({ monitored: true, case_number: 'AZ-2024-0100' });
    expect(g.decisions[0]).toMatchObject({ action: 'continue_monitoring', verdict: 'approved', approved_by: 'sup' });
    // Then it turns up at a homicide: critical alert, to the approver's own supervisor.
    const rec = await post('/recoveries', 'req', { recovery_id: 'REC-2', agency_ori: 'AZ0070000', ncic_code: '0911', serial: 'WM5555 OOO1', manufacturer: 'Romarm', model: 'WASR-10', caliber: '7.62x39', recovery_date: '2024-04-10', recovery_country: 'MX', recovery_mx_state: 'SON' });
    expect(rec.statusCode).toBe(201);
    const esc = (await inboxOf('chief')).find((a) => a.kind === 'monitored_gun_violent_recovery');
    expect(esc).toMatchObject({ severity: 'critical', suspect_gun_id: e.id });
    const detail = (await get(`/alerts/${esc!.id}`, 'chief')).json();
    expect(detail.alert.escalated_to).toBe(ids.chief);
    expect(detail.recipients.map((r: { username: string }) => r.username)).toEqual(expect.arrayContaining(['chief', 'sup', 'inv']));
    // Confirming the recovery takes the gun off the list.
    const entry = (await get(`/suspects/${e.id}`, 'inv')).json();
    const m = entry.matches.find((x: { recovery_id: number }) => x.recovery_id === rec.json().id);
    expect((await post(`/suspect-matches/${m.id}/review`, 'inv', { verdict: 'confirmed' })).json().status).toBe('confirmed');
    large = (await get('/guns-at-large', 'sup')).json().guns;
    expect(large.map((x: { id: number }) => x.id)).not.toContain(e.id);
  });

  it('imports referrals through the same path: inserted, duplicate, refused for an unknown case', async () => {
    const rows = [
      { line: 2, row: referral({ entry_id: 'IMP-1', serial: 'IM-0001' }) },
      { line: 3, row: referral({ entry_id: 'IMP-1', serial: 'IM-0001' }) },
      { line: 4, row: referral({ entry_id: 'IMP-2', serial: 'IM-0002', case_number: 'GONE-1' }) },
    ];
    const r = await t.ctx.db.transaction().execute((tx) =>
      suspectGunWriter.write(tx, rows as never, { batchId: null, fileName: 'suspects.csv', actor: SYSTEM_ACTOR, agencyId: null }),
    );
    expect(r).toEqual({ inserted: 1, duplicates: 1, rejected: [{ line: 4, field: 'case_number', reason: 'case GONE-1 does not exist' }] });
    const e = await t.ctx.db.selectFrom('suspect_guns').select(['source_ref', 'status']).where('entry_ref', '=', 'IMP-1').executeTakeFirstOrThrow();
    expect(e).toEqual({ source_ref: 'suspects.csv:2', status: 'pending' });
  });

  it('closes the entries of a case when the case closes', async () => {
    const c = (await post('/cases', 'inv', { caseNumber: 'AZ-2024-0200', title: 'Short case' })).json();
    const e = (await post('/suspects', 'inv', referral({ case_number: 'AZ-2024-0200', serial: 'CL-0001' }))).json();
    await post(`/suspects/${e.id}/review`, 'sup', { verdict: 'approved' });
    const closed = await post(`/cases/${c.id}/close`, 'inv', { reason: 'indictment returned' });
    expect(closed.json()).toEqual({ closedEntries: 1 });
    expect((await get(`/suspects/${e.id}`, 'inv')).json().entry.status).toBe('closed');
    expect((await post('/suspects', 'inv', referral({ case_number: 'AZ-2024-0200', serial: 'CL-0002' }))).statusCode).toBe(422);
    expect(caseId).toBeGreaterThan(0);
  });
});
