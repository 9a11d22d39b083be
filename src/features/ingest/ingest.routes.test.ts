import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../formats/examples.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { csvOf, dealerLicence, multipleSaleRow } from './fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function upload(auth: { authorization: string }, name: string, body: string, query = '') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?name=${encodeURIComponent(name)}${query}`,
    headers: { ...auth, 'content-type': name.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson' },
    payload: body,
  });
  return res;
}

async function jobResult(auth: { authorization: string }, jobId: number) {
  await t.ctx.jobs.drain();
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json().job as { status: string; result: Record<string, unknown>; progress: Record<string, unknown> };
}

describe('uploads', () => {
  it('runs an upload as a job, then lists it and shows its rejected rows with reasons', async () => {
    const tracer = await t.as('tina', ['tracer']);
    const rows = Array.from({ length: 6 }, (_, i) => multipleSaleRow(i, { dealers: 2 }));
    rows[3] = { ...rows[3], buyer_dob: '1988-02-30' };
    const res = await upload(tracer, 'ms.csv', csvOf('multiple_sales', rows));
    expect(res.statusCode, res.body).toBe(202);
    const { jobId } = res.json() as { jobId: number };
    const job = await jobResult(tracer, jobId);
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ outcome: 'completed', kind: 'multiple_sales', counts: { rowsOk: 5, rowsRejected: 1 } });
    expect(job.progress).toMatchObject({ file: 'ms.csv' });
    // Resolution ran before detection, and every person record the upload brought is linked to a person.
    expect(job.result.resolution).toMatchObject({ newRecords: 2 });
    expect(job.result.detection).not.toBeNull();
    expect(job.result.detection).not.toHaveProperty('error');
    const buyers = await t.ctx.db
      .selectFrom('person_records as r')
      .leftJoin('person_links as l', 'l.person_record_id', 'r.id')
      .select(['r.id', 'l.person_id'])
      .where('r.import_batch_id', '=', job.result.batchId as number)
      .execute();
    expect(buyers).toHaveLength(2);
    for (const b of buyers) expect(b.person_id).not.toBeNull();

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/imports', headers: tracer });
    expect(list.json().imports[0]).toMatchObject({ id: job.result.batchId, fileName: 'ms.csv', status: 'completed', rowsOk: 5, rowsRejected: 1, source: 'upload' });

    const one = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${String(job.result.batchId)}`, headers: tracer });
    expect(one.statusCode).toBe(200);
    expect(one.json().rejects).toMatchObject({ total: 1, rows: [{ line: 5, field: 'buyer_dob', reason: '1988-02-30 is not a date (YYYY-MM-DD)' }] });
    expect(one.json().rejects.rows[0].raw).toMatch(/^MS-/);

    // Another agency's user does not see it, and learns nothing about whether it exists.
    const other = await t.as('otto', ['analyst'], 'TX0010000');
    const hidden = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${String(job.result.batchId)}`, headers: other });
    expect(hidden.statusCode).toBe(404);
  });

  it('takes a multipart/form-data upload (a browser form): file name from the part, options from the fields', async () => {
    const tracer = await t.as('tina', ['tracer']);
    const rows = Array.from({ length: 3 }, (_, i) => multipleSaleRow(300 + i, { dealers: 2 }));
    rows[1] = { ...rows[1], item_seq: 'two' };
    const boundary = '----interdict-test-boundary';
    const form =
      `--${boundary}\r\nContent-Disposition: form-data; name="strict"\r\n\r\ntrue\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="form-upload.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `${csvOf('multiple_sales', rows)}\r\n--${boundary}--\r\n`;
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/imports', headers: { ...tracer, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: form,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ fileName: 'form-upload.csv', status: 'queued' });
    const job = await jobResult(tracer, (res.json() as { jobId: number }).jobId);
    // strict came from the form: one bad row, so nothing was imported.
    expect(job.result).toMatchObject({ outcome: 'failed', file: 'form-upload.csv', counts: { rowsOk: 0, rowsRejected: 1 } });
    expect(job.result.errors).toEqual(['line 3, item_seq: two is not a number']);

    const noFile = await t.app.inject({
      method: 'POST', url: '/api/v1/imports', headers: { ...tracer, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="strict"\r\n\r\ntrue\r\n--${boundary}--\r\n`,
    });
    expect(noFile.statusCode).toBe(400);
    const noName = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...tracer, 'content-type': 'text/csv' }, payload: 'a,b\n1,2\n' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.message).toMatch(/name the file/);
  });

  it('refuses a plain retail sales file whole, with the reason in law', async () => {
    const tracer = await t.as('tina', ['tracer']);
    const res = await upload(tracer, 'book.csv', 'acquisition_date,acquired_from,disposition_date,disposed_to,serial\n2011-01-02,X,2011-02-03,Y,AB1\n');
    const job = await jobResult(tracer, (res.json() as { jobId: number }).jobId);
    expect(job.result).toMatchObject({ outcome: 'refused' });
    expect(String(job.result.message)).toMatch(/18 U\.S\.C\. 926\(a\)/);
    expect(String(job.result.message)).toMatch(/never stores background-check \(NICS\) data/);
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${String(job.result.batchId)}`, headers: tracer });
    expect(one.json().import).toMatchObject({ status: 'refused' });
  });

  it('needs the right role and a body', async () => {
    const requester = await t.as('rita', ['requester']);
    expect((await upload(requester, 'x.csv', 'a,b\n1,2\n')).statusCode).toBe(403);
    const tracer = await t.as('tina', ['tracer']);
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/imports?name=x.csv', headers: { ...tracer, 'content-type': 'text/csv' }, payload: '' });
    expect(empty.statusCode).toBe(400);
  });
});

describe('dealers filing single records', () => {
  const licence = dealerLicence(7);

  it('a dealer files a multiple-sale report under its own licence, once', async () => {
    const dealer = await t.as('dora', ['dealer'], 'AZ0070000', { dealerLicence: licence });
    const rows = [0, 1].map((i) => ({ ...multipleSaleRow(9000 + i, { itemsPerReport: 2 }), dealer_licence_number: licence }));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/multiple-sales', headers: dealer, payload: { rows } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ itemsAdded: 2, itemsAlreadyHeld: 0 });
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'target_id']).where('action', '=', 'multiple_sale.filed').execute();
    expect(audit).toEqual([{ action: 'multiple_sale.filed', target_id: String(res.json().reportId) }]);

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/multiple-sales', headers: dealer, payload: { rows } });
    expect(again.statusCode).toBe(409);

    const foreign = rows.map((r) => ({ ...r, report_id: 'MS-OTHER', dealer_licence_number: dealerLicence(8) }));
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/multiple-sales', headers: dealer, payload: { rows: foreign } });
    expect(refused.statusCode).toBe(403);

    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/multiple-sales', headers: dealer, payload: { rows: [{ ...rows[0], report_id: 'MS-BAD', buyer_dob: '1988-02-30' }] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details).toEqual([{ item: 1, field: 'buyer_dob', reason: '1988-02-30 is not a date (YYYY-MM-DD)' }]);

    const tracer = await t.as('tina', ['tracer']);
    const notDealer = await t.app.inject({ method: 'POST', url: '/api/v1/multiple-sales', headers: tracer, payload: { rows } });
    expect(notDealer.statusCode).toBe(403);
  });

  it('a dealer sends a tip; the subject and what was seen are kept as a person and attributes', async () => {
    const dealer = await t.as('dora', ['dealer'], 'AZ0070000', { dealerLicence: licence });
    const tip: Record<string, unknown> = { ...EXAMPLES.dealer_tips, licence_number: licence };
    delete tip.tip_id;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tips', headers: dealer, payload: tip });
    expect(res.statusCode, res.body).toBe(201);
    const held = await t.ctx.db.selectFrom('dealer_tips').selectAll().where('id', '=', res.json().tipId).executeTakeFirstOrThrow();
    expect(held).toMatchObject({ dealer_licence: licence, payment_method: 'cash', vehicle: 'white Chevrolet Silverado, plate BKR4410 (AZ)' });
    const attrs = await t.ctx.db.selectFrom('person_attributes').select(['kind', 'value_norm']).where('person_record_id', '=', held.person_record_id!).orderBy('kind').execute();
    expect(attrs).toEqual([
      { kind: 'companion', value_norm: 'OLDER MAN CHOSE THE RIFLES AND HANDED OVER THE CASH' },
      { kind: 'phone', value_norm: '+16025550187' },
      { kind: 'vehicle', value_norm: 'PLATE AZ BKR4410' },
    ]);
    const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('action', '=', 'tip.sent').execute();
    expect(audit).toHaveLength(1);
  });
});
