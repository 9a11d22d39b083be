/**
 * What detection knows about one subject (a person, as far as identities are resolved), as dated events. Dates are
 * day numbers (days since 1970-01-01). `knownDay` is the day the system learned of the event (a report's date, a
 * trace's completion, a tip's date): replaying events in that order tells when a score would have crossed the
 * threshold had detection run after every import.
 */
import type { FavouredType } from './trafficking-types.js';

export interface GunItem {
  firearmId: number;
  /** Transfer or sale day. */
  day: number;
  /** maker|model key for "the same model again and again" ('' when the model is unknown). */
  model: string;
  /** Readable description for reasons: "Century Arms WASR-10 7.62x39mm". */
  label: string;
  favoured: FavouredType | null;
}

export interface ReportEvent {
  kind: 'report';
  reportId: number;
  knownDay: number;
  dealerId: number | null;
  dealerLicence: string;
  form: string;
  connected: boolean;
  cash: boolean;
  guns: GunItem[];
}

export interface TraceEvent {
  kind: 'trace';
  traceId: number;
  knownDay: number;
  dealerId: number | null;
  dealerLicence: string | null;
  dealerState: string | null;
  buyerState: string | null;
  gun: GunItem;
  /** Sale day known from the trace (also gun.day); null when the trace did not give it. */
  saleDay: number | null;
  recoveredDay: number | null;
  ttcDays: number | null;
  country: string | null;
  recoveryState: string | null;
  recoveryMxState: string | null;
  obliterated: boolean;
  possessorDiffers: boolean;
  cash: boolean;
  /** The multiple-sale report that listed this same gun, when one is held. */
  msrReportId: number | null;
  msrDay: number | null;
  /** Other subjects whose guns were recovered in the same incident as this one. */
  coRecoveredWith: number[];
}

export interface TipEvent {
  kind: 'tip';
  tipId: number;
  knownDay: number;
  dealerLicence: string;
  summary: string;
}

export interface FindingEvent {
  kind: 'finding';
  findingKey: string;
  knownDay: number;
  dealerLicence: string;
  form: string;
  guns: number;
  firstDay: number;
  lastDay: number;
}

/**
 * This subject, a new buyer, bought trafficking-favoured guns at a dealer within days of another new buyer doing the
 * same there (co-purchase.ts). Known when the later of the two reports arrived.
 */
export interface CoPurchaseEvent {
  kind: 'co_purchase';
  knownDay: number;
  reportId: number;
  day: number;
  /** "2 AK-type rifles". */
  what: string;
  dealerLicence: string;
  other: number;
  otherReportId: number;
  otherDay: number;
  otherWhat: string;
  otherDealerLicence: string;
}

/**
 * A gun this subject bought was recovered in Mexico soon after its sale, and so was a gun another buyer bought at the
 * same dealer within days of it (mexico-pairs.ts). Known when the later of the two traces was completed.
 */
export interface MexicoPairEvent {
  kind: 'mexico_pair';
  knownDay: number;
  traceId: number;
  saleDay: number;
  dealerLicence: string;
  other: number;
  otherTraceId: number;
  otherSaleDay: number;
}

/**
 * This subject bought at a dealer far from the town on the record, and so did another buyer from the same town at the
 * same dealer within the window (travel-pairs.ts): favoured guns on a report, or a gun recovered soon after its sale.
 * Known when the later of the two records arrived.
 */
export interface TravelPairEvent {
  kind: 'travel_pair';
  knownDay: number;
  source: 'report' | 'trace';
  recordId: number;
  day: number;
  dealerLicence: string;
  dealerCity: string | null;
  /** The buyer's town as the record gives it ("HOUSTON, TX"), and its distance to the dealer. */
  town: string;
  km: number;
  other: number;
  otherSource: 'report' | 'trace';
  otherRecordId: number;
  otherDay: number;
}

export type SubjectEvent = ReportEvent | TraceEvent | TipEvent | FindingEvent | CoPurchaseEvent | MexicoPairEvent | TravelPairEvent;

/** A link from this subject to another through a shared attribute or a shared recovery. */
export interface SubjectLink {
  other: number;
  kind: 'address' | 'phone' | 'payer' | 'vehicle' | 'email' | 'recovered_together' | 'companion';
  value: string;
}

/** Number of business days from a to b, both counted, at one dealer (a <= b); supplied by the calendar module. */
export type BusinessDayCounter = (dealerId: number | null, a: number, b: number) => number;
