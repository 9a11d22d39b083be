import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceRequestRow, TraceResultRow } from '../../formats/index.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit/audit.service.js';
import { traceBody } from './testing.js';
import { traceRequestWriter, traceResultWriter } from './tracing.import.js';

// An import batch is stored set-based (submit-store.ts); these rows are chosen so that each depends on one before
// it, and the outcome must be the one of submitting them one at a time, in file order.
describe('a batch of trace requests in one import', () => {
  let t: TestApp;
  let H: Record<string, { authorization: string }>;
  const post = (url: string, who: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: H[who], payload });
  const write = <R>(w: { write: (tx: never, rows: never, ctx: never) => Promise<unknown> }, fileName: string, rows: Array<Partial<R>>) =>
    t.ctx.db.transaction().execute((tx) =>
      (w.write as (tx: unknown, rows: unknown, ctx: unknown) => Promise<{ inserted: number; duplicates: number; rejected: unknown[] }>)(
        tx, rows.map((row, i) => ({ row, line: i + 2 })), { batchId: null, fileName, actor: SYSTEM_ACTOR, agencyId: null },
      ),
    );
  const trace = (ref: string) =>
    t.ctx.db.selectFrom('trace_requests').select(['id', 'status', 'duplicate_of', 'answered_by_source', 'not_completed_reason', 'source_ref']).where('request_ref', '=', ref).execute();

  beforeAll(async () => {
    t = await createTestApp();
    H = {};
    H.sup = await t.as('bsup', ['supervisor'], 'AZ0070000');
    H.inv = await t.as('binv', ['investigator'], 'AZ0070000', { supervisor: 'bsup' });
    const caseId = (await post('/cases', 'inv', { caseNumber: 'AZ-2024-0777', title: 'batch import' })).json().id as number;
    expect(caseId).toBeGreaterThan(0);
    const r = await post('/suspects', 'inv', {
      entry_id: 'SG-BATCH-1', case_number: 'AZ-2024-0777', agency_ori: 'AZ0070000', investigator: 'binv', reason: 'trafficking',
      manufacturer: 'Romarm/Cugir', importer: 'Century Arms', serial: 'QW1234-5678', model: 'WASR-10', caliber: '7.62x39', type: 'rifle',
      referred_on: '2024-02-01',
    });
    expect(r.statusCode).toBe(201);
    expect((await post(`/suspects/${r.json().id}/review`, 'sup', { verdict: 'approved', reviewOn: '2030-01-01' })).json().status).toBe('approved');
  });
  afterAll(async () => t.close());

  it('catches a repeated request id and a duplicate gun within the batch, applies waiting results, and matches the register on entry', async () => {
    const a = traceBody({ serial: 'BT1000-0001' }) as unknown as TraceRequestRow;
    const again = { ...a };
    const dup = traceBody({ serial: 'BT1000 OOO1' }) as unknown as TraceRequestRow; // same gun, same recovery, other request id
    const waiting = traceBody({ serial: 'BT1000-0002' }) as unknown as TraceRequestRow;
    const flagged = traceBody({ serial: 'QW1234 S678', manufacturer: 'Cugir', ncic_code: '5212' }) as unknown as TraceRequestRow;
    const plain = traceBody({ serial: 'BT1000-0003' }) as unknown as TraceRequestRow;
    // The result of `waiting` arrives before its request: held until then.
    const held = await write<TraceResultRow>(traceResultWriter, 'early-results.csv', [
      { request_id: waiting.request_id, hop_seq: 1, result_date: '2024-03-08', role: 'retailer', licence_number: '9-86-001-01-9A-54321', name: 'Desert Guns', received_date: '2019-03-01', sale_date: '2023-11-20' },
    ]);
    expect(held).toMatchObject({ inserted: 1, rejected: [] });

    const r = await write<TraceRequestRow>(traceRequestWriter, 'requests.csv', [a, again, dup, waiting, flagged, plain]);
    expect(r).toMatchObject({ inserted: 5, duplicates: 1, rejected: [] });

    const [ta] = await trace(a.request_id);
    expect(ta).toMatchObject({ status: 'submitted', duplicate_of: null, source_ref: 'requests.csv:2' });
    expect(await trace(a.request_id)).toHaveLength(1);
    const [td] = await trace(dup.request_id);
    expect(td).toMatchObject({ status: 'not_completed', not_completed_reason: 'duplicate_request', duplicate_of: ta.id });
    const [tw] = await trace(waiting.request_id);
    expect(tw).toMatchObject({ status: 'completed', answered_by_source: 'trace_result_import' });
    const [tf] = await trace(flagged.request_id);
    const [tp] = await trace(plain.request_id);
    expect(tp).toMatchObject({ status: 'submitted' });
    // Stored in file order.
    expect([ta.id, td.id, tw.id, tf.id, tp.id]).toEqual([...[ta.id, td.id, tw.id, tf.id, tp.id]].sort((x, y) => x - y));

    const matches = await t.ctx.db.selectFrom('suspect_matches').select(['trace_id', 'alert_id']).where('trace_id', 'in', [ta.id, td.id, tw.id, tf.id, tp.id]).execute();
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ trace_id: tf.id });
    const alert = await t.ctx.db.selectFrom('alerts').select(['kind', 'trace_id']).where('id', '=', matches[0].alert_id!).executeTakeFirstOrThrow();
    expect(alert).toEqual({ kind: 'suspect_gun_match', trace_id: tf.id });

    // Every stored request has its gun, recovery, possessor, associate, event and audit event, and the chain holds.
    const events = await t.ctx.db.selectFrom('trace_events').select('trace_id').where('to_status', '=', 'submitted').where('trace_id', 'in', [ta.id, tp.id]).execute();
    expect(events).toHaveLength(2);
    const assoc = await t.ctx.db.selectFrom('trace_associates').select('trace_id').where('trace_id', 'in', [ta.id, tp.id]).execute();
    expect(assoc).toHaveLength(2);
    const audits = await t.ctx.db.selectFrom('audit_events').select('target_id').where('action', '=', 'trace.submitted').where('target_id', 'in', [String(ta.id), String(tp.id)]).execute();
    expect(audits).toHaveLength(2);
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);

    // The same file again: every row is already held.
    expect(await write<TraceRequestRow>(traceRequestWriter, 'requests.csv', [a, dup, waiting, flagged, plain])).toMatchObject({ inserted: 0, duplicates: 5 });
  });
});
