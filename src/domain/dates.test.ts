import { describe, expect, it } from 'vitest';
import {
  addDays, addMonths, ageAt, daysBetween, expandTwoDigitYear, fromDayNumber, parseDate, toDayNumber, weekday,
} from './dates.js';

describe('parseDate accepts the known formats', () => {
  it.each([
    ['2024-03-05', {}, '2024-03-05'],
    ['2024/3/5', {}, '2024-03-05'],
    ['20240305', {}, '2024-03-05'],
    ['03/05/2024', {}, '2024-03-05'],
    ['3/5/2024', {}, '2024-03-05'],
    ['3-5-2024', {}, '2024-03-05'],
    ['3/5/24', {}, '2024-03-05'],
    ['12/31/29', {}, '2029-12-31'],
    ['1/1/30', {}, '1930-01-01'],
    ['7/4/76', {}, '1976-07-04'],
    ['7/4/45', { referenceYear: 2025 }, '1945-07-04'],
    ['7/4/25', { referenceYear: 2025 }, '2025-07-04'],
    ['7/4/26', { referenceYear: 2025 }, '1926-07-04'],
    ['05/03/2024', { order: 'DMY' as const }, '2024-03-05'],
    ['31/12/2010', { order: 'DMY' as const }, '2010-12-31'],
    ['  2010-12-31  ', {}, '2010-12-31'],
    ['2010-12-31T23:59:00Z', {}, '2010-12-31'],
    ['2024-02-29', {}, '2024-02-29'],
    ['2000-02-29', {}, '2000-02-29'],
    ['02/29/2000', {}, '2000-02-29'],
  ])('%s %o -> %s', (raw, opts, expected) => {
    expect(parseDate(raw, opts)).toEqual({ ok: true, value: expected });
  });
});

describe('parseDate rejects impossible or unknown input with a reason', () => {
  it.each([
    ['1988-02-30', /February 1988 has 29 days/],
    ['2023-02-29', /February 2023 has 28 days/],
    ['1900-02-29', /February 1900 has 28 days/],
    ['2024-04-31', /April 2024 has 30 days/],
    ['2024-13-01', /month 13/],
    ['2024-00-10', /month 0/],
    ['2024-01-00', /not a real date/],
    ['', /empty/],
    ['yesterday', /not a date in a known format/],
    ['0202-01-01', /outside/],
    ['31/12/2010', /order DMY/],
    ['2024-1-1-1', /not a date/],
  ])('%s', (raw, reason) => {
    const r = parseDate(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2024-01-01', '2024-01-01', 0],
    ['2024-01-01', '2024-12-31', 365],
    ['2023-01-01', '2023-12-31', 364],
    ['2024-03-10', '2024-03-11', 1], // US DST change: no drift
    ['2024-11-03', '2024-11-04', 1],
    ['2010-01-16', '2010-12-14', 332],
    ['2024-12-31', '2024-01-01', -365],
  ])('daysBetween(%s, %s) = %i', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
  ])('addDays(%s, %i) = %s', (d, n, e) => {
    expect(addDays(d, n)).toBe(e);
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-11-15', 3, '2025-02-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
  ])('addMonths(%s, %i) = %s', (d, n, e) => {
    expect(addMonths(d, n)).toBe(e);
  });

  it.each([
    ['1970-01-01', 4],
    ['2024-06-03', 1],
    ['2024-06-08', 6],
    ['2024-06-09', 0],
    ['1969-12-31', 3],
  ])('weekday(%s) = %i', (d, w) => {
    expect(weekday(d)).toBe(w);
  });

  it.each([
    ['1990-06-15', '2024-06-14', 33],
    ['1990-06-15', '2024-06-15', 34],
    ['2000-02-29', '2021-02-28', 20],
    ['2000-02-29', '2021-03-01', 21],
    ['2000-02-29', '2024-02-29', 24],
  ])('ageAt(%s, %s) = %i', (b, at, age) => {
    expect(ageAt(b, at)).toEqual({ ok: true, value: age });
  });

  it('ageAt refuses a date before birth', () => {
    expect(ageAt('2000-01-02', '2000-01-01').ok).toBe(false);
  });

  it('day numbers round-trip', () => {
    for (const d of ['1800-01-01', '1969-12-31', '2000-02-29', '2199-12-31']) {
      expect(fromDayNumber(toDayNumber(d))).toBe(d);
    }
  });

  it.each([
    [0, 2029, 2000], [29, 2029, 2029], [30, 2029, 1930], [99, 2029, 1999], [5, 2005, 2005], [6, 2005, 1906],
  ])('expandTwoDigitYear(%i, %i) = %i', (yy, ref, y) => {
    expect(expandTwoDigitYear(yy, ref)).toBe(y);
  });
});
