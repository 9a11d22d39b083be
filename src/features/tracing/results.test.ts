import { describe, expect, it } from 'vitest';
import { canTransition, formatTraceNumber, hoursOverdue, traceDueAt } from './lifecycle.js';
import { computeResult, isShortTtc, samePerson, toNotCompletedReason, ttcBracket, type ResultFacts } from './results.js';

describe('time-to-crime brackets (calendar months)', () => {
  const cases: Array<[string, string, string | null]> = [
    ['2020-01-15', '2020-01-15', 'under_3_months'],
    ['2020-01-15', '2020-04-14', 'under_3_months'],
    ['2020-01-15', '2020-04-15', '3_to_7_months'],
    ['2020-01-15', '2020-08-14', '3_to_7_months'],
    ['2020-01-15', '2020-08-15', '7_months_to_1_year'],
    ['2020-01-15', '2021-01-15', '1_to_2_years'],
    ['2020-01-15', '2022-01-15', '2_to_3_years'],
    ['2020-01-15', '2023-01-14', '2_to_3_years'],
    ['2020-01-15', '2023-01-15', '3_years_or_more'],
    // A year after 29 February is 28 February (the month's end is clamped).
    ['2020-02-29', '2021-02-27', '7_months_to_1_year'],
    ['2020-02-29', '2021-02-28', '1_to_2_years'],
    ['2020-01-15', '2019-12-31', null],
  ];
  for (const [sale, rec, want] of cases) {
    it(`${sale} -> ${rec}: ${want}`, () => expect(ttcBracket(sale, rec)).toBe(want));
  }
  it('three years or less is short', () => {
    expect(isShortTtc('2020-01-15', '2023-01-15')).toBe(true);
    expect(isShortTtc('2020-01-15', '2023-01-16')).toBe(false);
  });
});

describe('result flags', () => {
  const base: ResultFacts = {
    saleDate: '2010-01-16', recoveredOn: '2010-12-14', recoveryCountry: 'US', recoveryState: 'AZ', dealerState: 'AZ',
    buyer: { given_name: 'Jaime', surname: 'Avila', dob: '1987-06-12' }, possessor: { given_name: 'Manuel', surname: 'Osorio', dob: null },
    fromMultipleSale: false, stolenFromDealer: false,
  };
  it('reads TTC, short TTC and possessor not buyer', () => {
    const r = computeResult(base);
    expect(r.ttcDays).toBe(332);
    expect(r.ttcBracket).toBe('7_months_to_1_year');
    expect(r.flags).toEqual(['short_ttc', 'possessor_not_buyer']);
  });
  it('flags Mexico and another state, but not both', () => {
    expect(computeResult({ ...base, recoveryCountry: 'MX', recoveryState: null }).flags).toContain('recovered_in_mexico');
    expect(computeResult({ ...base, recoveryCountry: 'MX', recoveryState: null }).flags).not.toContain('recovered_in_other_state');
    expect(computeResult({ ...base, recoveryState: 'TX' }).flags).toContain('recovered_in_other_state');
  });
  it('does not flag the buyer as a different possessor when it is the same person written differently', () => {
    const r = computeResult({ ...base, possessor: { given_name: 'JAIME', surname: 'Ávila', dob: '1987-06-12' } });
    expect(r.flags).not.toContain('possessor_not_buyer');
    expect(samePerson({ given_name: 'Bill', surname: 'Smith', dob: null }, { given_name: 'William', surname: 'SMITH', dob: null })).toBe(true);
    expect(samePerson({ given_name: 'Ana', surname: 'Garcia Lopez', dob: null }, { given_name: 'Ana', surname: 'Garcia', dob: null })).toBe(true);
    expect(samePerson({ given_name: 'Ana', surname: 'Garcia', dob: '1990-01-01' }, { given_name: 'Ana', surname: 'Garcia', dob: '1991-01-01' })).toBe(false);
  });
  it('carries multiple-sale and theft flags, and no TTC without a sale date', () => {
    const r = computeResult({ ...base, saleDate: null, fromMultipleSale: true, stolenFromDealer: true, buyer: null });
    expect(r).toEqual({ ttcDays: null, ttcBracket: null, flags: ['from_multiple_sale', 'stolen_from_dealer'] });
  });
});

describe('life cycle and clocks', () => {
  it('allows only the forward transitions', () => {
    expect(canTransition('submitted', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'not_completed')).toBe(true);
    expect(canTransition('completed', 'in_progress')).toBe(false);
    expect(canTransition('not_completed', 'completed')).toBe(false);
    expect(canTransition('in_progress', 'submitted')).toBe(false);
  });
  it('sets urgent 24 h and routine 7 day clocks', () => {
    const t0 = new Date('2024-03-01T10:00:00Z');
    expect(traceDueAt('urgent', t0).toISOString()).toBe('2024-03-02T10:00:00.000Z');
    expect(traceDueAt('routine', t0).toISOString()).toBe('2024-03-08T10:00:00.000Z');
    expect(hoursOverdue(new Date('2024-03-02T10:00:00Z'), new Date('2024-03-02T13:30:00Z'))).toBe(3);
    expect(hoursOverdue(new Date('2024-03-02T10:00:00Z'), new Date('2024-03-01T13:30:00Z'))).toBe(0);
  });
  it('maps the import spelling of reasons to the domain codes', () => {
    expect(toNotCompletedReason('pre_1968')).toBe('made_before_1968_no_serial');
    expect(toNotCompletedReason('serial_obliterated')).toBe('serial_obliterated');
    expect(toNotCompletedReason('lost')).toBeNull();
    expect(formatTraceNumber(2024, 42)).toBe('T2024-0000042');
  });
});
