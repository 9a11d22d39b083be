/**
 * Firearm makers and importers under the many names they appear as on forms and in dealers' books.
 *
 * The list is curated by hand: each entry has one canonical name, what the firm does in the chain of distribution
 * (maker, importer, or both), its country (ISO 3166-1 alpha-2), and the aliases seen in practice. Matching goes
 * from exact alias, through a key that ignores case, punctuation and company suffixes (Inc, LLC, Co, Mfg, Arms ...),
 * to an edit-distance fallback for misspellings, and refuses to guess when two firms are equally close.
 */
import { editDistance, foldAccents } from './text.js';

export type MakerKind = 'maker' | 'importer' | 'both';

export interface MakerEntry {
  readonly canonical: string;
  readonly kind: MakerKind;
  readonly country: string;
  readonly aliases: readonly string[];
}

export const MAKERS: readonly MakerEntry[] = [
  { canonical: 'Century Arms', kind: 'importer', country: 'US', aliases: ['Century International Arms', 'Century Intl Arms', 'Century International', 'Century Arms International', 'CAI', 'C.A.I.', 'Century'] },
  { canonical: 'Romarm', kind: 'maker', country: 'RO', aliases: ['Romarm SA', 'Cugir', 'Romarm Cugir', 'Romarm/Cugir', 'UM Cugir', 'Uzina Mecanica Cugir', 'Cugir Arms Factory'] },
  { canonical: 'FN Herstal', kind: 'both', country: 'BE', aliases: ['FN', 'FNH', 'FNH USA', 'FN America', 'FN Manufacturing', 'Fabrique Nationale', 'Fabrique Nationale Herstal', 'Fabrique Nationale d\'Herstal'] },
  { canonical: 'Colt', kind: 'maker', country: 'US', aliases: ["Colt's Manufacturing", "Colt's Mfg Co", 'Colts', "Colt's Patent Fire Arms", 'Colt Defense'] },
  { canonical: 'Sturm Ruger', kind: 'maker', country: 'US', aliases: ['Ruger', 'Sturm Ruger & Co', 'Sturm, Ruger & Company', 'Sturm Ruger and Co', 'Sturm'] },
  { canonical: 'Smith & Wesson', kind: 'maker', country: 'US', aliases: ['S&W', 'S & W', 'SW', 'Smith and Wesson', 'Smith Wesson', 'Smith & Wesson Brands'] },
  { canonical: 'Glock', kind: 'both', country: 'AT', aliases: ['Glock GmbH', 'Glock Inc', 'Glock USA', 'Glock Ges.m.b.H.'] },
  { canonical: 'Barrett', kind: 'maker', country: 'US', aliases: ['Barrett Firearms', 'Barrett Firearms Manufacturing', 'Barrett Firearms Mfg'] },
  { canonical: 'Norinco', kind: 'maker', country: 'CN', aliases: ['China North Industries', 'China North Industries Corporation', 'China North Industries Group'] },
  { canonical: 'Zastava', kind: 'maker', country: 'RS', aliases: ['Zastava Arms', 'Zastava Oruzje', 'Zastava Kragujevac', 'Zastava Arms USA', 'Zastava Oružje'] },
  { canonical: 'Kel-Tec', kind: 'maker', country: 'US', aliases: ['KelTec', 'Kel Tec', 'Kel-Tec CNC Industries', 'Keltec CNC'] },
  { canonical: 'Taurus', kind: 'both', country: 'BR', aliases: ['Forjas Taurus', 'Taurus International', 'Taurus USA', 'Taurus Armas'] },
  { canonical: 'Hi-Point', kind: 'maker', country: 'US', aliases: ['Hi Point', 'HiPoint', 'Hi-Point Firearms', 'Beemiller', 'Haskell Manufacturing', 'Iberia Firearms'] },
  { canonical: 'SIG Sauer', kind: 'both', country: 'US', aliases: ['Sig', 'SIG Arms', 'Sigarms', 'Sig Sauer Inc', 'SIG Sauer GmbH', 'SIG-Sauer', 'Sig Sauer USA'] },
  { canonical: 'Springfield Armory', kind: 'both', country: 'US', aliases: ['Springfield Inc', 'Springfield Armory Inc', 'Springfield'] },
  { canonical: 'Beretta', kind: 'both', country: 'IT', aliases: ['Pietro Beretta', "Fabbrica d'Armi Pietro Beretta", 'Beretta USA', 'Beretta USA Corp', 'Beretta Holding'] },
  { canonical: 'Heckler & Koch', kind: 'both', country: 'DE', aliases: ['HK', 'H&K', 'H & K', 'Heckler and Koch', 'Heckler Koch', 'HK USA', 'Heckler & Koch Inc'] },
  { canonical: 'CZ', kind: 'both', country: 'CZ', aliases: ['Ceska Zbrojovka', 'Česká zbrojovka', 'CZ USA', 'CZ-USA', 'CZUB', 'Ceska Zbrojovka Uhersky Brod', 'Colt CZ Group'] },
  { canonical: 'Kimber', kind: 'maker', country: 'US', aliases: ['Kimber Mfg', 'Kimber America', 'Kimber Manufacturing'] },
  { canonical: 'Mossberg', kind: 'maker', country: 'US', aliases: ['O.F. Mossberg & Sons', 'OF Mossberg', 'O F Mossberg and Sons', 'Maverick Arms'] },
  { canonical: 'Remington', kind: 'maker', country: 'US', aliases: ['Remington Arms', 'Remington Arms Company', 'RemArms', 'Remington Outdoor'] },
  { canonical: 'Savage', kind: 'maker', country: 'US', aliases: ['Savage Arms', 'Savage Arms Inc', 'Stevens', 'Savage Stevens'] },
  { canonical: 'Marlin', kind: 'maker', country: 'US', aliases: ['Marlin Firearms', 'Marlin Firearms Co'] },
  { canonical: 'Henry', kind: 'maker', country: 'US', aliases: ['Henry Repeating Arms', 'Henry RAC', 'Henry USA'] },
  { canonical: 'Walther', kind: 'both', country: 'DE', aliases: ['Carl Walther', 'Walther Arms', 'Umarex Walther', 'Carl Walther GmbH'] },
  { canonical: 'Bersa', kind: 'maker', country: 'AR', aliases: ['Bersa SA', 'Bersa S.A.'] },
  { canonical: 'Browning', kind: 'both', country: 'US', aliases: ['Browning Arms', 'Browning Arms Company'] },
  { canonical: 'DPMS', kind: 'maker', country: 'US', aliases: ['DPMS Panther Arms', 'Panther Arms', 'Defense Procurement Manufacturing Services'] },
  { canonical: 'Bushmaster', kind: 'maker', country: 'US', aliases: ['Bushmaster Firearms', 'Bushmaster Firearms International'] },
  { canonical: 'Palmetto State Armory', kind: 'maker', country: 'US', aliases: ['PSA', 'Palmetto', 'Palmetto State Armory LLC'] },
  { canonical: 'Daniel Defense', kind: 'maker', country: 'US', aliases: ['Daniel Defense Inc'] },
  { canonical: 'Anderson Manufacturing', kind: 'maker', country: 'US', aliases: ['Anderson Mfg', 'Anderson', 'Anderson Manufacturing Inc'] },
  { canonical: 'Aero Precision', kind: 'maker', country: 'US', aliases: ['Aero', 'Aero Precision LLC'] },
  { canonical: 'Keystone Sporting Arms', kind: 'maker', country: 'US', aliases: ['Keystone', 'Crickett', 'Keystone Sporting Arms LLC'] },
  { canonical: 'Jimenez Arms', kind: 'maker', country: 'US', aliases: ['Jimenez', 'Jimenez Arms Inc', 'J.A. Industries'] },
  { canonical: 'Lorcin Engineering', kind: 'maker', country: 'US', aliases: ['Lorcin', 'Lorcin Engineering Co'] },
  { canonical: 'Raven Arms', kind: 'maker', country: 'US', aliases: ['Raven'] },
  { canonical: 'Phoenix Arms', kind: 'maker', country: 'US', aliases: ['Phoenix'] },
  { canonical: 'Jennings / Bryco Arms', kind: 'maker', country: 'US', aliases: ['Bryco', 'Bryco Arms', 'Jennings', 'Jennings Firearms', 'B.L. Jennings', 'Jennings/Bryco'] },
  { canonical: 'Canik', kind: 'maker', country: 'TR', aliases: ['Canik55', 'Canik 55', 'Samsun Yurt Savunma', 'Canik Arms'] },
  { canonical: 'Tisas', kind: 'maker', country: 'TR', aliases: ['Tisas Trabzon', 'Trabzon Silah', 'Tisas USA'] },
  { canonical: 'SDS Imports', kind: 'importer', country: 'US', aliases: ['SDS', 'SDS Imports LLC'] },
  { canonical: 'Arsenal', kind: 'both', country: 'US', aliases: ['Arsenal Inc', 'Arsenal USA', 'Arsenal JSCo', 'Arsenal AD'] },
  { canonical: 'Inter Ordnance', kind: 'importer', country: 'US', aliases: ['Inter Ordnance of America', 'IO Inc', 'I.O. Inc', 'Inter-Ordnance'] },
  { canonical: 'Kalashnikov USA', kind: 'maker', country: 'US', aliases: ['KUSA', 'Kalashnikov-USA', 'RAAC'] },
  { canonical: 'Kalashnikov Concern', kind: 'maker', country: 'RU', aliases: ['Izhmash', 'Saiga', 'Izhmash Saiga', 'Kalashnikov', 'Izhevsk Machine Building Plant'] },
  { canonical: 'Baikal', kind: 'maker', country: 'RU', aliases: ['IZH', 'Izhevsk Mechanical Plant', 'Izhmekh', 'Baikal Izhevsk'] },
  { canonical: 'Polytech', kind: 'maker', country: 'CN', aliases: ['Poly Technologies', 'Poly Tech', 'Polytechnologies'] },
  { canonical: 'Heritage Manufacturing', kind: 'maker', country: 'US', aliases: ['Heritage', 'Heritage Mfg', 'Heritage Manufacturing Inc'] },
  { canonical: 'Rossi', kind: 'maker', country: 'BR', aliases: ['Amadeo Rossi', 'Rossi USA', 'Braztech', 'BrazTech International'] },
  { canonical: 'Charter Arms', kind: 'maker', country: 'US', aliases: ['Charter', 'Charter 2000', 'Charter Arms Corp'] },
  { canonical: 'Ithaca', kind: 'maker', country: 'US', aliases: ['Ithaca Gun Company', 'Ithaca Gun Co', 'Ithaca Gun'] },
  { canonical: 'Winchester', kind: 'maker', country: 'US', aliases: ['Winchester Repeating Arms', 'US Repeating Arms', 'U.S. Repeating Arms', 'USRAC', 'Olin Winchester'] },
  { canonical: 'Israel Weapon Industries', kind: 'both', country: 'IL', aliases: ['IWI', 'IWI US', 'IWI USA', 'Israel Military Industries', 'IMI'] },
  { canonical: 'Armscor', kind: 'both', country: 'PH', aliases: ['Rock Island Armory', 'RIA', 'Armscor of the Philippines', 'Arms Corporation of the Philippines', 'Armscor International'] },
  { canonical: 'SCCY', kind: 'maker', country: 'US', aliases: ['SCCY Industries', 'SCCY Firearms'] },
  { canonical: 'Diamondback', kind: 'maker', country: 'US', aliases: ['Diamondback Firearms', 'Diamond Back'] },
  { canonical: 'Stag Arms', kind: 'maker', country: 'US', aliases: ['Stag'] },
  { canonical: 'ArmaLite', kind: 'maker', country: 'US', aliases: ['Armalite Inc', 'Arma Lite'] },
  { canonical: 'Kahr Arms', kind: 'maker', country: 'US', aliases: ['Kahr'] },
  { canonical: 'Auto-Ordnance', kind: 'maker', country: 'US', aliases: ['Auto Ordnance', 'Thompson Auto-Ordnance'] },
  { canonical: 'Llama', kind: 'maker', country: 'ES', aliases: ['Llama Gabilondo', 'Gabilondo y Cia', 'Gabilondo'] },
  { canonical: 'Star Bonifacio Echeverria', kind: 'maker', country: 'ES', aliases: ['Star', 'Echeverria'] },
  { canonical: 'Astra', kind: 'maker', country: 'ES', aliases: ['Astra Unceta', 'Unceta y Cia'] },
  { canonical: 'Mauser', kind: 'maker', country: 'DE', aliases: ['Mauser Werke', 'Mauser Jagdwaffen', 'Mauserwerke'] },
  { canonical: 'Steyr', kind: 'maker', country: 'AT', aliases: ['Steyr Mannlicher', 'Steyr Arms'] },
  { canonical: 'High Standard', kind: 'maker', country: 'US', aliases: ['Hi-Standard', 'Hi Standard', 'High Standard Mfg'] },
  { canonical: 'European American Armory', kind: 'importer', country: 'US', aliases: ['EAA', 'EAA Corp', 'European American Armory Corp'] },
  { canonical: 'Girsan', kind: 'maker', country: 'TR', aliases: ['Girsan Machine'] },
  { canonical: 'Sarsilmaz', kind: 'maker', country: 'TR', aliases: ['SAR Arms', 'SAR USA', 'Sarsılmaz'] },
  { canonical: 'FEG', kind: 'maker', country: 'HU', aliases: ['Fegyver es Gazkeszulekgyar', 'FEG Arms'] },
  { canonical: 'Magnum Research', kind: 'maker', country: 'US', aliases: ['MRI', 'Magnum Research Inc'] },
  { canonical: 'Intratec', kind: 'maker', country: 'US', aliases: ['Intratec USA', 'Interdynamic'] },
  { canonical: 'Cobray', kind: 'maker', country: 'US', aliases: ['SWD', 'Cobray Company', 'Military Armament Corporation', 'MAC'] },
  { canonical: 'Davis Industries', kind: 'maker', country: 'US', aliases: ['Davis'] },
  { canonical: 'Accu-Tek', kind: 'maker', country: 'US', aliases: ['Accu Tek', 'Accutek', 'Excel Industries'] },
  { canonical: 'Interarms', kind: 'importer', country: 'US', aliases: ['Interarmco', 'Interarms Alexandria'] },
  { canonical: 'Charles Daly', kind: 'importer', country: 'US', aliases: ['Charles Daly Inc', 'KBI'] },
  { canonical: 'Chiappa', kind: 'maker', country: 'IT', aliases: ['Chiappa Firearms', 'Armi Sport'] },
  { canonical: 'Uberti', kind: 'maker', country: 'IT', aliases: ['A. Uberti', 'Aldo Uberti'] },
  { canonical: 'Radom', kind: 'maker', country: 'PL', aliases: ['Fabryka Broni', 'Fabryka Broni Radom', 'FB Radom'] },
  { canonical: 'Kriss', kind: 'maker', country: 'US', aliases: ['Kriss USA', 'Kriss Vector'] },
];

/**
 * Trailing words that say what sort of company it is, not which one. USA/America are deliberately not here:
 * Kalashnikov USA and Kalashnikov Concern are different firms.
 */
const SUFFIXES = new Set([
  'INC', 'INCORPORATED', 'LLC', 'LTD', 'LIMITED', 'CO', 'COMPANY', 'CORP', 'CORPORATION', 'MFG', 'MANUFACTURING',
  'SA', 'GMBH', 'GESMBH', 'SPA', 'AG', 'AS', 'ARMS', 'FIREARMS', 'INTL', 'INTERNATIONAL',
  'SONS', 'AND', 'IMPORTS', 'INDUSTRIES',
]);

/**
 * Comparison key: accents folded, '&' read as AND, apostrophes dropped (Colt's = Colts), other punctuation a space,
 * leading THE and trailing company-type words dropped, then spaces removed (Kel Tec = KelTec).
 * A name made only of suffix words (e.g. "Arms Co") keeps them so that it does not become empty.
 */
export function makerKey(raw: string): string {
  const tokens = foldAccents(raw)
    .toUpperCase()
    .replace(/['’`]/g, '')
    .replace(/&/g, ' AND ')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  // Initials written with dots (S.A., U.S.A., C.A.I.) become one word so that suffixes and aliases still match.
  const words: string[] = [];
  let inInitials = false;
  for (const t of tokens) {
    if (t.length === 1 && inInitials) words[words.length - 1] += t;
    else words.push(t);
    inInitials = t.length === 1 && /[A-Z]/.test(t);
  }
  if (words[0] === 'THE') words.shift();
  let end = words.length;
  while (end > 1 && SUFFIXES.has(words[end - 1])) end--;
  return words.slice(0, end).join('');
}

export type MakerMatch = 'exact' | 'alias' | 'fuzzy' | 'unknown';

export interface NormalizedMaker {
  /** Canonical name when known; otherwise the input tidied (trimmed, spaces collapsed) so it still groups. */
  readonly canonical: string;
  readonly known: boolean;
  readonly raw: string;
  readonly match: MakerMatch;
  readonly kind?: MakerKind;
  readonly country?: string;
  /** Edit distance of a fuzzy match; 0 otherwise. */
  readonly distance: number;
  /** Set when the fuzzy fallback found two firms equally close and refused to pick. */
  readonly ambiguousWith?: readonly string[];
}

interface KeyEntry {
  readonly key: string;
  readonly entry: MakerEntry;
}

const KEY_INDEX = new Map<string, MakerEntry>();
const KEY_LIST: KeyEntry[] = [];
for (const entry of MAKERS) {
  for (const name of [entry.canonical, ...entry.aliases]) {
    const key = makerKey(name);
    const existing = KEY_INDEX.get(key);
    if (existing && existing !== entry) {
      // Fails at import time in tests: two firms must never share a key.
      throw new Error(`maker alias key ${key} is claimed by ${existing.canonical} and ${entry.canonical}`);
    }
    if (!existing) {
      KEY_INDEX.set(key, entry);
      KEY_LIST.push({ key, entry });
    }
  }
}

/** Largest accepted edit distance for a key of this length: none for very short keys, where one edit is another firm. */
export function makerFuzzyThreshold(keyLength: number): number {
  if (keyLength < 4) return 0;
  if (keyLength < 9) return 1;
  return 2;
}

function known(entry: MakerEntry, raw: string, match: MakerMatch, distance: number): NormalizedMaker {
  return { canonical: entry.canonical, known: true, raw, match, kind: entry.kind, country: entry.country, distance };
}

function lookup(raw: string): NormalizedMaker | { ambiguous: string[] } | null {
  const key = makerKey(raw);
  if (key === '') return null;
  const exact = KEY_INDEX.get(key);
  if (exact) {
    const match: MakerMatch = makerKey(exact.canonical) === key ? 'exact' : 'alias';
    return known(exact, raw, match, 0);
  }
  const max = makerFuzzyThreshold(key.length);
  if (max === 0) return null;
  let best = max + 1;
  let winners = new Set<MakerEntry>();
  for (const { key: k, entry } of KEY_LIST) {
    if (makerFuzzyThreshold(k.length) === 0) continue;
    const d = editDistance(key, k, best);
    if (d < best) {
      best = d;
      winners = new Set([entry]);
    } else if (d === best && d <= max) {
      winners.add(entry);
    }
  }
  if (best > max || winners.size === 0) return null;
  if (winners.size > 1) return { ambiguous: [...winners].map((w) => w.canonical).sort() };
  const [entry] = [...winners];
  return known(entry, raw, 'fuzzy', best);
}

/**
 * Maps a maker or importer as written to its canonical name. Unknown names come back tidied with known: false,
 * never dropped. "Romarm/Cugir" or "Century Arms (CAI)" style inputs are tried whole, then part by part; parts must
 * agree on one firm.
 */
export function normalizeMaker(raw: string): NormalizedMaker {
  // Imports repeat the same few hundred spellings millions of times; the fuzzy scan is worth doing once per spelling.
  const cached = MAKER_CACHE.get(raw);
  if (cached) return cached;
  const result = normalizeMakerUncached(raw);
  if (MAKER_CACHE.size >= 20_000) MAKER_CACHE.clear();
  MAKER_CACHE.set(raw, result);
  return result;
}

const MAKER_CACHE = new Map<string, NormalizedMaker>();

function normalizeMakerUncached(raw: string): NormalizedMaker {
  const tidy = raw.trim().replace(/\s+/g, ' ');
  const unknown = (ambiguousWith?: string[]): NormalizedMaker => ({
    canonical: tidy, known: false, raw, match: 'unknown', distance: 0, ...(ambiguousWith ? { ambiguousWith } : {}),
  });
  const whole = lookup(tidy);
  if (whole && 'canonical' in whole) return whole;
  const parts = tidy.split(/[/()[\],;]+/).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length > 1) {
    const found = parts.map(lookup).filter((p): p is NormalizedMaker => p !== null && 'canonical' in p);
    const names = new Set(found.map((f) => f.canonical));
    if (names.size === 1) return { ...found[0], raw };
  }
  return unknown(whole && 'ambiguous' in whole ? whole.ambiguous : undefined);
}

export function findMaker(canonical: string): MakerEntry | undefined {
  return MAKERS.find((m) => m.canonical === canonical);
}
