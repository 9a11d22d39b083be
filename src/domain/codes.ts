/**
 * Code lists shared by the database, the API, imports and the web: each as a const array (for validation and
 * menus) and the union type derived from it (for the compiler). Labels are what a person reads.
 */

export const TRACE_STATUSES = ['submitted', 'in_progress', 'completed', 'not_completed'] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];

/** DOMAIN.md: each trace that stops gets exactly one of these eleven. */
export const NOT_COMPLETED_REASONS = [
  'duplicate_request',
  'stopped_by_requester',
  'invalid_or_inadequate_markings',
  'made_before_1968_no_serial',
  'serial_obliterated',
  'no_record_at_maker_or_importer',
  'dealer_out_of_business_record_not_found',
  'dealer_did_not_respond',
  'never_legally_imported',
  'privately_made_no_serial',
  'insufficient_information',
] as const;
export type NotCompletedReason = (typeof NOT_COMPLETED_REASONS)[number];

export const NOT_COMPLETED_REASON_LABELS: Readonly<Record<NotCompletedReason, string>> = {
  duplicate_request: 'Duplicate request',
  stopped_by_requester: 'Stopped by requester',
  invalid_or_inadequate_markings: 'Invalid or inadequate markings',
  made_before_1968_no_serial: 'Made before 1968, no serial required',
  serial_obliterated: 'Serial obliterated',
  no_record_at_maker_or_importer: 'No record at maker or importer',
  dealer_out_of_business_record_not_found: 'Dealer out of business and record not found',
  dealer_did_not_respond: 'Dealer did not respond',
  never_legally_imported: 'Never legally imported',
  privately_made_no_serial: 'Privately made firearm without serial',
  insufficient_information: 'Insufficient information',
};

export const TRACE_PRIORITIES = ['routine', 'urgent'] as const;
export type TracePriority = (typeof TRACE_PRIORITIES)[number];

/** What an investigator must record on an alert; keeping watch needs a justification and a supervisor's sign-off. */
export const DECISION_ACTIONS = ['interdict', 'seize', 'arrest', 'refer', 'continue_monitoring'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export const ROLES = [
  'requester', 'tracer', 'investigator', 'supervisor', 'analyst', 'auditor', 'dealer', 'admin',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Federal firearms licence types (27 CFR 478.41 and the licence form). Types 04 and 05 are not issued, so they are
 * not listed; a licence number's third segment is one of these.
 */
export const LICENCE_TYPES = ['01', '02', '03', '06', '07', '08', '09', '10', '11'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

export const LICENCE_TYPE_NAMES: Readonly<Record<LicenceType, string>> = {
  '01': 'Dealer in firearms other than destructive devices (including gunsmith)',
  '02': 'Pawnbroker in firearms other than destructive devices',
  '03': 'Collector of curios and relics',
  '06': 'Manufacturer of ammunition for firearms',
  '07': 'Manufacturer of firearms other than destructive devices',
  '08': 'Importer of firearms other than destructive devices',
  '09': 'Dealer in destructive devices',
  '10': 'Manufacturer of destructive devices, ammunition for destructive devices or armor piercing ammunition',
  '11': 'Importer of destructive devices, ammunition for destructive devices or armor piercing ammunition',
};

export function isLicenceType(x: string): x is LicenceType {
  return (LICENCE_TYPES as readonly string[]).includes(x);
}

/** Positions in a trace's chain of distribution, in order. */
export const HOP_ROLES = ['manufacturer', 'importer', 'wholesaler', 'retailer', 'buyer'] as const;
export type HopRole = (typeof HOP_ROLES)[number];

export interface CrimeCategory {
  /** First two digits of a four-digit NCIC offense code (e.g. 1313 simple assault -> '13'). */
  readonly prefix: string;
  readonly key: string;
  readonly label: string;
  readonly violent: boolean;
}

/** A short list of NCIC offense-code categories that trace requests carry most often. */
export const CRIME_CATEGORIES: readonly CrimeCategory[] = [
  { prefix: '09', key: 'homicide', label: 'Homicide', violent: true },
  { prefix: '10', key: 'kidnapping', label: 'Kidnapping', violent: true },
  { prefix: '11', key: 'sexual_assault', label: 'Sexual assault', violent: true },
  { prefix: '12', key: 'robbery', label: 'Robbery', violent: true },
  { prefix: '13', key: 'assault', label: 'Assault', violent: true },
  { prefix: '16', key: 'threat', label: 'Threat', violent: true },
  { prefix: '22', key: 'burglary', label: 'Burglary', violent: false },
  { prefix: '23', key: 'larceny', label: 'Larceny', violent: false },
  { prefix: '24', key: 'stolen_vehicle', label: 'Stolen vehicle', violent: false },
  { prefix: '26', key: 'fraud', label: 'Fraud', violent: false },
  { prefix: '28', key: 'stolen_property', label: 'Stolen property', violent: false },
  { prefix: '35', key: 'dangerous_drugs', label: 'Dangerous drugs', violent: false },
  { prefix: '48', key: 'obstructing_police', label: 'Obstructing police', violent: false },
  { prefix: '49', key: 'flight_escape', label: 'Flight or escape', violent: false },
  { prefix: '52', key: 'weapon_offense', label: 'Weapon offense', violent: false },
  { prefix: '53', key: 'public_peace', label: 'Public peace', violent: false },
  { prefix: '54', key: 'traffic', label: 'Traffic offense', violent: false },
  { prefix: '73', key: 'miscellaneous', label: 'Miscellaneous (including found firearm)', violent: false },
];

/** Category of a four-digit NCIC offense code, or undefined when the code is malformed or its category not listed. */
export function crimeCategoryOf(code: string): CrimeCategory | undefined {
  const c = code.trim();
  if (!/^\d{4}$/.test(c)) return undefined;
  return CRIME_CATEGORIES.find((k) => k.prefix === c.slice(0, 2));
}
