import { describe, expect, it } from 'vitest';
import { makeCalendar, STANDARD_CALENDAR } from './business-days.js';
import type { LicenceType } from './codes.js';
import {
  computeMultipleSaleReports, qualifyFirearm, rifleRuleApplies, type DealerFacts, type FirearmFacts, type Purchase,
} from './multiple-sales.js';

const AK: FirearmFacts = { type: 'rifle', caliber: '7.62x39', semiAutomatic: true, detachableMagazine: true };
const AR: FirearmFacts = { type: 'rifle', caliber: '5.56 NATO', semiAutomatic: true, detachableMagazine: true };
const PISTOL: FirearmFacts = { type: 'pistol', caliber: '5.7x28' };
const REVOLVER: FirearmFacts = { type: 'revolver', caliber: '.38 Special' };

const azDealer: DealerFacts = { licenceType: '01', state: 'AZ', calendar: STANDARD_CALENDAR };
const ohDealer: DealerFacts = { licenceType: '01', state: 'OH', calendar: STANDARD_CALENDAR };
const monSatDealer: DealerFacts = { ...azDealer, calendar: makeCalendar({ openWeekdays: [1, 2, 3, 4, 5, 6] }) };

let seq = 0;
const buy = (date: string, firearm: FirearmFacts = AK): Purchase => ({ id: `p${++seq}-${date}`, date, firearm });

describe("ATF's worked examples (rifles, F 3310.12)", () => {
  it('1. two qualifying rifles in one sale: report that day', () => {
    const a = buy('2024-06-03');
    const b = buy('2024-06-03', AR);
    const { reports } = computeMultipleSaleReports([a, b], azDealer);
    expect(reports).toEqual([
      { form: '3310.12', purchaseIds: [a.id, b.id], dueDate: '2024-06-03', connectedTo: [], connectedSaleDate: null },
    ]);
  });

  it('2. one rifle Monday, one the following Friday: report by Friday', () => {
    const a = buy('2024-06-03');
    const b = buy('2024-06-07');
    const { reports } = computeMultipleSaleReports([b, a], azDealer);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ purchaseIds: [a.id, b.id], dueDate: '2024-06-07' });
  });

  it("3. then a third the next Monday: a new report, connected to Friday's", () => {
    const a = buy('2024-06-03');
    const b = buy('2024-06-07');
    const c = buy('2024-06-10');
    const { reports } = computeMultipleSaleReports([a, b, c], azDealer);
    expect(reports).toHaveLength(2);
    expect(reports[1]).toEqual({
      form: '3310.12', purchaseIds: [c.id], dueDate: '2024-06-10', connectedTo: [0], connectedSaleDate: '2024-06-07',
    });
  });

  it('4. a shop open Monday to Saturday: Monday and the next Saturday is not reportable', () => {
    const { reports } = computeMultipleSaleReports([buy('2024-06-03'), buy('2024-06-08')], monSatDealer);
    expect(reports).toEqual([]);
  });
});

describe('calendar edges', () => {
  it.each([
    ['Memorial Day closed: Tuesday to next Tuesday', '2024-05-21', '2024-05-28', STANDARD_CALENDAR, '2024-05-28'],
    ['Memorial Day open: not reportable', '2024-05-21', '2024-05-28', makeCalendar({ closedOnFederalHolidays: 'none' }), null],
    ['year end across New Year', '2024-12-26', '2025-01-02', STANDARD_CALENDAR, '2025-01-02'],
    ['year end, shop open on New Year', '2024-12-26', '2025-01-02', makeCalendar({ closedOnFederalHolidays: 'none' }), null],
    ['Christmas observed on Friday 24 December 2021', '2021-12-23', '2021-12-30', STANDARD_CALENDAR, '2021-12-30'],
    ['leap day to Wednesday', '2024-02-29', '2024-03-06', STANDARD_CALENDAR, '2024-03-06'],
    ['leap day to Thursday: six days', '2024-02-29', '2024-03-07', STANDARD_CALENDAR, null],
    ['February in a common year', '2023-02-27', '2023-03-03', STANDARD_CALENDAR, '2023-03-03'],
    ['Thanksgiving week', '2024-11-25', '2024-12-02', STANDARD_CALENDAR, '2024-12-02'],
    ['same day on a weekend (gun show)', '2024-06-09', '2024-06-09', STANDARD_CALENDAR, '2024-06-09'],
  ])('%s', (_label, d1, d2, calendar, due) => {
    const { reports } = computeMultipleSaleReports([buy(d1, PISTOL), buy(d2, REVOLVER)], { ...ohDealer, calendar });
    expect(reports.map((r) => r.dueDate)).toEqual(due ? [due] : []);
    if (due) expect(reports[0].form).toBe('3310.4');
  });
});

describe('chains and windows', () => {
  it('Mon, Wed, Fri: a report on Wednesday, a connected one on Friday', () => {
    const [a, b, c] = [buy('2024-06-03', PISTOL), buy('2024-06-05', PISTOL), buy('2024-06-07', PISTOL)];
    const { reports } = computeMultipleSaleReports([a, b, c], ohDealer);
    expect(reports.map((r) => [r.purchaseIds, r.dueDate, r.connectedTo])).toEqual([
      [[a.id, b.id], '2024-06-05', []],
      [[c.id], '2024-06-07', [0]],
    ]);
  });

  it('a weekly chain links each report to the one before', () => {
    const ps = ['2024-06-03', '2024-06-07', '2024-06-10', '2024-06-14'].map((d) => buy(d, PISTOL));
    const { reports } = computeMultipleSaleReports(ps, ohDealer);
    expect(reports.map((r) => [r.purchaseIds.length, r.connectedTo, r.connectedSaleDate])).toEqual([
      [2, [], null],
      [1, [0], '2024-06-07'],
      [1, [1], '2024-06-10'],
    ]);
  });

  it('two sales more than five business days apart make no report', () => {
    expect(computeMultipleSaleReports([buy('2024-06-03', PISTOL), buy('2024-06-10', PISTOL)], ohDealer).reports).toEqual([]);
  });

  it('a single gun makes no report', () => {
    expect(computeMultipleSaleReports([buy('2024-06-03', PISTOL)], ohDealer).reports).toEqual([]);
  });

  it('a pistol and a rifle do not add up', () => {
    expect(computeMultipleSaleReports([buy('2024-06-03', PISTOL), buy('2024-06-03', AK)], azDealer).reports).toEqual([]);
  });

  it('handguns and rifles on one day make two reports, handguns first', () => {
    const ps = [buy('2024-06-03', AK), buy('2024-06-03', PISTOL), buy('2024-06-03', AR), buy('2024-06-03', REVOLVER)];
    const { reports } = computeMultipleSaleReports(ps, azDealer);
    expect(reports.map((r) => [r.form, r.purchaseIds.length])).toEqual([['3310.4', 2], ['3310.12', 2]]);
  });

  it('forty rifles in one day are one report', () => {
    const ps = Array.from({ length: 40 }, () => buy('2009-12-24'));
    const { reports } = computeMultipleSaleReports(ps, { ...azDealer });
    // 2009 is before the rifle rule: nothing to report, as in the Phoenix case.
    expect(reports).toEqual([]);
    const later = Array.from({ length: 40 }, () => buy('2012-12-24'));
    expect(computeMultipleSaleReports(later, azDealer).reports.map((r) => r.purchaseIds.length)).toEqual([40]);
  });
});

describe('scope of the rifle rule', () => {
  it.each([
    ['01', 'AZ', '2011-08-14', true],
    ['01', 'AZ', '2011-08-13', false],
    ['02', 'TX', '2015-01-01', true],
    ['01', 'ca', '2015-01-01', true],
    ['01', 'NM', '2015-01-01', true],
    ['01', 'NV', '2015-01-01', false],
    ['07', 'TX', '2024-09-30', false],
    ['07', 'TX', '2024-10-01', true],
    ['08', 'CA', '2024-10-01', true],
    ['08', 'CA', '2020-01-01', false],
    ['03', 'AZ', '2020-01-01', false],
    ['09', 'AZ', '2025-01-01', false],
  ])('licence %s in %s on %s: %s', (licenceType, state, date, applies) => {
    expect(rifleRuleApplies({ licenceType: licenceType as LicenceType, state }, date)).toBe(applies);
  });

  it('counts only sales on or after the effective date', () => {
    expect(computeMultipleSaleReports([buy('2011-08-12'), buy('2011-08-15')], azDealer).reports).toEqual([]);
    expect(computeMultipleSaleReports([buy('2011-08-15'), buy('2011-08-16')], azDealer).reports).toHaveLength(1);
  });
});

describe('qualifyFirearm', () => {
  it.each([
    [PISTOL, ohDealer, '3310.4', false],
    [REVOLVER, ohDealer, '3310.4', false],
    [{ type: 'derringer' } as FirearmFacts, ohDealer, '3310.4', false],
    [AK, azDealer, '3310.12', false],
    [AR, azDealer, '3310.12', false],
    [{ ...AK, caliber: '.50 BMG' }, azDealer, '3310.12', false],
    [AK, ohDealer, null, false],
    [{ ...AK, semiAutomatic: false }, azDealer, null, false],
    [{ ...AK, detachableMagazine: false }, azDealer, null, false],
    [{ ...AK, caliber: '.22 LR' }, azDealer, null, false],
    [{ ...AK, detachableMagazine: null }, azDealer, null, true],
    [{ ...AK, semiAutomatic: undefined }, azDealer, null, true],
    [{ ...AK, caliber: null }, azDealer, null, true],
    [{ ...AK, caliber: 'mystery' }, azDealer, null, true],
    [{ type: 'shotgun', semiAutomatic: true, detachableMagazine: true, caliber: '12 ga' } as FirearmFacts, azDealer, null, false],
  ])('%o at %o -> %s (undetermined %s)', (firearm, dealer, form, undetermined) => {
    const q = qualifyFirearm(firearm, dealer, '2020-06-01');
    expect(q.form).toBe(form);
    expect(q.undetermined).toBe(undetermined);
    expect(q.reasons.length).toBeGreaterThan(0);
  });

  it('lists undetermined purchases for a person to complete', () => {
    const unknown = buy('2024-06-03', { ...AK, detachableMagazine: null });
    const { reports, undetermined } = computeMultipleSaleReports([unknown, buy('2024-06-03')], azDealer);
    expect(reports).toEqual([]);
    expect(undetermined).toEqual([{ id: unknown.id, reasons: ['detachable magazine not stated'] }]);
  });
});
