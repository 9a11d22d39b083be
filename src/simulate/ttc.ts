// Time-to-crime of ordinary crime guns, calibrated to DOMAIN.md (2017-2021: about 25% under 1 year, 46% 3 years
// or less, mean about 6 years), and ATF's published brackets.
import type { Rng } from './rng.js';

export const TTC_BRACKETS = ['under_3_months', '3_to_7_months', '7_months_to_1_year', '1_to_2_years', '2_to_3_years', '3_years_or_more'] as const;
export type TtcBracket = (typeof TTC_BRACKETS)[number];

export function ttcBracket(days: number): TtcBracket {
  if (days < 91) return 'under_3_months';
  if (days < 213) return '3_to_7_months';
  if (days < 365) return '7_months_to_1_year';
  if (days < 730) return '1_to_2_years';
  if (days < 1095) return '2_to_3_years';
  return '3_years_or_more';
}

// Piecewise: uniform inside each bracket up to 3 years, then 3 years plus an exponential tail whose mean brings the
// overall mean to about 6 years. The short brackets are a little lighter than the target because trafficked guns
// (short time-to-crime) are added on top of these.
const PIECES: readonly [share: number, from: number, to: number][] = [
  [0.065, 1, 91],
  [0.065, 91, 213],
  [0.11, 213, 365],
  [0.125, 365, 730],
  [0.095, 730, 1095],
];
const TAIL_MEAN = 2_400;

export function sampleBackgroundTtc(rng: Rng): number {
  let x = rng.float();
  for (const [share, from, to] of PIECES) {
    if (x < share) return from + Math.floor((x / share) * (to - from));
    x -= share;
  }
  return 1095 + Math.floor(rng.exp(TAIL_MEAN));
}

export class TtcStats {
  readonly counts: Record<TtcBracket, number> = {
    under_3_months: 0,
    '3_to_7_months': 0,
    '7_months_to_1_year': 0,
    '1_to_2_years': 0,
    '2_to_3_years': 0,
    '3_years_or_more': 0,
  };
  n = 0;
  sum = 0;

  add(days: number): void {
    this.counts[ttcBracket(days)]++;
    this.n++;
    this.sum += days;
  }

  summary(): { traces: number; meanYears: number; underOneYear: number; threeYearsOrLess: number; brackets: Record<TtcBracket, number> } {
    const c = this.counts;
    const n = Math.max(1, this.n);
    return {
      traces: this.n,
      meanYears: Math.round((this.sum / n / 365.25) * 100) / 100,
      underOneYear: Math.round(((c.under_3_months + c['3_to_7_months'] + c['7_months_to_1_year']) / n) * 1000) / 1000,
      threeYearsOrLess: Math.round(((this.n - c['3_years_or_more']) / n) * 1000) / 1000,
      brackets: { ...c },
    };
  }
}
