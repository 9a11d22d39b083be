/**
 * Names of the categories the statistics count, in the words of ATF's published trace reports. Codes stay codes in
 * the data; only reports and pages turn them into words.
 */
import { MX_STATES, US_STATES } from '../../domain/geo.js';

/** ATF's time-to-crime brackets, in the order of interdict_ttc_bracket() (0..5) in migration 0501. */
export const TTC_BRACKETS = [
  { key: 'lt3m', label: 'Under 3 months' },
  { key: '3to7m', label: '3 to under 7 months' },
  { key: '7mto1y', label: '7 months to under 1 year' },
  { key: '1to2y', label: '1 to under 2 years' },
  { key: '2to3y', label: '2 to under 3 years' },
  { key: 'ge3y', label: '3 years or more' },
] as const;

/**
 * Possessor age groups. ATF's state reports group possessors by age; these bounds (inclusive, in years at
 * recovery) follow the groups it has used: juveniles, 18–21 (the handgun purchase age), then decades.
 */
export const AGE_BRACKETS = [
  { key: 'lt18', label: '17 and under', min: 0, max: 17 },
  { key: '18to21', label: '18–21', min: 18, max: 21 },
  { key: '22to24', label: '22–24', min: 22, max: 24 },
  { key: '25to30', label: '25–30', min: 25, max: 30 },
  { key: '31to40', label: '31–40', min: 31, max: 40 },
  { key: '41to50', label: '41–50', min: 41, max: 50 },
  { key: '51plus', label: '51 and over', min: 51, max: 200 },
] as const;

export const NOT_COMPLETED_LABELS: Readonly<Record<string, string>> = {
  duplicate_request: 'Duplicate request',
  stopped_by_requester: 'Stopped by the requester',
  invalid_markings: 'Invalid or inadequate markings',
  pre_1968: 'Made before 1968 (no serial required)',
  serial_obliterated: 'Serial number obliterated',
  no_record_at_maker_or_importer: 'No record at maker or importer',
  dealer_out_of_business_record_not_found: 'Dealer out of business, record not found',
  dealer_did_not_respond: 'Dealer did not respond',
  never_legally_imported: 'Never legally imported',
  privately_made_no_serial: 'Privately made firearm without serial',
  insufficient_information: 'Insufficient information',
};

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  completed: 'Completed',
  not_completed: 'Not completed',
  submitted: 'Submitted, not yet worked',
  in_progress: 'In progress',
};

export const FIREARM_TYPE_LABELS: Readonly<Record<string, string>> = {
  pistol: 'Pistol',
  revolver: 'Revolver',
  derringer: 'Derringer',
  rifle: 'Rifle',
  shotgun: 'Shotgun',
  receiver_frame: 'Receiver or frame',
  combination: 'Combination gun',
  machine_gun: 'Machine gun',
  silencer: 'Silencer',
  destructive_device: 'Destructive device',
  other: 'Other',
  unknown: 'Unknown',
};

/**
 * NCIC offence codes group into the categories ATF's reports use, by their leading digits (NCIC code manual,
 * "Offense codes"). A code outside these ranges is shown as written.
 */
const NCIC_CATEGORIES: ReadonlyArray<readonly [lo: number, hi: number, label: string]> = [
  [900, 999, 'Homicide'],
  [1000, 1099, 'Kidnapping'],
  [1100, 1199, 'Sexual assault'],
  [1200, 1299, 'Robbery'],
  [1300, 1399, 'Assault'],
  [2200, 2299, 'Burglary'],
  [2300, 2399, 'Larceny'],
  [2400, 2499, 'Stolen vehicle'],
  [3500, 3599, 'Drugs'],
  [4800, 4899, 'Obstructing police'],
  [5200, 5299, 'Weapon offence'],
  [5300, 5399, 'Public peace'],
  [7300, 7399, 'Found or recovered firearm'],
];

export function crimeCategory(code: string | null): string {
  if (!code) return 'Unknown';
  const n = Number.parseInt(code.replace(/\D/g, '').slice(0, 4), 10);
  if (Number.isNaN(n)) return code;
  const hit = NCIC_CATEGORIES.find(([lo, hi]) => n >= lo && n <= hi);
  return hit ? hit[2] : `Code ${code}`;
}

const US_NAMES = new Map(US_STATES.map((s) => [s.code, s.name]));
const MX_NAMES = new Map(MX_STATES.map((s) => [s.code, s.name]));

export function usStateName(code: string | null): string {
  if (!code) return 'Unknown';
  return US_NAMES.get(code) ?? code;
}

export function mxStateName(code: string | null): string {
  if (!code) return 'Unknown';
  return MX_NAMES.get(code) ?? code;
}

/** A recovery place as a reader says it: "Texas", "Sonora, Mexico", "Guatemala". */
export function placeName(country: string | null, state: string | null, mxState: string | null): string {
  if (mxState) return `${mxStateName(mxState)}, Mexico`;
  if (country === 'MX') return 'Mexico (state unknown)';
  if (state && (country === 'US' || !country)) return usStateName(state);
  return country ?? 'Unknown';
}

export function label(map: Readonly<Record<string, string>>, key: string | null): string {
  if (key == null) return 'Unknown';
  return map[key] ?? key;
}
