import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceResultRow } from '../../formats/index.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { traceBody } from './testing.js';
import { traceResultWriter } from './tracing.import.js';

describe('trace results that arrive after the trace has ended', () => {
  let t: TestApp;
  let H: Record<string, { authorization: string }>;
  const post = (url: string, who: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: H[who], payload });
  const get = (url: string, who: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: H[who] });
  const importRows = (fileName: string, rows: Array<Partial<TraceResultRow>>) =>
    t.ctx.db.transaction().execute((tx) =>
      traceResultWriter.write(tx, rows.map((row, i) => ({ row: row as TraceResultRow, line: i + 2 })), { batchId: null, fileName, actor: SYSTEM_ACTOR, agencyId: null }),
    );
  const late = (traceId: number) => t.ctx.db.selectFrom('trace_late_results').selectAll().where('trace_id', '=', traceId).orderBy('id').execute();
  const reviewAlerts = (traceId: number) =>
    t.ctx.db.selectFrom('alerts').select(['id', 'status']).where('trace_id', '=', traceId).where('kind', '=', 'trace_result_conflict').orderBy('id').execute();

  const maker = (ref: string): Partial<TraceResultRow> => ({ request_id: ref, hop_seq: 1, result_date: '2024-03-08', role: 'manufacturer', name: 'Romarm', received_date: '2019-01-02', disposed_date: '2019-02-01' });
  const retailer = (ref: string, over: Partial<TraceResultRow> = {}): Partial<TraceResultRow> => ({
    request_id: ref, hop_seq: 2, result_date: '2024-03-08', role: 'retailer', licence_number: '9-86-001-01-9A-12345', name: 'Desert Guns',
    received_date: '2019-03-01', sale_date: '2023-11-20', buyer_surname: 'Straw', buyer_given_name: 'Sam', buyer_dob: '1995-05-05', ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
    await t.ctx.db.transaction().execute((tx) => t.ctx.auth.ensureAgency(tx, 'ATFNTC000', 'National Tracing Center', 'atf'));
    H = {};
    H.tsup = await t.as('tsup', ['supervisor'], 'ATFNTC000');
    H.tracer = await t.as('tracer', ['tracer'], 'ATFNTC000', { supervisor: 'tsup' });
    H.req = await t.as('req', ['requester'], 'AZ0070000');
  });
  afterAll(async () => t.close());

  it('keeps a late not-completed result and a disagreeing retailer beside a completed trace, flags them, and adds nothing on re-import', async () => {
    const body = traceBody();
    const ref = body.request_id as string;
    const id = (await post('/traces', 'req', body)).json().id as number;
    expect(await importRows('results-1.csv', [maker(ref), retailer(ref)])).toMatchObject({ inserted: 2, duplicates: 0, rejected: [] });
    const done = (await get(`/traces/${id}`, 'tracer')).json();
    expect(done.trace).toMatchObject({ status: 'completed', dealer_licence: '9-86-001-01-9A-12345', sale_date: '2023-11-20' });

    // The same file again, and the same rows under another name: nothing new.
    expect(await importRows('results-1.csv', [maker(ref), retailer(ref)])).toMatchObject({ inserted: 0, duplicates: 2, rejected: [] });
    expect(await importRows('results-1-copy.csv', [maker(ref), retailer(ref)])).toMatchObject({ inserted: 0, duplicates: 2, rejected: [] });
    expect(await late(id)).toHaveLength(0);

    // The center later says the trace could not be completed: kept, not refused; the trace stays completed.
    const stop: Partial<TraceResultRow> = { request_id: ref, hop_seq: 3, result_date: '2024-04-01', not_completed_reason: 'invalid_markings' };
    expect(await importRows('results-2.csv', [stop])).toMatchObject({ inserted: 1, duplicates: 0, rejected: [] });
    expect(await importRows('results-2-again.csv', [stop])).toMatchObject({ inserted: 0, duplicates: 1, rejected: [] });
    // A second retailer answer naming another dealer and another buyer.
    const other = retailer(ref, { licence_number: '9-86-002-01-9B-54321', name: 'Border Pawn', sale_date: '2023-12-01', buyer_surname: 'Otro', buyer_given_name: 'Pedro', buyer_dob: '1980-01-01' });
    expect(await importRows('results-3.csv', [other])).toMatchObject({ inserted: 1, duplicates: 0, rejected: [] });
    expect(await importRows('results-3.csv', [other])).toMatchObject({ inserted: 0, duplicates: 1, rejected: [] });
    // A hop the trace did not have (a wholesaler at a new position) agrees with it: kept without a review.
    const wholesaler: Partial<TraceResultRow> = { request_id: ref, hop_seq: 4, result_date: '2024-04-02', role: 'wholesaler', licence_number: '9-86-003-01-9C-00001', name: 'Big Distributor' };
    expect(await importRows('results-4.csv', [wholesaler])).toMatchObject({ inserted: 1, rejected: [] });

    const rows = await late(id);
    expect(rows.map((r) => [r.kind, r.review_status, r.source_ref])).toEqual([
      ['not_completed', 'open', 'results-2.csv:2'],
      ['hop', 'open', 'results-3.csv:2'],
      ['hop', 'none', 'results-4.csv:2'],
    ]);
    expect(rows[0]).toMatchObject({ not_completed_reason: 'invalid_or_inadequate_markings', trace_status: 'completed' });
    expect(rows[0].conflicts.join(' ')).toMatch(/completed \(retail dealer 9-86-001-01-9A-12345.*says it was not/);
    expect(rows[1].conflicts.join(' ')).toMatch(/licence 9-86-001-01-9A-12345 held, 9-86-002-01-9B-54321/);
    expect(rows[1].conflicts.join(' ')).toMatch(/first buyer Sam Straw .* Pedro Otro/);
    const buyer = await t.ctx.db.selectFrom('person_records').select(['surname', 'role', 'source_ref']).where('id', '=', rows[1].buyer_record_id!).executeTakeFirstOrThrow();
    expect(buyer).toEqual({ surname: 'Otro', role: 'buyer', source_ref: 'results-3.csv:2' });

    const after = (await get(`/traces/${id}`, 'tracer')).json();
    expect(after.trace).toMatchObject({ status: 'completed', dealer_licence: '9-86-001-01-9A-12345', sale_date: '2023-11-20' });
    expect(after.lateResults).toHaveLength(3);
    expect(after.lateResults[1].buyer).toMatchObject({ surname: 'Otro' });

    // Each disagreement asks a tracer (the tracing center's supervisors, nobody has the trace) to review it.
    const alerts = await reviewAlerts(id);
    expect(alerts).toHaveLength(2);
    const told = await t.ctx.db.selectFrom('alert_recipients').innerJoin('users', 'users.id', 'alert_recipients.user_id').select('users.username').where('alert_id', '=', alerts[0].id).execute();
    expect(told.map((x) => x.username)).toContain('tsup');

    const review = await post(`/traces/${id}/late-results/${rows[0].id}/review`, 'tracer', { note: 'called the center: the marks were read on a second gun' });
    expect(review.statusCode, review.body).toBe(200);
    expect((await reviewAlerts(id))[0].status).toBe('closed');
    expect((await post(`/traces/${id}/late-results/${rows[0].id}/review`, 'tracer', { note: 'again' })).statusCode).toBe(409);
    expect((await post(`/traces/${id}/late-results/${rows[2].id}/review`, 'tracer', { note: 'nothing to see' })).statusCode).toBe(409);
    expect((await post(`/traces/${id}/late-results/${rows[1].id}/review`, 'req', { note: 'a requester may not' })).statusCode).toBe(403);
    const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('target_type', '=', 'trace').where('target_id', '=', String(id)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['trace.late_result', 'trace.late_result_reviewed']));
  });

  it('keeps a different reason for a trace that was not completed, and the same reason adds nothing', async () => {
    const body = traceBody();
    const ref = body.request_id as string;
    const id = (await post('/traces', 'req', body)).json().id as number;
    const stop = (reason: string): Partial<TraceResultRow> => ({ request_id: ref, hop_seq: 1, result_date: '2024-03-08', not_completed_reason: reason as TraceResultRow['not_completed_reason'] });
    expect(await importRows('stop-1.csv', [stop('serial_obliterated')])).toMatchObject({ inserted: 1, rejected: [] });
    expect(await importRows('stop-2.csv', [stop('serial_obliterated')])).toMatchObject({ inserted: 0, duplicates: 1, rejected: [] });
    expect(await importRows('stop-3.csv', [stop('dealer_did_not_respond')])).toMatchObject({ inserted: 1, rejected: [] });
    // A chain for a trace that stopped is kept too, and disagrees with it.
    expect(await importRows('stop-4.csv', [maker(ref)])).toMatchObject({ inserted: 1, rejected: [] });
    const d = (await get(`/traces/${id}`, 'tracer')).json();
    expect(d.trace).toMatchObject({ status: 'not_completed', not_completed_reason: 'serial_obliterated' });
    expect(d.lateResults.map((l: { kind: string; review_status: string }) => [l.kind, l.review_status])).toEqual([['not_completed', 'open'], ['hop', 'open']]);
    expect(d.lateResults[0].conflicts[0]).toMatch(/Serial obliterated.*Dealer did not respond/);
  });

  it('keeps a second answer for a hop position already held on a trace still in progress', async () => {
    const body = traceBody();
    const ref = body.request_id as string;
    const id = (await post('/traces', 'req', body)).json().id as number;
    expect(await importRows('a.csv', [maker(ref)])).toMatchObject({ inserted: 1 });
    expect(await importRows('b.csv', [{ ...maker(ref), received_date: '2019-01-20' }])).toMatchObject({ inserted: 1, rejected: [] });
    const d = (await get(`/traces/${id}`, 'tracer')).json();
    expect(d.trace.status).toBe('in_progress');
    expect(d.chain[0]).toMatchObject({ received_on: '2019-01-02' });
    expect(d.lateResults[0].conflicts[0]).toMatch(/received 2019-01-02 held, 2019-01-20 in this source/);
  });
});
