import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { runDetection, type RunOptions } from './detect.service.js';
import { AK, Fixture, GLOCK, RUGER_LCR } from './fixtures.js';
import { ScoreWriter } from './score-writer.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  // A small world: a straw buyer across three dealers, a partner at the same address, two occasional buyers.
  const f = new Fixture(database.db);
  const d1 = await f.dealer({ state: 'AZ' });
  const d2 = await f.dealer({ state: 'AZ' });
  const d3 = await f.dealer({ state: 'AZ' });
  const straw = await f.person({ given: 'Ana', surname: 'Ortega', dob: '1991-02-03', street: '9 Pine St', postcode: '85002' });
  await f.report({ dealer: d1, buyer: straw, date: '2010-01-04', cash: true, guns: [AK, AK, AK, AK, AK] });
  await f.report({ dealer: d2, buyer: straw, date: '2010-01-07', cash: true, guns: [AK, AK, AK, AK] });
  await f.report({ dealer: d3, buyer: straw, date: '2010-01-12', cash: true, guns: [AK, AK, AK, AK, AK, AK] });
  const partner = await f.person({ given: 'Luis', surname: 'Ortega', dob: '1993-04-05', street: '9 Pine St', postcode: '85002' });
  await f.report({ dealer: d1, buyer: partner, date: '2010-03-01', cash: true, guns: [AK, AK] });
  const other = await f.person({ given: 'Carol', surname: 'White', dob: '1970-06-07' });
  await f.report({ dealer: d2, buyer: other, date: '2010-02-01', guns: [GLOCK, RUGER_LCR] });
  await f.trace({ dealer: d1, buyer: other, saleDate: '2009-01-10', gun: GLOCK, recoveredOn: '2010-01-20', completedOn: '2010-01-25' });
});
afterAll(async () => {
  await database.close();
});

/** What a run decided, without run ids: compared between the one- and two-connection runs. */
async function decided() {
  const people = await sql<{ subject_id: number; score: number; flagged: boolean; flagged_on: string | null; display_name: string | null; reasons: unknown; features: unknown }>`
    SELECT subject_id, score, flagged, flagged_on, display_name, reasons, features FROM person_risk_scores WHERE current ORDER BY subject_id`.execute(database.db);
  const dealers = await sql<{ dealer_id: number; score: number; features: unknown }>`
    SELECT dealer_id, score, features FROM dealer_risk_scores WHERE current ORDER BY dealer_id`.execute(database.db);
  const currentPerSubject = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (SELECT subject_id FROM person_risk_scores WHERE current GROUP BY subject_id HAVING count(*) > 1) x`.execute(database.db);
  return { people: people.rows, dealers: dealers.rows, duplicated: currentPerSubject.rows[0].n };
}

const full = (o: Partial<RunOptions> = {}): RunOptions => ({ mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR, alerts: false, ...o });

describe('a full run on two connections', () => {
  it.skipIf(process.env.TEST_DATABASE_URL === undefined)('decides exactly what the one-connection run decides (PostgreSQL)', async () => {
    const one = await runDetection(database.db, full());
    const a = await decided();
    const two = await runDetection(database.db, full({ concurrentReads: true }));
    const b = await decided();
    expect(a.people.length).toBeGreaterThanOrEqual(3);
    expect(a.people.some((p) => p.flagged)).toBe(true);
    expect(b).toEqual(a);
    expect(two.scoresStored).toBe(one.scoresStored);
    expect(two.flagged).toBe(one.flagged);
    expect(two.timingsMs).toHaveProperty('features');
  });

  it.skipIf(process.env.TEST_DATABASE_URL === undefined)('runs one at a time: two started together both complete, leaving one current score per person', async () => {
    const [x, y] = await Promise.all([runDetection(database.db, full({ concurrentReads: true })), runDetection(database.db, full())]);
    expect(x.scoresStored).toBe(y.scoresStored);
    const d = await decided();
    expect(d.duplicated).toBe(0);
    const runs = await database.db.selectFrom('detection_runs').select('status').where('id', 'in', [x.runId, y.runId]).execute();
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
  });
});

describe('after a failed run', () => {
  it('an incremental run rescores everyone, since a failed run may have committed new subjects', async () => {
    await runDetection(database.db, full());
    const dealersBefore = await database.db.selectFrom('dealer_risk_scores').select(['dealer_id', 'run_id']).where('current', '=', true).orderBy('dealer_id').execute();
    const quiet = await runDetection(database.db, { mode: 'incremental', trigger: 'test', actor: SYSTEM_ACTOR });
    expect(quiet.scoped).toBe(true);
    expect(quiet.subjectsScored).toBe(0);
    // Nothing new: the dealers' current scores stand rather than being recomputed.
    expect(quiet.dealersScored).toBe(0);
    expect(await database.db.selectFrom('dealer_risk_scores').select(['dealer_id', 'run_id']).where('current', '=', true).orderBy('dealer_id').execute()).toEqual(dealersBefore);
    expect(dealersBefore.length).toBeGreaterThan(0);
    await database.db.insertInto('detection_runs').values({ mode: 'full', trigger: 'test', status: 'failed', error: 'killed' }).execute();
    const after = await runDetection(database.db, { mode: 'incremental', trigger: 'test', actor: SYSTEM_ACTOR });
    expect(after.scoped).toBe(false);
    expect(after.subjectsScored).toBeGreaterThanOrEqual(3);
    const next = await runDetection(database.db, { mode: 'incremental', trigger: 'test', actor: SYSTEM_ACTOR });
    expect(next.scoped).toBe(true);
  });
});

describe('ScoreWriter', () => {
  const row = (subject: number) => ({
    subject_id: subject, score: 5, level: 'low' as const, flagged: false, flagged_on: null, first_seen_on: null, last_seen_on: null,
    guns_known: 0, guns_before_flag: null, reasons: [], features: {},
  });

  it('stores every row added, across chunks, by the time finish returns', async () => {
    await database.db.transaction().execute(async (tx) => {
      const run = await tx.insertInto('detection_runs').values({ mode: 'full', trigger: 'test' }).returning('id').executeTakeFirstOrThrow();
      const w = new ScoreWriter(tx, run.id, 3);
      for (let s = 1; s <= 10; s++) w.add(row(900_000 + s));
      await w.finish();
      expect(w.count).toBe(10);
      const n = await tx.selectFrom('person_risk_scores').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', run.id).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(10);
      throw new Rollback();
    }).catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  });

  it('reports a failed insert from finish (and from add once it is known)', async () => {
    await expect(database.db.transaction().execute(async (tx) => {
      const run = await tx.insertInto('detection_runs').values({ mode: 'full', trigger: 'test' }).returning('id').executeTakeFirstOrThrow();
      const w = new ScoreWriter(tx, run.id, 2);
      w.add(row(1));
      w.add(row(1)); // the same subject twice in one run: the primary key refuses the chunk
      await w.finish();
    })).rejects.toThrow(/duplicate key|unique/);
  });
});

class Rollback extends Error {}
