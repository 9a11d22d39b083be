/**
 * Dealer risk, judged against the dealer's volume, never as raw counts: a dealer that sells a lot will have many
 * traces. For each signal (short time-to-crime traces, guns recovered in Mexico, flagged buyers) the dealer's count
 * is compared with what its volume would lead one to expect at the rate of all dealers, and the ratio is shrunk
 * toward 1 (a gamma-Poisson prior worth `priorStrength` expected events), so that a dealer with three sales and
 * one short-TTC trace does not top the list. Pure: no I/O.
 */
import type { DetectionConfig } from './config.js';
import type { Level } from './risk.js';

export interface DealerFacts {
  dealerId: number;
  licence: string;
  name: string;
  state: string | null;
  /** Guns known sold: multiple-sale items plus traced guns not on a report. */
  volume: number;
  msReports: number;
  msItems: number;
  traces: number;
  shortTtc1y: number;
  shortTtc3y: number;
  mexico: number;
  obliterated: number;
  possessorNotBuyer: number;
  buyers: number;
  flaggedBuyers: number;
  findings: number;
}

export interface DealerRates {
  shortTtcPerGun: number;
  mexicoPerGun: number;
  flaggedPerBuyer: number;
}

export interface DealerReason {
  code: string;
  text: string;
  points: number;
  observed?: number;
  expected?: number;
  ratio?: number;
}

export interface DealerScore {
  score: number;
  level: Level;
  expectedShortTtc: number;
  rateRatio: number;
  reasons: DealerReason[];
}

/** The rates of all dealers together: the baseline every dealer is compared with. */
export function overallRates(all: readonly DealerFacts[]): DealerRates {
  let vol = 0, short = 0, mx = 0, buyers = 0, flagged = 0;
  for (const d of all) {
    vol += d.volume;
    short += d.shortTtc3y;
    mx += d.mexico;
    buyers += d.buyers;
    flagged += d.flaggedBuyers;
  }
  return {
    shortTtcPerGun: vol > 0 ? short / vol : 0,
    mexicoPerGun: vol > 0 ? mx / vol : 0,
    flaggedPerBuyer: buyers > 0 ? flagged / buyers : 0,
  };
}

/** Observed against expected, shrunk toward 1 by a prior worth `a` expected events. */
export function shrunkRatio(observed: number, expected: number, a: number): number {
  return (observed + a) / (expected + a);
}

const fmt = (x: number) => (x >= 10 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));

export function scoreDealer(f: DealerFacts, rates: DealerRates, cfg: DetectionConfig): DealerScore {
  const a = cfg.dealer.priorStrength;
  const reasons: DealerReason[] = [];
  const expShort = rates.shortTtcPerGun * f.volume;
  const ratio = shrunkRatio(f.shortTtc3y, expShort, a);
  if (f.shortTtc3y >= 2 && ratio > 1.25) {
    const pts = Math.min(50, Math.round(25 * Math.log2(ratio)) + (f.shortTtc3y >= cfg.dealer.minShortTtc ? 5 : 0));
    reasons.push({
      code: 'short_ttc_rate', points: pts, observed: f.shortTtc3y, expected: expShort, ratio,
      text: `${f.shortTtc3y} guns sold here were recovered in crime within three years of sale (${f.shortTtc1y} within one year), ` +
        `against ${fmt(expShort)} expected for its ${f.volume.toLocaleString('en-US')} guns known sold: ` +
        `${ratio.toFixed(1)} times the rate of all dealers (shrunk toward the average for small volumes)`,
    });
  }
  const expMx = rates.mexicoPerGun * f.volume;
  const mxRatio = shrunkRatio(f.mexico, expMx, a);
  if (f.mexico >= 2 && mxRatio > 1.25) {
    reasons.push({
      code: 'mexico_rate', points: Math.min(25, Math.round(15 * Math.log2(mxRatio))), observed: f.mexico, expected: expMx, ratio: mxRatio,
      text: `${f.mexico} guns sold here were recovered in Mexico, against ${fmt(expMx)} expected for its volume (${mxRatio.toFixed(1)} times the rate of all dealers)`,
    });
  }
  const expFlag = rates.flaggedPerBuyer * f.buyers;
  const flagRatio = shrunkRatio(f.flaggedBuyers, expFlag, a);
  if (f.flaggedBuyers >= 2 && flagRatio > 1.25) {
    reasons.push({
      code: 'flagged_buyers', points: Math.min(30, Math.round(20 * Math.log2(flagRatio))), observed: f.flaggedBuyers, expected: expFlag, ratio: flagRatio,
      text: `${f.flaggedBuyers} of its ${f.buyers} buyers known here are flagged as possible straw buyers, against ${fmt(expFlag)} expected (${flagRatio.toFixed(1)} times the share at all dealers)`,
    });
  }
  if (f.findings > 0) {
    reasons.push({
      code: 'unreported_multiple_sales', points: Math.min(30, 10 * f.findings), observed: f.findings,
      text: `${f.findings} multiple ${f.findings === 1 ? 'sale' : 'sales'} found through traces that no report held here covers`,
    });
  }
  reasons.sort((x, y) => y.points - x.points);
  const score = reasons.reduce((s, r) => s + r.points, 0);
  return {
    score,
    level: score >= 50 ? 'high' : score >= 25 ? 'elevated' : 'low',
    expectedShortTtc: expShort,
    rateRatio: ratio,
    reasons,
  };
}
