/**
 * Time-to-crime (TTC): days from the first retail sale to the recovery, ATF's brackets, and the "short TTC"
 * trafficking indicator. Brackets are calendar months and years counted from the sale date (a sale on 31 January
 * is 1 month old on 28/29 February), which is how a person reads "under 3 months".
 */
import { addMonths, daysBetween, type IsoDate } from './dates.js';
import { err, ok, type Result } from './result.js';

export const TTC_BRACKETS = [
  'under_3_months',
  '3_to_under_7_months',
  '7_months_to_under_1_year',
  '1_to_under_2_years',
  '2_to_under_3_years',
  '3_years_or_more',
] as const;
export type TtcBracket = (typeof TTC_BRACKETS)[number];

export const TTC_BRACKET_LABELS: Readonly<Record<TtcBracket, string>> = {
  under_3_months: 'Under 3 months',
  '3_to_under_7_months': '3 to under 7 months',
  '7_months_to_under_1_year': '7 months to under 1 year',
  '1_to_under_2_years': '1 to under 2 years',
  '2_to_under_3_years': '2 to under 3 years',
  '3_years_or_more': '3 years or more',
};

/** Days from sale to recovery; a recovery before the sale is a data error, reported as such. */
export function ttcDays(saleDate: IsoDate, recoveryDate: IsoDate): Result<number> {
  const days = daysBetween(saleDate, recoveryDate);
  if (days < 0) return err(`recovery ${recoveryDate} is before the sale ${saleDate}`);
  return ok(days);
}

const UPPER_MONTHS: readonly (readonly [number, TtcBracket])[] = [
  [3, 'under_3_months'],
  [7, '3_to_under_7_months'],
  [12, '7_months_to_under_1_year'],
  [24, '1_to_under_2_years'],
  [36, '2_to_under_3_years'],
];

export function ttcBracket(saleDate: IsoDate, recoveryDate: IsoDate): Result<TtcBracket> {
  if (recoveryDate < saleDate) return err(`recovery ${recoveryDate} is before the sale ${saleDate}`);
  for (const [months, bracket] of UPPER_MONTHS) {
    if (recoveryDate < addMonths(saleDate, months)) return ok(bracket);
  }
  return ok('3_years_or_more');
}

/**
 * Bracket from a day count alone, for data that has lost its dates: months of 365.25 / 12 days. May differ from
 * ttcBracket by a day at a boundary; prefer ttcBracket whenever both dates are known.
 */
export function ttcBracketForDays(days: number): Result<TtcBracket> {
  if (!Number.isFinite(days) || days < 0) return err(`time-to-crime ${days} days is not a valid duration`);
  const months = days / (365.25 / 12);
  for (const [upper, bracket] of UPPER_MONTHS) if (months < upper) return ok(bracket);
  return ok('3_years_or_more');
}

/**
 * DOMAIN.md: a TTC of 3 years or less is "short". The recovery on the third anniversary itself is short here, although
 * ATF's bracket table puts it in "3 years or more": the two definitions are ATF's own and disagree only on that day.
 */
export function isShortTtc(saleDate: IsoDate, recoveryDate: IsoDate): boolean {
  return recoveryDate >= saleDate && recoveryDate <= addMonths(saleDate, 36);
}

/** Under one year: the stronger indicator (DOMAIN.md: "especially under 1 year"). */
export function isUnderOneYear(saleDate: IsoDate, recoveryDate: IsoDate): boolean {
  return recoveryDate >= saleDate && recoveryDate < addMonths(saleDate, 12);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function bracketCounts(brackets: readonly TtcBracket[]): Record<TtcBracket, number> {
  const counts = Object.fromEntries(TTC_BRACKETS.map((b) => [b, 0])) as Record<TtcBracket, number>;
  for (const b of brackets) counts[b]++;
  return counts;
}

/** Mean TTC in years (365.25-day years), as ATF publishes it. */
export function meanTtcYears(days: readonly number[]): number | null {
  const m = mean(days);
  return m === null ? null : m / 365.25;
}
