/**
 * A person's risk: the sum of the points of their indicators, the level it reaches, and the day it first reached the
 * threshold when the events are replayed in the order the system learned them. Pure: no I/O.
 */
import { fromDayNumber } from '../../domain/dates.js';
import { pointsFor, type DetectionConfig } from './config.js';
import type { BusinessDayCounter, SubjectEvent, SubjectLink } from './events.js';
import { computeIndicators, purchasesOf, type Evidence, type Indicator } from './indicators.js';

export type Level = 'low' | 'elevated' | 'high';

export interface PersonScore {
  score: number;
  level: Level;
  flagged: boolean;
  /** Day the score first reached the threshold in the replay (null when it never did). */
  flaggedOnDay: number | null;
  indicators: Indicator[];
  gunsKnown: number;
  gunsBeforeFlag: number | null;
  firstSeenDay: number | null;
  lastSeenDay: number | null;
  /** Days of the guns known bought, in order (to count guns bought before the flag). */
  purchaseDays: number[];
  /** The events in knownDay order; kept only when asked for (links are added in a second pass). */
  events?: readonly SubjectEvent[];
}

export function levelOf(score: number, cfg: DetectionConfig): Level {
  return score >= cfg.threshold ? 'high' : score >= cfg.elevated ? 'elevated' : 'low';
}

const total = (ind: readonly Indicator[]) => ind.reduce((s, i) => s + i.points, 0);

/** The score as of a day: only the events known by then. `sorted` is in knownDay order. */
export function scoreAsOf(sorted: readonly SubjectEvent[], day: number, cfg: DetectionConfig, bdays: BusinessDayCounter): number {
  let n = 0;
  while (n < sorted.length && sorted[n].knownDay <= day) n++;
  return total(computeIndicators(sorted.slice(0, n), cfg, bdays));
}

/**
 * Scores a subject's events, and finds the day the score first reached the threshold had detection run after every
 * import. Scores only grow as events are added (every indicator counts more of something), so the crossing day is
 * found by binary search over the days events became known: a few evaluations even for a buyer with hundreds of
 * reports. `keepEvents` keeps the sorted events for the second pass (links to flagged people).
 */
export function scorePerson(
  events: readonly SubjectEvent[],
  cfg: DetectionConfig,
  bdays: BusinessDayCounter,
  opts: { keepEvents?: boolean } = {},
): PersonScore {
  const sorted = [...events].sort((a, b) => a.knownDay - b.knownDay);
  const days = [...new Set(sorted.map((e) => e.knownDay))];
  const ps = purchasesOf(sorted);
  const indicators = computeIndicators(sorted, cfg, bdays, ps);
  const score = total(indicators);
  const flaggedOnDay = score >= cfg.threshold ? firstDayReaching(days, cfg.threshold, (d) => scoreAsOf(sorted, d, cfg, bdays)) : null;
  return {
    score,
    level: levelOf(score, cfg),
    flagged: score >= cfg.threshold,
    flaggedOnDay,
    indicators,
    gunsKnown: ps.length,
    gunsBeforeFlag: flaggedOnDay === null ? null : ps.filter((p) => p.day <= flaggedOnDay).length,
    firstSeenDay: ps.length ? ps[0].day : days.length ? days[0] : null,
    lastSeenDay: days.length ? days[days.length - 1] : null,
    purchaseDays: ps.map((p) => p.day),
    events: opts.keepEvents ? sorted : undefined,
  };
}

/** The first of the ascending `days` on which `scoreAt` reaches the threshold (the last day is known to reach it). */
export function firstDayReaching(days: readonly number[], threshold: number, scoreAt: (day: number) => number): number | null {
  if (days.length === 0) return null;
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (scoreAt(days[mid]) >= threshold) hi = mid;
    else lo = mid + 1;
  }
  return days[lo];
}

export interface LinkToSuspect extends SubjectLink {
  /** Day from which the link counts: when both the link and the other subject's flag were known. */
  day: number;
  otherName: string;
}

const LINK_WORDS: Record<SubjectLink['kind'], string> = {
  address: 'an address',
  phone: 'a phone number',
  payer: 'a payer',
  vehicle: 'a vehicle',
  email: 'an e-mail address',
  recovered_together: 'a recovery (guns found together)',
  companion: 'a companion at the purchase',
};

/**
 * Adds the "shares an address, phone, payer or vehicle with a suspect" indicator to a first-pass score and moves the
 * flag day earlier when the link tips the score over the threshold sooner.
 */
export function applySuspectLinks(base: PersonScore, links: readonly LinkToSuspect[], cfg: DetectionConfig, bdays?: BusinessDayCounter): PersonScore {
  if (links.length === 0) return base;
  const byOther = new Map<number, LinkToSuspect>();
  for (const l of [...links].sort((a, b) => a.day - b.day)) if (!byOther.has(l.other)) byOther.set(l.other, l);
  const firsts = [...byOther.values()].sort((a, b) => a.day - b.day);
  const w = cfg.person.shared_link_suspect;
  const kinds = [...new Set(firsts.map((l) => LINK_WORDS[l.kind]))].join(', ');
  const evidence: Evidence[] = firsts.slice(0, 12).map((l) => ({
    type: 'person', id: l.other, date: fromDayNumber(l.day), note: `shares ${LINK_WORDS[l.kind]} (${l.value}) with ${l.otherName}, who is flagged`,
  }));
  const indicator: Indicator = {
    code: 'shared_link_suspect',
    count: firsts.length,
    points: pointsFor(w, firsts.length),
    text: `shares ${kinds} with ${firsts.length === 1 ? 'a flagged person' : `${firsts.length} flagged people`} (${firsts.slice(0, 3).map((l) => l.otherName).join(', ')})`,
    evidence,
  };
  const indicators = [...base.indicators, indicator].sort((a, b) => b.points - a.points);
  const score = total(indicators);
  // The earliest day at which the score as of that day plus the link points reach the threshold.
  let flaggedOnDay: number | null = base.flaggedOnDay;
  if (score >= cfg.threshold) {
    const evs = base.events ?? [];
    const days = [...new Set([...evs.map((e) => e.knownDay), ...firsts.map((l) => l.day)])].sort((a, b) => a - b);
    const at = (d: number) =>
      (evs.length && bdays ? scoreAsOf(evs, d, cfg, bdays) : d >= (base.lastSeenDay ?? 0) ? base.score : 0) +
      pointsFor(w, firsts.filter((l) => l.day <= d).length);
    const viaLinks = firstDayReaching(days, cfg.threshold, at);
    if (viaLinks !== null && (flaggedOnDay === null || viaLinks < flaggedOnDay)) flaggedOnDay = viaLinks;
  }
  return {
    ...base,
    score,
    level: levelOf(score, cfg),
    flagged: score >= cfg.threshold,
    flaggedOnDay,
    indicators,
    gunsBeforeFlag: flaggedOnDay === null ? null : base.purchaseDays.filter((d) => d <= flaggedOnDay!).length,
    events: undefined,
  };
}

/** One line summing a score up, for alert titles and lists. */
export function headline(s: Pick<PersonScore, 'score' | 'indicators'>): string {
  return s.indicators.slice(0, 3).map((i) => i.text).join('; ');
}
