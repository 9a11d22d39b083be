import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { evaluateMatching, generateMatchSet, loadRegister, type EvalReport } from './match-eval.js';
import { ALERT_THRESHOLD } from './rank.js';

describe('register matching on a labelled set (600 true pairs, 5,000 near-miss decoys)', () => {
  let database: Database;
  let report: EvalReport;

  beforeAll(async () => {
    database = await createTestDatabase();
    const set = generateMatchSet(20240601, { truePairs: 600, decoys: 5000, distractors: 2000 });
    const ids = await loadRegister(database.db, set.entries);
    report = await evaluateMatching(database.db, set, ids, [ALERT_THRESHOLD, 0.8], ALERT_THRESHOLD);
  }, 600_000);
  afterAll(async () => database.close());

  it('generates a set of the promised size, deterministically', () => {
    expect(report.truePairs).toBe(600);
    expect(report.decoys).toBe(5000);
    const a = generateMatchSet(7, { truePairs: 50, decoys: 200, distractors: 20 });
    const b = generateMatchSet(7, { truePairs: 50, decoys: 200, distractors: 20 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('finds the entry of almost every true pair in the database search, and alerts on it', () => {
    // Floors set below the measured figures (see bench/tracing/match-quality.ts for the full table).
    expect(report.candidateRecall).toBeGreaterThanOrEqual(0.97);
    const atAlert = report.thresholds[0];
    expect(atAlert.recall).toBeGreaterThanOrEqual(0.95);
    expect(atAlert.precision).toBeGreaterThanOrEqual(0.93);
    expect(report.topRankShare).toBeGreaterThanOrEqual(0.95);
  });

  it('survives each kind of misreading that is not itself a change of serial', () => {
    for (const k of ['confusable', 'separators', 'maker_alias', 'importer_as_maker', 'maker_missing', 'clean']) {
      const r = report.recallByKind[k];
      expect(r, k).toBeDefined();
      expect(r.found / r.n, k).toBeGreaterThanOrEqual(0.96);
    }
    // Unknown positions are often combined with a second misreading in the set; one edit on top of wildcards is
    // the hardest case (see the report for the figures).
    for (const k of ['obliterated_observed', 'obliterated_entry']) {
      const r = report.recallByKind[k];
      expect(r.found / r.n, k).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('does not alert on a different maker with the same serial, nor on two characters apart', () => {
    for (const k of ['same_serial_other_maker', 'two_apart_same_maker', 'one_apart_other_maker']) {
      const d = report.falseAlertsByDecoy[k];
      expect(d.alerted / d.n, k).toBeLessThanOrEqual(0.02);
    }
  });
});
