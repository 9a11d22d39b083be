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
  /** Score after each day on which it changed; kept only when asked for (links are added in a second pass). */
  timeline?: Array<[day: number, score: number]>;
}

export function levelOf(score: number, cfg: DetectionConfig): Level {
  return score >= cfg.threshold ? 'high' : score >= cfg.elevated ? 'elevated' : 'low';
}

const total = (ind: readonly Indicator[]) => ind.reduce((s, i) => s + i.points, 0);

/**
 * Scores a subject's events. The replay stops at the first crossing unless a timeline is wanted, so that a buyer with
 * hundreds of reports costs little once flagged.
 */
export function scorePerson(
  events: readonly SubjectEvent[],
  cfg: DetectionConfig,
  bdays: BusinessDayCounter,
  opts: { timeline?: boolean } = {},
): PersonScore {
  const sorted = [...events].sort((a, b) => a.knownDay - b.knownDay);
  const days = [...new Set(sorted.map((e) => e.knownDay))];
  let flaggedOnDay: number | null = null;
  const timeline: Array<[number, number]> = [];
  let n = 0;
  for (const day of days) {
    while (n < sorted.length && sorted[n].knownDay <= day) n++;
    if (n === sorted.length) break; // the final state is computed below
    const s = total(computeIndicators(sorted.slice(0, n), cfg, bdays));
    if (opts.timeline && (timeline.length === 0 || timeline[timeline.length - 1][1] !== s)) timeline.push([day, s]);
    if (flaggedOnDay === null && s >= cfg.threshold) {
      flaggedOnDay = day;
      if (!opts.timeline) break;
    }
  }
  const indicators = computeIndicators(sorted, cfg, bdays);
  const score = total(indicators);
  const lastDay = days.length ? days[days.length - 1] : null;
  if (flaggedOnDay === null && score >= cfg.threshold) flaggedOnDay = lastDay;
  if (opts.timeline && lastDay !== null && (timeline.length === 0 || timeline[timeline.length - 1][1] !== score)) timeline.push([lastDay, score]);
  const ps = purchasesOf(sorted);
  return {
    score,
    level: levelOf(score, cfg),
    flagged: score >= cfg.threshold,
    flaggedOnDay,
    indicators,
    gunsKnown: ps.length,
    gunsBeforeFlag: flaggedOnDay === null ? null : ps.filter((p) => p.day <= flaggedOnDay!).length,
    firstSeenDay: ps.length ? ps[0].day : days.length ? days[0] : null,
    lastSeenDay: lastDay,
    purchaseDays: ps.map((p) => p.day),
    timeline: opts.timeline ? timeline : undefined,
  };
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
export function applySuspectLinks(base: PersonScore, links: readonly LinkToSuspect[], cfg: DetectionConfig): PersonScore {
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
  // Earliest day at which base score (as of that day) plus link points reach the threshold.
  const tl = base.timeline ?? (base.lastSeenDay !== null ? [[base.lastSeenDay, base.score] as [number, number]] : []);
  const baseAt = (d: number) => {
    let s = 0;
    for (const [day, v] of tl) if (day <= d) s = v;
    return s;
  };
  const candidates = [...new Set([...tl.map(([d]) => d), ...firsts.map((l) => l.day)])].sort((a, b) => a - b);
  let flaggedOnDay: number | null = base.flaggedOnDay;
  for (const d of candidates) {
    if (flaggedOnDay !== null && d >= flaggedOnDay) break;
    const linkPts = pointsFor(w, firsts.filter((l) => l.day <= d).length);
    if (baseAt(d) + linkPts >= cfg.threshold) {
      flaggedOnDay = d;
      break;
    }
  }
  if (flaggedOnDay === null && score >= cfg.threshold) flaggedOnDay = candidates[candidates.length - 1] ?? null;
  return {
    ...base,
    score,
    level: levelOf(score, cfg),
    flagged: score >= cfg.threshold,
    flaggedOnDay,
    indicators,
    gunsBeforeFlag: flaggedOnDay === null ? null : base.purchaseDays.filter((d) => d <= flaggedOnDay!).length,
  };
}

/** One line summing a score up, for alert titles and lists. */
export function headline(s: Pick<PersonScore, 'score' | 'indicators'>): string {
  return s.indicators.slice(0, 3).map((i) => i.text).join('; ');
}
