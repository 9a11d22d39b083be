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
    if (k !== 0) {
      this.counts[k]++;
      this.total++;
    }
    return k;
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

const SEX: Record<string, number> = { M: 1, MALE: 1, H: 1, HOMBRE: 1, F: 2, FEMALE: 2, W: 2, MUJER: 2 };

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

  /** Folded text per raw value: names, streets and cities repeat, and folding is the costly part. */
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

  private readonly surnameCache = new Map<string, [string, string]>();
  private surnames2(surname: string, maternal: string): [string, string] {
    const key = `${surname}\u0001${maternal}`;
    let v = this.surnameCache.get(key);
    if (v === undefined) {
      v = splitSurnames(surname, maternal);
      if (this.surnameCache.size > 1_000_000) this.surnameCache.clear();
      this.surnameCache.set(key, v);
    }
    return v;
  }

  private readonly streetCache = new Map<string, string>();
  private street1(raw: string | null | undefined): string {
    if (!raw) return '';
    let v = this.streetCache.get(raw);
    if (v === undefined) {
      v = normStreet(raw);
      if (this.streetCache.size > 1_000_000) this.streetCache.clear();
      this.streetCache.set(raw, v);
    }
    return v;
  }

  /** Adds records; returns the index of the first one added. */
  add(records: readonly PersonInput[]): number {
    const first = this.n;
    for (const r of records) this.addOne(r);
    return first;
  }

  addOne(r: PersonInput): number {
    const i = this.n++;
    const id = String(r.id);
    if (this.idIndex.has(id)) throw new Error(`duplicate record id: ${id}`);
    this.ids.push(id);
    this.idIndex.set(id, i);

    const gf = this.f(r.given_name);
    let givenTokens = gf ? gf.split(' ') : [];
    let middle = this.f(r.middle_name);
    let [pat, mat] = this.surnames2(r.surname ?? '', r.maternal_surname ?? '');
    if (givenTokens.length === 0 && !pat && r.full_name) {
      const p = parseFullName(r.full_name);
      givenTokens = p.given ? [p.given] : [];
      middle = p.middle;
      pat = p.paternal.replace(/ /g, '');
      mat = p.maternal.replace(/ /g, '');
    }
    // "JUAN CARLOS" in the given-name column: the first word is the given name, the rest a middle name.
    if (givenTokens.length > 1 && !middle) middle = givenTokens.slice(1).join(' ');
    const given = givenTokens[0] ?? '';
    const middleFirst = middle.split(' ')[0] ?? '';

    const g = this.nameId(given);
    const mid = this.nameId(middleFirst);
    const pk = this.nameId(pat);
    const mk = this.nameId(mat);
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
    this.surname.push(this.surnames.add(pat && mat ? `${pat} ${mat}` : pat || mat));

    this.dob.push(parseDob(r.dob));
    this.sex.push(r.sex ? (SEX[this.f(r.sex)] ?? 0) : 0);
    this.stnum.push(this.stnums.add(alnum(r.street_number)));
    this.street.push(this.streets.add(this.street1(r.street)));
    this.city.push(this.cities.add(this.f(r.city)));
    this.state.push(this.states.add(this.f(r.state)));
    this.postcode.push(this.postcodes.add(alnum(r.postcode)));
    this.idnum.push(this.idnums.add(alnum(r.id_number)));
    const ph = digits(r.phone);
    // The last ten digits: country codes and trunk prefixes are written inconsistently.
    this.phone.push(this.phones.add(ph.length >= 7 ? ph.slice(-10) : ''));
    this.email.push(this.emails.add((r.email ?? '').trim().toLowerCase()));
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
