import { describe, expect, it } from 'vitest';
import {
  STANDARD_CALENDAR, addBusinessDays, businessDaySpan, businessDaysBetween, federalHolidaysOn, isBusinessDay,
  makeCalendar, withinFiveBusinessDays,
} from './business-days.js';

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
