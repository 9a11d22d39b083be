import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit/audit.service.js';
import { raiseAlert, raiseAlerts, type NewAlert } from './alerts.service.js';

let database: Database;
let agencyId: number;
let supervisorId: number;
let leadId: number;
let caseId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  agencyId = (await db.insertInto('agencies').values({ ori: 'AZ0070000', name: 'Test PD' }).returning('id').executeTakeFirstOrThrow()).id;
  supervisorId = (await db.insertInto('users').values({ username: 'sup', display_name: 'Sup', agency_id: agencyId, roles: ['supervisor'] }).returning('id').executeTakeFirstOrThrow()).id;
  leadId = (await db.insertInto('users').values({ username: 'lead', display_name: 'Lead', agency_id: agencyId, roles: ['investigator'], supervisor_id: supervisorId }).returning('id').executeTakeFirstOrThrow()).id;
  caseId = (await db.insertInto('cases').values({ agency_id: agencyId, case_number: 'C-1', title: 'Test case', opened_on: '2010-01-01', lead_investigator_id: leadId }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await database.close();
});

const alert = (key: string, o: Partial<NewAlert> = {}): NewAlert => ({ kind: 'risk_threshold', title: `alert ${key}`, reasons: [{ code: 'x', text: 'because' }], dedupeKey: key, ...o });

async function count(table: 'alerts' | 'alert_recipients' | 'alert_webhook_outbox' | 'audit_events'): Promise<number> {
  const r = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('raiseAlerts', () => {
  it('raises many alerts as raiseAlert would each: recipients, webhook, one chained audit event each, in the order given', async () => {
    const earlier = await raiseAlert(database.db, SYSTEM_ACTOR, alert('k0', { agencyId }));
    expect(earlier.created).toBe(true);
    const before = { alerts: await count('alerts'), hooks: await count('alert_webhook_outbox'), audit: await count('audit_events') };

    const out = await database.db.transaction().execute((tx) => raiseAlerts(tx, SYSTEM_ACTOR, [
      alert('k1', { caseId }),
      alert('k2', { agencyId }),
      alert('k0', { agencyId }), // raised before: found, not raised again
      alert('k2', { agencyId }), // twice in one call: one alert
      alert('k3', { agencyId }),
    ]));
    expect(out.map((o) => o.created)).toEqual([true, true, false, false, true]);
    expect(out[2].id).toBe(earlier.id);
    expect(out[3].id).toBe(out[1].id);
    expect(new Set(out.map((o) => o.id)).size).toBe(4);

    expect(await count('alerts')).toBe(before.alerts + 3);
    expect(await count('alert_webhook_outbox')).toBe(before.hooks + 3);
    expect(await count('audit_events')).toBe(before.audit + 3);
    const told = await database.db.selectFrom('alert_recipients').select(['alert_id', 'user_id', 'reason']).where('alert_id', 'in', [out[0].id, out[1].id, out[4].id]).orderBy('alert_id').orderBy('user_id').execute();
    expect(told).toEqual([
      { alert_id: out[0].id, user_id: supervisorId, reason: 'supervisor' },
      { alert_id: out[0].id, user_id: leadId, reason: 'investigator' },
      { alert_id: out[1].id, user_id: supervisorId, reason: 'agency_supervisor' },
      { alert_id: out[4].id, user_id: supervisorId, reason: 'agency_supervisor' },
    ].sort((a, b) => a.alert_id - b.alert_id || a.user_id - b.user_id));
    const audited = await database.db.selectFrom('audit_events').select(['action', 'target_id']).orderBy('id', 'desc').limit(3).execute();
    expect(audited.reverse()).toEqual([out[0], out[1], out[4]].map((o) => ({ action: 'alert.raised', target_id: String(o.id) })));
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('does nothing for an empty list', async () => {
    const before = await count('audit_events');
    expect(await raiseAlerts(database.db, SYSTEM_ACTOR, [])).toEqual([]);
    expect(await count('audit_events')).toBe(before);
  });
});
