/**
 * What a completed trace tells: time-to-crime in days and in ATF's bracket, and the trafficking flags read from it
 * (possessor is not the buyer, recovered in another state, recovered in Mexico, short time-to-crime, gun from a
 * multiple sale, reported stolen from a dealer). Pure: the service gathers the facts, this reads them.
 */
import { addMonths, compareDates, daysBetween, type IsoDate } from '../../domain/dates.js';
import { normalizePersonName, sameGivenName } from '../../domain/names.js';
import { NOT_COMPLETED_REASONS, type NotCompletedReason } from '../../domain/codes.js';
import { NOT_COMPLETED_REASON_SPELLINGS } from '../../formats/vocab.js';

/** ATF's published time-to-crime brackets. */
export const TTC_BRACKETS = ['under_3_months', '3_to_7_months', '7_months_to_1_year', '1_to_2_years', '2_to_3_years', '3_years_or_more'] as const;
export type TtcBracket = (typeof TTC_BRACKETS)[number];

export const TTC_BRACKET_LABELS: Record<TtcBracket, string> = {
  under_3_months: 'under 3 months',
  '3_to_7_months': '3 to under 7 months',
  '7_months_to_1_year': '7 months to under 1 year',
  '1_to_2_years': '1 to under 2 years',
  '2_to_3_years': '2 to under 3 years',
  '3_years_or_more': '3 years or more',
};

/** Calendar brackets (months and years counted on the calendar, not as 30-day blocks). */
export function ttcBracket(saleDate: IsoDate, recoveredOn: IsoDate): TtcBracket | null {
  if (compareDates(recoveredOn, saleDate) < 0) return null;
  const lt = (months: number) => compareDates(recoveredOn, addMonths(saleDate, months)) < 0;
  if (lt(3)) return 'under_3_months';
  if (lt(7)) return '3_to_7_months';
  if (lt(12)) return '7_months_to_1_year';
  if (lt(24)) return '1_to_2_years';
  if (lt(36)) return '2_to_3_years';
  return '3_years_or_more';
}

/** DOMAIN.md: a time-to-crime of 3 years or less is short, a trafficking indicator. */
export function isShortTtc(saleDate: IsoDate, recoveredOn: IsoDate): boolean {
  return compareDates(recoveredOn, saleDate) >= 0 && compareDates(recoveredOn, addMonths(saleDate, 36)) <= 0;
}

export const RESULT_FLAGS = [
  'possessor_not_buyer',
  'recovered_in_other_state',
  'recovered_in_mexico',
  'short_ttc',
  'from_multiple_sale',
  'stolen_from_dealer',
] as const;
export type ResultFlag = (typeof RESULT_FLAGS)[number];

export const RESULT_FLAG_LABELS: Record<ResultFlag, string> = {
  possessor_not_buyer: 'possessor is not the buyer',
  recovered_in_other_state: 'recovered in another state than the dealer',
  recovered_in_mexico: 'recovered in Mexico',
  short_ttc: 'short time-to-crime (3 years or less)',
  from_multiple_sale: 'gun from a multiple sale',
  stolen_from_dealer: 'reported stolen or lost by a dealer',
};

export interface PersonFacts {
  given_name: string | null;
  surname: string | null;
  dob: string | null;
}

export interface ResultFacts {
  saleDate: IsoDate | null;
  recoveredOn: IsoDate;
  recoveryCountry: string;
  recoveryState: string | null;
  dealerState: string | null;
  buyer: PersonFacts | null;
  possessor: PersonFacts | null;
  fromMultipleSale: boolean;
  stolenFromDealer: boolean;
}

export interface TraceResult {
  ttcDays: number | null;
  ttcBracket: TtcBracket | null;
  flags: ResultFlag[];
}

/**
 * Same person as far as a trace result can tell: surnames agree once normalised, given names agree (nicknames
 * allowed), and birth dates do not disagree. Entity resolution decides more carefully; this only sets a flag.
 */
export function samePerson(a: PersonFacts, b: PersonFacts): boolean {
  if (!a.surname || !b.surname) return false;
  const sa = normalizePersonName(a.surname);
  const sb = normalizePersonName(b.surname);
  // Two-part Hispanic surnames are often written with one part only.
  const surnameAgrees = sa === sb || sa.split(' ').includes(sb) || sb.split(' ').includes(sa);
  if (!surnameAgrees) return false;
  if (a.given_name && b.given_name && !sameGivenName(a.given_name, b.given_name)) return false;
  if (a.dob && b.dob && a.dob !== b.dob) return false;
  return true;
}

export function computeResult(f: ResultFacts): TraceResult {
  const flags: ResultFlag[] = [];
  let ttcDays: number | null = null;
  let bracket: TtcBracket | null = null;
  if (f.saleDate && compareDates(f.recoveredOn, f.saleDate) >= 0) {
    ttcDays = daysBetween(f.saleDate, f.recoveredOn);
    bracket = ttcBracket(f.saleDate, f.recoveredOn);
    if (isShortTtc(f.saleDate, f.recoveredOn)) flags.push('short_ttc');
  }
  if (f.buyer && f.possessor && !samePerson(f.buyer, f.possessor)) flags.push('possessor_not_buyer');
  if (f.recoveryCountry === 'MX') flags.push('recovered_in_mexico');
  else if (f.recoveryCountry === 'US' && f.recoveryState && f.dealerState && f.recoveryState !== f.dealerState) {
    flags.push('recovered_in_other_state');
  }
  if (f.fromMultipleSale) flags.push('from_multiple_sale');
  if (f.stolenFromDealer) flags.push('stolen_from_dealer');
  return { ttcDays, ttcBracket: bracket, flags };
}

/** A reason as a file or a form may spell it (src/formats/vocab.ts), as the code the database stores. */
export function toNotCompletedReason(x: string): NotCompletedReason | null {
  if ((NOT_COMPLETED_REASONS as readonly string[]).includes(x)) return x as NotCompletedReason;
  return (NOT_COMPLETED_REASON_SPELLINGS as Record<string, NotCompletedReason>)[x] ?? null;
}
