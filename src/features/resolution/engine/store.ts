// Columnar, integer-encoded store of prepared records. Strings are interned once per distinct
// value so that equality is an integer compare and per-value work (phonetics, nickname groups,
// term frequencies) is done once per value rather than once per record or per pair.
import { doubleMetaphone } from 'double-metaphone';
import { canonicalGiven, nicknameGroups } from './nicknames.js';
import { PairCache } from './pair-cache.js';
import { alnum, digits, fold, parseFullName, splitSurnames } from './text.js';
import type { PersonInput } from './types.js';

/** String interning table. Id 0 is reserved for "missing". */
export class Dict {
  readonly values: string[] = [''];
  private readonly index = new Map<string, number>();
  /** How many records carry each value (for term-frequency adjustment). */
  counts = new Int32Array(16);
  total = 0;

  id(s: string): number {
    if (!s) return 0;
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(s);
      this.index.set(s, k);
      if (k >= this.counts.length) {
        const c = new Int32Array(this.counts.length * 2);
        c.set(this.counts);
        this.counts = c;
      }
    }
    return k;
  }

  /** Interns and counts one occurrence. */
  add(s: string): number {
    const k = this.id(s);
    this.count(k);
    return k;
  }

  /** Counts one occurrence of an interned value (0, missing, is not counted). */
  count(k: number): void {
    if (k !== 0) {
      this.counts[k]++;
      this.total++;
    }
  }

  lookup(s: string): number {
    return this.index.get(s) ?? 0;
  }

  get size(): number {
    return this.values.length;
  }

  /** Share of records carrying this value, among records where the field is present. */
  freq(k: number): number {
    return this.total === 0 ? 0 : this.counts[k] / this.total;
  }

  // Length and first and last two characters per value, so that most pairs of unrelated values
  // (ID numbers, phones) are told apart without reading the strings.
  private lens: Int32Array = new Int32Array(0);
  private heads: Int32Array = new Int32Array(0);
  private tails: Int32Array = new Int32Array(0);

  private sign(): void {
    const n = this.values.length;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(Math.max(n, a.length * 2));
      b.set(a);
      return b;
    };
    let k = 0;
    if (this.lens.length < n) {
      k = this.lens.length;
      this.lens = grow(this.lens);
      this.heads = grow(this.heads);
      this.tails = grow(this.tails);
    }
    for (; k < n; k++) {
      const v = this.values[k];
      const l = v.length;
      this.lens[k] = l;
      this.heads[k] = l < 2 ? -1 : (v.charCodeAt(0) << 16) | v.charCodeAt(1);
      this.tails[k] = l < 2 ? -1 : (v.charCodeAt(l - 2) << 16) | v.charCodeAt(l - 1);
    }
    this.signed = n;
  }
  private signed = 0;

  /**
   * False when values a and b are certainly more than one edit apart. One edit leaves the first
   * two or the last two characters alike when both values have five characters or more.
   */
  mayBeOneEdit(a: number, b: number): boolean {
    if (a >= this.signed || b >= this.signed) {
      if (this.signed < this.values.length) this.sign();
    }
    const la = this.lens[a];
    const lb = this.lens[b];
    if (la - lb > 1 || lb - la > 1) return false;
    if (la < 5 || lb < 5) return true;
    return this.heads[a] === this.heads[b] || this.tails[a] === this.tails[b];
  }
}

type I32 = Int32Array<ArrayBuffer>;

export interface DictSnapshot {
  values: string[];
  counts: I32;
  total: number;
}

type ColName = 'given' | 'middle' | 'paternal' | 'maternal' | 'surname' | 'dob' | 'sex' | 'stnum' | 'street' | 'city' | 'state' | 'postcode' | 'idnum' | 'phone' | 'email';
type DictName = 'names' | 'surnames' | 'streets' | 'stnums' | 'cities' | 'states' | 'postcodes' | 'idnums' | 'phones' | 'emails';

export interface StoreSnapshot {
  n: number;
  dicts: Record<DictName, DictSnapshot>;
  nameMeta: I32;
  nameCanon: I32;
  nameGroups: (number[] | null)[];
  givenCount: I32;
  unitCount: I32;
  givenTotal: number;
  unitTotal: number;
  cols: Record<ColName, I32>;
}

/** Growable Int32 column. */
export class Col {
  data: Int32Array<ArrayBuffer>;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
}

const NO_GIVEN = { g: 0, rest: '' };
const CLEAN_ALNUM = /^[0-9A-Z]+$/;
const CLEAN_DIGITS = /^[0-9]+$/;
/** alnum() without folding when the value is already upper-case letters and digits. */
function alnumFast(s: string | null | undefined): string {
  if (s == null || s === '') return '';
  return CLEAN_ALNUM.test(s) ? s : alnum(s);
}
function digitsFast(s: string | null | undefined): string {
  if (s == null || s === '') return '';
  return CLEAN_DIGITS.test(s) ? s : digits(s);
}

const SEX: Record<string, number> = { M: 1, MALE: 1, H: 1, HOMBRE: 1, F: 2, FEMALE: 2, W: 2, MUJER: 2 };

/** 1 male, 2 female, 0 unknown (an own-property check: "constructor" is not a sex). */
function sexCode(v: string): number {
  return Object.hasOwn(SEX, v) ? SEX[v] : 0;
}

/** Parses YYYY-MM-DD or YYYYMMDD into yyyymmdd as an integer (0 when missing or not a date). */
export function parseDob(s: string | null | undefined): number {
  if (!s) return 0;
  const d = digits(s);
  if (d.length !== 8) return 0;
  const v = Number(d);
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const day = v % 100;
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || day < 1 || day > 31) return 0;
  return v;
}

/** Street names compared without the type word's spelling ("STREET" / "ST"). */
const STREET_ABBR: Record<string, string> = {
  STREET: 'ST', STR: 'ST', AVENUE: 'AVE', AV: 'AVE', AVENIDA: 'AVE', ROAD: 'RD', DRIVE: 'DR', BOULEVARD: 'BLVD',
  BOULEVAR: 'BLVD', LANE: 'LN', COURT: 'CT', PLACE: 'PL', CIRCUIT: 'CCT', CRESCENT: 'CRES', HIGHWAY: 'HWY',
  PARKWAY: 'PKWY', TERRACE: 'TCE', CALLE: 'C', NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W', APARTMENT: 'APT',
  CLOSE: 'CL', SQUARE: 'SQ', TRAIL: 'TRL', WAY: 'WAY', CIRCLE: 'CIR', COVE: 'CV',
};
export function normStreet(s: string | null | undefined): string {
  const f = fold(s);
  if (!f) return '';
  return f
    .split(' ')
    .map((w) => STREET_ABBR[w] ?? w)
    .join(' ');
}

/**
 * The prepared records. Name columns (given, middle, paternal, maternal) share one dictionary so
 * that a given name written in the surname column is still the same integer.
 */
export class Store {
  n = 0;
  readonly ids: string[] = [];
  readonly idIndex = new Map<string, number>();

  readonly names = new Dict();
  /** Per name id: metaphone code id, nickname canonical id (in names). */
  nameMeta = new Int32Array(1024);
  nameCanon = new Int32Array(1024);
  /** Per name id: the nickname groups it belongs to (most names: none). */
  private readonly nameGroups: (readonly number[] | undefined)[] = [];
  readonly codes = new Dict();
  readonly surnames = new Dict(); // "PATERNAL MATERNAL" as one value, for term frequencies
  /** Per name id: records using it as given name, and as one of their surnames (term frequencies). */
  givenCount = new Int32Array(1024);
  unitCount = new Int32Array(1024);
  givenTotal = 0;
  unitTotal = 0;
  readonly streets = new Dict();
  readonly stnums = new Dict();
  readonly cities = new Dict();
  readonly states = new Dict();
  readonly postcodes = new Dict();
  readonly idnums = new Dict();
  readonly phones = new Dict();
  readonly emails = new Dict();

  /** Comparison results per pair of dictionary values (see comparisons.ts). */
  readonly caches = { given: new PairCache(18), surname: new PairCache(20), street: new PairCache(16), city: new PairCache(14) };

  readonly given = new Col();
  readonly middle = new Col();
  readonly paternal = new Col();
  readonly maternal = new Col();
  readonly surname = new Col();
  readonly dob = new Col();
  readonly sex = new Col();
  readonly stnum = new Col();
  readonly street = new Col();
  readonly city = new Col();
  readonly state = new Col();
  readonly postcode = new Col();
  readonly idnum = new Col();
  readonly phone = new Col();
  readonly email = new Col();

  private nameId(s: string): number {
    const k = this.names.id(s);
    if (k >= this.nameMeta.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.nameMeta = grow(this.nameMeta);
      this.nameCanon = grow(this.nameCanon);
      this.givenCount = grow(this.givenCount);
      this.unitCount = grow(this.unitCount);
    }
    if (k !== 0 && this.nameMeta[k] === 0) {
      this.nameMeta[k] = this.codes.id(doubleMetaphone(s)[0] || s);
      this.nameGroups[k] = nicknameGroups(s);
      const canon = canonicalGiven(s);
      // The recursive call may reallocate the column, so it is evaluated before the write.
      const c = canon === s ? k : this.nameId(canon);
      this.nameCanon[k] = c;
    }
    return k;
  }

  /** Folded text per raw value (the sex column, and the full-name fallback). */
  private readonly foldCache = new Map<string, string>();
  private f(raw: string | null | undefined): string {
    if (raw == null || raw === '') return '';
    let v = this.foldCache.get(raw);
    if (v === undefined) {
      v = fold(raw);
      if (this.foldCache.size > 1_000_000) this.foldCache.clear();
      this.foldCache.set(raw, v);
    }
    return v;
  }

  // Raw value -> final dictionary id, one map look-up per field and record. Names, surnames,
  // streets and places repeat heavily, so folding, splitting and phonetic coding run once per
  // distinct raw value; at a million records preparation is mostly these look-ups.
  private readonly givenCache = new Map<string, { g: number; rest: string }>();
  private readonly middleCache = new Map<string, number>();
  private readonly surnameCache = new Map<string, Int32Array>();
  private readonly valueCaches = new Map<Dict, Map<string, number>>();

  private cached<V>(cache: Map<string, V>, raw: string, make: (raw: string) => V): V {
    let v = cache.get(raw);
    if (v === undefined) {
      v = make(raw);
      if (cache.size > 1_000_000) cache.clear();
      cache.set(raw, v);
    }
    return v;
  }

  /** Interns a normalised form of raw in dict and counts it, normalising each distinct raw value once. */
  private addCached(dict: Dict, raw: string | null | undefined, norm: (raw: string) => string): number {
    if (raw == null || raw === '') return 0;
    let cache = this.valueCaches.get(dict);
    if (!cache) this.valueCaches.set(dict, (cache = new Map()));
    const k = this.cached(cache, raw, (x) => dict.id(norm(x)));
    dict.count(k);
    return k;
  }

  private givenOf(raw: string | null | undefined): { g: number; rest: string } {
    if (raw == null || raw === '') return NO_GIVEN;
    return this.cached(this.givenCache, raw, (x) => {
      const tokens = fold(x).split(' ').filter(Boolean);
      return { g: this.nameId(tokens[0] ?? ''), rest: tokens.slice(1).join(' ') };
    });
  }

  private middleOf(folded: string): number {
    return folded ? this.nameId(folded.split(' ')[0]) : 0;
  }

  /** [paternal name id, maternal name id, surnames id] for the two surname columns as written. */
  private surnameIds(surname: string, maternal: string): Int32Array {
    const key = maternal ? `${surname}\u0001${maternal}` : surname;
    return this.cached(this.surnameCache, key, () => {
      const [pat, mat] = splitSurnames(surname, maternal);
      return this.surnameTriple(pat, mat);
    });
  }

  private surnameTriple(pat: string, mat: string): Int32Array {
    const pk = this.nameId(pat);
    const mk = this.nameId(mat);
    return Int32Array.of(pk, mk, this.surnames.id(pat && mat ? `${pat} ${mat}` : pat || mat));
  }

  /** Adds records; returns the index of the first one added. */
  add(records: readonly PersonInput[]): number {
    const first = this.n;
    for (const r of records) this.addOne(r);
    return first;
  }

  addOne(r: PersonInput): number {
    const i = this.n;
    const id = String(r.id);
    // One look-up instead of has() then set(): a duplicate leaves the size unchanged.
    const before = this.idIndex.size;
    this.idIndex.set(id, i);
    if (this.idIndex.size === before) {
      this.idIndex.set(id, this.ids.indexOf(id));
      throw new Error(`duplicate record id: ${id}`);
    }
    this.n++;
    this.ids.push(id);

    let { g, rest } = this.givenOf(r.given_name);
    const middleRaw = r.middle_name;
    let mid = middleRaw ? this.cached(this.middleCache, middleRaw, (x) => this.middleOf(fold(x))) : 0;
    let names = this.surnameIds(r.surname ?? '', r.maternal_surname ?? '');
    if (g === 0 && names[0] === 0 && r.full_name) {
      const p = parseFullName(r.full_name);
      g = this.nameId(p.given);
      rest = '';
      mid = this.middleOf(p.middle);
      names = this.surnameTriple(p.paternal.replace(/ /g, ''), p.maternal.replace(/ /g, ''));
    }
    // "JUAN CARLOS" in the given-name column: the first word is the given name, the rest a middle name.
    if (rest && mid === 0) mid = this.middleOf(rest);
    const pk = names[0];
    const mk = names[1];
    if (g) {
      this.givenCount[g]++;
      this.givenTotal++;
    }
    if (pk) {
      this.unitCount[pk]++;
      this.unitTotal++;
    }
    if (mk && mk !== pk) {
      this.unitCount[mk]++;
      this.unitTotal++;
    }
    this.given.push(g);
    this.middle.push(mid);
    this.paternal.push(pk);
    this.maternal.push(mk);
    this.surnames.count(names[2]);
    this.surname.push(names[2]);

    this.dob.push(parseDob(r.dob));
    this.sex.push(r.sex ? sexCode(r.sex) || sexCode(this.f(r.sex)) : 0);
    this.stnum.push(this.addCached(this.stnums, r.street_number, alnum));
    this.street.push(this.addCached(this.streets, r.street, normStreet));
    this.city.push(this.addCached(this.cities, r.city, fold));
    this.state.push(this.addCached(this.states, r.state, fold));
    this.postcode.push(this.addCached(this.postcodes, r.postcode, alnum));
    // ID numbers, phones and e-mails rarely repeat: no cache, a cheap path for clean values.
    this.idnum.push(this.idnums.add(alnumFast(r.id_number)));
    const ph = digitsFast(r.phone);
    // The last ten digits: country codes and trunk prefixes are written inconsistently.
    this.phone.push(this.phones.add(ph.length >= 7 ? ph.slice(-10) : ''));
    this.email.push(this.emails.add(r.email ? r.email.trim().toLowerCase() : ''));
    return i;
  }

  /** True when two name ids are nicknames of each other (share a nickname group). */
  nicknames(a: number, b: number): boolean {
    const ga = this.nameGroups[a];
    if (ga === undefined) return false;
    const gb = this.nameGroups[b];
    if (gb === undefined) return false;
    for (const x of ga) if (gb.includes(x)) return true;
    return false;
  }

  /** What a scoring worker needs, as structured-clonable data (no indexes, no caches). */
  snapshot(): StoreSnapshot {
    const d = (x: Dict): DictSnapshot => ({ values: x.values, counts: x.counts.slice(0, x.size), total: x.total });
    const c = (x: Col): I32 => x.data.slice(0, x.length);
    return {
      n: this.n,
      dicts: { names: d(this.names), surnames: d(this.surnames), streets: d(this.streets), stnums: d(this.stnums), cities: d(this.cities), states: d(this.states), postcodes: d(this.postcodes), idnums: d(this.idnums), phones: d(this.phones), emails: d(this.emails) },
      nameMeta: this.nameMeta.slice(0, this.names.size),
      nameCanon: this.nameCanon.slice(0, this.names.size),
      nameGroups: this.nameGroups.slice(0, this.names.size).map((g) => (g ? [...g] : null)),
      givenCount: this.givenCount.slice(0, this.names.size),
      unitCount: this.unitCount.slice(0, this.names.size),
      givenTotal: this.givenTotal,
      unitTotal: this.unitTotal,
      cols: { given: c(this.given), middle: c(this.middle), paternal: c(this.paternal), maternal: c(this.maternal), surname: c(this.surname), dob: c(this.dob), sex: c(this.sex), stnum: c(this.stnum), street: c(this.street), city: c(this.city), state: c(this.state), postcode: c(this.postcode), idnum: c(this.idnum), phone: c(this.phone), email: c(this.email) },
    };
  }

  /** A store for scoring only, rebuilt from a snapshot (in a worker thread). */
  static fromSnapshot(snap: StoreSnapshot): Store {
    const s = new Store();
    s.n = snap.n;
    for (const [name, ds] of Object.entries(snap.dicts) as [keyof StoreSnapshot['dicts'], DictSnapshot][]) {
      const dict = s[name];
      dict.values.length = 0;
      // A loop, not push(...values): spreading a few hundred thousand values overflows the stack.
      for (const v of ds.values) dict.values.push(v);
      dict.counts = ds.counts;
      dict.total = ds.total;
    }
    s.nameMeta = snap.nameMeta;
    s.nameCanon = snap.nameCanon;
    snap.nameGroups.forEach((g, k) => (s.nameGroups[k] = g ?? undefined));
    s.givenCount = snap.givenCount;
    s.unitCount = snap.unitCount;
    s.givenTotal = snap.givenTotal;
    s.unitTotal = snap.unitTotal;
    for (const [name, data] of Object.entries(snap.cols) as [keyof StoreSnapshot['cols'], I32][]) {
      s[name].data = data;
      s[name].length = data.length;
    }
    return s;
  }

  nameStr(k: number): string {
    return this.names.values[k];
  }
}
