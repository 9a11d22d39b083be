/**
 * Calendar dates as ISO strings (YYYY-MM-DD) and day numbers (days since 1970-01-01, UTC).
 *
 * Everything here is calendar arithmetic in UTC: a sale date or a recovery date is a day, not an instant, so no time
 * zone may shift it. Parsing never throws; it returns a reason that names what was wrong.
 */
import { err, ok, type Result } from './result.js';

/** A calendar date written YYYY-MM-DD. */
export type IsoDate = string;

export type DateOrder = 'MDY' | 'DMY';

export interface ParseDateOptions {
  /**
   * How to read NN/NN/YYYY. US forms write month first, so 'MDY' is the default; 'DMY' (Mexican and most other
   * sources) must be asked for explicitly, because 03/04/2020 is ambiguous and guessing would silently swap months.
   */
  order?: DateOrder;
  /**
   * Century rule for two-digit years: a year YY is placed in the 100-year window that ends at `referenceYear`
   * (YY <= referenceYear % 100 -> same century as referenceYear, else the century before). Pass the current year
   * for dates in the past such as births (so '45' is 1945 and '24' is 2024 when the reference is 2025).
   * Default 2029, i.e. the window 1930..2029, so that parsing stays pure and repeatable.
   */
  referenceYear?: number;
  /** Earliest and latest acceptable years; defaults 1800 and 2199 catch typos like 0202 or 20244. */
  minYear?: number;
  maxYear?: number;
}

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Checks a year, month and day and gives the ISO date or a reason. */
export function makeDate(
  year: number,
  month: number,
  day: number,
  opts: Pick<ParseDateOptions, 'minYear' | 'maxYear'> = {},
): Result<IsoDate> {
  const minYear = opts.minYear ?? 1800;
  const maxYear = opts.maxYear ?? 2199;
  if (!Number.isInteger(year) || year < minYear || year > maxYear) {
    return err(`year ${year} is outside ${minYear}..${maxYear}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) return err(`month ${month} does not exist`);
  const dim = daysInMonth(year, month);
  if (!Number.isInteger(day) || day < 1 || day > dim) {
    return err(
      `${formatIsoDate(year, month, Math.max(0, day))} is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${dim} days`,
    );
  }
  return ok(formatIsoDate(year, month, day));
}

/** Expands a two-digit year by the documented window rule (see ParseDateOptions.referenceYear). */
export function expandTwoDigitYear(yy: number, referenceYear = 2029): number {
  const century = Math.floor(referenceYear / 100) * 100;
  return yy <= referenceYear % 100 ? century + yy : century - 100 + yy;
}

/**
 * Parses YYYY-MM-DD (also with / or .), YYYYMMDD, MM/DD/YYYY, M/D/YY (also with - or .), and DD/MM/YYYY only with
 * `order: 'DMY'`. Surrounding spaces are ignored; a time part after the date (ISO 'T' or a space) is ignored too.
 */
export function parseDate(raw: string, opts: ParseDateOptions = {}): Result<IsoDate> {
  const s = raw.trim().replace(/[T ].*$/, '');
  if (s === '') return err('date is empty');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]), opts);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]), opts);
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})$/.exec(s);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    const year = m[4].length === 2 ? expandTwoDigitYear(Number(m[4]), opts.referenceYear) : Number(m[4]);
    const [month, day] = (opts.order ?? 'MDY') === 'MDY' ? [first, second] : [second, first];
    if (month > 12 && day <= 12 && (opts.order ?? 'MDY') === 'MDY') {
      return err(`"${raw.trim()}" has month ${month}; if it is day-first, parse it with order DMY`);
    }
    return makeDate(year, month, day, opts);
  }
  return err(`"${raw.trim()}" is not a date in a known format (YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY, M/D/YY)`);
}

/** Days since 1970-01-01 for a valid ISO date. Callers pass dates that came out of parseDate or makeDate. */
export function toDayNumber(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.round(Date.UTC(y, mo - 1, d) / 86_400_000);
}

export function fromDayNumber(n: number): IsoDate {
  const dt = new Date(n * 86_400_000);
  return formatIsoDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** b - a in whole days (negative when b is before a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Adds calendar months; a day past the end of the target month is clamped (Jan 31 + 1 month = Feb 28 or 29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const total = y * 12 + (mo - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return formatIsoDate(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** 0 = Sunday ... 6 = Saturday, like Date.getUTCDay. */
export function weekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/**
 * Completed years of age on `at`. Someone born on 29 February turns a year older on 1 March in common years
 * (the day after 28 February), the usual legal reading.
 */
export function ageAt(birth: IsoDate, at: IsoDate): Result<number> {
  if (at < birth) return err(`date ${at} is before birth ${birth}`);
  const by = Number(birth.slice(0, 4));
  const bm = Number(birth.slice(5, 7));
  const bd = Number(birth.slice(8, 10));
  const ay = Number(at.slice(0, 4));
  const am = Number(at.slice(5, 7));
  const ad = Number(at.slice(8, 10));
  let age = ay - by;
  if (am < bm || (am === bm && ad < bd)) age -= 1;
  return ok(age);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
