import { describe, expect, it } from 'vitest';
import { withConfig } from './config.js';
import { overallRates, scoreDealer, shrunkRatio, type DealerFacts } from './dealer-risk.js';

const cfg = withConfig();
function dealer(o: Partial<DealerFacts>): DealerFacts {
  return {
    dealerId: 1, licence: 'L', name: 'D', state: 'AZ', volume: 1000, msReports: 100, msItems: 900, traces: 50, shortTtc1y: 0, shortTtc3y: 0,
    mexico: 0, obliterated: 0, possessorNotBuyer: 0, buyers: 300, flaggedBuyers: 0, findings: 0, ...o,
  };
}

describe('dealer risk against volume', () => {
  const all = [
    dealer({ dealerId: 1, volume: 10_000, shortTtc3y: 100, mexico: 20, buyers: 3000, flaggedBuyers: 3 }),
    dealer({ dealerId: 2, volume: 10_000, shortTtc3y: 100, mexico: 20, buyers: 3000, flaggedBuyers: 3 }),
  ];
  const rates = overallRates(all);

  it('a big dealer with many short-TTC traces at the common rate is not flagged for it', () => {
    const big = scoreDealer(dealer({ volume: 20_000, shortTtc3y: 200 }), rates, cfg);
    expect(big.reasons.find((r) => r.code === 'short_ttc_rate')).toBeUndefined();
    expect(big.level).toBe('low');
  });

  it('a small dealer with the same count is', () => {
    const small = scoreDealer(dealer({ volume: 500, shortTtc3y: 40, shortTtc1y: 25 }), rates, cfg);
    const r = small.reasons.find((x) => x.code === 'short_ttc_rate')!;
    expect(r.expected).toBeCloseTo(5, 5);
    expect(r.ratio).toBeCloseTo((40 + 3) / (5 + 3), 5);
    expect(r.text).toMatch(/^40 guns sold here were recovered in crime within three years of sale \(25 within one year\), against 5\.0 expected for its 500 guns known sold/);
    expect(small.level).toBe('high');
  });

  it('shrinks small counts toward the average: one short-TTC trace of three guns is not an outlier', () => {
    const tiny = scoreDealer(dealer({ volume: 3, shortTtc3y: 1 }), rates, cfg);
    expect(tiny.score).toBe(0);
    expect(shrunkRatio(1, 0.03, 3)).toBeLessThan(1.35);
  });

  it('names unreported multiple sales found through traces', () => {
    const d = scoreDealer(dealer({ findings: 2 }), rates, cfg);
    expect(d.reasons[0]).toMatchObject({ code: 'unreported_multiple_sales', points: 20 });
  });
});
