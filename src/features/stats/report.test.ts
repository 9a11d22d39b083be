import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { buildFigures } from './figures.js';
import { buildReport, DISCLAIMER, reportToCsv } from './report.js';
import type { DimensionRow, SummaryRow } from './stats.repository.js';

const summary: SummaryRow = {
  traces: 120, completed: 90, not_completed: 25, open: 5, urgent: 10, obliterated: 3, us_sourced: 80,
  ttc_known: 80, ttc_mean_days: 2000, ttc_median_days: 1500, first_on: '2023-01-02', last_on: '2023-12-30',
  urgent_completed: 8, urgent_within: 6, urgent_median_h: 20, urgent_p90_h: 30, urgent_overdue_open: 1, urgent_open: 2,
  routine_completed: 82, routine_within: 70, routine_median_h: 100, routine_p90_h: 200, routine_overdue_open: 1, routine_open: 3,
};
const blank: Omit<DimensionRow, 'dim' | 'n'> = {
  firearm_type: null, caliber: null, maker: null, ttc_bracket: null, dealer_state: null, rec_country: null, rec_state: null,
  rec_mx_state: null, rec_city: null, ncic_code: null, possessor_age: null, status: null, not_completed_reason: null, day: null,
};
const rows: DimensionRow[] = [
  { ...blank, dim: 'type', firearm_type: 'pistol', n: 100 },
  { ...blank, dim: 'type', firearm_type: 'rifle', n: 17 },
  { ...blank, dim: 'type', firearm_type: 'shotgun', n: 3 },
  { ...blank, dim: 'source', dealer_state: 'TX', n: 60 },
  { ...blank, dim: 'source', dealer_state: 'AZ', n: 18 },
  { ...blank, dim: 'source', dealer_state: 'GA', n: 2 },
  { ...blank, dim: 'source', dealer_state: null, n: 40 },
  ...[0, 1, 2, 3, 4, 5].map((b) => ({ ...blank, dim: 'ttc' as const, ttc_bracket: b, n: [20, 10, 4, 16, 10, 20][b]! })),
  { ...blank, dim: 'age', possessor_age: 17, n: 2 },
  { ...blank, dim: 'age', possessor_age: 25, n: 50 },
  { ...blank, dim: 'outcome', status: 'completed', n: 90 },
  { ...blank, dim: 'outcome', status: 'not_completed', not_completed_reason: 'invalid_markings', n: 21 },
  { ...blank, dim: 'outcome', status: 'not_completed', not_completed_reason: 'pre_1968', n: 4 },
];

const base = { kind: 'state' as const, place: { code: 'TX', name: 'Texas' }, year: 2023, scope: 'Traces recovered in Texas', generatedAt: new Date('2024-01-15T00:00:00Z') };

describe('the ATF-style report', () => {
  const figures = buildFigures(summary, rows);

  it('carries the disclaimer, the exact counts and their shares when not for release', () => {
    const r = buildReport({ ...base, figures, release: false, minCell: 5 });
    expect(r.title).toBe('Firearms Trace Data: Texas, 2023');
    expect(r.disclaimer).toBe(DISCLAIMER);
    expect(r.notes.join(' ')).toMatch(/NOT FOR RELEASE/);
    const src = r.sections.find((s) => s.id === 'source-states')!;
    expect(src.rows.map((x) => [x.label, x.display, x.percent])).toEqual([['Texas', '60', 75], ['Arizona', '18', 22.5], ['Georgia', '2', 2.5]]);
    const ttc = r.sections.find((s) => s.id === 'time-to-crime')!;
    expect(ttc.chart).toBe('histogram');
    expect(ttc.rows.map((x) => x.count)).toEqual([20, 10, 4, 16, 10, 20]);
    expect(r.headline.find((h) => h.label === 'Average time-to-crime')?.value).toBe('5.48 years');
  });

  it('hides small cells, and one more where the total would betray a lonely one, in a release', () => {
    const r = buildReport({ ...base, figures, release: true, minCell: 5 });
    const src = r.sections.find((s) => s.id === 'source-states')!;
    // Georgia (2) is small; with the total printed it would be 80 - 60 - 18, so Arizona is hidden too.
    expect(src.rows.map((x) => x.display)).toEqual(['60', '*', '<5']);
    expect(src.rows.map((x) => x.percent)).toEqual([75, null, null]);
    const types = r.sections.find((s) => s.id === 'types')!;
    expect(types.rows.map((x) => x.display)).toEqual(['100', '*', '<5']);
    const reasons = r.sections.find((s) => s.id === 'outcomes')!;
    expect(reasons.rows.map((x) => x.display)).toEqual(['*', '<5']);
    expect(r.notes.join(' ')).toMatch(/shown as "<5"/);
  });

  it('hides the averages of a handful of guns in a release', () => {
    const few = buildFigures({ ...summary, ttc_known: 3 }, rows.filter((x) => x.dim !== 'ttc').concat([{ ...blank, dim: 'ttc', ttc_bracket: 0, n: 3 }]));
    const r = buildReport({ ...base, figures: few, release: true, minCell: 5 });
    expect(r.headline.find((h) => h.label === 'Average time-to-crime')?.value).toBe('<5');
  });

  it('exports one CSV table that a spreadsheet reads back', () => {
    const r = buildReport({ ...base, figures, release: true, minCell: 5 });
    const table = parse(reportToCsv(r), { columns: true }) as Array<Record<string, string>>;
    expect(table.find((x) => x.section === 'disclaimer')?.label).toBe(DISCLAIMER);
    expect(table.filter((x) => x.section === 'source-states').map((x) => [x.label, x.count, x.percent])).toEqual([
      ['base: firearms with a US source', '80', ''],
      ['Texas', '60', '75.0'],
      ['Arizona', '*', ''],
      ['Georgia', '<5', ''],
    ]);
  });
});
