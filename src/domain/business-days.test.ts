import { describe, expect, it } from 'vitest';
import {
  STANDARD_CALENDAR, addBusinessDays, addBusinessDaysNumber, businessDaySpan, businessDaySpanNumber, businessDaysBetween,
  federalHolidaysOn, isBusinessDay, isBusinessDayNumber, makeCalendar, withinFiveBusinessDays, withinFiveBusinessDaysNumber,
} from './business-days.js';
import { fromDayNumber, toDayNumber, weekday } from './dates.js';

const monSat = makeCalendar({ openWeekdays: [1, 2, 3, 4, 5, 6] });
const openOnHolidays = makeCalendar({ closedOnFederalHolidays: 'none' });

describe('federal holidays (date-holidays, US public)', () => {
  it.each([
    ['2024-01-01', 'new_year', false],
    ['2024-01-15', 'mlk', false],
    ['2024-05-27', 'memorial', false],
    ['2024-06-19', 'juneteenth', false],
    ['2024-07-04', 'independence', false],
    ['2024-11-28', 'thanksgiving', false],
    ['2024-12-25', 'christmas', false],
    ['2021-12-31', 'new_year', true],
    ['2022-12-26', 'christmas', true],
    ['2020-07-03', 'independence', true],
    ['2023-11-10', 'veterans', true],
  ])('%s is %s (observed: %s)', (date, holiday, observed) => {
    expect(federalHolidaysOn(date)).toContainEqual({ date, holiday, observed });
  });

  it.each([['2024-11-29'], ['2024-12-24'], ['2024-02-14'], ['2024-03-31']])('%s is not a federal holiday', (d) => {
    expect(federalHolidaysOn(d)).toEqual([]);
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2024-06-03', STANDARD_CALENDAR, true], // Monday
    ['2024-06-08', STANDARD_CALENDAR, false], // Saturday
    ['2024-06-08', monSat, true],
    ['2024-06-09', monSat, false], // Sunday
    ['2024-07-04', STANDARD_CALENDAR, false],
    ['2024-07-04', openOnHolidays, true],
    ['2024-07-04', makeCalendar({ closedOnFederalHolidays: ['christmas'] }), true],
    ['2024-12-25', makeCalendar({ closedOnFederalHolidays: ['christmas'] }), false],
    ['2020-07-03', STANDARD_CALENDAR, false], // observed Independence Day
    ['2020-07-03', makeCalendar({ closedOnObservedDays: false }), true],
    ['2020-07-04', monSat, false], // the holiday itself, a Saturday, for a shop open Saturdays
    ['2024-06-05', makeCalendar({ closedDates: ['2024-06-05'] }), false],
  ])('%s -> %s', (date, cal, expected) => {
    expect(isBusinessDay(date, cal)).toBe(expected);
  });
});

describe('counting', () => {
  it.each([
    ['2024-06-03', 0, STANDARD_CALENDAR, '2024-06-03'],
    ['2024-06-08', 0, STANDARD_CALENDAR, '2024-06-10'],
    ['2024-06-03', 4, STANDARD_CALENDAR, '2024-06-07'],
    ['2024-06-07', 1, STANDARD_CALENDAR, '2024-06-10'],
    ['2024-06-07', 1, monSat, '2024-06-08'],
    ['2024-12-31', 1, STANDARD_CALENDAR, '2025-01-02'],
    ['2024-05-24', 1, STANDARD_CALENDAR, '2024-05-28'], // Memorial Day
    ['2024-06-10', -1, STANDARD_CALENDAR, '2024-06-07'],
    ['2024-02-28', 2, STANDARD_CALENDAR, '2024-03-01'],
  ])('addBusinessDays(%s, %i) = %s', (date, n, cal, expected) => {
    expect(addBusinessDays(date, n, cal)).toBe(expected);
  });

  it.each([
    ['2024-06-03', '2024-06-07', STANDARD_CALENDAR, 4],
    ['2024-06-03', '2024-06-10', STANDARD_CALENDAR, 5],
    ['2024-06-07', '2024-06-03', STANDARD_CALENDAR, 0],
    ['2024-12-20', '2025-01-03', STANDARD_CALENDAR, 8],
  ])('businessDaysBetween(%s, %s) = %i', (a, b, cal, n) => {
    expect(businessDaysBetween(a, b, cal)).toBe(n);
  });

  it.each([
    ['2024-06-03', '2024-06-03', STANDARD_CALENDAR, 1],
    ['2024-06-03', '2024-06-07', STANDARD_CALENDAR, 5],
    ['2024-06-07', '2024-06-03', STANDARD_CALENDAR, 5],
    ['2024-06-03', '2024-06-08', monSat, 6],
    ['2024-06-09', '2024-06-14', STANDARD_CALENDAR, 6], // a Sunday sale counts as a day of business
  ])('businessDaySpan(%s, %s) = %i', (a, b, cal, n) => {
    expect(businessDaySpan(a, b, cal)).toBe(n);
  });
});

describe('withinFiveBusinessDays', () => {
  it.each([
    ['2024-06-03', '2024-06-07', STANDARD_CALENDAR, true], // Monday, Friday
    ['2024-06-03', '2024-06-10', STANDARD_CALENDAR, false], // Monday, next Monday
    ['2024-06-07', '2024-06-13', STANDARD_CALENDAR, true], // Friday, next Thursday
    ['2024-06-07', '2024-06-14', STANDARD_CALENDAR, false],
    ['2024-06-03', '2024-06-08', monSat, false], // ATF example 4
    ['2024-06-04', '2024-06-08', monSat, true],
    ['2024-05-21', '2024-05-28', STANDARD_CALENDAR, true], // Memorial Day in between, closed
    ['2024-05-21', '2024-05-28', openOnHolidays, false],
    ['2024-12-26', '2025-01-02', STANDARD_CALENDAR, true], // New Year's Day in between
    ['2024-12-26', '2025-01-02', openOnHolidays, false],
    ['2024-02-26', '2024-03-01', STANDARD_CALENDAR, true], // across leap day
    ['2024-02-29', '2024-03-06', STANDARD_CALENDAR, true],
    ['2024-02-29', '2024-03-07', STANDARD_CALENDAR, false],
    ['2023-02-27', '2023-03-03', STANDARD_CALENDAR, true],
    ['2020-01-01', '2024-01-01', STANDARD_CALENDAR, false],
  ])('%s and %s: %s', (a, b, cal, expected) => {
    expect(withinFiveBusinessDays(a, b, cal)).toBe(expected);
  });
});

describe('day-number forms (the fast path of the calendars a dealer file can express)', () => {
  const calendars = {
    standard: STANDARD_CALENDAR,
    monSat: monSat,
    openOnHolidays,
    notObserved: makeCalendar({ openWeekdays: [0, 1, 2, 3, 4, 5, 6], closedOnObservedDays: false }),
  };

  it.each(Object.entries(calendars))('agree day by day with the holiday list from 1995 to 2030 (%s)', (_, cal) => {
    const wrong: string[] = [];
    for (let d = toDayNumber('1995-01-01'); d <= toDayNumber('2030-12-31'); d++) {
      const date = fromDayNumber(d);
      const closedForHoliday = cal.closedOnFederalHolidays !== 'none' && federalHolidaysOn(date).some((h) => !h.observed || cal.closedOnObservedDays);
      const expected = cal.openWeekdays.includes(weekday(date)) && !closedForHoliday;
      if (isBusinessDayNumber(d, cal) !== expected) wrong.push(date);
    }
    expect(wrong).toEqual([]);
  });

  it('closes a shop open every day on both the holiday and its observed day, unless told not to', () => {
    const everyDay = makeCalendar({ openWeekdays: [0, 1, 2, 3, 4, 5, 6] });
    expect(isBusinessDayNumber(toDayNumber('2020-07-04'), everyDay)).toBe(false); // Saturday, the holiday itself
    expect(isBusinessDayNumber(toDayNumber('2020-07-03'), everyDay)).toBe(false); // Friday, observed
    expect(isBusinessDayNumber(toDayNumber('2020-07-03'), calendars.notObserved)).toBe(true);
    expect(isBusinessDayNumber(toDayNumber('2021-12-31'), everyDay)).toBe(false); // New Year's 2022, observed
  });

  it('count like the date forms', () => {
    expect(fromDayNumber(addBusinessDaysNumber(toDayNumber('2024-12-31'), 1))).toBe('2025-01-02');
    expect(fromDayNumber(addBusinessDaysNumber(toDayNumber('2024-06-08'), 0))).toBe('2024-06-10');
    expect(fromDayNumber(addBusinessDaysNumber(toDayNumber('2024-06-10'), -1))).toBe('2024-06-07');
    expect(businessDaySpanNumber(toDayNumber('2024-06-03'), toDayNumber('2024-06-14'))).toBe(10);
    // With a cap the count stops one past it: enough to say "more than five".
    expect(businessDaySpanNumber(toDayNumber('2024-06-03'), toDayNumber('2024-06-14'), STANDARD_CALENDAR, 5)).toBe(6);
    expect(withinFiveBusinessDaysNumber(toDayNumber('2024-05-21'), toDayNumber('2024-05-28'))).toBe(true);
    expect(withinFiveBusinessDaysNumber(toDayNumber('2024-06-03'), toDayNumber('2024-06-08'), monSat)).toBe(false);
  });

  it('answers calendars with their own closed dates or holiday lists the slow way, the same', () => {
    const listed = makeCalendar({ closedOnFederalHolidays: ['christmas'], closedDates: ['2024-06-05'] });
    expect(isBusinessDayNumber(toDayNumber('2024-06-05'), listed)).toBe(false);
    expect(isBusinessDayNumber(toDayNumber('2024-07-04'), listed)).toBe(true);
    expect(isBusinessDayNumber(toDayNumber('2024-12-25'), listed)).toBe(false);
  });
});
