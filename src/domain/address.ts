/**
 * Street addresses and phone numbers in one written form, so that two records of one place or one line compare equal.
 * Addresses follow USPS Publication 28 abbreviations (street suffixes, directions, unit designators); Mexican
 * addresses keep their Spanish words in short form (AVE, CALZ, PRIV) and their number after the street.
 */
import { err, ok, type Result } from './result.js';
import { foldAccents } from './text.js';

const SUFFIX: Readonly<Record<string, string>> = {
  STREET: 'ST', STR: 'ST', ST: 'ST', AVENUE: 'AVE', AVE: 'AVE', AV: 'AVE', AVN: 'AVE', BOULEVARD: 'BLVD', BLVD: 'BLVD',
  ROAD: 'RD', RD: 'RD', DRIVE: 'DR', DR: 'DR', LANE: 'LN', LN: 'LN', COURT: 'CT', CT: 'CT', PLACE: 'PL', PL: 'PL',
  CIRCLE: 'CIR', CIR: 'CIR', HIGHWAY: 'HWY', HWY: 'HWY', PARKWAY: 'PKWY', PKWY: 'PKWY', TERRACE: 'TER', TER: 'TER',
  TRAIL: 'TRL', TRL: 'TRL', WAY: 'WAY', SQUARE: 'SQ', SQ: 'SQ', EXPRESSWAY: 'EXPY', FREEWAY: 'FWY', CROSSING: 'XING',
  POINT: 'PT', LOOP: 'LOOP', ALLEY: 'ALY', PLAZA: 'PLZ', ROUTE: 'RTE', CAUSEWAY: 'CSWY', HEIGHTS: 'HTS',
  // Spanish (Mexico). Avenida becomes AVE like Av., so that both forms compare equal.
  AVENIDA: 'AVE', CALLE: 'CALLE', CALZADA: 'CALZ', CARRETERA: 'CARR', PRIVADA: 'PRIV', CERRADA: 'CDA',
  PROLONGACION: 'PROL', ANDADOR: 'AND', COLONIA: 'COL', FRACCIONAMIENTO: 'FRACC', BOULEVAR: 'BLVD',
};

const DIRECTION: Readonly<Record<string, string>> = {
  NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W', NORTHEAST: 'NE', NORTHWEST: 'NW', SOUTHEAST: 'SE', SOUTHWEST: 'SW',
  N: 'N', S: 'S', E: 'E', W: 'W', NE: 'NE', NW: 'NW', SE: 'SE', SW: 'SW',
  NORTE: 'N', SUR: 'S', ORIENTE: 'OTE', PONIENTE: 'PTE', OTE: 'OTE', PTE: 'PTE',
};

const UNIT: Readonly<Record<string, string>> = {
  APARTMENT: 'APT', APT: 'APT', UNIT: 'UNIT', SUITE: 'STE', STE: 'STE', '#': '#', ROOM: 'RM', RM: 'RM', FLOOR: 'FL',
  FL: 'FL', BUILDING: 'BLDG', BLDG: 'BLDG', LOT: 'LOT', SPACE: 'SPC', SPC: 'SPC', TRAILER: 'TRLR', TRLR: 'TRLR',
  DEPARTAMENTO: 'DEPTO', DEPTO: 'DEPTO', DEPT: 'DEPTO', INTERIOR: 'INT', INT: 'INT',
};

/** Words that mean "the number follows" in Mexican addresses: No. 45, Num 45, Número 45. */
const NUMBER_MARKERS = new Set(['NO', 'NUM', 'NUMERO', 'NRO']);

export interface NormalizedAddress {
  /**
   * The whole line in standard form: number, street, unit. The number goes first for Mexican addresses too, so that
   * "Calle Morelos 123" and "123 Calle Morelos" compare equal; show the original to people, compare this.
   */
  readonly line: string;
  readonly houseNumber: string | null;
  readonly street: string;
  /** Unit with its designator, e.g. "APT 4B", "# 12", "DEPTO 3". */
  readonly unit: string | null;
}

const isHouseNumber = (t: string): boolean => /^\d+[A-Z]?$|^\d+-\d+$|^\d+-[A-Z]$/.test(t);

export function normalizeAddress(raw: string): Result<NormalizedAddress> {
  const text = foldAccents(raw)
    .toUpperCase()
    .replace(/#/g, ' # ')
    .replace(/[.,;]/g, ' ')
    .replace(/[^A-Z0-9#\- ]+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
  const tokens = text.split(/\s+/).filter((t) => t !== '' && t !== '-');
  if (tokens.length === 0) return err('address is empty');

  let houseNumber: string | null = null;
  let unit: string | null = null;
  const street: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (i === 0 && isHouseNumber(t)) {
      houseNumber = t;
      continue;
    }
    if (UNIT[t] && next !== undefined && unit === null && street.length > 0) {
      unit = `${UNIT[t]} ${next}`;
      i++;
      continue;
    }
    if (NUMBER_MARKERS.has(t) && next !== undefined && /^\d/.test(next) && houseNumber === null) {
      houseNumber = next;
      i++;
      continue;
    }
    // Mexican style: the number comes after the street ("CALLE MORELOS 123").
    if (houseNumber === null && street.length >= 2 && isHouseNumber(t) && (next === undefined || UNIT[next])) {
      houseNumber = t;
      continue;
    }
    // Suffixes and directions are abbreviated wherever they stand (as USPS does), except a direction that is the
    // whole street name ("100 North" keeps NORTH).
    const isLastStreetWord = next === undefined || UNIT[next] !== undefined;
    if (DIRECTION[t] && !(isLastStreetWord && street.length === 0)) street.push(DIRECTION[t]);
    else street.push(SUFFIX[t] ?? t);
  }
  if (street.length === 0) return err(`"${raw.trim()}" has no street name`);
  const streetText = street.join(' ');
  const line = [houseNumber, streetText, unit].filter((p) => p !== null).join(' ');
  return ok({ line, houseNumber, street: streetText, unit });
}

export type PhoneCountry = 'US' | 'MX';

export interface NormalizedPhone {
  /** E.164: +1XXXXXXXXXX or +52XXXXXXXXXX. */
  readonly e164: string;
  readonly country: PhoneCountry;
  /** Ten national digits. */
  readonly national: string;
  readonly extension: string | null;
}

export interface PhoneOptions {
  /** How to read a bare ten-digit number; US forms default to US. */
  defaultCountry?: PhoneCountry;
}

function nanpCheck(national: string): string | null {
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(national)) {
    return `${national} is not a valid US number (area code and exchange cannot start with 0 or 1)`;
  }
  return null;
}

/**
 * US numbers: 10 digits, optionally preceded by 1 or +1. Mexican numbers: +52 and 10 digits; the old mobile '1'
 * after 52 (+52 1 ...) and the old long-distance prefix 01 are dropped. Extensions (x123, ext. 123) are kept apart.
 */
export function normalizePhone(raw: string, opts: PhoneOptions = {}): Result<NormalizedPhone> {
  const extMatch = /\s*(?:x|ext\.?|extension)\s*(\d{1,6})\s*$/i.exec(raw);
  const extension = extMatch ? extMatch[1] : null;
  const body = extMatch ? raw.slice(0, extMatch.index) : raw;
  if (/[A-Za-z]/.test(body)) return err(`"${raw.trim()}" contains letters`);
  const plus = body.trim().startsWith('+') || body.trim().startsWith('00');
  let digits = body.replace(/\D/g, '');
  if (body.trim().startsWith('00')) digits = digits.slice(2);
  if (digits === '') return err('phone is empty');

  const mx = (national: string): Result<NormalizedPhone> =>
    /^\d{10}$/.test(national)
      ? ok({ e164: `+52${national}`, country: 'MX', national, extension })
      : err(`${national} is not a 10-digit Mexican number`);
  const us = (national: string): Result<NormalizedPhone> => {
    const problem = nanpCheck(national);
    return problem ? err(problem) : ok({ e164: `+1${national}`, country: 'US', national, extension });
  };

  if (digits.startsWith('52') && (plus || digits.length >= 12)) {
    const rest = digits.slice(2);
    if (rest.length === 11 && rest.startsWith('1')) return mx(rest.slice(1));
    return mx(rest);
  }
  if (digits.length === 11 && digits.startsWith('1')) return us(digits.slice(1));
  if (plus) return err(`"${raw.trim()}" has a country code other than +1 or +52`);
  if (digits.length === 12 && digits.startsWith('01')) return mx(digits.slice(2));
  if (digits.length === 10) return (opts.defaultCountry ?? 'US') === 'MX' ? mx(digits) : us(digits);
  return err(`"${raw.trim()}" has ${digits.length} digits; expected 10 (or a +1 / +52 prefix)`);
}
