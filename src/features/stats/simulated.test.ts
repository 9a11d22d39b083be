/**
 * The figures of a world written by the simulator and loaded through the real importer, against counts made here
 * from the simulator's own files with a CSV parser and plain TypeScript: no SQL, no importer code, no stats code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { simulate } from '../../simulate/simulate.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { importFile } from '../ingest/importer.js';
import { createStatsService, type StatsService } from './stats.service.js';
import { bracketOf } from './testing/expected.js';
import type { StatsScopeInput } from './scope.js';

type Row = Record<string, string>;
let database: Database;
let svc: StatsService;
let dir: string;
let requests: Row[];
let results: Row[];
let dealerState: Map<string, string>;

const read = (file: string): Row[] => parse(fs.readFileSync(path.join(dir, file)), { columns: true, skip_empty_lines: true }) as Row[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-sim-'));
  const sim = await simulate({ scenario: 'border-baseline', seed: 11, scale: 0.01, outDir: dir });
  database = await createTestDatabase();
  // Theft reports before the requests: the simulator's results assume the tracing center holds them, and a gun
  // stolen from a dealer's stock is answered from the dealer's report at submission (its result names the dealer
  // but no sale, which alone would leave the trace open).
  for (const kind of ['dealers', 'theft_reports', 'trace_requests', 'trace_results'] as const) {
    const s = await importFile(database, { path: sim.files[kind].path, kind, actor: SYSTEM_ACTOR, agencyId: null, source: 'cli', rejectsDir: null });
    // Every row of the simulator's files is valid: the counts below assume all of them are in.
    expect(s.counts.rowsRejected).toBe(0);
  }
  svc = createStatsService(database.db);
  requests = read('trace_requests.csv');
  results = read('trace_results.csv');
  dealerState = new Map(read('dealers.csv').map((d) => [d.licence_number!, d.state!]));
}, 900_000);

afterAll(async () => {
  await database?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Truth {
  traces: number;
  places: Map<string, number>;
  types: Map<string, number>;
  crime: Map<string, number>;
  years: Map<string, number>;
  notCompleted: number;
  reasons: Map<string, number>;
  completed: number;
  sourceStates: Map<string, number>;
  ttc: number[];
}

const inc = (m: Map<string, number>, k: string): void => {
  m.set(k, (m.get(k) ?? 0) + 1);
};

function truthFor(keep: (r: Row) => boolean): Truth {
  const byRequest = new Map<string, Row[]>();
  for (const r of results) byRequest.set(r.request_id!, [...(byRequest.get(r.request_id!) ?? []), r]);
  const t: Truth = {
    traces: 0, places: new Map(), types: new Map(), crime: new Map(), years: new Map(), notCompleted: 0, reasons: new Map(),
    completed: 0, sourceStates: new Map(), ttc: [0, 0, 0, 0, 0, 0],
  };
  for (const r of requests) {
    if (!keep(r)) continue;
    t.traces++;
    inc(t.places, r.recovery_mx_state ? `MX-${r.recovery_mx_state}` : `US-${r.recovery_state}`);
    inc(t.types, r.type!);
    inc(t.crime, r.ncic_code!);
    inc(t.years, r.recovery_date!.slice(0, 4));
    const hops = byRequest.get(r.request_id!) ?? [];
    const reason = hops.find((h) => h.not_completed_reason)?.not_completed_reason;
    const retail = hops.find((h) => h.role === 'retailer');
    if (reason) {
      t.notCompleted++;
      inc(t.reasons, reason);
    } else if (retail) {
      t.completed++;
      inc(t.sourceStates, dealerState.get(retail.licence_number!)!);
      if (retail.sale_date) {
        const b = bracketOf(retail.sale_date, r.recovery_date!);
        if (b !== null) t.ttc[b]!++;
      }
    }
  }
  return t;
}

const asMap = (rows: Array<{ key: string; count: number }>): Map<string, number> => new Map(rows.map((r) => [r.key, r.count]));
const years = (rows: Array<{ key: string; count: number }>): Map<string, number> => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.key.slice(0, 4), (m.get(r.key.slice(0, 4)) ?? 0) + r.count);
  return m;
};

describe('statistics of a simulated world equal counts from its files', () => {
  const scopes: Array<[string, StatsScopeInput, (r: Row) => boolean]> = [
    ['national', {}, () => true],
    ['Texas, 2019', { state: 'TX', from: '2019-01-01', to: '2019-12-31' }, (r) => r.recovery_state === 'TX' && r.recovery_country === 'US' && r.recovery_date!.startsWith('2019')],
    ['Mexico', { country: 'MX' }, (r) => r.recovery_country === 'MX'],
    ['Tamaulipas, 2017 to 2020', { mxState: 'TAM', from: '2017-01-01', to: '2020-12-31' }, (r) => r.recovery_mx_state === 'TAM' && r.recovery_date! >= '2017' && r.recovery_date! < '2021'],
  ];
  it('the world has traces in every scope tested', () => {
    for (const [, , keep] of scopes) expect(truthFor(keep).traces).toBeGreaterThan(5);
  });
  it.each(scopes)('%s', async (_name, input, keep) => {
    const e = truthFor(keep);
    const f = (await svc.stats({ actor: SYSTEM_ACTOR }, input, { top: 1000 })).figures;
    expect(f.totals.traces).toBe(e.traces);
    expect(asMap(f.recoveryPlaces)).toEqual(e.places);
    expect(asMap(f.byType)).toEqual(e.types);
    expect(asMap(f.crimeCodes)).toEqual(e.crime);
    expect(years(f.byMonth)).toEqual(e.years);
    expect(f.totals.notCompleted).toBe(e.notCompleted);
    // The importer writes the file's reasons in the domain's vocabulary (pre_1968 becomes made_before_1968_no_serial):
    // the counts per reason must agree whatever the names.
    const counts = (m: Map<string, number>): number[] => [...m.values()].sort((a, b) => a - b);
    expect(counts(asMap(f.completion.reasons))).toEqual(counts(e.reasons));
    expect(f.totals.completed).toBe(e.completed);
    expect(asMap(f.sourceStates)).toEqual(e.sourceStates);
    expect(f.timeToCrime.brackets.map((b) => b.count)).toEqual(e.ttc);
    expect(f.timeToCrime.known).toBe(e.ttc.reduce((a, b) => a + b, 0));
  });
});
