/**
 * Multiple-sale reports (DOMAIN.md, "Multiple-sale reports"):
 * - ATF F 3310.4 (18 U.S.C. 923(g)(3)(A)): two or more pistols or revolvers, in any combination, to the same
 *   unlicensed person at one time or within five consecutive business days; any licensee, any state.
 * - ATF F 3310.12 (demand letter of 12 July 2011): two or more rifles that are semi-automatic, of caliber greater
 *   than .22 (including .223/5.56) and able to accept a detachable magazine, sold by licence types 01 and 02 in
 *   AZ, CA, NM and TX from 2011-08-14, and by types 07 and 08 there from 2024-10-01.
 * A report is due by close of business on the day the threshold is reached. A later qualifying sale within five
 * business days of guns already reported is a new report, marked as connected to the earlier one (ATF example 3).
 *
 * The caller groups purchases by one unlicensed buyer at one dealer; the two forms are counted separately
 * (a pistol and a rifle make no multiple sale).
 */
import { withinFiveBusinessDays, type DealerCalendar } from './business-days.js';
import { caliberGreaterThan22 } from './calibers.js';
import type { LicenceType } from './codes.js';
import type { IsoDate } from './dates.js';
import { isHandgun, type FirearmType } from './firearm-types.js';
import { US_BORDER_STATES } from './geo.js';

export type MultipleSaleForm = '3310.4' | '3310.12';

export const RIFLE_RULE_START_RETAIL: IsoDate = '2011-08-14';
export const RIFLE_RULE_START_MAKERS_IMPORTERS: IsoDate = '2024-10-01';

export interface DealerFacts {
  readonly licenceType: LicenceType;
  /** Two-letter US state of the licensed premises. */
  readonly state: string;
  readonly calendar: DealerCalendar;
}

/** What is known of a firearm; null or absent means not stated on the record. */
export interface FirearmFacts {
  readonly type: FirearmType;
  readonly caliber?: string | null;
  readonly semiAutomatic?: boolean | null;
  readonly detachableMagazine?: boolean | null;
}

export interface Qualification {
  /** The form the gun counts towards, or null. */
  readonly form: MultipleSaleForm | null;
  /** True when a rifle might count but the record lacks a fact needed to decide; `reasons` says which. */
  readonly undetermined: boolean;
  readonly reasons: readonly string[];
}

/** Whether the rifle rule applies to this dealer on this date (state, licence type, effective date). */
export function rifleRuleApplies(dealer: Pick<DealerFacts, 'licenceType' | 'state'>, saleDate: IsoDate): boolean {
  if (!(US_BORDER_STATES as readonly string[]).includes(dealer.state.toUpperCase())) return false;
  if (dealer.licenceType === '01' || dealer.licenceType === '02') return saleDate >= RIFLE_RULE_START_RETAIL;
  if (dealer.licenceType === '07' || dealer.licenceType === '08') return saleDate >= RIFLE_RULE_START_MAKERS_IMPORTERS;
  return false;
}

export function qualifyFirearm(
  firearm: FirearmFacts,
  dealer: Pick<DealerFacts, 'licenceType' | 'state'>,
  saleDate: IsoDate,
): Qualification {
  if (isHandgun(firearm.type)) return { form: '3310.4', undetermined: false, reasons: ['pistol or revolver'] };
  if (firearm.type !== 'rifle') return { form: null, undetermined: false, reasons: [`a ${firearm.type} is not counted`] };
  if (!rifleRuleApplies(dealer, saleDate)) {
    return {
      form: null,
      undetermined: false,
      reasons: [`rifle reports do not apply to licence type ${dealer.licenceType} in ${dealer.state} on ${saleDate}`],
    };
  }
  const missing: string[] = [];
  const failing: string[] = [];
  if (firearm.semiAutomatic === false) failing.push('not semi-automatic');
  else if (firearm.semiAutomatic == null) missing.push('action (semi-automatic?) not stated');
  if (firearm.detachableMagazine === false) failing.push('cannot accept a detachable magazine');
  else if (firearm.detachableMagazine == null) missing.push('detachable magazine not stated');
  const cal = firearm.caliber ? caliberGreaterThan22(firearm.caliber) : null;
  if (cal === null) missing.push('caliber not stated');
  else if (!cal.ok) missing.push(cal.reason);
  else if (!cal.value) failing.push(`caliber ${firearm.caliber} is not greater than .22`);
  if (failing.length > 0) return { form: null, undetermined: false, reasons: failing };
  if (missing.length > 0) return { form: null, undetermined: true, reasons: missing };
  return {
    form: '3310.12',
    undetermined: false,
    reasons: ['semi-automatic rifle, caliber greater than .22, accepts a detachable magazine'],
  };
}

export interface Purchase {
  readonly id: string;
  readonly date: IsoDate;
  readonly firearm: FirearmFacts;
}

export interface MultipleSaleReport {
  readonly form: MultipleSaleForm;
  /** Firearms first reported on this form (earlier ones of the window are on the connected reports). */
  readonly purchaseIds: readonly string[];
  /** The day the threshold was reached; the report is due by close of business that day. */
  readonly dueDate: IsoDate;
  /** Indexes (into the returned list) of earlier reports this one is connected to. */
  readonly connectedTo: readonly number[];
  /** Due date of the latest connected report: the "date of the earlier multiple sale" field of the form. */
  readonly connectedSaleDate: IsoDate | null;
}

export interface MultipleSaleResult {
  readonly reports: readonly MultipleSaleReport[];
  /** Purchases that may count but lack facts; listed so that a person can complete them. */
  readonly undetermined: readonly { readonly id: string; readonly reasons: readonly string[] }[];
}

interface Draft {
  readonly form: MultipleSaleForm;
  readonly purchaseIds: readonly string[];
  readonly dueDate: IsoDate;
  readonly connected: readonly Draft[];
}

const byDate = <T>(key: (x: T) => IsoDate) =>
  (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

type Dated = Pick<Purchase, 'id' | 'date'>;

/** Reports for one form, in the order they fall due. */
function draftsForForm(form: MultipleSaleForm, list: readonly Dated[], calendar: DealerCalendar): Draft[] {
  const sorted = [...list].sort(byDate<Dated>((p) => p.date));
  const reportOf = new Map<string, Draft>();
  const drafts: Draft[] = [];
  // Sorted by date, the window for each later sale date only moves forward: two pointers keep this linear in the
  // number of sale dates rather than quadratic, which matters for buyers with hundreds of guns.
  let lo = 0;
  let hi = 0;
  for (const day of new Set(sorted.map((p) => p.date))) {
    while (hi < sorted.length && sorted[hi].date <= day) hi++;
    while (lo < hi && !withinFiveBusinessDays(sorted[lo].date, day, calendar)) lo++;
    const window = sorted.slice(lo, hi);
    if (window.length < 2) continue;
    const fresh = window.filter((p) => !reportOf.has(p.id));
    if (fresh.length === 0) continue;
    const connected = [...new Set(window.map((p) => reportOf.get(p.id)).filter((d): d is Draft => d !== undefined))];
    const draft: Draft = { form, purchaseIds: fresh.map((p) => p.id), dueDate: day, connected };
    drafts.push(draft);
    for (const p of fresh) reportOf.set(p.id, draft);
  }
  return drafts;
}

/** The reports that must be filed for one unlicensed buyer's purchases at one dealer, in due-date order. */
export function computeMultipleSaleReports(purchases: readonly Purchase[], dealer: DealerFacts): MultipleSaleResult {
  const undetermined: { id: string; reasons: readonly string[] }[] = [];
  const byForm = new Map<MultipleSaleForm, Purchase[]>();
  for (const p of purchases) {
    const q = qualifyFirearm(p.firearm, dealer, p.date);
    if (q.undetermined) undetermined.push({ id: p.id, reasons: q.reasons });
    if (q.form) byForm.set(q.form, [...(byForm.get(q.form) ?? []), p]);
  }
  // Handgun reports first on a shared due date, then rifles; sort is stable.
  const drafts = [
    ...draftsForForm('3310.4', byForm.get('3310.4') ?? [], dealer.calendar),
    ...draftsForForm('3310.12', byForm.get('3310.12') ?? [], dealer.calendar),
  ].sort(byDate<Draft>((d) => d.dueDate));
  return { reports: toReports(drafts), undetermined };
}

function toReports(drafts: readonly Draft[]): MultipleSaleReport[] {
  const indexOf = new Map(drafts.map((d, i) => [d, i] as const));
  return drafts.map((d): MultipleSaleReport => {
    // Every connected draft is in `drafts`, so the lookup always succeeds; the filter only satisfies the compiler.
    const connectedTo = d.connected
      .map((c) => indexOf.get(c))
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b);
    const latest = [...d.connected].sort(byDate<Draft>((c) => c.dueDate)).at(-1);
    return {
      form: d.form,
      purchaseIds: d.purchaseIds,
      dueDate: d.dueDate,
      connectedTo,
      connectedSaleDate: latest ? latest.dueDate : null,
    };
  });
}

/**
 * The reports one form calls for, when the caller has already decided which purchases count towards it (the
 * simulator, which knows its guns and may switch the rifle rule on as a counterfactual). Same rule and output as
 * computeMultipleSaleReports.
 */
export function reportsForForm(form: MultipleSaleForm, purchases: readonly Dated[], calendar: DealerCalendar): MultipleSaleReport[] {
  return toReports(draftsForForm(form, purchases, calendar));
}
