import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../../domain/dates.js';
import { withConfig } from './config.js';
import type { GunItem, ReportEvent, SubjectEvent, TraceEvent } from './events.js';
import { computeIndicators, densestWindow, mostDealersInWindow, purchasesOf } from './indicators.js';
import { applySuspectLinks, firstDayReaching, scorePerson } from './risk.js';
import { favouredType } from './trafficking-types.js';

const cfg = withConfig();
const D = toDayNumber;
// Monday to Friday, no holidays: enough for these cases.
const bdays = (_: number | null, a: number, b: number) => {
  let n = 0;
  for (let d = a; d <= b; d++) if (((d + 4) % 7) % 6 !== 0) n++;
  return n;
};
let seq = 0;
const AKG = (day: string): GunItem => ({ firearmId: ++seq, day: D(day), model: 'CENTURYARMS|WASR10', label: 'Century Arms WASR-10', favoured: 'ak_type' });
const GLOCK = (day: string): GunItem => ({ firearmId: ++seq, day: D(day), model: 'GLOCK|19', label: 'Glock 19', favoured: null });

function report(day: string, guns: GunItem[], o: Partial<ReportEvent> = {}): ReportEvent {
  return { kind: 'report', reportId: ++seq, knownDay: D(day), dealerId: 1, dealerLicence: 'L1', form: '3310.12', connected: false, cash: false, guns, ...o };
}
function trace(o: Partial<TraceEvent> & { sale: string; recovered: string }): TraceEvent {
  const ttc = D(o.recovered) - D(o.sale);
  return {
    kind: 'trace', traceId: ++seq, knownDay: D(o.recovered) + 10, dealerId: 1, dealerLicence: 'L1', dealerState: 'AZ', buyerState: 'AZ',
    gun: AKG(o.sale), saleDay: D(o.sale), recoveredDay: D(o.recovered), ttcDays: ttc, country: 'US', recoveryState: 'AZ', recoveryMxState: null,
    obliterated: false, possessorDiffers: false, cash: false, msrReportId: null, msrDay: null, coRecoveredWith: [], ...o,
  };
}
const codes = (evs: SubjectEvent[]) => computeIndicators(evs, cfg, bdays).map((i) => i.code).sort();

describe('windows', () => {
  it('finds the densest window and the most dealers in one', () => {
    const ps = purchasesOf([
      report('2020-01-01', [AKG('2020-01-01')], { dealerLicence: 'A' }),
      report('2020-01-10', [AKG('2020-01-10'), AKG('2020-01-10')], { dealerLicence: 'B' }),
      report('2020-02-20', [AKG('2020-02-20')], { dealerLicence: 'C' }),
    ]);
    expect(densestWindow(ps, 30).count).toBe(3);
    expect(mostDealersInWindow(ps, 30).dealers).toEqual(['A', 'B']);
    expect(mostDealersInWindow(ps, 60).dealers.length).toBe(3);
  });

  it('counts a traced gun once when it is also on one of the buyer\'s reports', () => {
    const r = report('2020-01-01', [AKG('2020-01-01'), AKG('2020-01-01')]);
    const t = trace({ sale: '2020-01-01', recovered: '2020-03-01', msrReportId: r.reportId, msrDay: D('2020-01-01') });
    expect(purchasesOf([r, t])).toHaveLength(2);
  });
});

describe('indicators', () => {
  it('says nothing about a lawful buyer of two handguns by card', () => {
    expect(codes([report('2020-01-01', [GLOCK('2020-01-01'), GLOCK('2020-01-01')], { form: '3310.4' })])).toEqual([]);
  });

  it('favoured types count only as most of what was bought', () => {
    expect(codes([report('2020-01-01', [AKG('2020-01-01'), AKG('2020-01-01'), AKG('2020-01-01')])])).toEqual(['favoured_types']);
    const mixed = [report('2020-01-01', [AKG('2020-01-01'), AKG('2020-01-01'), AKG('2020-01-01')]), report('2020-06-01', [1, 2, 3].map(() => GLOCK('2020-06-01')), { form: '3310.4' })];
    expect(codes(mixed)).not.toContain('favoured_types');
  });

  it('cash counts as a habit: two cash multiple sales of two', () => {
    expect(codes([report('2020-01-01', [GLOCK('2020-01-01'), GLOCK('2020-01-01')], { cash: true })])).toEqual([]);
    const two = [report('2020-01-01', [GLOCK('2020-01-01'), GLOCK('2020-01-01')], { cash: true }), report('2021-01-01', [GLOCK('2021-01-01'), GLOCK('2021-01-01')], { cash: true })];
    const ind = computeIndicators(two, cfg, bdays).find((i) => i.code === 'cash')!;
    expect(ind.text).toBe('paid cash for 2 of 2 multiple sales (4 guns)');
    expect(ind.evidence.map((e) => e.type)).toEqual(['multiple_sale_report', 'multiple_sale_report']);
  });

  it('cash also counts once for a bulk of guns on one multiple sale, and only from cashBulkGuns', () => {
    const n = cfg.windows.cashBulkGuns;
    const guns = (k: number) => Array.from({ length: k }, () => AKG('2009-09-15'));
    expect(codes([report('2009-09-15', guns(n - 1), { cash: true })])).not.toContain('cash');
    expect(codes([report('2009-09-15', guns(n))])).not.toContain('cash');
    expect(codes([report('2009-09-15', guns(n), { cash: true })])).toContain('cash');
    const bulk = report('2009-09-15', guns(n + 2), { cash: true });
    const ind = computeIndicators([bulk, report('2009-10-01', guns(2))], cfg, bdays).find((i) => i.code === 'cash')!;
    expect(ind.text).toBe(`paid cash for ${n + 2} guns at once`);
    expect(ind.points).toBe(cfg.person.cash.first);
    expect(ind.evidence).toEqual([{ type: 'multiple_sale_report', id: bulk.reportId, date: '2009-09-15', note: `cash, ${n + 2} guns` }]);
  });

  it('trace indicators: short time-to-crime, Mexico, possessor, obliterated, multiple sale recovered soon, recovered together', () => {
    const t = trace({
      sale: '2020-01-06', recovered: '2020-03-01', country: 'MX', recoveryState: null, recoveryMxState: 'SON', possessorDiffers: true, obliterated: true,
      msrReportId: 99, msrDay: D('2020-01-06'), coRecoveredWith: [7, 8],
    });
    const ind = computeIndicators([t], cfg, bdays);
    expect(ind.map((i) => i.code).sort()).toEqual(['ms_recovered_soon', 'obliterated_serial', 'possessor_not_buyer', 'recovered_mexico', 'recovered_with_others', 'short_ttc_1y']);
    expect(ind.find((i) => i.code === 'short_ttc_1y')!.text).toBe('1 gun bought by this person was recovered in crime less than a year after the sale (time-to-crime 55 days)');
    expect(ind.find((i) => i.code === 'recovered_with_others')!.text).toMatch(/together with guns bought by 2 other buyers/);
    const old = trace({ sale: '2010-01-06', recovered: '2020-03-01', recoveryState: 'CA' });
    expect(computeIndicators([old], cfg, bdays).map((i) => i.code)).toEqual(['recovered_other_state']);
  });

  it('purchases just outside the five business days, again and again', () => {
    // Mondays a week and a day apart: 6 business days from one to the next.
    const evs = [
      trace({ sale: '2020-03-02', recovered: '2020-09-01' }),
      trace({ sale: '2020-03-10', recovered: '2020-09-01' }),
      trace({ sale: '2020-03-18', recovered: '2020-09-01' }),
    ];
    const s = computeIndicators(evs, cfg, bdays).find((i) => i.code === 'staggered')!;
    expect(s.count).toBe(1);
    expect(s.text).toMatch(/2 purchases at one dealer came just outside the five business days/);
  });

  it('many dealers within the window, and a new buyer with sudden volume', () => {
    const evs = ['A', 'B', 'C'].map((l, k) => report(`2020-01-0${k + 2}`, [AKG(`2020-01-0${k + 2}`), AKG(`2020-01-0${k + 2}`)], { dealerLicence: l }));
    const c = codes(evs);
    expect(c).toContain('many_dealers');
    expect(c).toContain('new_buyer_volume');
  });
});

describe('risk', () => {
  it('finds the day the score first reached the threshold, and the guns bought by then', () => {
    const evs: SubjectEvent[] = [];
    for (let k = 0; k < 6; k++) {
      const day = `2020-01-${String(2 + k * 3).padStart(2, '0')}`;
      evs.push(report(day, [AKG(day), AKG(day), AKG(day)], { cash: true, dealerLicence: `L${k % 3}` }));
    }
    const s = scorePerson(evs, cfg, bdays);
    expect(s.flagged).toBe(true);
    // Replay by hand: the first day whose known events alone reach the threshold.
    const sorted = [...evs].sort((a, b) => a.knownDay - b.knownDay);
    let first: number | null = null;
    for (let n = 1; n <= sorted.length && first === null; n++) {
      const pts = computeIndicators(sorted.slice(0, n), cfg, bdays).reduce((t, i) => t + i.points, 0);
      if (pts >= cfg.threshold) first = sorted[n - 1].knownDay;
    }
    expect(s.flaggedOnDay).toBe(first);
    expect(s.gunsBeforeFlag).toBe(purchasesOf(evs).filter((p) => p.day <= first!).length);
  });

  it('binary search finds the first day reaching a threshold', () => {
    expect(firstDayReaching([1, 2, 3, 4, 5], 3, (d) => d)).toBe(3);
    expect(firstDayReaching([10], 1, () => 5)).toBe(10);
  });

  it('a link to a flagged person adds a reason and can move the flag day earlier', () => {
    const evs = [report('2020-01-02', [AKG('2020-01-02'), AKG('2020-01-02'), AKG('2020-01-02')], { cash: true }), report('2020-02-03', [AKG('2020-02-03'), AKG('2020-02-03')], { cash: true })];
    const base = scorePerson(evs, cfg, bdays, { keepEvents: true });
    expect(base.flagged).toBe(false);
    const linked = applySuspectLinks(base, [{ other: 5, kind: 'address', value: '12 ELM ST, 85001', day: D('2020-01-20'), otherName: 'Juan Perez' }], cfg, bdays);
    expect(linked.indicators.map((i) => i.code)).toContain('shared_link_suspect');
    expect(linked.indicators.find((i) => i.code === 'shared_link_suspect')!.text).toBe('shares an address with a flagged person (Juan Perez)');
    if (linked.flagged) expect(linked.flaggedOnDay).toBeGreaterThanOrEqual(D('2020-01-20'));
    expect(linked.score).toBe(base.score + cfg.person.shared_link_suspect.first);
  });
});

describe('favoured trafficking types', () => {
  it.each([
    [{ maker: 'Century Arms', model: 'WASR-10', caliber: '7.62x39mm', type: 'rifle' }, 'ak_type'],
    [{ maker: 'Romarm', model: 'Draco', caliber: '7.62x39', type: 'pistol' }, null],
    [{ maker: 'Norinco', model: 'MAK-90', caliber: '7.62x39', type: 'rifle' }, 'ak_type'],
    [{ maker: 'Zastava', model: 'ZPAP M70', caliber: '7.62x39mm', type: 'rifle' }, 'ak_type'],
    [{ maker: 'Norinco', model: 'SKS', caliber: '7.62x39', type: 'rifle' }, null],
    [{ maker: 'Colt', model: 'AR-15 A2', caliber: '5.56', type: 'rifle' }, 'ar_type'],
    [{ maker: 'Smith & Wesson', model: 'M&P15 Sport II', caliber: '.223', type: 'rifle' }, 'ar_type'],
    [{ maker: 'Bushmaster', model: 'XM-15', caliber: '5.56x45mm NATO', type: 'rifle' }, 'ar_type'],
    [{ maker: 'Ruger', model: 'Mini-14', caliber: '.223', type: 'rifle' }, null],
    [{ maker: 'Remington', model: '700', caliber: '.223', type: 'rifle' }, null],
    [{ maker: 'FN Herstal', model: 'Five-seveN', caliber: '5.7x28mm', type: 'pistol' }, 'fn_57'],
    [{ maker: 'FNH USA', model: 'PS90', caliber: '5.7', type: 'rifle' }, 'fn_57'],
    [{ maker: 'Ruger', model: '57', caliber: '5.7x28', type: 'pistol' }, 'fn_57'],
    [{ maker: 'Barrett', model: 'M82A1', caliber: '.50 BMG', type: 'rifle' }, 'bmg_50'],
    [{ maker: 'Barrett', model: 'M107A1', caliber: '', type: 'rifle' }, 'bmg_50'],
    [{ maker: 'Colt', model: 'Government Super', caliber: '.38 Super', type: 'pistol' }, 'super_38'],
    [{ maker: 'Glock', model: '19', caliber: '9mm', type: 'pistol' }, null],
    [{ maker: 'Ruger', model: '10/22', caliber: '.22 LR', type: 'rifle' }, null],
  ])('%o -> %s', (g, want) => {
    expect(favouredType(g)).toBe(want);
  });
});
