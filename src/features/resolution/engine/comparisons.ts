// Field comparisons: each maps a pair of records to one level (best first, "else" last) or to
// NULL when either side is missing, which carries no evidence either way.
import { digitEdit, jaroWinklerAtLeast, withinOneEdit } from './strings.js';
import type { Dict } from './store.js';
import type { PairCache } from './pair-cache.js';
import type { Store } from './store.js';

export const NULL_LEVEL = 255;

export interface Level {
  /** Short code, stable across versions (used in saved models). */
  code: string;
  /** Words for an analyst, e.g. "birth dates identical". */
  text: string;
  /** Apply term-frequency adjustment at this level. */
  tf?: boolean;
}

export interface Comparison {
  name: string;
  /** Human name of the field, e.g. "given name". */
  label: string;
  levels: Level[];
  /** Fields the comparison reads (blocking rules on these fields bias its estimate). */
  fields: string[];
  /**
   * Context comparisons (address, city, postcode, state, phone) describe where someone lives,
   * which a household shares; identity comparisons describe the person.
   */
  context?: boolean;
  /** Personal comparisons (given name, birth date) take part in the household rule. */
  compute(s: Store, i: number, j: number): number;
  /** Share of records carrying the agreeing value, for term-frequency adjustment (0: none). */
  tfFreq?(s: Store, i: number, j: number, level: number): number;
  /** A more specific wording for one pair than the level's text. */
  describe?(s: Store, i: number, j: number, level: number): string | undefined;
  /** Share of records with the field present. */
  present(s: Store): number;
}

function presentShare(col: { data: Int32Array; length: number }): number {
  if (col.length === 0) return 0;
  let c = 0;
  for (let i = 0; i < col.length; i++) if (col.data[i] !== 0) c++;
  return c / col.length;
}

/**
 * Jaro-Winkler at or above a threshold, between two values of a small dictionary (cities,
 * streets): answers are cached per pair of ids, since the same few values meet again and again.
 */
function similarAtLeast(d: Dict, cache: PairCache, a: number, b: number, min: number): boolean {
  const x = a < b ? a : b;
  const y = a < b ? b : a;
  let v = cache.get(x, y);
  if (v < 0) {
    v = jaroWinklerAtLeast(d.values[x], d.values[y], min) >= min ? 1 : 0;
    cache.set(x, y, v);
  }
  return v === 1;
}

const JW_HIGH = 0.92;
const JW_MID = 0.8;

/** Same name or a typo of it; the first letters must agree (cheap test first: it runs on most pairs). */
function nameClose(s: Store, a: number, b: number): boolean {
  if (a === 0 || b === 0) return false;
  if (a === b) return true;
  const x = s.names.values[a];
  const y = s.names.values[b];
  return x.charCodeAt(0) === y.charCodeAt(0) && jaroWinklerAtLeast(x, y, 0.9) >= 0.9;
}

/** Given-name level from the two names alone (6 when they differ: middle and swap are the caller's). */
function givenLevel(s: Store, a: number, b: number): number {
  const na = s.names.values[a];
  const nb = s.names.values[b];
  if (s.nameCanon[a] === s.nameCanon[b] || s.nicknames(a, b)) return 1;
  if (na.length > 1 && nb.length > 1) {
    const jw = jaroWinklerAtLeast(na, nb, JW_MID);
    if (jw >= JW_HIGH) return 2;
    if (jw >= JW_MID || s.nameMeta[a] === s.nameMeta[b]) return 3;
  }
  if ((na.length === 1 && nb.charCodeAt(0) === na.charCodeAt(0)) || (nb.length === 1 && na.charCodeAt(0) === nb.charCodeAt(0))) return 4;
  return 6;
}

export const givenName: Comparison = {
  name: 'given_name',
  label: 'given names',
  fields: ['given_name'],
  levels: [
    { code: 'exact', text: 'given names identical', tf: true },
    { code: 'nickname', text: 'given names are the same name by nickname' },
    { code: 'jw_high', text: 'given names nearly identical (a typo)' },
    { code: 'fuzzy', text: 'given names similar or sound alike' },
    { code: 'initial_middle', text: 'given name matches an initial or the middle name' },
    { code: 'swapped', text: 'given name and surname swapped' },
    { code: 'else', text: 'given names differ' },
  ],
  compute(s, i, j) {
    const a = s.given.data[i];
    const b = s.given.data[j];
    if (a === 0 || b === 0) return NULL_LEVEL;
    if (a === b) return 0;
    const x = a < b ? a : b;
    const y = a < b ? b : a;
    let l = s.caches.given.get(x, y);
    if (l < 0) {
      l = givenLevel(s, x, y);
      s.caches.given.set(x, y, l);
    }
    if (l !== 6) return l;
    const ma = s.middle.data[i];
    const mb = s.middle.data[j];
    if ((ma !== 0 && ma === b) || (mb !== 0 && mb === a)) return 4;
    if (nameClose(s, a, s.paternal.data[j]) && nameClose(s, s.paternal.data[i], b)) return 5;
    return 6;
  },
  tfFreq(s, i, _j, level) {
    if (level !== 0 || s.givenTotal === 0) return 0;
    return s.givenCount[s.given.data[i]] / s.givenTotal;
  },
  present: (s) => presentShare(s.given),
};

/** Surname level from the surnames alone (7 when they differ; the swap test is the caller's). */
function surnameLevel(s: Store, i: number, j: number): number {
  const fa = s.surname.data[i];
  const fb = s.surname.data[j];
  const pa = s.paternal.data[i];
  const ma = s.maternal.data[i];
  const pb = s.paternal.data[j];
  const mb = s.maternal.data[j];
  const twoA = pa !== 0 && ma !== 0;
  const twoB = pb !== 0 && mb !== 0;
  if (twoA && twoB && pa === mb && ma === pb) return 1;
  if (twoA !== twoB) {
    const single = twoA ? pb || mb : pa || ma;
    const p2 = twoA ? pa : pb;
    const m2 = twoA ? ma : mb;
    if (single === p2 || single === m2) return 2;
  }
  const jw = jaroWinklerAtLeast(s.surnames.values[fa], s.surnames.values[fb], JW_MID);
  if (jw >= JW_HIGH) return 3;
  if (twoA && twoB) {
    if (pa === pb || ma === mb || pa === mb || ma === pb) {
      // One shared and one merely misspelt is a typo; one shared and one different is kin.
      const x = pa === pb ? ma : ma === mb ? pa : pa === mb ? ma : pa;
      const y = pa === pb ? mb : ma === mb ? pb : pa === mb ? pb : mb;
      if (jaroWinklerAtLeast(s.names.values[x], s.names.values[y], JW_HIGH) >= JW_HIGH) return 3;
      return 5;
    }
  } else if (twoA !== twoB) {
    const single = twoA ? pb || mb : pa || ma;
    const p2 = twoA ? pa : pb;
    const m2 = twoA ? ma : mb;
    const ns = s.names.values[single];
    if (jaroWinklerAtLeast(ns, s.names.values[p2], JW_HIGH) >= JW_HIGH || jaroWinklerAtLeast(ns, s.names.values[m2], JW_HIGH) >= JW_HIGH) return 4;
  }
  const ka = pa || ma;
  const kb = pb || mb;
  if (jw >= JW_MID || (ka !== 0 && kb !== 0 && s.nameMeta[ka] === s.nameMeta[kb])) return 4;
  return 7;
}

export const surname: Comparison = {
  name: 'surname',
  label: 'surnames',
  fields: ['surname', 'maternal_surname'],
  levels: [
    { code: 'exact', text: 'surnames identical', tf: true },
    { code: 'order_swapped', text: 'paternal and maternal surnames in swapped order' },
    { code: 'one_dropped', text: 'one surname dropped, the other identical', tf: true },
    { code: 'jw_high', text: 'surnames nearly identical (a typo)' },
    { code: 'fuzzy', text: 'surnames similar or sound alike' },
    { code: 'share_one', text: 'one surname shared, the other different' },
    { code: 'swapped', text: 'surname and given name swapped' },
    { code: 'else', text: 'surnames differ' },
  ],
  compute(s, i, j) {
    const fa = s.surname.data[i];
    const fb = s.surname.data[j];
    if (fa === 0 || fb === 0) return NULL_LEVEL;
    if (fa === fb) return 0;
    // The level depends on the two surname values only (but for the swap test below), and the
    // same pairs of surnames meet again and again across blocks: cache it per pair of values.
    const cache = s.caches.surname;
    let l = fa < fb ? cache.get(fa, fb) : cache.get(fb, fa);
    if (l < 0) {
      l = surnameLevel(s, i, j);
      if (fa < fb) cache.set(fa, fb, l);
      else cache.set(fb, fa, l);
    }
    if (l !== 7) return l;
    const ka = s.paternal.data[i] || s.maternal.data[i];
    const kb = s.paternal.data[j] || s.maternal.data[j];
    if (nameClose(s, s.given.data[i], kb) && nameClose(s, ka, s.given.data[j])) return 6;
    return 7;
  },
  tfFreq(s, i, j, level) {
    if (level === 0) return s.surnames.freq(s.surname.data[i]);
    if (level === 2 && s.unitTotal > 0) {
      const pa = s.paternal.data[i];
      const ma = s.maternal.data[i];
      const shared = pa !== 0 && (pa === s.paternal.data[j] || pa === s.maternal.data[j]) ? pa : ma;
      return s.unitCount[shared] / s.unitTotal;
    }
    return 0;
  },
  describe(s, i, j, level) {
    if (level !== 2) return undefined;
    const pa = s.paternal.data[i];
    const ma = s.maternal.data[i];
    const pb = s.paternal.data[j];
    const mb = s.maternal.data[j];
    const twoA = pa !== 0 && ma !== 0;
    const single = twoA ? pb || mb : pa || ma;
    const p2 = twoA ? pa : pb;
    return single === p2 ? 'maternal surname dropped, paternal identical' : 'paternal surname dropped, maternal identical';
  },
  present: (s) => presentShare(s.surname),
};

export const dob: Comparison = {
  name: 'dob',
  label: 'birth dates',
  fields: ['dob'],
  levels: [
    { code: 'exact', text: 'birth dates identical' },
    { code: 'day_month_swapped', text: 'birth dates with day and month swapped' },
    { code: 'one_digit', text: 'birth dates one digit apart or two digits transposed' },
    { code: 'year_month', text: 'same birth year and month' },
    { code: 'within_year', text: 'birth dates less than a year apart' },
    { code: 'else', text: 'birth dates differ' },
  ],
  compute(s, i, j) {
    const a = s.dob.data[i];
    const b = s.dob.data[j];
    if (a === 0 || b === 0) return NULL_LEVEL;
    if (a === b) return 0;
    const ya = (a / 10000) | 0;
    const yb = (b / 10000) | 0;
    const ma = ((a / 100) | 0) % 100;
    const mb = ((b / 100) | 0) % 100;
    if (ya === yb && ma === b % 100 && a % 100 === mb) return 1;
    if (digitEdit(a, b) !== 0) return 2;
    if (ya === yb && ma === mb) return 3;
    // Months counted as 31 days: "within a year" need not be exact to the day.
    const dd = (ya - yb) * 372 + (ma - mb) * 31 + ((a % 100) - (b % 100));
    if (dd <= 366 && dd >= -366) return 4;
    return 5;
  },
  describe(s, i, j, level) {
    if (level !== 2) return undefined;
    return digitEdit(s.dob.data[i], s.dob.data[j]) === 2
      ? 'birth dates with two digits transposed'
      : 'birth dates one digit apart';
  },
  present: (s) => presentShare(s.dob),
};

export const sex: Comparison = {
  name: 'sex',
  label: 'sex',
  fields: ['sex'],
  levels: [
    { code: 'exact', text: 'same sex' },
    { code: 'else', text: 'different sex' },
  ],
  compute(s, i, j) {
    const a = s.sex.data[i];
    const b = s.sex.data[j];
    if (a === 0 || b === 0) return NULL_LEVEL;
    return a === b ? 0 : 1;
  },
  present: (s) => presentShare(s.sex),
};

function exactOneEdit(name: string, label: string, fields: string[], pick: (s: Store) => { data: Int32Array; length: number }, dictOf: (s: Store) => Dict, words: [string, string, string], context = false): Comparison {
  return {
    name,
    label,
    fields,
    context,
    levels: [
      { code: 'exact', text: words[0] },
      { code: 'one_edit', text: words[1] },
      { code: 'else', text: words[2] },
    ],
    compute(s, i, j) {
      const col = pick(s).data;
      const a = col[i];
      const b = col[j];
      if (a === 0 || b === 0) return NULL_LEVEL;
      if (a === b) return 0;
      const d = dictOf(s);
      if (!d.mayBeOneEdit(a, b)) return 2;
      return withinOneEdit(d.values[a], d.values[b]) ? 1 : 2;
    },
    present: (s) => presentShare(pick(s)),
  };
}

export const idNumber = exactOneEdit('id_number', 'ID numbers', ['id_number'], (s) => s.idnum, (s) => s.idnums, [
  'ID numbers identical',
  'ID numbers one character apart',
  'ID numbers differ',
]);
export const phone = exactOneEdit('phone', 'phones', ['phone'], (s) => s.phone, (s) => s.phones, [
  'phone numbers identical',
  'phone numbers one digit apart',
  'phone numbers differ',
], true);
export const postcode = exactOneEdit('postcode', 'postcodes', ['postcode'], (s) => s.postcode, (s) => s.postcodes, [
  'postcodes identical',
  'postcodes one character apart',
  'postcodes differ',
], true);

function samePrefix(a: string, b: string, n: number): boolean {
  for (let k = 0; k < n; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  return true;
}

export const email: Comparison = {
  name: 'email',
  label: 'emails',
  fields: ['email'],
  levels: [
    { code: 'exact', text: 'email addresses identical' },
    { code: 'close', text: 'email addresses nearly identical or same user name' },
    { code: 'else', text: 'email addresses differ' },
  ],
  compute(s, i, j) {
    const a = s.email.data[i];
    const b = s.email.data[j];
    if (a === 0 || b === 0) return NULL_LEVEL;
    if (a === b) return 0;
    const ea = s.emails.values[a];
    const eb = s.emails.values[b];
    const la = ea.indexOf('@');
    if (la > 0 && la === eb.indexOf('@') && samePrefix(ea, eb, la)) return 1;
    return jaroWinklerAtLeast(ea, eb, 0.9) >= 0.9 ? 1 : 2;
  },
  present: (s) => presentShare(s.email),
};

export const street: Comparison = {
  name: 'street',
  context: true,
  label: 'street addresses',
  fields: ['street', 'street_number'],
  levels: [
    { code: 'exact', text: 'same street and house number' },
    { code: 'close', text: 'same street (or a typo) and same or near house number' },
    { code: 'same_street', text: 'same street, different house number' },
    { code: 'same_number', text: 'same house number, different street' },
    { code: 'else', text: 'street addresses differ' },
  ],
  compute(s, i, j) {
    const a = s.street.data[i];
    const b = s.street.data[j];
    if (a === 0 || b === 0) return NULL_LEVEL;
    const na = s.stnum.data[i];
    const nb = s.stnum.data[j];
    const streetSame = a === b || similarAtLeast(s.streets, s.caches.street, a, b, 0.88);
    const numKnown = na !== 0 && nb !== 0;
    if (a === b && na === nb && numKnown) return 0;
    if (streetSame) {
      if (!numKnown || na === nb || withinOneEdit(s.stnums.values[na], s.stnums.values[nb])) return 1;
      return 2;
    }
    if (numKnown && na === nb) return 3;
    return 4;
  },
  present: (s) => presentShare(s.street),
};

export const city: Comparison = {
  name: 'city',
  context: true,
  label: 'cities',
  fields: ['city'],
  levels: [
    { code: 'exact', text: 'same city', tf: true },
    { code: 'close', text: 'city names nearly identical' },
    { code: 'else', text: 'cities differ' },
  ],
  compute(s, i, j) {
    const a = s.city.data[i];
    const b = s.city.data[j];
    if (a === 0 || b === 0) return NULL_LEVEL;
    if (a === b) return 0;
    return similarAtLeast(s.cities, s.caches.city, a, b, 0.9) ? 1 : 2;
  },
  tfFreq(s, i, _j, level) {
    return level === 0 ? s.cities.freq(s.city.data[i]) : 0;
  },
  present: (s) => presentShare(s.city),
};

export const state: Comparison = {
  name: 'state',
  context: true,
  label: 'states',
  fields: ['state'],
  levels: [
    { code: 'exact', text: 'same state' },
    { code: 'else', text: 'states differ' },
  ],
  compute(s, i, j) {
    const a = s.state.data[i];
    const b = s.state.data[j];
    if (a === 0 || b === 0) return NULL_LEVEL;
    return a === b ? 0 : 1;
  },
  present: (s) => presentShare(s.state),
};

export const ALL_COMPARISONS: Comparison[] = [givenName, surname, dob, sex, idNumber, phone, email, street, city, postcode, state];

/** The comparisons worth running on this data: fields present on at least 1% of records. */
export function comparisonsFor(s: Store): Comparison[] {
  return ALL_COMPARISONS.filter((c) => c.present(s) >= 0.01);
}
