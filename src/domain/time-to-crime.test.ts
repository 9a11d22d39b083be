import { describe, expect, it } from 'vitest';
import {
  bracketCounts, isShortTtc, isUnderOneYear, mean, meanTtcYears, median, ttcBracket, ttcBracketForDays, ttcDays,
} from './time-to-crime.js';

describe('ttcDays', () => {
  it.each([
    ['2010-01-16', '2010-12-14', 332], // DOMAIN.md: about 11 months
    ['2009-12-24', '2010-01-13', 20], // recovered about 20 days later
    ['2024-01-01', '2024-01-01', 0],
    ['2024-02-28', '2024-03-01', 2],
  ])('%s -> %s = %i days', (sale, rec, days) => {
    expect(ttcDays(sale, rec)).toEqual({ ok: true, value: days });
  });

  it('refuses a recovery before the sale', () => {
    expect(ttcDays('2024-01-02', '2024-01-01').ok).toBe(false);
  });
});

describe('ttcBracket', () => {
  it.each([
    ['2024-01-15', '2024-01-15', 'under_3_months'],
    ['2024-01-15', '2024-04-14', 'under_3_months'],
    ['2024-01-15', '2024-04-15', '3_to_under_7_months'],
    ['2024-01-15', '2024-08-14', '3_to_under_7_months'],
    ['2024-01-15', '2024-08-15', '7_months_to_under_1_year'],
    ['2024-01-15', '2025-01-14', '7_months_to_under_1_year'],
    ['2024-01-15', '2025-01-15', '1_to_under_2_years'],
    ['2024-01-15', '2026-01-15', '2_to_under_3_years'],
    ['2024-01-15', '2027-01-14', '2_to_under_3_years'],
    ['2024-01-15', '2027-01-15', '3_years_or_more'],
    ['2000-01-01', '2024-01-01', '3_years_or_more'],
    ['2023-11-30', '2024-02-29', '3_to_under_7_months'], // 30 Nov + 3 months = 29 Feb (clamped)
    ['2024-02-29', '2025-02-28', '1_to_under_2_years'], // leap-day sale: one year later is 28 Feb
    ['2010-01-16', '2010-12-14', '7_months_to_under_1_year'],
  ])('%s -> %s: %s', (sale, rec, bracket) => {
    expect(ttcBracket(sale, rec)).toEqual({ ok: true, value: bracket });
  });

  it.each([
    [0, 'under_3_months'], [91, 'under_3_months'], [92, '3_to_under_7_months'], [300, '7_months_to_under_1_year'],
    [365, '7_months_to_under_1_year'], [366, '1_to_under_2_years'], [800, '2_to_under_3_years'],
    [1096, '3_years_or_more'], [3833, '3_years_or_more'],
  ])('ttcBracketForDays(%i) = %s', (days, bracket) => {
    expect(ttcBracketForDays(days)).toEqual({ ok: true, value: bracket });
  });

  it('refuses negative day counts', () => {
    expect(ttcBracketForDays(-1).ok).toBe(false);
  });
});

describe('indicators', () => {
  it.each([
    ['2020-03-01', '2023-03-01', true],
    ['2020-03-01', '2023-03-02', false],
    ['2020-03-01', '2020-03-01', true],
    ['2020-03-01', '2019-03-01', false],
  ])('isShortTtc(%s, %s) = %s', (sale, rec, short) => {
    expect(isShortTtc(sale, rec)).toBe(short);
  });

  it.each([
    ['2020-03-01', '2021-02-28', true],
    ['2020-03-01', '2021-03-01', false],
  ])('isUnderOneYear(%s, %s) = %s', (sale, rec, under) => {
    expect(isUnderOneYear(sale, rec)).toBe(under);
  });
});

describe('statistics helpers', () => {
  it.each([
    [[], null, null],
    [[5], 5, 5],
    [[1, 2, 3, 10], 4, 2.5],
    [[10, 1, 3], 14 / 3, 3],
  ])('mean and median of %j', (xs, m, med) => {
    expect(mean(xs)).toBe(m);
    expect(median(xs)).toBe(med);
  });

  it('mean in years', () => {
    expect(meanTtcYears([365.25, 730.5])).toBeCloseTo(1.5, 10);
    expect(meanTtcYears([])).toBeNull();
  });

  it('counts brackets, zero included', () => {
    const c = bracketCounts(['under_3_months', 'under_3_months', '3_years_or_more']);
    expect(c).toEqual({
      under_3_months: 2, '3_to_under_7_months': 0, '7_months_to_under_1_year': 0, '1_to_under_2_years': 0,
      '2_to_under_3_years': 0, '3_years_or_more': 1,
    });
  });
});
