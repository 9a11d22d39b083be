import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { checkClocks } from './clocks.service.js';
import { traceBody } from './testing.js';

describe('trace requests over HTTP', () => {
  let t: TestApp;
  let H: Record<string, { authorization: string }>;
  const post = (url: string, who: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: H[who], payload });
  const get = (url: string, who: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: H[who] });

  beforeAll(async () => {
    t = await createTestApp();
    await t.ctx.db.transaction().execute((tx) => t.ctx.auth.ensureAgency(tx, 'ATFNTC000', 'National Tracing Center', 'atf'));
    H = {};
    H.tsup = await t.as('tsup', ['supervisor'], 'ATFNTC000');
    H.tracer = await t.as('tracer', ['tracer'], 'ATFNTC000', { supervisor: 'tsup' });
    H.req = await t.as('req', ['requester'], 'AZ0070000');
    H.req2 = await t.as('req2', ['requester'], 'TX0010000');
  });
  afterAll(async () => t.close());

  it('takes every F 3312.1 field, starts the routine 7-day clock, and shows the request to its agency (audited)', async () => {
    const body = traceBody();
    const r = await post('/traces', 'req', body);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'submitted', alreadyHeld: false, duplicateOf: null });
    const d = (await get(`/traces/${r.json().id}`, 'req')).json();
    expect(d.trace).toMatchObject({ request_ref: body.request_id, priority: 'routine', ncic_code: '5212', project_code: 'BORDER-24', requester_badge: 'B-101', requester_email: 'tracing@example.test' });
    const due = new Date(d.trace.due_at).getTime() - new Date(d.trace.submitted_at).getTime();
    expect(due).toBe(7 * 24 * 3600_000);
    expect(d.firearm).toMatchObject({ maker: 'Romarm', importer: 'Century Arms', caliber: '7.62x39mm', country_of_origin: 'RO', other_markings: 'CAI GEORGIA VT' });
    expect(d.recovery).toMatchObject({ city: 'Nogales', state: 'AZ', country: 'US' });
    expect(d.possessor).toMatchObject({ surname: 'Ejemplo', given_name: 'Juan', dob: '1990-04-02' });
    expect(d.associates[0]).toMatchObject({ relationship: 'passenger', person: { surname: 'Prueba' } });
    expect(d.events.map((e: { to_status: string }) => e.to_status)).toEqual(['submitted']);
    const reads = await t.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'trace.read').where('target_id', '=', String(r.json().id)).execute();
    expect(reads.length).toBe(1);
    // Sending the same request again stores nothing new.
    const again = await post('/traces', 'req', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: r.json().id, alreadyHeld: true });
  });

  it("refuses another agency's trace with the same 404 as a missing one", async () => {
    const r = await post('/traces', 'req', traceBody());
    const other = await get(`/traces/${r.json().id}`, 'req2');
    const missing = await get('/traces/987654321', 'req2');
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
    const list = (await get('/traces', 'req2')).json().traces;
    expect(list.map((x: { id: number }) => x.id)).not.toContain(r.json().id);
    // Nor can they stop it, or learn of it by its serial.
    expect((await post(`/traces/${r.json().id}/stop`, 'req2', { reason: 'stopped_by_requester' })).statusCode).toBe(404);
  });

  it('refuses an urgent request without a justification and a foreign gun without an importer', async () => {
    const r = await post('/traces', 'req', traceBody({ priority: 'urgent' }));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/urgent_justification/);
    const f = await post('/traces', 'req', traceBody({ importer: null }));
    expect(f.statusCode).toBe(400);
    expect(f.json().error.message).toMatch(/importer/);
  });

  it('catches a duplicate request (same gun, same recovery) and links it to the original', async () => {
    const b = traceBody();
    const first = (await post('/traces', 'req', b)).json();
    const dup = await post('/traces', 'req', { ...b, request_id: `${b.request_id}-again`, serial: String(b.serial).replace('-', ' ').replace(/O/g, '0') });
    expect(dup.json()).toMatchObject({ status: 'not_completed', duplicateOf: first.id });
    const d = (await get(`/traces/${dup.json().id}`, 'req')).json();
    expect(d.trace.not_completed_reason).toBe('duplicate_request');
    expect(d.duplicateOf.trace_number).toBe(first.traceNumber);
  });

  it('lets a tracer work the chain down to the buyer, then reads TTC, bracket and flags', async () => {
    const r = (await post('/traces', 'req', traceBody({ recovery_date: '2024-02-20', recovery_state: 'TX', recovery_city: 'El Paso' }))).json();
    expect((await post(`/traces/${r.id}/start`, 'tracer', {})).json().status).toBe('in_progress');
    const q = await post(`/traces/${r.id}/dealer-queries`, 'tracer', { licence: '9-86-013-01-7A-00001' });
    expect(q.statusCode).toBe(201);
    for (const hop of [
      { role: 'manufacturer', name: 'Romarm SA', disposedOn: '2023-01-10', country: 'RO' },
      { role: 'importer', name: 'Century Arms', licenceNumber: '1-59-011-08-8A-00002', receivedOn: '2023-02-01', disposedOn: '2023-03-01' },
      { role: 'wholesaler', name: 'Synthetic Wholesale', licenceNumber: '5-74-001-01-9C-00003', receivedOn: '2023-03-05', disposedOn: '2023-04-01' },
      { role: 'retailer', name: 'Example Guns', licenceNumber: '9-86-013-01-7A-00001', state: 'AZ', receivedOn: '2023-04-03', disposedOn: '2023-12-01' },
      { role: 'buyer', buyer: { surname: 'Comprador', given_name: 'Pedro', dob: '1995-01-01' } },
    ]) {
      const h = await post(`/traces/${r.id}/hops`, 'tracer', hop);
      expect(h.statusCode).toBe(201);
    }
    const done = await post(`/traces/${r.id}/complete`, 'tracer', {});
    expect(done.statusCode).toBe(200);
    const d = (await get(`/traces/${r.id}`, 'tracer')).json();
    expect(d.trace).toMatchObject({ status: 'completed', answered_by_source: 'tracer', dealer_licence: '9-86-013-01-7A-00001', sale_date: '2023-12-01', ttc_days: 81, ttc_bracket: 'under_3_months' });
    expect(d.trace.result_flags).toEqual(['short_ttc', 'possessor_not_buyer', 'recovered_in_other_state']);
    expect(d.chain.map((h: { role: string }) => h.role)).toEqual(['manufacturer', 'importer', 'wholesaler', 'retailer', 'buyer']);
    expect(d.buyer).toMatchObject({ surname: 'Comprador' });
    // The dealer answered with its hop.
    expect(d.dealerQueries[0].answered_at).not.toBeNull();
    // A finished trace cannot be reopened or stopped.
    expect((await post(`/traces/${r.id}/stop`, 'tracer', { reason: 'insufficient_information' })).statusCode).toBe(409);
  });

  it('answers a new request from an earlier trace of the same gun, saying so', async () => {
    const b = traceBody({ recovery_date: '2024-01-02' });
    const first = (await post('/traces', 'req', b)).json();
    await post(`/traces/${first.id}/hops`, 'tracer', { role: 'retailer', name: 'Example Guns', licenceNumber: '9-86-013-01-7A-00009', disposedOn: '2023-06-01' });
    await post(`/traces/${first.id}/hops`, 'tracer', { role: 'buyer', buyer: { surname: 'Ejemplo', given_name: 'Juan', dob: '1990-04-02' } });
    expect((await post(`/traces/${first.id}/complete`, 'tracer', {})).statusCode).toBe(200);
    const second = await post('/traces', 'req', { ...b, request_id: `${b.request_id}-later`, recovery_date: '2024-03-02', serial: String(b.serial).toLowerCase() });
    expect(second.json()).toMatchObject({ status: 'completed', answeredBySource: 'earlier_trace' });
    const d = (await get(`/traces/${second.json().id}`, 'req')).json();
    expect(d.trace.answered_by_ref).toBe(first.traceNumber);
    expect(d.trace.sale_date).toBe('2023-06-01');
    // Same person as the buyer: not flagged.
    expect(d.trace.result_flags).not.toContain('possessor_not_buyer');
  });

  it('answers from a multiple-sale report and from a theft report', async () => {
    const db = t.ctx.db;
    const buyer = await db.insertInto('person_records').values({ role: 'buyer', surname: 'Straw', given_name: 'Sam', source_kind: 'multiple_sale', source_ref: 'ms.csv:2' }).returning('id').executeTakeFirstOrThrow();
    const gun = await db.insertInto('firearms').values({ serial_raw: 'MS-777001', serial_norm: 'MS777001', serial_key: 'M5777001', maker: 'FN Herstal', source_kind: 'multiple_sale', source_ref: 'ms.csv:2' }).returning('id').executeTakeFirstOrThrow();
    const rep = await db.insertInto('multiple_sale_reports').values({ report_ref: 'R-1', form: '3310.4', report_date: '2024-01-10', dealer_licence: '9-86-013-01-7A-00005', dealer_name: 'Border Guns', buyer_record_id: buyer.id, source_kind: 'multiple_sale', source_ref: 'ms.csv:2' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('multiple_sale_items').values({ report_id: rep.id, item_no: 1, firearm_id: gun.id, transfer_date: '2024-01-09', source_ref: 'ms.csv:2' }).execute();
    const r = await post('/traces', 'req', traceBody({ serial: 'MS 777OO1', manufacturer: 'FNH USA', importer: 'FN America', country_of_origin: 'BE', model: 'Five-seveN', caliber: '5.7x28', recovery_country: 'MX', recovery_state: null, recovery_mx_state: 'SON', recovery_city: 'Naco' }));
    expect(r.json()).toMatchObject({ status: 'completed', answeredBySource: 'multiple_sale' });
    const d = (await get(`/traces/${r.json().id}`, 'req')).json();
    expect(d.trace.result_flags).toEqual(expect.arrayContaining(['short_ttc', 'possessor_not_buyer', 'recovered_in_mexico', 'from_multiple_sale']));
    expect(d.trace.ttc_days).toBe(52);

    const stolen = await db.insertInto('firearms').values({ serial_raw: 'TH-55501', serial_norm: 'TH55501', serial_key: 'TH55501', maker: 'Glock', source_kind: 'theft_report', source_ref: 'th.csv:2' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('theft_reports').values({ report_ref: 'TH-1', dealer_licence: '9-86-013-01-7A-00006', report_date: '2023-11-02', incident_date: '2023-11-01', theft_or_loss: 'theft', firearm_id: stolen.id, source_kind: 'theft_report', source_ref: 'th.csv:2' }).execute();
    const s = await post('/traces', 'req', traceBody({ serial: 'TH55501', manufacturer: 'Glock', importer: 'Glock Inc', country_of_origin: 'AT', model: '19', caliber: '9mm' }));
    expect(s.json()).toMatchObject({ status: 'completed', answeredBySource: 'theft_report' });
    const sd = (await get(`/traces/${s.json().id}`, 'req')).json();
    expect(sd.trace.result_flags).toContain('stolen_from_dealer');
  });

  it('stops a trace with exactly one reason; a requester may only withdraw their own', async () => {
    const r = (await post('/traces', 'req', traceBody())).json();
    expect((await post(`/traces/${r.id}/stop`, 'req', { reason: 'serial_obliterated' })).statusCode).toBe(403);
    const s = await post(`/traces/${r.id}/stop`, 'req', { reason: 'stopped_by_requester', note: 'case dismissed' });
    expect(s.json()).toEqual({ status: 'not_completed', reason: 'stopped_by_requester' });
    const r2 = (await post('/traces', 'req', traceBody())).json();
    expect((await post(`/traces/${r2.id}/stop`, 'tracer', { reason: 'bogus' })).statusCode).toBe(400);
    expect((await post(`/traces/${r2.id}/stop`, 'tracer', { reason: 'dealer_out_of_business_record_not_found' })).statusCode).toBe(200);
    const d = (await get(`/traces/${r2.id}`, 'req')).json();
    expect(d.trace).toMatchObject({ status: 'not_completed', not_completed_reason: 'dealer_out_of_business_record_not_found', not_completed_label: 'Dealer out of business and record not found' });
  });

  it('escalates an urgent trace past 24 hours and a dealer past its 24 hours, and closes the escalations when answered', async () => {
    const r = (await post('/traces', 'req', traceBody({ priority: 'urgent', urgent_justification: 'Homicide suspect at large' }))).json();
    const now = Date.now();
    const early = await t.ctx.db.transaction().execute((tx) => checkClocks(tx, SYSTEM_ACTOR, new Date(now + 23 * 3600_000)));
    expect(early.overdueTraces).toBe(0);
    const before = await t.ctx.db.selectFrom('alerts').select('id').where('trace_id', '=', r.id).execute();
    expect(before).toEqual([]);
    const res = await t.ctx.db.transaction().execute((tx) => checkClocks(tx, SYSTEM_ACTOR, new Date(now + 25 * 3600_000)));
    expect(res.alertsRaised).toBeGreaterThanOrEqual(1);
    const overdue = await t.ctx.db.selectFrom('alerts').select(['id', 'kind', 'status', 'severity']).where('trace_id', '=', r.id).execute();
    expect(overdue).toEqual([expect.objectContaining({ kind: 'trace_overdue', status: 'open', severity: 'high' })]);
    // Nobody had taken it: the tracing center's supervisor is told.
    const inbox = (await get('/alerts', 'tsup')).json().alerts;
    expect(inbox.map((a: { id: number }) => a.id)).toContain(overdue[0].id);
    // Checking again raises nothing new.
    const again = await t.ctx.db.transaction().execute((tx) => checkClocks(tx, SYSTEM_ACTOR, new Date(now + 26 * 3600_000)));
    expect(await t.ctx.db.selectFrom('alerts').select('id').where('trace_id', '=', r.id).execute()).toHaveLength(1);
    expect(again.alertsRaised).toBe(0);

    const q = (await post(`/traces/${r.id}/dealer-queries`, 'tracer', { licence: '9-86-013-01-7A-00077' })).json();
    await t.ctx.db.transaction().execute((tx) => checkClocks(tx, SYSTEM_ACTOR, new Date(now + 49 * 3600_000)));
    const dealerAlert = await t.ctx.db.selectFrom('alerts').select(['id', 'status']).where('dedupe_key', '=', `dealer_overdue:${q.queryId}`).executeTakeFirstOrThrow();
    expect(dealerAlert.status).toBe('open');
    expect((await get('/alerts', 'tracer')).json().alerts.map((a: { id: number }) => a.id)).toContain(dealerAlert.id);
    await post(`/dealer-queries/${q.queryId}/answer`, 'tracer', { note: 'records faxed' });
    await post(`/traces/${r.id}/hops`, 'tracer', { role: 'retailer', name: 'Late Guns', licenceNumber: '9-86-013-01-7A-00077', disposedOn: '2024-02-01' });
    await post(`/traces/${r.id}/complete`, 'tracer', {});
    const after = await t.ctx.db.selectFrom('alerts').select(['kind', 'status']).where('trace_id', '=', r.id).orderBy('id').execute();
    expect(after).toEqual([{ kind: 'trace_overdue', status: 'closed' }, { kind: 'dealer_overdue', status: 'closed' }]);
  });

  it('checks entries as they are written: unknown maker, foreign gun without importer, duplicate warning', async () => {
    const b = traceBody();
    await post('/traces', 'req', b);
    const c = (await post('/traces/check', 'req', { manufacturer: 'Acme Blasters', countryOfOrigin: 'RO', caliber: '7.62 x 39', serial: b.serial, recoveryDate: b.recovery_date })).json().checks;
    const byField = (f: string) => c.filter((x: { field: string }) => x.field === f).map((x: { level: string; message: string }) => `${x.level}: ${x.message}`).join(' | ');
    expect(byField('manufacturer')).toMatch(/warning: .*not a maker we know/);
    expect(byField('importer')).toMatch(/error: required for a gun made abroad/);
    expect(byField('caliber')).toMatch(/info: read as 7.62x39mm/);
    const dup = (await post('/traces/check', 'req', { manufacturer: 'Cugir', serial: b.serial, recoveryDate: b.recovery_date })).json().checks;
    expect(dup.some((x: { message: string }) => /duplicate/.test(x.message))).toBe(true);
    // Another agency's requester is not warned about this agency's trace.
    const other = (await post('/traces/check', 'req2', { manufacturer: 'Cugir', serial: b.serial, recoveryDate: b.recovery_date })).json().checks;
    expect(other.some((x: { message: string }) => /duplicate|traced this gun/.test(x.message))).toBe(false);
    const bad = (await post('/traces/check', 'req', { serial: '??-?' })).json().checks;
    expect(bad[0]).toMatchObject({ field: 'serial', level: 'error' });
  });
});
