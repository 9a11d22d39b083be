import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../domain/business-days.js';
import { reportsForForm } from '../domain/multiple-sales.js';
import { FORMATS } from '../formats/index.js';
import { addBusinessDays, calendarOf, dayOf, hours, isOpen, isoOf, maskToDays, nextOpen } from './days.js';

const MON_FRI = hours(0b0011111, true);
const MON_SAT = hours(0b0111111, true);
const EVERY_DAY_OPEN_HOLIDAYS = hours(0b1111111, false);
const d = dayOf;

describe('days', () => {
  it('round-trips ISO dates, also outside the cached years', () => {
    expect(isoOf(d('2024-02-29'))).toBe('2024-02-29');
    expect(isoOf(d('1899-12-31'))).toBe('1899-12-31');
    expect(d('1970-01-01')).toBe(0);
  });

  it('gives a dealer the calendar Interdict builds from the dealers row the simulator writes', () => {
    const SUN_FIRST = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    for (let mask = 1; mask < 128; mask++) {
      for (const closed of [true, false]) {
        const parsed = FORMATS.dealers.schema.parse({
          licence_number: '9-86-001-01-5A-12345', licence_type: '01', name: 'X', street: '1 Main St', city: 'Phoenix', state: 'AZ',
          postcode: '85001', status: 'active', business_days: maskToDays(mask), closed_on_federal_holidays: String(closed),
        }) as { business_days: string[]; closed_on_federal_holidays: boolean };
        const expected = makeCalendar({
          openWeekdays: parsed.business_days.map((n) => SUN_FIRST.indexOf(n)).sort(),
          closedOnFederalHolidays: parsed.closed_on_federal_holidays ? 'all' : 'none',
        });
        const cal = calendarOf(mask, closed);
        expect({ ...cal, openWeekdays: [...cal.openWeekdays].sort() }).toEqual(expected);
      }
    }
    // One object per combination: thousands of dealers share a handful of calendars.
    expect(calendarOf(0b0011111, true)).toBe(MON_FRI.calendar);
  });

  it('opens and counts on the domain rule, holidays excluded when the dealer closes', () => {
    expect(isOpen(MON_FRI, d('2023-07-04'))).toBe(false);
    expect(isOpen(EVERY_DAY_OPEN_HOLIDAYS, d('2023-07-04'))).toBe(true);
    expect(isOpen(MON_SAT, d('2020-07-04'))).toBe(false); // a Saturday holiday, for a shop open Saturdays
    expect(nextOpen(MON_FRI, d('2023-07-01'))).toBe(d('2023-07-03'));
    expect(nextOpen(MON_FRI, d('2023-07-04'))).toBe(d('2023-07-05'));
    expect(addBusinessDays(MON_FRI, d('2023-12-22'), 1)).toBe(d('2023-12-26'));
  });
});

describe('the five-business-day rule on a simulated dealer (ATF worked examples)', () => {
  const reports = (h: typeof MON_FRI, days: string[]) => reportsForForm('3310.12', days.map((date, i) => ({ id: String(i), date })), h.calendar);

  it('reports on the day the threshold is reached, and connects a later sale to the earlier report', () => {
    expect(reports(MON_FRI, ['2011-08-15', '2011-08-19', '2011-08-22']).map((r) => [r.dueDate, r.purchaseIds, r.connectedSaleDate])).toEqual([
      ['2011-08-19', ['0', '1'], null],
      ['2011-08-22', ['2'], '2011-08-19'],
    ]);
  });

  it('counts the dealer\'s own days: Monday to Saturday is six for a shop open Saturdays', () => {
    expect(reports(MON_SAT, ['2011-08-15', '2011-08-20'])).toEqual([]);
    expect(reports(MON_SAT, ['2011-08-15', '2011-08-19'])).toHaveLength(1);
  });

  it('skips a federal holiday the dealer closes on, and counts it when the dealer opens', () => {
    expect(reports(MON_FRI, ['2023-06-29', '2023-07-06'])).toHaveLength(1);
    expect(reports(hours(0b0011111, false), ['2023-06-29', '2023-07-06'])).toHaveLength(0);
  });
});
