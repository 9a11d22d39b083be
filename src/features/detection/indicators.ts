/**
 * The trafficking indicators of DOMAIN.md computed for one subject from its events, each with its evidence: the
 * records and dates behind it, and a sentence an analyst can read. Pure: no I/O.
 */
import { fromDayNumber } from '../../domain/dates.js';
import { pointsFor, type DetectionConfig, type PersonIndicatorCode } from './config.js';
import type { BusinessDayCounter, CoPurchaseEvent, GunItem, MexicoPairEvent, ReportEvent, SubjectEvent, TraceEvent, TravelPairEvent } from './events.js';
import { FAVOURED_LABELS, type FavouredType } from './trafficking-types.js';

export interface Evidence {
  type: 'multiple_sale_report' | 'trace' | 'dealer_tip' | 'firearm' | 'person' | 'compliance_finding';
  id: number | string;
  date?: string;
  note?: string;
}

export interface Indicator {
  code: PersonIndicatorCode;
  /** How many times it was seen (guns, dealers, reports...), as the weight counts it. */
  count: number;
  points: number;
  text: string;
  evidence: Evidence[];
}

/** One gun known bought, from a report or from a trace (a traced gun already on one of the subject's reports counts once). */
export interface Purchase extends GunItem {
  dealerId: number | null;
  dealerLicence: string | null;
  cash: boolean;
  /** Where it is known from; the evidence (with the sale date as text) is built only for the indicators that fire. */
  sourceType: 'multiple_sale_report' | 'trace';
  sourceId: number;
}

const MAX_EVIDENCE = 12;
const iso = fromDayNumber;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Every gun known bought, in purchase order. Called once per subject and again for each step of the replay that
 * finds the flag day, so it builds plain objects of one shape (no spreads, no date text): at the benchmark's volume
 * this function was the largest share of detection's own CPU time.
 */
export function purchasesOf(events: readonly SubjectEvent[]): Purchase[] {
  let reportIds: Set<number> | null = null;
  const out: Purchase[] = [];
  for (const e of events) {
    if (e.kind === 'report') {
      for (const g of e.guns) {
        out.push({
          firearmId: g.firearmId, day: g.day, model: g.model, label: g.label, favoured: g.favoured,
          dealerId: e.dealerId, dealerLicence: e.dealerLicence, cash: e.cash, sourceType: 'multiple_sale_report', sourceId: e.reportId,
        });
      }
    } else if (e.kind === 'trace' && e.saleDay !== null) {
      if (e.msrReportId !== null) {
        if (reportIds === null) {
          reportIds = new Set();
          for (const x of events) if (x.kind === 'report') reportIds.add(x.reportId);
        }
        if (reportIds.has(e.msrReportId)) continue;
      }
      const g = e.gun;
      out.push({
        firearmId: g.firearmId, day: e.saleDay, model: g.model, label: g.label, favoured: g.favoured,
        dealerId: e.dealerId, dealerLicence: e.dealerLicence, cash: e.cash, sourceType: 'trace', sourceId: e.traceId,
      });
    }
  }
  let sorted = true;
  for (let i = 1; i < out.length && sorted; i++) if (out[i].day < out[i - 1].day) sorted = false;
  if (!sorted) out.sort((a, b) => a.day - b.day);
  return out;
}

/** Largest number of purchases inside any window of `days` days, and the purchases of that window. */
export function densestWindow(ps: readonly Purchase[], days: number): { count: number; from: number; to: number } {
  let best = { count: 0, from: 0, to: 0 };
  let lo = 0;
  for (let hi = 0; hi < ps.length; hi++) {
    while (ps[hi].day - ps[lo].day >= days) lo++;
    if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, from: lo, to: hi };
  }
  return best;
}

/** Most distinct dealers inside any window of `days` days. */
export function mostDealersInWindow(ps: readonly Purchase[], days: number): { dealers: string[]; from: number; to: number } {
  let best: { dealers: string[]; from: number; to: number } = { dealers: [], from: 0, to: 0 };
  const counts = new Map<string, number>();
  let lo = 0;
  const key = (p: Purchase) => p.dealerLicence ?? `dealer ${p.dealerId ?? '?'}`;
  for (let hi = 0; hi < ps.length; hi++) {
    counts.set(key(ps[hi]), (counts.get(key(ps[hi])) ?? 0) + 1);
    while (ps[hi].day - ps[lo].day >= days) {
      const k = key(ps[lo]);
      const n = (counts.get(k) ?? 0) - 1;
      if (n === 0) counts.delete(k);
      else counts.set(k, n);
      lo++;
    }
    if (counts.size > best.dealers.length) best = { dealers: [...counts.keys()], from: lo, to: hi };
  }
  return best;
}

function ev(p: Purchase, note?: string): Evidence {
  const e: Evidence = { type: p.sourceType, id: p.sourceId, date: iso(p.day) };
  if (note) e.note = note;
  return e;
}

function traceEv(t: TraceEvent, note: string): Evidence {
  return { type: 'trace', id: t.traceId, date: t.recoveredDay !== null ? iso(t.recoveredDay) : iso(t.knownDay), note };
}

function make(cfg: DetectionConfig, code: PersonIndicatorCode, count: number, text: string, evidence: Evidence[]): Indicator | null {
  const points = pointsFor(cfg.person[code], count);
  if (points <= 0) return null;
  return { code, count, points, text, evidence: evidence.slice(0, MAX_EVIDENCE) };
}

function traceIndicators(traces: readonly TraceEvent[], cfg: DetectionConfig): Indicator[] {
  const out: Array<Indicator | null> = [];
  const ttc1 = traces.filter((t) => t.ttcDays !== null && t.ttcDays < 365);
  const ttc3 = traces.filter((t) => t.ttcDays !== null && t.ttcDays >= 365 && t.ttcDays < 1096);
  const days = (ts: TraceEvent[]) => ts.map((t) => t.ttcDays).sort((a, b) => (a ?? 0) - (b ?? 0)).slice(0, 5).join(', ');
  if (ttc1.length) {
    out.push(make(cfg, 'short_ttc_1y', ttc1.length,
      `${plural(ttc1.length, 'gun')} bought by this person ${ttc1.length === 1 ? 'was' : 'were'} recovered in crime less than a year after the sale (time-to-crime ${days(ttc1)} days)`,
      ttc1.map((t) => traceEv(t, `sold ${t.saleDay !== null ? iso(t.saleDay) : '?'}, recovered ${t.recoveredDay !== null ? iso(t.recoveredDay) : '?'}: ${t.ttcDays} days`))));
  }
  if (ttc3.length) {
    out.push(make(cfg, 'short_ttc_3y', ttc3.length,
      `${plural(ttc3.length, 'gun')} bought by this person ${ttc3.length === 1 ? 'was' : 'were'} recovered one to three years after the sale (time-to-crime ${days(ttc3)} days)`,
      ttc3.map((t) => traceEv(t, `time-to-crime ${t.ttcDays} days`))));
  }
  const poss = traces.filter((t) => t.possessorDiffers);
  if (poss.length) {
    out.push(make(cfg, 'possessor_not_buyer', poss.length,
      `${plural(poss.length, 'gun')} bought by this person ${poss.length === 1 ? 'was' : 'were'} found in someone else's hands`,
      poss.map((t) => traceEv(t, 'possessor is not the buyer'))));
  }
  const mx = traces.filter((t) => t.country === 'MX');
  if (mx.length) {
    const where = [...new Set(mx.map((t) => t.recoveryMxState ?? 'Mexico'))].join(', ');
    out.push(make(cfg, 'recovered_mexico', mx.length,
      `${plural(mx.length, 'gun')} bought by this person ${mx.length === 1 ? 'was' : 'were'} recovered in Mexico (${where})`,
      mx.map((t) => traceEv(t, `recovered in Mexico${t.recoveryMxState ? ` (${t.recoveryMxState})` : ''}`))));
  }
  const other = traces.filter(
    (t) => t.country !== 'MX' && t.recoveryState !== null && t.dealerState !== null && t.recoveryState !== t.dealerState &&
      t.recoveryState !== t.buyerState,
  );
  if (other.length) {
    out.push(make(cfg, 'recovered_other_state', other.length,
      `${plural(other.length, 'gun')} bought by this person ${other.length === 1 ? 'was' : 'were'} recovered in another state (${[...new Set(other.map((t) => t.recoveryState))].join(', ')})`,
      other.map((t) => traceEv(t, `sold in ${t.dealerState}, recovered in ${t.recoveryState}`))));
  }
  const obl = traces.filter((t) => t.obliterated);
  if (obl.length) {
    out.push(make(cfg, 'obliterated_serial', obl.length,
      `${plural(obl.length, 'gun')} bought by this person ${obl.length === 1 ? 'was' : 'were'} recovered with the serial number obliterated`,
      obl.map((t) => traceEv(t, 'serial obliterated'))));
  }
  const soon = traces.filter(
    (t) => t.msrReportId !== null && t.msrDay !== null && t.recoveredDay !== null && t.recoveredDay - t.msrDay <= cfg.windows.msRecoveredSoonDays,
  );
  if (soon.length) {
    out.push(make(cfg, 'ms_recovered_soon', soon.length,
      `${plural(soon.length, 'gun')} from this person's multiple sales ${soon.length === 1 ? 'was' : 'were'} recovered within ${cfg.windows.msRecoveredSoonDays} days of the sale`,
      soon.map((t) => traceEv(t, `on multiple-sale report ${t.msrReportId} of ${iso(t.msrDay!)}, recovered ${iso(t.recoveredDay!)}`))));
  }
  const together = traces.filter((t) => t.coRecoveredWith.length > 0);
  if (together.length) {
    const others = new Set(together.flatMap((t) => t.coRecoveredWith));
    out.push(make(cfg, 'recovered_with_others', together.length,
      `${plural(together.length, 'gun')} bought by this person ${together.length === 1 ? 'was' : 'were'} recovered together with guns bought by ${plural(others.size, 'other buyer')}`,
      together.map((t) => traceEv(t, `recovered with guns of buyers ${t.coRecoveredWith.slice(0, 5).join(', ')}`))));
  }
  return out.filter((x): x is Indicator => x !== null);
}

function purchaseIndicators(ps: readonly Purchase[], reports: readonly ReportEvent[], cfg: DetectionConfig, bdays: BusinessDayCounter): Indicator[] {
  const w = cfg.windows;
  const out: Array<Indicator | null> = [];
  if (ps.length === 0) return [];

  // The same model again and again, within a few months.
  const byModel = new Map<string, Purchase[]>();
  for (const p of ps) {
    if (!p.model) continue;
    const list = byModel.get(p.model);
    if (list) list.push(p);
    else byModel.set(p.model, [p]);
  }
  let top: Purchase[] = [];
  for (const list of byModel.values()) {
    const win = densestWindow(list, w.sameModelDays);
    if (win.count > top.length) top = list.slice(win.from, win.to + 1);
  }
  if (top.length >= w.sameModelMin) {
    const occasions = new Set(top.map((p) => `${p.dealerLicence}|${p.day}`)).size;
    if (occasions >= 2) {
      out.push(make(cfg, 'same_model', 1 + Math.floor((top.length - w.sameModelMin) / w.sameModelMin),
        `bought the same model ${top.length} times on ${occasions} occasions within ${w.sameModelDays} days (${top[0].label})`,
        top.map((p) => ev(p, p.label))));
    }
  }

  // Cash, when it is the buyer's habit rather than once, or when one visit took a bulk of guns for cash.
  const cashReports = reports.filter((r) => r.cash);
  const cashEvidence = (rs: readonly ReportEvent[]): Evidence[] =>
    rs.map((r) => ({ type: 'multiple_sale_report', id: r.reportId, date: iso(r.knownDay), note: `cash, ${plural(r.guns.length, 'gun')}` }));
  if (cashReports.length >= w.cashMinReports && cashReports.length >= w.cashShare * reports.length) {
    const guns = cashReports.reduce((s, r) => s + r.guns.length, 0);
    out.push(make(cfg, 'cash', cashReports.length - w.cashMinReports + 1,
      `paid cash for ${cashReports.length} of ${plural(reports.length, 'multiple sale')} (${plural(guns, 'gun')})`,
      cashEvidence(cashReports)));
  } else {
    const bulk = cashReports.filter((r) => r.guns.length >= w.cashBulkGuns);
    if (bulk.length) {
      const most = Math.max(...bulk.map((r) => r.guns.length));
      out.push(make(cfg, 'cash', 1, `paid cash for ${most} guns at once${bulk.length > 1 ? ` (${bulk.length} such multiple sales)` : ''}`, cashEvidence(bulk)));
    }
  }

  // Many dealers within a window.
  const md = mostDealersInWindow(ps, w.manyDealersDays);
  if (md.dealers.length >= w.manyDealersMin) {
    const win = ps.slice(md.from, md.to + 1);
    out.push(make(cfg, 'many_dealers', md.dealers.length - w.manyDealersMin + 1,
      `bought at ${md.dealers.length} different dealers within ${w.manyDealersDays} days (${iso(ps[md.from].day)} to ${iso(ps[md.to].day)})`,
      win.map((p) => ev(p, `dealer ${p.dealerLicence ?? p.dealerId}`))));
  }

  // Velocity, and sudden volume for a new buyer.
  const dense = densestWindow(ps, w.velocityDays);
  const long = densestWindow(ps, w.velocityLongDays);
  const nShort = Math.floor(dense.count / w.velocityMin);
  const nLong = Math.floor(long.count / w.velocityLongMin);
  if (nShort > 0 || nLong > 0) {
    const [win, days] = nShort >= nLong ? [dense, w.velocityDays] : [long, w.velocityLongDays];
    out.push(make(cfg, 'velocity', Math.max(nShort, nLong),
      `bought ${win.count} guns within ${days} days (${iso(ps[win.from].day)} to ${iso(ps[win.to].day)})`,
      ps.slice(win.from, win.to + 1).map((p) => ev(p))));
  }
  const first = ps[0].day;
  const early = ps.filter((p) => p.day - first < w.newBuyerDays);
  if (early.length >= w.newBuyerMin) {
    out.push(make(cfg, 'new_buyer_volume', Math.floor(early.length / w.newBuyerMin),
      `a new buyer: ${early.length} guns in the first ${w.newBuyerDays} days after the first purchase known (${iso(first)})`,
      early.map((p) => ev(p))));
  }

  // Purchases at one dealer staggered just outside the five business days of the multiple-sale rule.
  const byDealer = new Map<string, Purchase[]>();
  for (const p of ps) {
    const k = p.dealerLicence ?? String(p.dealerId);
    const list = byDealer.get(k);
    if (list) list.push(p);
    else byDealer.set(k, [p]);
  }
  const staggered: Evidence[] = [];
  let staggers = 0;
  for (const list of byDealer.values()) {
    const days = [...new Set(list.map((p) => p.day))].sort((a, b) => a - b);
    for (let i = 1; i < days.length; i++) {
      if (days[i] - days[i - 1] > 14) continue;
      const b = bdays(list[0].dealerId, days[i - 1], days[i]);
      if (b > 5 && b <= w.staggerMaxBusinessDays) {
        staggers++;
        const p = list.find((x) => x.day === days[i])!;
        staggered.push(ev(p, `${b} business days after the purchase of ${iso(days[i - 1])} at dealer ${p.dealerLicence ?? p.dealerId}`));
      }
    }
  }
  if (staggers >= w.staggerMinOccurrences) {
    out.push(make(cfg, 'staggered', staggers - w.staggerMinOccurrences + 1,
      `${plural(staggers, 'purchase')} at one dealer came just outside the five business days that would have made them a reportable multiple sale`,
      staggered));
  }

  // Chains of connected multiple sales.
  const connected = reports.filter((r) => r.connected);
  if (connected.length) {
    out.push(make(cfg, 'linked_chain', connected.length,
      `${plural(connected.length, 'multiple-sale report')} ${connected.length === 1 ? 'was' : 'were'} connected by the dealer to an earlier multiple sale`,
      connected.map((r) => ({ type: 'multiple_sale_report', id: r.reportId, date: iso(r.knownDay), note: 'connected to an earlier multiple sale' }))));
  }

  // Favoured trafficking types.
  const fav = ps.filter((p) => p.favoured !== null);
  if (fav.length >= w.favouredMin && fav.length >= w.favouredShare * ps.length) {
    const kinds = new Map<FavouredType, number>();
    for (const p of fav) kinds.set(p.favoured!, (kinds.get(p.favoured!) ?? 0) + 1);
    const desc = [...kinds].map(([k, n]) => `${n} ${FAVOURED_LABELS[k]}${n === 1 ? '' : 's'}`).join(', ');
    out.push(make(cfg, 'favoured_types', fav.length - w.favouredMin + 1,
      `bought guns favoured by traffickers: ${desc} (${fav.length} of ${ps.length} guns)`,
      fav.map((p) => ev(p, p.label))));
  }
  return out.filter((x): x is Indicator => x !== null);
}

/** Counted by distinct partners: two new buyers meeting at a dealer every week are one pairing, not ten. */
function coPurchaseIndicator(co: readonly CoPurchaseEvent[], cfg: DetectionConfig): Indicator | null {
  const first = new Map<number, CoPurchaseEvent>();
  for (const e of co) if (!first.has(e.other)) first.set(e.other, e);
  const pairs = [...first.values()];
  const dealers = new Set(pairs.flatMap((e) => [e.dealerLicence, e.otherDealerLicence]));
  const days = pairs.flatMap((e) => [e.day, e.otherDay]);
  return make(cfg, 'co_purchase', pairs.length,
    `a new buyer who bought guns favoured by traffickers within ${cfg.windows.coPurchaseDays} days of ${plural(pairs.length, 'other new buyer')} doing the same ${dealers.size === 1 ? 'at the same dealer' : `nearby (${dealers.size} dealers within ${cfg.windows.coPurchaseKm} km)`} (${iso(Math.min(...days))} to ${iso(Math.max(...days))})`,
    pairs.map((e) => ({
      type: 'person', id: e.other, date: iso(e.otherDay),
      note: `bought ${e.what} at dealer ${e.dealerLicence} on ${iso(e.day)} (report ${e.reportId}); person ${e.other} bought ${e.otherWhat} ${e.otherDealerLicence === e.dealerLicence ? 'there' : `at dealer ${e.otherDealerLicence}`} on ${iso(e.otherDay)} (report ${e.otherReportId})`,
    })));
}

/** Counted by distinct other buyers, like co_purchase. */
function mexicoPairIndicator(mx: readonly MexicoPairEvent[], cfg: DetectionConfig): Indicator | null {
  const first = new Map<number, MexicoPairEvent>();
  for (const e of mx) if (!first.has(e.other)) first.set(e.other, e);
  const pairs = [...first.values()];
  const own = new Set(mx.map((e) => e.traceId)).size;
  return make(cfg, 'mexico_with_others', pairs.length,
    `${plural(own, 'gun')} bought by this person and recovered in Mexico within ${cfg.windows.mexicoPairTtcDays} days ${own === 1 ? 'was' : 'were'} sold by the same dealer within ${cfg.windows.mexicoPairDays} days of guns bought by ${plural(pairs.length, 'other buyer')} that were also recovered in Mexico`,
    pairs.map((e) => ({
      type: 'trace', id: e.traceId, date: iso(e.saleDay),
      note: `sold ${iso(e.saleDay)} by dealer ${e.dealerLicence}; person ${e.other}'s gun (trace ${e.otherTraceId}) sold there ${iso(e.otherSaleDay)}, both recovered in Mexico`,
    })));
}

const recordName = (source: 'report' | 'trace', id: number) => (source === 'report' ? `report ${id}` : `trace ${id}`);

/** Counted by distinct other buyers, like co_purchase; the text names the farthest trip. */
function travelPairIndicator(tp: readonly TravelPairEvent[], cfg: DetectionConfig): Indicator | null {
  const first = new Map<number, TravelPairEvent>();
  for (const e of tp) if (!first.has(e.other)) first.set(e.other, e);
  const pairs = [...first.values()];
  const far = tp.reduce((x, e) => (e.km > x.km ? e : x));
  const dealers = new Set(tp.map((e) => e.dealerLicence)).size;
  const days = pairs.flatMap((e) => [e.day, e.otherDay]);
  const w = cfg.windows;
  return make(cfg, 'travelled_with_others', pairs.length,
    `bought ${far.km} km from home (${far.town}) at ${dealers === 1 ? `dealer ${far.dealerLicence}${far.dealerCity ? ` in ${far.dealerCity}` : ''}` : `${dealers} distant dealers`}, as did ${plural(pairs.length, 'other buyer')} from the same town at the same dealer within ${w.travelDays} days (${iso(Math.min(...days))} to ${iso(Math.max(...days))}; guns favoured by traffickers, or recovered within ${Math.round(w.travelTtcDays / 365)} years of sale)`,
    pairs.map((e) => ({
      type: 'person', id: e.other, date: iso(e.otherDay),
      note: `bought ${e.km} km from ${e.town} at dealer ${e.dealerLicence} on ${iso(e.day)} (${recordName(e.source, e.recordId)}); person ${e.other}, of the same town, bought there on ${iso(e.otherDay)} (${recordName(e.otherSource, e.otherRecordId)})`,
    })));
}

/** All indicators of a subject from the events it has (the caller passes only events known by the as-of day). */
export function computeIndicators(
  events: readonly SubjectEvent[],
  cfg: DetectionConfig,
  bdays: BusinessDayCounter,
  purchases?: readonly Purchase[],
): Indicator[] {
  const reports = events.filter((e): e is ReportEvent => e.kind === 'report');
  const traces = events.filter((e): e is TraceEvent => e.kind === 'trace');
  const ps = purchases ?? purchasesOf(events);
  const out = [...traceIndicators(traces, cfg), ...purchaseIndicators(ps, reports, cfg, bdays)];
  const tips = events.filter((e) => e.kind === 'tip');
  if (tips.length) {
    const ind = make(cfg, 'dealer_tip', tips.length,
      `named in ${plural(tips.length, 'dealer tip')}${tips[0].kind === 'tip' && tips[0].summary ? `: "${tips[0].summary}"` : ''}`,
      tips.map((t) => (t.kind === 'tip' ? { type: 'dealer_tip' as const, id: t.tipId, date: iso(t.knownDay), note: `from dealer ${t.dealerLicence}` } : { type: 'dealer_tip' as const, id: 0 })));
    if (ind) out.push(ind);
  }
  const co = events.filter((e): e is CoPurchaseEvent => e.kind === 'co_purchase');
  if (co.length) {
    const ind = coPurchaseIndicator(co, cfg);
    if (ind) out.push(ind);
  }
  const mx = events.filter((e): e is MexicoPairEvent => e.kind === 'mexico_pair');
  if (mx.length) {
    const ind = mexicoPairIndicator(mx, cfg);
    if (ind) out.push(ind);
  }
  const tp = events.filter((e): e is TravelPairEvent => e.kind === 'travel_pair');
  if (tp.length) {
    const ind = travelPairIndicator(tp, cfg);
    if (ind) out.push(ind);
  }
  const findings = events.filter((e) => e.kind === 'finding');
  if (findings.length) {
    const ind = make(cfg, 'unreported_multiple_sale', findings.length,
      `bought ${plural(findings.length, 'set')} of guns that made a multiple sale the dealer did not report`,
      findings.map((f) => (f.kind === 'finding'
        ? { type: 'compliance_finding' as const, id: f.findingKey, date: iso(f.lastDay), note: `${f.guns} guns at dealer ${f.dealerLicence} between ${iso(f.firstDay)} and ${iso(f.lastDay)}` }
        : { type: 'compliance_finding' as const, id: '' })));
    if (ind) out.push(ind);
  }
  return out.sort((a, b) => b.points - a.points);
}
