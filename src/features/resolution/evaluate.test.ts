import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { evaluateResolution, loadTruthPersons, pairwise, truthKey } from './evaluate.js';
import { insertRecords } from './fixtures.js';

describe('pairwise', () => {
  it('counts pairs within predicted and true persons', () => {
    // Truth: {1,2,3} {4}; predicted: {1,2} {3,4}. True pairs 3, predicted 2, correct 1.
    const f = pairwise([
      { predicted: 'a', truth: 'x' }, { predicted: 'a', truth: 'x' }, { predicted: 'b', truth: 'x' }, { predicted: 'b', truth: 'y' },
    ]);
    expect(f).toMatchObject({ truePairs: 3, predictedPairs: 2, truePositives: 1, precision: 0.5, recall: 0.333333 });
    expect(f.f1).toBeCloseTo(0.4, 6);
  });

  it('is perfect on singletons that are singletons', () => {
    expect(pairwise([{ predicted: 'a', truth: 'x' }, { predicted: 'b', truth: 'y' }])).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });

  it('keys items of one report and hops of one trace by their row', () => {
    expect(truthKey('multiple_sales', 'buyer', 'MS123/2')).toBe('multiple_sales|MS123');
    expect(truthKey('trace_results', 'buyer', 'TR9/4')).toBe('trace_results|TR9');
    expect(truthKey('trace_requests', 'associate', 'TR9#associate1')).toBe('trace_requests|associate|TR9#associate1');
  });
});

describe('evaluateResolution on the database', () => {
  let database: Database;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-er-truth-'));
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('maps records to true persons through the rows that carry them and scores the current persons', async () => {
    const db = database.db;
    const [b1, b2, tip] = await insertRecords(db, [
      { given_name: 'Ana', surname: 'Quintero', dob: '1990-03-12' },
      { given_name: 'Ana', surname: 'Quintero', dob: '1990-03-12' },
      { role: 'tip_subject', given_name: 'A.', surname: 'Quintero' },
    ]);
    for (const [ref, buyer] of [['MS1', b1], ['MS2', b2]] as const) {
      await db.insertInto('multiple_sale_reports').values({
        report_ref: ref, form: '3310.4', report_date: '2010-01-04', dealer_licence: '9-86-013-01-2A-00001', buyer_record_id: buyer, source_kind: 'test', source_ref: ref,
      }).execute();
    }
    await db.insertInto('dealer_tips').values({ tip_ref: 'TIP1', dealer_licence: '9-86-013-01-2A-00001', tip_date: '2010-01-05', narrative: 'paid cash for four rifles', person_record_id: tip, source_kind: 'test', source_ref: 'TIP1' }).execute();
    const lines = [
      { source: 'multiple_sales', key: 'MS1/1', role: 'buyer', person: 'P1' },
      { source: 'multiple_sales', key: 'MS1/2', role: 'buyer', person: 'P1' },
      { source: 'multiple_sales', key: 'MS2/1', role: 'buyer', person: 'P1' },
      { source: 'dealer_tips', key: 'TIP1', role: 'subject', person: 'P1' },
      { source: 'suspect_guns', key: 'E1', role: 'gun' },
    ];
    fs.writeFileSync(path.join(dir, 'truth-records.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'truth.json'), JSON.stringify({ scenario: 'test', records: { file: 'truth-records.ndjson' } }));
    const truth = await loadTruthPersons(path.join(dir, 'truth.json'));
    expect(truth.size).toBe(3);
    // Before any run each record is a person of its own: every true pair is missed.
    const e = await evaluateResolution(db, truth);
    expect(e).toMatchObject({ runId: null, records: 3, unmatched: 0, truePersons: 1, predictedPersons: 3, bySource: { 'multiple_sales:buyer': 2, 'dealer_tips:subject': 1 } });
    expect(e.pairwise).toMatchObject({ truePairs: 3, predictedPairs: 0, precision: 1, recall: 0 });
  });
});
