// The cases suspect-gun referrals hang on. A referral names a case that the agency opened on purpose, so every case a
// referral names is written to cases.csv (before the referrals in import order): the world imports with nothing done
// by hand. Case numbers come from a counter, so two agencies never share one.
import type { CaseRow } from '../formats/cases.js';
import { type Day, isoOf } from './days.js';
import { ANGLO_MALE, ANGLO_SURNAMES } from './names.js';
import type { World } from './world.js';

export interface CaseAgency {
  ori: string;
  name: string;
  state: string;
}

/** A new case number: an agency-style prefix and year, then a number no other case has. */
export function newCaseNumber(w: World, style: 'atf' | 'local', day: Day, office = 0): string {
  const yy = isoOf(day).slice(2, 4);
  // One counter for both styles: a number is never reused, whatever its prefix.
  const n = w.next('case');
  return style === 'atf' ? `ATF-${office}-${yy}-${String(n).padStart(4, '0')}` : `${yy}-${String(n).padStart(6, '0')}`;
}

/** Writes the case a referral belongs to: opened on `opened`, open at the end of the world. */
export function writeCase(w: World, o: { caseNumber: string; agency: CaseAgency; title: string; opened: Day; lead: string; supervisorTitle: string }): void {
  const rng = w.rng('case', o.caseNumber);
  const row: CaseRow = {
    case_number: o.caseNumber,
    agency_ori: o.agency.ori,
    agency_name: o.agency.name,
    agency_state: o.agency.state,
    title: o.title,
    opened_on: isoOf(o.opened),
    status: 'open',
    lead_investigator: o.lead,
    supervisor: `${o.supervisorTitle} ${rng.pick(ANGLO_MALE)[0]}. ${rng.pick(ANGLO_SURNAMES)}`,
  } as CaseRow;
  w.sinks.cases.write(row);
  w.stats.cases++;
}
