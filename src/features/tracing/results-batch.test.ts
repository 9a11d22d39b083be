import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceRequestRow, TraceResultRow } from '../../formats/index.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit/audit.service.js';
import type { KindWriter, WriteResult } from '../ingest/writer.js';
import { traceBody } from './testing.js';
import { traceRequestWriter, traceResultWriter } from './tracing.import.js';

// The results writer decides a batch set-based (apply-results-many.ts). These rows mix every way a row can go: hops
// that start and complete a trace, a stop, an unknown reason, late results that repeat or contradict, a position
// taken twice in the batch, results waiting for their request (one repeated). The same rows are written once as one
// batch and once one row per batch, on two copies of the same traces: everything stored must be the same.
describe('a batch of trace results against the same rows one at a time', () => {
  let t: TestApp;
  const write = async <R>(w: KindWriter<R>, fileName: string, rows: Array<{ row: Partial<R>; line: number }>): Promise<WriteResult> =>
    t.ctx.db.transaction().execute((tx) => w.write(tx, rows as Array<{ row: R; line: number }>, { batchId: null, fileName, actor: SYSTEM_ACTOR, agencyId: null }));

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const RETAILER = { role: 'retailer', licence_number: '9-86-001-01-9A-54321', name: 'Desert Guns', received_date: '2019-03-01' };
  // Cast: the file validation would refuse the unknown reason; the writer must still refuse it on its own.
  const rowsFor = (w: string) => [
    { request_id: `${w}-1`, hop_seq: 1, result_date: '2024-03-08', role: 'manufacturer', licence_number: '1-11-111-11-1A-11111', name: 'Maker Inc', disposed_date: '2018-01-02' },
    { request_id: `${w}-1`, hop_seq: 2, result_date: '2024-03-08', role: 'wholesaler', licence_number: '2-22-222-22-2B-22222', name: 'Wholesale LLC', received_date: '2018-01-05' },
    { request_id: `${w}-1`, hop_seq: 3, result_date: '2024-03-08', ...RETAILER, sale_date: '2023-11-20', buyer_surname: 'Comprador', buyer_given_name: 'Ana', buyer_dob: '1991-02-03', buyer_state: 'AZ' },
    // The same retailer again after completion: adds nothing.
    { request_id: `${w}-1`, hop_seq: 3, result_date: '2024-03-08', ...RETAILER, sale_date: '2023-11-20', buyer_surname: 'Comprador', buyer_given_name: 'Ana', buyer_dob: '1991-02-03', buyer_state: 'AZ' },
    // A later source naming another buyer: kept, disagreement for review.
    { request_id: `${w}-1`, hop_seq: 3, result_date: '2024-04-01', ...RETAILER, sale_date: '2023-11-20', buyer_surname: 'Otro', buyer_given_name: 'Pedro' },
    { request_id: `${w}-2`, hop_seq: 1, result_date: '2024-03-08', not_completed_reason: 'no such reason' },
    { request_id: `${w}-2`, hop_seq: 1, result_date: '2024-03-08', role: 'manufacturer', licence_number: '1-11-111-11-1A-11111', name: 'Maker Inc' },
    { request_id: `${w}-2`, hop_seq: 2, result_date: '2024-03-09', not_completed_reason: 'dealer_did_not_respond' },
    { request_id: `${w}-2`, hop_seq: 3, result_date: '2024-03-10', role: 'wholesaler', licence_number: '2-22-222-22-2B-22222', name: 'Wholesale LLC' },
    // A retailer without a sale date: the trace stays open; the same position again with another dealer disagrees.
    { request_id: `${w}-3`, hop_seq: 1, result_date: '2024-03-08', ...RETAILER },
    { request_id: `${w}-3`, hop_seq: 1, result_date: '2024-03-09', role: 'retailer', licence_number: '9-99-999-99-9Z-99999', name: 'Other Guns' },
    { request_id: `${w}-3`, hop_seq: 2, result_date: '2024-03-09', role: 'retailer', licence_number: '9-99-999-99-9Z-99999', name: 'Other Guns', sale_date: '2022-05-05' },
    // No request yet: held; the same hop twice is held once.
    { request_id: `${w}-9`, hop_seq: 1, result_date: '2024-03-08', role: 'manufacturer', name: 'Maker Inc' },
    { request_id: `${w}-9`, hop_seq: 1, result_date: '2024-03-08', role: 'manufacturer', name: 'Maker Inc' },
    // A stop for a trace answered straight from submitted.
    { request_id: `${w}-4`, hop_seq: 1, result_date: '2024-03-08', not_completed_reason: 'dealer_did_not_respond' },
  ] as Array<Partial<TraceResultRow>>;

  async function world(w: string) {
    const requests = [1, 2, 3, 4].map((n) => ({ row: traceBody({ request_id: `${w}-${n}`, serial: `${w}${n}00-77${n}` }) as unknown as Partial<TraceRequestRow>, line: n + 1 }));
    expect(await write(traceRequestWriter, `${w}-requests.csv`, requests)).toMatchObject({ inserted: 4, rejected: [] });
  }

  /** What the world holds, with its name taken out so that two worlds compare. */
  async function snapshot(w: string) {
    const db = t.ctx.db;
    const traces = await db.selectFrom('trace_requests').selectAll().where('request_ref', 'like', `${w}-%`).orderBy('request_ref').execute();
    const ids = traces.map((x) => x.id);
    const person = async (id: number | null) =>
      id === null ? null : db.selectFrom('person_records').select(['role', 'surname', 'given_name', 'dob', 'source_ref']).where('id', '=', id).executeTakeFirstOrThrow();
    const hops = await db.selectFrom('trace_hops').selectAll().where('trace_id', 'in', ids).orderBy('trace_id').orderBy('seq').execute();
    const late = await db.selectFrom('trace_late_results').selectAll().where('trace_id', 'in', ids).orderBy('trace_id').orderBy('source_ref').execute();
    const events = await db.selectFrom('trace_events').select(['trace_id', 'from_status', 'to_status', 'note']).where('trace_id', 'in', ids).orderBy('trace_id').orderBy('id').execute();
    const alerts = await db.selectFrom('alerts').select(['trace_id', 'kind', 'title']).where('trace_id', 'in', ids).orderBy('trace_id').orderBy('title').execute();
    const pending = await db.selectFrom('pending_trace_results').select(['request_ref', 'hop_seq', 'row_data', 'source_ref']).where('request_ref', 'like', `${w}-%`).orderBy('hop_seq').execute();
    const audits = await db.selectFrom('audit_events').select(['action', 'target_id']).where('target_type', '=', 'trace').where('target_id', 'in', ids.map(String)).orderBy('target_id').orderBy('action').execute();
    const n = (id: number) => ids.indexOf(id);
    const text = JSON.stringify({
      traces: await Promise.all(traces.map(async (x) => ({
        ref: x.request_ref, status: x.status, reason: x.not_completed_reason, dealer: x.dealer_licence, sale: x.sale_date, ttc: x.ttc_days,
        bracket: x.ttc_bracket, flags: x.result_flags, source: x.answered_by_source, sourceRef: x.answered_by_ref, buyer: await person(x.buyer_record_id),
      }))),
      hops: await Promise.all(hops.map(async (h) => ({ ...h, id: 0, created_at: 0, trace_id: n(h.trace_id), person_record_id: await person(h.person_record_id) }))),
      late: await Promise.all(late.map(async (l) => ({ ...l, id: 0, created_at: 0, row_hash: 0, alert_id: l.alert_id !== null, trace_id: n(l.trace_id), buyer_record_id: await person(l.buyer_record_id) }))),
      events: events.map((e) => ({ ...e, trace_id: n(e.trace_id), note: e.note?.replace(/due \S+/, '') })),
      alerts: alerts.map((a) => ({ ...a, trace_id: n(a.trace_id!), title: a.title.replace(/T\d{4}-\d+/, '') })),
      pending, audits: audits.map((a) => ({ ...a, target_id: n(Number(a.target_id)) })),
    });
    return JSON.parse(text.replaceAll(`${w}-`, 'W-').replaceAll(`${w}`, 'W')) as unknown;
  }

  it('stores the same, and counts and refuses the same rows, as one row at a time', async () => {
    await world('QX');
    await world('ZJ');
    const batchRows = rowsFor('QX').map((row, i) => ({ row, line: i + 2 }));
    const batch = await write(traceResultWriter, 'W-results.csv', batchRows);
    const single: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    for (const [i, row] of rowsFor('ZJ').entries()) {
      const r = await write(traceResultWriter, 'W-results.csv', [{ row, line: i + 2 }]);
      single.inserted += r.inserted;
      single.duplicates += r.duplicates;
      single.rejected.push(...r.rejected);
    }
    expect(batch).toEqual(single);
    expect(batch.rejected).toEqual([{ line: 7, field: 'not_completed_reason', reason: 'no such reason is not a known reason' }]);
    expect(batch.duplicates).toBe(2);

    const a = await snapshot('QX');
    expect(a).toEqual(await snapshot('ZJ'));
    // The rows went where they should: completed with its buyer, stopped, open with a disagreement held, one waiting.
    expect(a).toMatchObject({
      traces: [
        { status: 'completed', dealer: RETAILER.licence_number, sale: '2023-11-20', source: 'trace_result_import', buyer: { surname: 'Comprador' } },
        { status: 'not_completed', reason: 'dealer_did_not_respond' },
        // No buyer named: the sale date is not the first sale's (complete-many.ts reads it from the buyer hop).
        { status: 'completed', dealer: '9-99-999-99-9Z-99999', sale: null },
        { status: 'not_completed', reason: 'dealer_did_not_respond' },
      ],
      pending: [{ request_ref: 'W-9', hop_seq: 1, source_ref: 'W-results.csv:14' }],
    });
    expect((a as { late: unknown[] }).late).toHaveLength(3);
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);

    // The same file again adds nothing.
    const again = await write(traceResultWriter, 'W-results.csv', batchRows);
    expect(again).toMatchObject({ inserted: 0, rejected: batch.rejected });
    expect(await snapshot('QX')).toEqual(a);
  });
});
