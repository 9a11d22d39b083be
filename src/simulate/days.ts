// Days as integers (days since 1970-01-01, UTC), and the dealer's business days. The business-day rule and the
// federal holidays are the domain's (src/domain/business-days.ts), the same the importer and detection apply to the
// dealers file, so every report the simulator writes is one Interdict's own check would ask for.
import { addBusinessDaysNumber, isBusinessDayNumber, makeCalendar, type DealerCalendar } from '../domain/business-days.js';

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

export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** The part of a dealer the business-day rule needs: its calendar as the dealers file states it. */
export interface Hours {
  /** Bit i set when open on weekday i (0 = Monday), as the dealers file lists them. */
  openMask: number;
  closedOnHolidays: boolean;
  calendar: DealerCalendar;
}

const calendars = new Map<number, DealerCalendar>();

/**
 * The calendar Interdict builds from a dealers row (business_days, closed_on_federal_holidays): one shared object
 * per combination, since dealers are many and combinations few.
 */
export function calendarOf(openMask: number, closedOnHolidays: boolean): DealerCalendar {
  const key = openMask * 2 + (closedOnHolidays ? 1 : 0);
  let cal = calendars.get(key);
  if (!cal) {
    // The mask counts from Monday; the domain's weekdays from Sunday (0).
    const openWeekdays = [0, 1, 2, 3, 4, 5, 6].filter((i) => (openMask & (1 << i)) !== 0).map((i) => (i + 1) % 7);
    cal = makeCalendar({ openWeekdays, closedOnFederalHolidays: closedOnHolidays ? 'all' : 'none' });
    calendars.set(key, cal);
  }
  return cal;
}

export function hours(openMask: number, closedOnHolidays: boolean): Hours {
  return { openMask, closedOnHolidays, calendar: calendarOf(openMask, closedOnHolidays) };
}

export function isOpen(h: Hours, day: Day): boolean {
  return isBusinessDayNumber(day, h.calendar);
}

/** The first day on or after `day` the dealer is open. */
export function nextOpen(h: Hours, day: Day): Day {
  return addBusinessDaysNumber(day, 0, h.calendar);
}

/** The day `n` business days of the dealer after `day` (the first day past the five-day window when n = 5). */
export function addBusinessDays(h: Hours, day: Day, n: number): Day {
  return addBusinessDaysNumber(day, n, h.calendar);
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export function maskToDays(mask: number): string {
  return WEEKDAY_NAMES.filter((_, i) => (mask & (1 << i)) !== 0).join(',');
}
