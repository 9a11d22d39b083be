import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { TOKEN_TOUCH_INTERVAL_MS } from './auth.service.js';

describe('auth over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.ctx.auth.bootstrapAdmin('correct horse battery');
  });
  afterAll(async () => t.close());

  it('signs in with the right password and sets a session cookie', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'correct horse battery' } });
    expect(r.statusCode).toBe(200);
    expect(r.json().user.roles).toEqual(['admin']);
    const cookie = r.cookies.find((c) => c.name === 'interdict_session');
    expect(cookie?.httpOnly).toBe(true);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { interdict_session: cookie!.value } });
    expect(me.json()).toMatchObject({ username: 'admin', scope: 'national' });
  });

  it('refuses a wrong password with 401 and the error shape, and audits the attempt', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'nope' } });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ error: { code: 'unauthorized', message: 'Wrong username or password', details: null } });
    const ev = await t.ctx.db.selectFrom('audit_events').select('action').where('action', '=', 'auth.login_failed').execute();
    expect(ev.length).toBeGreaterThan(0);
  });

  it('gives the same answer for an unknown user as for a wrong password', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ghost', password: 'nope' } });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.message).toBe('Wrong username or password');
  });

  it('validates bodies with field-level messages', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('validation_failed');
    expect(r.json().error.message).toMatch(/username/);
  });

  it('accepts API tokens as Bearer and rejects unknown ones', async () => {
    const h = await t.as('req1', ['requester'], 'TX0010000');
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: h });
    expect(ok.json()).toMatchObject({ username: 'req1', agency: 'TX0010000', scope: 'agency' });
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer idt_forged' } });
    expect(bad.statusCode).toBe(401);
  });

  it('records when a token was last used, at most once a minute', async () => {
    const { token } = await t.ctx.auth.createApiToken(SYSTEM_ACTOR, 'admin', 'touch-test');
    const lastUsed = async () => (await t.ctx.db.selectFrom('api_tokens').select('last_used_at').where('name', '=', 'touch-test').executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me()).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect((await me()).statusCode).toBe(200);
    expect(new Date((await lastUsed())!).getTime()).toBe(new Date(first!).getTime());
    // An older stamp is refreshed by the next request.
    await t.ctx.db.updateTable('api_tokens').set({ last_used_at: new Date(Date.now() - 2 * TOKEN_TOUCH_INTERVAL_MS) }).where('name', '=', 'touch-test').execute();
    expect((await me()).statusCode).toBe(200);
    expect(Date.now() - new Date((await lastUsed())!).getTime()).toBeLessThan(TOKEN_TOUCH_INTERVAL_MS);
  });

  it('refuses an expired session and an inactive user, whatever the credential', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'correct horse battery' } });
    const cookie = login.cookies.find((c) => c.name === 'interdict_session')!.value;
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { interdict_session: cookie } });
    expect((await me()).statusCode).toBe(200);
    await t.ctx.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', (await t.ctx.auth.principalFor('admin'))!.userId).execute();
    expect((await me()).statusCode).toBe(401);

    const h = await t.as('leaver', ['requester'], 'TX0010000');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: h })).statusCode).toBe(200);
    await t.ctx.db.updateTable('users').set({ active: false }).where('username', '=', 'leaver').execute();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: h })).statusCode).toBe(401);
  });

  it('gives an agency user the agencies that granted it access, and no revoked or expired grant', async () => {
    const h = await t.as('granted1', ['requester'], 'AZ0070000');
    const token = h.authorization.replace('Bearer ', '');
    const ids = async (...oris: string[]) => {
      const rows = await t.ctx.db.selectFrom('agencies').select(['id', 'ori']).where('ori', 'in', oris).execute();
      return new Map(rows.map((r) => [r.ori, r.id]));
    };
    for (const ori of ['AZ0071111', 'AZ0072222', 'AZ0073333']) {
      await t.ctx.db.insertInto('agencies').values({ ori, name: `Agency ${ori}`, kind: 'police' }).onConflict((oc) => oc.column('ori').doNothing()).execute();
    }
    const a = await ids('AZ0070000', 'AZ0071111', 'AZ0072222', 'AZ0073333');
    const grant = (grantor: string, extra: { revoked_at?: Date; expires_at?: Date } = {}) =>
      t.ctx.db.insertInto('agency_grants').values({ grantor_agency_id: a.get(grantor)!, grantee_agency_id: a.get('AZ0070000')!, reason: 'joint task force', ...extra }).execute();
    await grant('AZ0071111');
    await grant('AZ0072222', { revoked_at: new Date() });
    await grant('AZ0073333', { expires_at: new Date(Date.now() - 60_000) });
    const p = await t.ctx.auth.authenticate(token);
    expect(p?.visibleAgencyIds?.slice().sort((x, y) => x - y)).toEqual([a.get('AZ0070000')!, a.get('AZ0071111')!].sort((x, y) => x - y));
    expect(p).toMatchObject({ username: 'granted1', agencyOri: 'AZ0070000', roles: ['requester'] });
  });

  it('denies by default: a requester may not list users; an admin may', async () => {
    const h = await t.as('req2', ['requester']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: h })).statusCode).toBe(403);
    const admin = (await t.ctx.auth.createApiToken(SYSTEM_ACTOR, 'admin', 't')).token;
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${admin}` } });
    expect(r.statusCode).toBe(200);
    expect(r.json().users.map((u: { username: string }) => u.username)).toContain('req2');
  });

  it('answers health and readiness, and 404s in the error shape', async () => {
    expect((await t.app.inject({ url: '/api/v1/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/api/v1/ready' })).json().status).toBe('ready');
    const nf = await t.app.inject({ url: '/api/v1/nothing' });
    expect(nf.statusCode).toBe(404);
    expect(nf.json().error.code).toBe('not_found');
  });

  it('serves the OpenAPI document', async () => {
    const r = await t.app.inject({ url: '/api/docs/json' });
    expect(r.statusCode).toBe(200);
    expect(Object.keys(r.json().paths)).toContain('/api/v1/auth/login');
  });

  it('refuses bodies over the limit with 413', async () => {
    const big = 'x'.repeat(t.ctx.config.bodyLimitBytes + 10);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"username":"${big}"}` });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('payload_too_large');
  });
});
