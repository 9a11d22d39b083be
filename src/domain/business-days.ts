/**
 * A dealer's business days: the weekdays it is open, minus the US federal holidays on which it closes, minus any
 * other dates it was closed. Multiple-sale rules count in these days (DOMAIN.md: "Business days are the dealer's
 * own; federal holidays on which it is closed do not count").
 *
 * Federal holidays come from the date-holidays package (type 'public' in its US calendar: the 11 days of
 * 5 U.S.C. 6103, with their observed Friday/Monday substitutes). The package gives no observed day for Veterans
 * Day on a weekend, which 5 U.S.C. 6103(b) does give; it is added here.
 */
import Holidays from 'date-holidays';
import { addDays, fromDayNumber, toDayNumber, weekday, type IsoDate } from './dates.js';

export const FEDERAL_HOLIDAYS = [
  'new_year', 'mlk', 'washington', 'memorial', 'juneteenth', 'independence', 'labor', 'columbus', 'veterans',
  'thanksgiving', 'christmas',
] as const;
export type FederalHoliday = (typeof FEDERAL_HOLIDAYS)[number];

const NAME_TO_KEY: Readonly<Record<string, FederalHoliday>> = {
  "New Year's Day": 'new_year',
  'Martin Luther King Jr. Day': 'mlk',
  "Washington's Birthday": 'washington',
  'Memorial Day': 'memorial',
  Juneteenth: 'juneteenth',
  'Independence Day': 'independence',
  'Labor Day': 'labor',
  'Columbus Day': 'columbus',
  'Veterans Day': 'veterans',
  'Thanksgiving Day': 'thanksgiving',
  'Christmas Day': 'christmas',
};

export interface HolidayDay {
  readonly date: IsoDate;
  readonly holiday: FederalHoliday;
  /** True for the weekday on which a weekend holiday is observed. */
  readonly observed: boolean;
}

const hd = new Holidays('US');
const yearCache = new Map<number, Map<IsoDate, HolidayDay[]>>();

function holidaysOfYear(year: number): Map<IsoDate, HolidayDay[]> {
  const cached = yearCache.get(year);
  if (cached) return cached;
  const byDate = new Map<IsoDate, HolidayDay[]>();
  const add = (day: HolidayDay): void => {
    byDate.set(day.date, [...(byDate.get(day.date) ?? []), day]);
  };
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    const observed = / \(substitute day\)$/.test(h.name);
    const key = NAME_TO_KEY[h.name.replace(/ \(substitute day\)$/, '')];
    // A public holiday we do not know by name would be a change in the package: not a federal holiday we count.
    if (!key) continue;
    const date = h.date.slice(0, 10);
    add({ date, holiday: key, observed });
    if (key === 'veterans' && !observed) {
      const wd = weekday(date);
      if (wd === 6) add({ date: addDays(date, -1), holiday: key, observed: true });
      if (wd === 0) add({ date: addDays(date, 1), holiday: key, observed: true });
    }
  }
  yearCache.set(year, byDate);
  return byDate;
}

/** Federal holidays (actual or observed) falling on a date. A substitute for New Year's can fall on 31 December. */
export function federalHolidaysOn(date: IsoDate): HolidayDay[] {
  return holidaysOfYear(Number(date.slice(0, 4))).get(date) ?? [];
}

export interface DealerCalendar {
  /** Weekdays open, 0 = Sunday .. 6 = Saturday. */
  readonly openWeekdays: readonly number[];
  /** Federal holidays on which the dealer closes: all of them, none, or a list. */
  readonly closedOnFederalHolidays: 'all' | 'none' | readonly FederalHoliday[];
  /**
   * Whether the dealer also closes on the observed weekday when a holiday falls on a weekend
   * (Friday 3 July when 4 July is a Saturday). The holiday's own date is always closed.
   */
  readonly closedOnObservedDays: boolean;
  /** Other dates the dealer was closed (vacation, inventory). */
  readonly closedDates?: readonly IsoDate[];
}

/** Monday to Friday, closed on every federal holiday and its observed day: the common case and the default. */
export const STANDARD_CALENDAR: DealerCalendar = {
  openWeekdays: [1, 2, 3, 4, 5],
  closedOnFederalHolidays: 'all',
  closedOnObservedDays: true,
};

export function makeCalendar(partial: Partial<DealerCalendar> = {}): DealerCalendar {
  return { ...STANDARD_CALENDAR, ...partial };
}

function closedForHoliday(date: IsoDate, cal: DealerCalendar): boolean {
  if (cal.closedOnFederalHolidays === 'none') return false;
  const list = cal.closedOnFederalHolidays;
  return federalHolidaysOn(date).some(
    (h) => (list === 'all' || list.includes(h.holiday)) && (!h.observed || cal.closedOnObservedDays),
  );
}

function computeBusinessDay(date: IsoDate, cal: DealerCalendar): boolean {
  if (!cal.openWeekdays.includes(weekday(date))) return false;
  if (cal.closedDates?.includes(date)) return false;
  return !closedForHoliday(date, cal);
}

// Window checks ask about the same days again and again; answers are cached per calendar object. Calendars are
// treated as immutable values (readonly fields), so a cached answer cannot go stale.
const dayCache = new WeakMap<DealerCalendar, Map<number, boolean>>();

function cachedBusinessDay(day: number, cal: DealerCalendar): boolean {
  let cache = dayCache.get(cal);
  if (!cache) {
    cache = new Map();
    dayCache.set(cal, cache);
  }
  let answer = cache.get(day);
  if (answer === undefined) {
    answer = computeBusinessDay(fromDayNumber(day), cal);
    if (cache.size > 50_000) cache.clear();
    cache.set(day, answer);
  }
  return answer;
}

// The calendars a dealer file can express (closed on all federal holidays or on none, no other closed dates) are
// answered from one flag per day, shared by every dealer: a cache per calendar would hold a map per dealer, and the
// simulator asks about millions of dealer-days. Flags are filled a year at a time, from the same holiday list.
const HOLIDAY = 1;
const OBSERVED = 2;
const FILLED = 4;
const FLAG_FROM = toDayNumber('1900-01-01');
const FLAG_TO = toDayNumber('2101-01-01');
const dayFlags = new Uint8Array(FLAG_TO - FLAG_FROM);

function holidayFlags(day: number): number {
  let f = dayFlags[day - FLAG_FROM];
  if ((f & FILLED) === 0) {
    const year = Number(fromDayNumber(day).slice(0, 4));
    const first = toDayNumber(`${year}-01-01`);
    const last = toDayNumber(`${year}-12-31`);
    for (let d = first; d <= last; d++) dayFlags[d - FLAG_FROM] |= FILLED;
    for (const days of holidaysOfYear(year).values()) {
      for (const h of days) {
        // Only this year's dates: federalHolidaysOn reads a date from its own year's list, and so do the flags.
        const d = toDayNumber(h.date);
        if (d >= first && d <= last) dayFlags[d - FLAG_FROM] |= h.observed ? OBSERVED : HOLIDAY;
      }
    }
    f = dayFlags[day - FLAG_FROM];
  }
  return f;
}

/** isBusinessDay on a day number (days since 1970-01-01), for callers that count millions of days. */
export function isBusinessDayNumber(day: number, cal: DealerCalendar = STANDARD_CALENDAR): boolean {
  const list = cal.closedOnFederalHolidays;
  if (typeof list !== 'string' || (cal.closedDates !== undefined && cal.closedDates.length > 0) || day < FLAG_FROM || day >= FLAG_TO) {
    return cachedBusinessDay(day, cal);
  }
  // 1970-01-01 was a Thursday (4).
  if (!cal.openWeekdays.includes((((day + 4) % 7) + 7) % 7)) return false;
  if (list === 'none') return true;
  const f = holidayFlags(day);
  return (f & HOLIDAY) === 0 && ((f & OBSERVED) === 0 || !cal.closedOnObservedDays);
}

export function isBusinessDay(date: IsoDate, cal: DealerCalendar = STANDARD_CALENDAR): boolean {
  return isBusinessDayNumber(toDayNumber(date), cal);
}

function assertOpenSomeday(cal: DealerCalendar): void {
  // A calendar with no open weekday would make the searches below loop for ever: a configuration error, not input.
  if (cal.openWeekdays.length === 0) throw new Error('dealer calendar has no open weekday');
}

/**
 * The business day `n` business days after `date` (before it when n < 0). n = 0 gives `date` itself when it is a
 * business day, otherwise the next business day.
 */
export function addBusinessDays(date: IsoDate, n: number, cal: DealerCalendar = STANDARD_CALENDAR): IsoDate {
  return fromDayNumber(addBusinessDaysNumber(toDayNumber(date), n, cal));
}

/** addBusinessDays on day numbers. */
export function addBusinessDaysNumber(day: number, n: number, cal: DealerCalendar = STANDARD_CALENDAR): number {
  assertOpenSomeday(cal);
  let d = day;
  if (n === 0) {
    while (!isBusinessDayNumber(d, cal)) d++;
    return d;
  }
  const step = n > 0 ? 1 : -1;
  let left = Math.abs(n);
  while (left > 0) {
    d += step;
    if (isBusinessDayNumber(d, cal)) left--;
  }
  return d;
}

/** Business days after `a` up to and including `b` (0 when b <= a): "how many business days later". */
export function businessDaysBetween(a: IsoDate, b: IsoDate, cal: DealerCalendar = STANDARD_CALENDAR): number {
  let count = 0;
  const end = toDayNumber(b);
  for (let d = toDayNumber(a) + 1; d <= end; d++) if (isBusinessDayNumber(d, cal)) count++;
  return count;
}

/**
 * How many business days the stretch from `a` to `b` (inclusive, either order) occupies. The two sale dates always
 * count, even when the dealer's regular calendar says it was closed: a sale proves the dealer did business that
 * day (a gun show, a Sunday opening). See docs/adr/0002-normalisation.md for why.
 */
export function businessDaySpan(a: IsoDate, b: IsoDate, cal: DealerCalendar = STANDARD_CALENDAR): number {
  return businessDaySpanNumber(toDayNumber(a), toDayNumber(b), cal);
}

/** businessDaySpan on day numbers; counting stops once past `cap` (the answer is then cap + 1). */
export function businessDaySpanNumber(a: number, b: number, cal: DealerCalendar = STANDARD_CALENDAR, cap = Infinity): number {
  const [from, to] = a <= b ? [a, b] : [b, a];
  let count = 0;
  for (let d = from; d <= to && count <= cap; d++) {
    if (d === from || d === to || isBusinessDayNumber(d, cal)) count++;
  }
  return count;
}

/**
 * True when two sales fall within five consecutive business days of the dealer (18 U.S.C. 923(g)(3)(A)): some run of
 * five business days contains both, i.e. the span from the first to the second is at most five business days.
 * Monday to Friday of one week is within; Monday to Saturday for a shop open six days is not (ATF's example 4).
 */
export function withinFiveBusinessDays(a: IsoDate, b: IsoDate, cal: DealerCalendar = STANDARD_CALENDAR): boolean {
  return withinFiveBusinessDaysNumber(toDayNumber(a), toDayNumber(b), cal);
}

/** withinFiveBusinessDays on day numbers. */
export function withinFiveBusinessDaysNumber(a: number, b: number, cal: DealerCalendar = STANDARD_CALENDAR): boolean {
  // Cheap exit for far-apart dates; a dealer closed for a whole year in between is not a case worth the loop.
  if (Math.abs(a - b) > 366) return false;
  return businessDaySpanNumber(a, b, cal, 5) <= 5;
}
