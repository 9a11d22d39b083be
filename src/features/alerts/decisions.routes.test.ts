import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { raiseAlert } from './alerts.service.js';
import { deliverWebhooks } from './webhook.js';

describe('alerts demand decisions; keeping watch needs a supervisor', () => {
  let t: TestApp;
  let H: Record<string, { authorization: string }>;
  let caseId: number;
  const ids: Record<string, number> = {};

  async function userId(name: string) {
    return (await t.ctx.db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;
  }
  async function newAlert(key: string) {
    return t.ctx.db.transaction().execute((tx) =>
      raiseAlert(tx, SYSTEM_ACTOR, {
        kind: 'suspect_gun_match', title: `Flagged gun traced (${key})`, caseId, agencyId: null, severity: 'high',
        reasons: [{ code: 'serial_exact', text: 'same serial' }], dedupeKey: `test:${key}`,
      }),
    );
  }
  const post = (url: string, who: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: H[who], payload });
  const get = (url: string, who: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: H[who] });

  beforeAll(async () => {
    t = await createTestApp();
    H = {};
    H.chief = await t.as('chief', ['supervisor'], 'AZ0070000');
    H.sup = await t.as('sup', ['supervisor'], 'AZ0070000', { supervisor: 'chief' });
    H.inv = await t.as('inv', ['investigator'], 'AZ0070000', { supervisor: 'sup' });
    H.analyst = await t.as('analyst', ['analyst'], 'AZ0070000');
    H.outsider = await t.as('outsider', ['investigator'], 'AZ0070000');
    H.other = await t.as('other', ['investigator', 'supervisor'], 'TX0010000');
    for (const n of ['chief', 'sup', 'inv', 'analyst']) ids[n] = await userId(n);
    const r = await post('/cases', 'inv', { caseNumber: 'AZ-2024-0001', title: 'Rifles to Sonora', members: ['analyst'] });
    expect(r.statusCode).toBe(201);
    caseId = r.json().id;
  });
  afterAll(async () => t.close());

  it('tells the case investigator and their supervisor at once, and shows the alert open with its age', async () => {
    const a = await newAlert('a1');
    const rec = await t.ctx.db.selectFrom('alert_recipients').select(['user_id', 'reason']).where('alert_id', '=', a.id).execute();
    expect(rec.map((r) => r.user_id).sort()).toEqual([ids.inv, ids.sup].sort());
    const inbox = await get('/alerts', 'inv');
    const mine = inbox.json().alerts.find((x: { id: number }) => x.id === a.id);
    expect(mine).toMatchObject({ status: 'open', needs_decision: true, age: 'under an hour' });
    expect((await get('/alerts', 'sup')).json().alerts.map((x: { id: number }) => x.id)).toContain(a.id);
    // Raising the same alert again does not make a second one.
    expect((await newAlert('a1')).created).toBe(false);
  });

  it('refuses continue_monitoring without a written justification and leaves the alert open', async () => {
    const a = await newAlert('a2');
    const r = await post(`/alerts/${a.id}/decisions`, 'inv', { action: 'continue_monitoring' });
    expect(r.statusCode).toBe(422);
    const short = await post(`/alerts/${a.id}/decisions`, 'inv', { action: 'continue_monitoring', justification: 'watch it' });
    expect(short.statusCode).toBe(422);
    const detail = await get(`/alerts/${a.id}`, 'inv');
    expect(detail.json().alert.status).toBe('open');
    expect(detail.json().decisions).toEqual([]);
  });

  it('does not close an alert on continue_monitoring until a supervisor approves; a rejection reopens it', async () => {
    const a = await newAlert('a3');
    const why = 'Surveillance of the stash house is under way; seizing now would expose the wire.';
    const d1 = await post(`/alerts/${a.id}/decisions`, 'inv', { action: 'continue_monitoring', justification: why });
    expect(d1.statusCode).toBe(201);
    expect(d1.json().alertStatus).toBe('awaiting_approval');
    let detail = (await get(`/alerts/${a.id}`, 'inv')).json();
    expect(detail.alert.status).toBe('awaiting_approval');
    expect(detail.alert.needs_decision).toBe(true);
    expect(detail.alert.decided_at).toBeNull();
    // Nothing else can be decided while the monitoring decision waits.
    expect((await post(`/alerts/${a.id}/decisions`, 'inv', { action: 'seize' })).statusCode).toBe(409);
    // The investigator cannot approve their own decision (they lack the permission, and it is theirs).
    expect((await post(`/decisions/${d1.json().decisionId}/review`, 'inv', { verdict: 'approved' })).statusCode).toBe(403);

    const rej = await post(`/decisions/${d1.json().decisionId}/review`, 'sup', { verdict: 'rejected', note: 'Seize it: the rifles are headed south.' });
    expect(rej.statusCode).toBe(201);
    expect(rej.json().alertStatus).toBe('open');
    // A decision is reviewed once.
    expect((await post(`/decisions/${d1.json().decisionId}/review`, 'sup', { verdict: 'approved' })).statusCode).toBe(409);

    const d2 = await post(`/alerts/${a.id}/decisions`, 'inv', { action: 'continue_monitoring', justification: `${why} Two more days.` });
    expect(d2.statusCode).toBe(201);
    const ok = await post(`/decisions/${d2.json().decisionId}/review`, 'sup', { verdict: 'approved' });
    expect(ok.json().alertStatus).toBe('decided');
    detail = (await get(`/alerts/${a.id}`, 'sup')).json();
    expect(detail.alert.status).toBe('decided');
    expect(detail.decisions.map((d: { action: string }) => d.action)).toEqual(['continue_monitoring', 'continue_monitoring']);
    expect(detail.decisions[0].approvals[0].verdict).toBe('rejected');
    expect(detail.decisions[1].approvals[0].verdict).toBe('approved');
  });

  it('never lets a supervisor approve their own decision to keep watching', async () => {
    const a = await newAlert('a4');
    const d = await post(`/alerts/${a.id}/decisions`, 'sup', { action: 'continue_monitoring', justification: 'The buyer leads us to the trafficker; we need a week.' });
    expect(d.statusCode).toBe(201);
    const self = await post(`/decisions/${d.json().decisionId}/review`, 'sup', { verdict: 'approved' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toMatch(/own decision/);
    // The supervisor's own supervisor may.
    expect((await post(`/decisions/${d.json().decisionId}/review`, 'chief', { verdict: 'approved' })).json().alertStatus).toBe('decided');
  });

  it('a decision to act stands at once; anyone on the case may dissent; outsiders may not', async () => {
    const a = await newAlert('a5');
    const d = await post(`/alerts/${a.id}/decisions`, 'inv', { action: 'refer', justification: 'Refer to the Sonora liaison.' });
    expect(d.json().alertStatus).toBe('decided');
    const dis = await post(`/decisions/${d.json().decisionId}/dissents`, 'analyst', { text: 'The guns will cross before a referral is read: seize.' });
    expect(dis.statusCode).toBe(201);
    // Same agency, not on the case: may read with alert:read but not dissent.
    expect((await post(`/decisions/${d.json().decisionId}/dissents`, 'outsider', { text: 'I disagree too.' })).statusCode).toBe(403);
    // Another agency: the alert does not exist for them.
    const other = await get(`/alerts/${a.id}`, 'other');
    expect(other.statusCode).toBe(404);
    const missing = await get('/alerts/999999', 'other');
    expect(other.json()).toEqual(missing.json());
    const out = await post(`/alerts/${a.id}/outcomes`, 'inv', { kind: 'referred', occurredOn: '2024-05-02', note: 'Sent to liaison' });
    expect(out.statusCode).toBe(201);
    const detail = (await get(`/alerts/${a.id}`, 'inv')).json();
    expect(detail.decisions[0].dissents[0].username).toBe('analyst');
    expect(detail.outcomes[0].kind).toBe('referred');
  });

  it('keeps decisions, approvals and dissent immutable, and audits each write', async () => {
    await expect(sql`UPDATE decisions SET action = 'seize'`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM decision_approvals`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM dissents`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    const actions = (await t.ctx.db.selectFrom('audit_events').select('action').execute()).map((e) => e.action);
    for (const a of ['alert.raised', 'decision.recorded', 'decision.approved', 'decision.rejected', 'decision.dissent', 'alert.outcome']) {
      expect(actions).toContain(a);
    }
  });

  it('posts each event to the webhook receiver after commit, retrying a receiver that is down', async () => {
    const got: Array<{ event: string; alert: { id: number; title: string } }> = [];
    let failFirst = true;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (failFirst) {
          failFirst = false;
          res.writeHead(503).end();
          return;
        }
        got.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      // Everything queued so far in this file, then one more alert.
      const a = await newAlert('hook');
      const first = await deliverWebhooks(t.ctx.db, url);
      expect(first.retrying).toBe(1);
      const second = await deliverWebhooks(t.ctx.db, url);
      expect(second.retrying + second.failed).toBe(0);
      const events = got.filter((g) => g.alert.id === a.id);
      expect(events.map((e) => e.event)).toEqual(['alert.raised']);
      expect(events[0].alert.title).toContain('hook');
      const pending = await t.ctx.db.selectFrom('alert_webhook_outbox').select('id').where('status', '=', 'pending').execute();
      expect(pending).toEqual([]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
