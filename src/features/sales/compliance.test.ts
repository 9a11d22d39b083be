import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../../domain/business-days.js';
import { findUnreported, type KnownPurchase } from './compliance.js';

const dealer = { licence: '9-86-013-01-2A-00001', licenceType: '01' as const, state: 'AZ', calendar: makeCalendar() };
let n = 0;
function p(o: Partial<KnownPurchase> & Pick<KnownPurchase, 'source' | 'date'>): KnownPurchase {
  n++;
  return {
    id: `${o.source}:${n}`, recordId: n, knownOn: o.date, label: 'Glock 19', serialKey: `S${n}`, type: 'pistol', caliber: '9mm Luger',
    action: 'semi_automatic', detachableMagazine: null, ...o,
  };
}

describe('unreported multiple sales found through traces', () => {
  it('two traced handguns sold within five business days and on no report: a definite finding', () => {
    // Monday 2010-03-01 and Friday 2010-03-05: one run of five business days.
    const f = findUnreported([p({ source: 'tr', date: '2010-03-01' }), p({ source: 'tr', date: '2010-03-05' })], dealer, 'Ana Diaz');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ form: '3310.4', certainty: 'definite', guns: 2, unreportedGuns: 2, firstSale: '2010-03-01', lastSale: '2010-03-05' });
    expect(f[0].explanation).toMatch(/sold 2 handguns \(F 3310\.4\) to Ana Diaz within five business days/);
    expect(f[0].explanation).toMatch(/due by close of business on 2010-03-05/);
  });

  it('Monday and the next Monday are six business days apart: nothing to report', () => {
    expect(findUnreported([p({ source: 'tr', date: '2010-03-01' }), p({ source: 'tr', date: '2010-03-08' })], dealer, 'x')).toEqual([]);
  });

  it('a traced gun missing from a report that lists the other gun of the window', () => {
    const f = findUnreported([p({ source: 'ms', date: '2010-03-02', recordId: 77 }), p({ source: 'ms', date: '2010-03-02', recordId: 77 }), p({ source: 'tr', date: '2010-03-03' })], dealer, 'x');
    expect(f).toHaveLength(1);
    expect(f[0].unreportedGuns).toBe(1);
    expect(f[0].explanation).toMatch(/report 77 list the others/);
  });

  it('a traced gun that is on a held report (same serial) counts as reported', () => {
    const f = findUnreported([
      p({ source: 'ms', date: '2010-03-02', serialKey: 'ABC1' }), p({ source: 'ms', date: '2010-03-02' }), p({ source: 'tr', date: '2010-03-02', serialKey: 'ABC1' }),
    ], dealer, 'x');
    expect(f).toEqual([]);
  });

  it('rifles before the rifle rule, or outside the border states, are not reportable', () => {
    const rifle = { type: 'rifle', caliber: '7.62x39mm', action: 'semi_automatic', detachableMagazine: true, label: 'WASR-10' };
    expect(findUnreported([p({ source: 'tr', date: '2010-03-01', ...rifle }), p({ source: 'tr', date: '2010-03-02', ...rifle })], dealer, 'x')).toEqual([]);
    expect(findUnreported([p({ source: 'tr', date: '2012-03-01', ...rifle }), p({ source: 'tr', date: '2012-03-02', ...rifle })], { ...dealer, state: 'NV' }, 'x')).toEqual([]);
    const f = findUnreported([p({ source: 'tr', date: '2012-03-01', ...rifle }), p({ source: 'tr', date: '2012-03-02', ...rifle })], dealer, 'x');
    expect(f[0]).toMatchObject({ form: '3310.12', certainty: 'definite' });
  });

  it('rifles whose action or magazine the traces do not state give a possible finding', () => {
    const rifle = { type: 'rifle', caliber: '7.62x39mm', action: null, detachableMagazine: null, label: 'WASR-10' };
    const f = findUnreported([p({ source: 'tr', date: '2012-03-01', ...rifle }), p({ source: 'tr', date: '2012-03-02', ...rifle })], dealer, 'x');
    expect(f).toHaveLength(1);
    expect(f[0].certainty).toBe('possible');
    expect(f[0].explanation).toMatch(/^Possibly: /);
  });

  it('no finding without a traced gun: reports alone are what the dealer did report', () => {
    expect(findUnreported([p({ source: 'ms', date: '2010-03-01' }), p({ source: 'ms', date: '2010-03-01' })], dealer, 'x')).toEqual([]);
  });
});
