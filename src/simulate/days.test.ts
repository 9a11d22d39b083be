import { describe, expect, it } from 'vitest';
import { type Hours, addBusinessDays, businessDaysBetween, dayOf, federalHolidays, isOpen, isoOf, multipleSales, weekdayOf } from './days.js';

const MON_FRI: Hours = { openMask: 0b0011111, closedOnHolidays: true };
const MON_SAT: Hours = { openMask: 0b0111111, closedOnHolidays: true };
const EVERY_DAY_OPEN_HOLIDAYS: Hours = { openMask: 0b1111111, closedOnHolidays: false };

const d = dayOf;
const sale = (iso: string, gun: string) => ({ day: d(iso), gun });

describe('days', () => {
  it('round-trips ISO dates and knows the weekday', () => {
    expect(isoOf(d('2024-02-29'))).toBe('2024-02-29');
    expect(weekdayOf(d('2011-08-15'))).toBe(0); // a Monday
    expect(weekdayOf(d('1970-01-01'))).toBe(3); // a Thursday
  });

  it('lists the federal holidays as observed', () => {
    const h = [...federalHolidays(2023)].map(isoOf).sort();
    expect(h).toEqual([
      '2023-01-02', '2023-01-16', '2023-02-20', '2023-05-29', '2023-06-19', '2023-07-04', '2023-09-04', '2023-10-09',
      '2023-11-10', '2023-11-23', '2023-12-25',
    ]);
    expect([...federalHolidays(2010)].map(isoOf)).toContain('2010-12-31'); // New Year 2011 fell on a Saturday
    expect([...federalHolidays(2019)].map(isoOf)).not.toContain('2019-06-19'); // Juneteenth from 2021
  });

  it('counts a dealer\'s own business days, holidays excluded when it closes', () => {
    expect(isOpen(MON_FRI, d('2023-07-04'))).toBe(false);
    expect(isOpen(EVERY_DAY_OPEN_HOLIDAYS, d('2023-07-04'))).toBe(true);
    expect(businessDaysBetween(MON_FRI, d('2023-07-03'), d('2023-07-07'))).toBe(4);
    expect(addBusinessDays(MON_FRI, d('2023-12-22'), 1)).toBe(d('2023-12-26'));
  });
});

describe('the five-business-day rule (ATF worked examples)', () => {
  it('1. two qualifying rifles in one sale: a report that day', () => {
    const r = multipleSales(MON_FRI, [sale('2011-08-15', 'a'), sale('2011-08-15', 'b')]);
    expect(r).toEqual([{ day: d('2011-08-15'), guns: ['a', 'b'] }]);
  });

  it('2. one rifle Monday, one the following Friday: a report on Friday', () => {
    const r = multipleSales(MON_FRI, [sale('2011-08-15', 'a'), sale('2011-08-19', 'b')]);
    expect(r).toEqual([{ day: d('2011-08-19'), guns: ['a', 'b'] }]);
  });

  it('3. a third the next Monday: a new report, connected to Friday\'s', () => {
    const r = multipleSales(MON_FRI, [sale('2011-08-15', 'a'), sale('2011-08-19', 'b'), sale('2011-08-22', 'c')]);
    expect(r).toEqual([
      { day: d('2011-08-19'), guns: ['a', 'b'] },
      { day: d('2011-08-22'), guns: ['c'], earlierDay: d('2011-08-19') },
    ]);
  });

  it('4. a shop open Monday to Saturday: Monday and the next Saturday are six business days, not reportable', () => {
    expect(multipleSales(MON_SAT, [sale('2011-08-15', 'a'), sale('2011-08-20', 'b')])).toEqual([]);
    // Monday and Friday of the same week are within five business days there.
    expect(multipleSales(MON_SAT, [sale('2011-08-15', 'a'), sale('2011-08-19', 'b')])).toHaveLength(1);
  });

  it('skips a federal holiday the dealer closes on, and counts it when the dealer opens', () => {
    // Thursday 2023-06-29 and Thursday 2023-07-06: with July 4 closed that is Thu, Fri, Mon, Wed, Thu = 5 days.
    expect(multipleSales(MON_FRI, [sale('2023-06-29', 'a'), sale('2023-07-06', 'b')])).toHaveLength(1);
    expect(multipleSales({ openMask: 0b0011111, closedOnHolidays: false }, [sale('2023-06-29', 'a'), sale('2023-07-06', 'b')])).toHaveLength(0);
  });

  it('spans the year end and the leap day', () => {
    expect(multipleSales(MON_FRI, [sale('2020-12-29', 'a'), sale('2021-01-05', 'b')])).toHaveLength(1); // Jan 1 closed
    expect(multipleSales(MON_FRI, [sale('2024-02-26', 'a'), sale('2024-03-01', 'b')])).toHaveLength(1); // Mon..Fri incl. Feb 29
    expect(multipleSales(MON_FRI, [sale('2024-02-26', 'a'), sale('2024-03-04', 'b')])).toHaveLength(0);
  });

  it('one gun alone is never reported', () => {
    expect(multipleSales(MON_FRI, [sale('2011-08-15', 'a')])).toEqual([]);
  });
});
