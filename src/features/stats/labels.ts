/**
 * Names of the categories the statistics count, in the words of ATF's published trace reports. Codes stay codes in
 * the data; only reports and pages turn them into words.
 */
import { crimeCategoryOf, NOT_COMPLETED_REASON_LABELS } from '../../domain/codes.js';
import { MX_STATES, US_STATES } from '../../domain/geo.js';
import { TTC_BRACKETS as DOMAIN_TTC_BRACKETS, TTC_BRACKET_LABELS } from '../../domain/time-to-crime.js';
import { NOT_COMPLETED_REASON_SPELLINGS } from '../../formats/vocab.js';

/** ATF's time-to-crime brackets (src/domain), in the order of interdict_ttc_bracket() (0..5) in migration 0501. */
export const TTC_BRACKETS = DOMAIN_TTC_BRACKETS.map((key) => ({ key, label: TTC_BRACKET_LABELS[key] }));

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

/**
 * Why traces stopped, in the domain's words. The database stores the domain codes; the older file spellings
 * (src/formats/vocab.ts NOT_COMPLETED_REASON_SPELLINGS) are read as the code they stand for, so they label the same.
 */
export const NOT_COMPLETED_LABELS: Readonly<Record<string, string>> = {
  ...NOT_COMPLETED_REASON_LABELS,
  ...Object.fromEntries(Object.entries(NOT_COMPLETED_REASON_SPELLINGS).map(([spelling, code]) => [spelling, NOT_COMPLETED_REASON_LABELS[code]])),
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

/** The category of an NCIC offence code (src/domain/codes.ts), as ATF's reports group crimes. */
export function crimeCategory(code: string | null): string {
  if (!code) return 'Unknown';
  return crimeCategoryOf(code)?.label ?? `Other (code ${code})`;
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
