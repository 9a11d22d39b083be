// Closed vocabularies of the import formats. Values are snake_case tokens; files may write them with spaces, dashes
// or capitals ("Semi-Automatic"), which the enum fields fold to these.
import { NOT_COMPLETED_REASONS as DOMAIN_REASONS, type NotCompletedReason as DomainReason } from '../domain/codes.js';

export const FIREARM_TYPES = [
  'pistol',
  'revolver',
  'derringer',
  'rifle',
  'shotgun',
  'receiver_frame',
  'combination',
  'machine_gun',
  'silencer',
  'destructive_device',
  'other',
  'unknown',
] as const;
export type FirearmType = (typeof FIREARM_TYPES)[number];

/** The types F 3310.4 counts as handguns ("pistols or revolvers, in any combination"). */
export const HANDGUN_TYPES: ReadonlySet<FirearmType> = new Set(['pistol', 'revolver', 'derringer']);

export const FIREARM_TYPE_ALIASES: Readonly<Record<string, FirearmType>> = {
  handgun: 'pistol',
  semi_automatic_pistol: 'pistol',
  receiver: 'receiver_frame',
  frame: 'receiver_frame',
  machinegun: 'machine_gun',
  suppressor: 'silencer',
  combination_gun: 'combination',
};

export const ACTIONS = [
  'semi_automatic',
  'bolt',
  'lever',
  'pump',
  'single_shot',
  'break_open',
  'revolver',
  'fully_automatic',
  'other',
  'unknown',
] as const;
export const ACTION_ALIASES: Readonly<Record<string, string>> = {
  semi_auto: 'semi_automatic',
  semiautomatic: 'semi_automatic',
  semi: 'semi_automatic',
  automatic: 'fully_automatic',
  bolt_action: 'bolt',
  lever_action: 'lever',
  pump_action: 'pump',
};

export const SEXES = ['male', 'female', 'unknown'] as const;
export const SEX_ALIASES: Readonly<Record<string, string>> = { m: 'male', f: 'female', u: 'unknown', x: 'unknown' };

/** The race categories of Form 4473 and F 3310.4 (a person may be reported under one here; `other` otherwise). */
export const RACES = [
  'american_indian_alaska_native',
  'asian',
  'black',
  'pacific_islander',
  'white',
  'other',
  'unknown',
] as const;
export const RACE_ALIASES: Readonly<Record<string, string>> = {
  black_or_african_american: 'black',
  native_hawaiian_or_other_pacific_islander: 'pacific_islander',
  american_indian_or_alaska_native: 'american_indian_alaska_native',
  w: 'white',
  b: 'black',
  a: 'asian',
  i: 'american_indian_alaska_native',
  p: 'pacific_islander',
  u: 'unknown',
};

export const ETHNICITIES = ['hispanic', 'not_hispanic', 'unknown'] as const;
export const ETHNICITY_ALIASES: Readonly<Record<string, string>> = {
  hispanic_or_latino: 'hispanic',
  not_hispanic_or_latino: 'not_hispanic',
  latino: 'hispanic',
  h: 'hispanic',
  n: 'not_hispanic',
  u: 'unknown',
};

export const ID_TYPES = [
  'drivers_licence',
  'state_id',
  'passport',
  'military_id',
  'permanent_resident_card',
  'consular_id',
  'other',
] as const;
export const ID_TYPE_ALIASES: Readonly<Record<string, string>> = {
  drivers_license: 'drivers_licence',
  driver_license: 'drivers_licence',
  driver_licence: 'drivers_licence',
  dl: 'drivers_licence',
  id_card: 'state_id',
  green_card: 'permanent_resident_card',
  matricula_consular: 'consular_id',
};

export const PAYMENT_METHODS = [
  'cash',
  'credit_card',
  'debit_card',
  'check',
  'money_order',
  'financing',
  'trade',
  'other',
  'unknown',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_ALIASES: Readonly<Record<string, string>> = { cheque: 'check', credit: 'credit_card', debit: 'debit_card' };

export const LICENCE_TYPES = ['01', '02', '03', '06', '07', '08', '09', '10', '11'] as const;
export const LICENCE_TYPE_NAMES: Readonly<Record<(typeof LICENCE_TYPES)[number], string>> = {
  '01': 'dealer in firearms (incl. gunsmith)',
  '02': 'pawnbroker',
  '03': 'collector of curios and relics',
  '06': 'manufacturer of ammunition',
  '07': 'manufacturer of firearms',
  '08': 'importer of firearms',
  '09': 'dealer in destructive devices',
  '10': 'manufacturer of destructive devices',
  '11': 'importer of destructive devices',
};

export const DEALER_STATUSES = ['active', 'out_of_business'] as const;

export const MULTIPLE_SALE_FORMS = ['3310.4', '3310.12'] as const;

export const PRIORITIES = ['routine', 'urgent'] as const;

export const HOP_ROLES = ['manufacturer', 'importer', 'wholesaler', 'retailer'] as const;
export type HopRole = (typeof HOP_ROLES)[number];

/**
 * The eleven reasons a trace stops (DOMAIN.md) are one list, src/domain/codes.ts, which the database stores. Files
 * may also spell two of them the way older exports did; those spellings are accepted and read as the code beside
 * them (NOT_COMPLETED_REASON_SPELLINGS).
 */
export const NOT_COMPLETED_REASON_SPELLINGS = {
  invalid_markings: 'invalid_or_inadequate_markings',
  pre_1968: 'made_before_1968_no_serial',
} as const satisfies Record<string, DomainReason>;
export const NOT_COMPLETED_REASONS = [
  ...DOMAIN_REASONS,
  ...(Object.keys(NOT_COMPLETED_REASON_SPELLINGS) as Array<keyof typeof NOT_COMPLETED_REASON_SPELLINGS>),
] as const;
export type NotCompletedReason = (typeof NOT_COMPLETED_REASONS)[number];

export const THEFT_OR_LOSS = ['theft', 'loss'] as const;
export const THEFT_TYPES = ['burglary', 'robbery', 'larceny', 'in_transit', 'missing_inventory', 'other'] as const;

export const SUSPECT_REASONS = [
  'straw_purchase',
  'trafficking',
  'stolen',
  'used_in_crime',
  'prohibited_possessor',
  'other',
] as const;
