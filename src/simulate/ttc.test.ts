import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { TtcStats, sampleBackgroundTtc, ttcBracket } from './ttc.js';

describe('time-to-crime', () => {
  it('puts days in ATF\'s brackets', () => {
    expect(ttcBracket(0)).toBe('under_3_months');
    expect(ttcBracket(100)).toBe('3_to_7_months');
    expect(ttcBracket(300)).toBe('7_months_to_1_year');
    expect(ttcBracket(365)).toBe('1_to_2_years');
    expect(ttcBracket(800)).toBe('2_to_3_years');
    expect(ttcBracket(1095)).toBe('3_years_or_more');
  });

  it('samples ordinary crime guns a little older than the national figures (trafficked guns make up the rest)', () => {
    const rng = new Rng(4);
    const s = new TtcStats();
    for (let i = 0; i < 200_000; i++) s.add(sampleBackgroundTtc(rng));
    const sum = s.summary();
    expect(sum.underOneYear).toBeGreaterThan(0.22);
    expect(sum.underOneYear).toBeLessThan(0.26);
    expect(sum.threeYearsOrLess).toBeGreaterThan(0.43);
    expect(sum.threeYearsOrLess).toBeLessThan(0.47);
    expect(sum.meanYears).toBeGreaterThan(5.3);
    expect(sum.meanYears).toBeLessThan(6.3);
  });
});
