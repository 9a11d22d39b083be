// Days as integers (days since 1970-01-01, UTC) and the dealer's business days, kept local and small: the
// simulator needs them millions of times. src/domain holds the rules the importer and detection use; a test in
// sales.test.ts checks this copy against ATF's worked examples.

export type Day = number;

const MS_PER_DAY = 86_400_000;

export function dayOf(iso: string): Day {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

// Days from 1900 to 2100 are formatted once; the hot path is an array read.
const ISO_FROM = Math.floor(Date.UTC(1900, 0, 1) / MS_PER_DAY);
const isoCache: (string | undefined)[] = new Array<string | undefined>(Math.floor(Date.UTC(2101, 0, 1) / MS_PER_DAY) - ISO_FROM);
export function isoOf(day: Day): string {
  const i = day - ISO_FROM;
  let s = isoCache[i];
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (i >= 0 && i < isoCache.length) isoCache[i] = s;
  }
  return s;
}

/** 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: Day): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

function nthWeekday(year: number, month: number, weekday: number, n: number): Day {
  const first = Math.floor(Date.UTC(year, month, 1) / MS_PER_DAY);
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  return first + offset + 7 * (n - 1);
}

function lastWeekday(year: number, month: number, weekday: number): Day {
  const last = Math.floor(Date.UTC(year, month + 1, 0) / MS_PER_DAY);
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

/** A fixed-date holiday falling on a weekend is observed on the Friday before or the Monday after. */
function observed(day: Day): Day {
  const w = weekdayOf(day);
  return w === 5 ? day - 1 : w === 6 ? day + 1 : day;
}

const holidayCache = new Map<number, ReadonlySet<Day>>();

/** US federal holidays (5 U.S.C. 6103) as observed, for one year. Juneteenth from 2021. */
export function federalHolidays(year: number): ReadonlySet<Day> {
  let set = holidayCache.get(year);
  if (set) return set;
  const fixed = (m: number, d: number) => observed(Math.floor(Date.UTC(year, m, d) / MS_PER_DAY));
  const days = [
    fixed(0, 1),
    nthWeekday(year, 0, 0, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 1, 0, 3), // Washington's Birthday
    lastWeekday(year, 4, 0), // Memorial Day
    fixed(6, 4),
    nthWeekday(year, 8, 0, 1), // Labor Day
    nthWeekday(year, 9, 0, 2), // Columbus Day
    fixed(10, 11),
    nthWeekday(year, 10, 3, 4), // Thanksgiving
    fixed(11, 25),
  ];
  if (year >= 2021) days.push(fixed(5, 19));
  // New Year's Day of the next year observed on Dec 31 belongs to this year.
  const nextNewYear = Math.floor(Date.UTC(year + 1, 0, 1) / MS_PER_DAY);
  if (weekdayOf(nextNewYear) === 5) days.push(nextNewYear - 1);
  set = new Set(days);
  holidayCache.set(year, set);
  return set;
}

// A flag per day from 1960 to 2060: the hot path (is the dealer open?) must not build a Date per call.
const FLAG_FROM = Math.floor(Date.UTC(1960, 0, 1) / MS_PER_DAY);
const FLAG_TO = Math.floor(Date.UTC(2061, 0, 1) / MS_PER_DAY);
let holidayFlags: Uint8Array | undefined;

function flags(): Uint8Array {
  if (!holidayFlags) {
    holidayFlags = new Uint8Array(FLAG_TO - FLAG_FROM);
    for (let y = 1960; y <= 2060; y++) {
      for (const d of federalHolidays(y)) if (d >= FLAG_FROM && d < FLAG_TO) holidayFlags[d - FLAG_FROM] = 1;
    }
  }
  return holidayFlags;
}

export function isFederalHoliday(day: Day): boolean {
  if (day >= FLAG_FROM && day < FLAG_TO) return flags()[day - FLAG_FROM] === 1;
  return federalHolidays(yearOf(day)).has(day) || federalHolidays(yearOf(day) + 1).has(day);
}

/** The part of a dealer the business-day rule needs. */
export interface Hours {
  /** Bit i set when open on weekday i (0 = Monday). */
  openMask: number;
  closedOnHolidays: boolean;
}

export function isOpen(h: Hours, day: Day): boolean {
  if ((h.openMask & (1 << weekdayOf(day))) === 0) return false;
  return !(h.closedOnHolidays && isFederalHoliday(day));
}

/** The first day on or after `day` the dealer is open. */
export function nextOpen(h: Hours, day: Day): Day {
  let d = day;
  for (let i = 0; i < 30 && !isOpen(h, d); i++) d++;
  return d;
}

/** Business days of the dealer from `from` to `to`, both included; counting stops once past `cap`. */
export function businessDaysBetween(h: Hours, from: Day, to: Day, cap = Infinity): number {
  let n = 0;
  for (let d = to; d >= from && n <= cap; d--) if (isOpen(h, d)) n++;
  return n;
}

/** Days after `day` until `n` more business days have passed (the first day past the five-day window when n = 5). */
export function addBusinessDays(h: Hours, day: Day, n: number): Day {
  let d = day;
  let left = n;
  while (left > 0) {
    d++;
    if (isOpen(h, d)) left--;
  }
  return d;
}

export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export function maskToDays(mask: number): string {
  return WEEKDAY_NAMES.filter((_, i) => (mask & (1 << i)) !== 0).join(',');
}

export function daysToMask(days: readonly string[]): number {
  let m = 0;
  for (const d of days) {
    const i = WEEKDAY_NAMES.indexOf(d as (typeof WEEKDAY_NAMES)[number]);
    if (i >= 0) m |= 1 << i;
  }
  return m;
}

/** One sale of a qualifying gun to the buyer at the dealer (handguns and rifles are grouped apart). */
export interface QualifyingSale<G> {
  day: Day;
  gun: G;
}

export interface MultipleSale<G> {
  /** The day the multiple sale happened (the report is due by close of business that day). */
  day: Day;
  guns: G[];
  /** The latest day of an earlier reported sale in the same five-business-day window. */
  earlierDay?: Day;
}

/**
 * The five-business-day rule (18 U.S.C. 923(g)(3)(A) and the 2011 rifle demand letter) for one buyer at one dealer:
 * a report is due on a day when the buyer has two or more qualifying guns within five consecutive business days of
 * the dealer ending that day; it lists the guns not yet reported and, when some in the window were, names the
 * earlier sale (ATF's worked example 3).
 */
export function multipleSales<G>(h: Hours, sales: readonly QualifyingSale<G>[]): MultipleSale<G>[] {
  if (sales.length < 2) return [];
  const sorted = [...sales].sort((x, y) => x.day - y.day);
  const reported = new Array<boolean>(sorted.length).fill(false);
  const out: MultipleSale<G>[] = [];
  let i = 0;
  while (i < sorted.length) {
    const day = sorted[i].day;
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1].day === day) end++;
    let start = i;
    while (start > 0 && businessDaysBetween(h, sorted[start - 1].day, day, 5) <= 5) start--;
    if (end - start + 1 >= 2) {
      const guns: G[] = [];
      let earlierDay: Day | undefined;
      for (let j = start; j <= end; j++) {
        if (reported[j]) earlierDay = earlierDay === undefined ? sorted[j].day : Math.max(earlierDay, sorted[j].day);
        else {
          guns.push(sorted[j].gun);
          reported[j] = true;
        }
      }
      if (guns.length > 0) out.push({ day, guns, ...(earlierDay !== undefined ? { earlierDay } : {}) });
    }
    i = end + 1;
  }
  return out;
}
