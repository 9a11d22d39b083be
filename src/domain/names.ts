/**
 * Person names as written on forms: folded for comparison (the original stays in its own column), split into
 * given names and surnames with the Hispanic paternal + maternal convention, nicknames, and phonetic keys.
 */
import { doubleMetaphone } from 'double-metaphone';
import { NICKNAMES } from './nicknames.js';
import { err, ok, type Result } from './result.js';
import { foldAccents } from './text.js';

/** Words that belong to the surname that follows them (de la Cruz, van Buren, St. John). */
export const PARTICLES: ReadonlySet<string> = new Set([
  'DE', 'DEL', 'LA', 'LAS', 'LOS', 'VAN', 'VON', 'DER', 'DEN', 'DA', 'DOS', 'DAS', 'DI', 'DU', 'LE', 'ST',
]);
const SUFFIXES: ReadonlySet<string> = new Set(['JR', 'SR', 'II', 'III', 'IV', 'V']);
/** Joins paternal and maternal surnames: García y López. */
const JOINER = 'Y';

/**
 * Upper case, accents folded, apostrophes dropped (O'Brien = OBRIEN), periods dropped, other punctuation a space,
 * hyphens kept (they mark a compound surname), Saint written ST.
 */
export function normalizePersonName(raw: string): string {
  return foldAccents(raw)
    .toUpperCase()
    .replace(/['’`.]/g, '')
    .replace(/[^A-Z0-9,\- ]+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .replace(/\bSAINT\b/g, 'ST')
    .replace(/\s+/g, ' ')
    .replace(/,/g, '')
    .trim();
}

export type NameStyle = 'hispanic' | 'western';

export interface ParsedName {
  /** Given names, space-separated, normalised. */
  readonly given: string;
  readonly paternal: string | null;
  readonly maternal: string | null;
  /** Paternal and maternal together, or the single surname. */
  readonly surname: string | null;
  readonly suffix: string | null;
  readonly style: NameStyle;
}

export interface SplitNameOptions {
  /** 'auto' (default) looks for signs of a Hispanic name: accents, Spanish particles, 'y', a Spanish given name. */
  style?: NameStyle | 'auto';
}

const NICK_TO_FORMAL = new Map<string, string[]>();
const FORMAL_NAMES = new Set<string>();
for (const [nick, formal] of NICKNAMES) {
  const n = normalizePersonName(nick);
  const f = normalizePersonName(formal);
  NICK_TO_FORMAL.set(n, [...(NICK_TO_FORMAL.get(n) ?? []), f]);
  FORMAL_NAMES.add(f);
}

// Spanish given names drawn from the nickname table, plus common ones that have no nickname there.
const SPANISH_GIVEN = new Set<string>([
  ...NICKNAMES.slice(NICKNAMES.findIndex(([n]) => n === 'Pepe')).flatMap(([n, f]) => [normalizePersonName(n), ...normalizePersonName(f).split(' ')]),
  'JUAN', 'MARIA', 'JOSE', 'LUIS', 'CARLOS', 'JORGE', 'PEDRO', 'MIGUEL', 'ANA', 'ROSA', 'ARMANDO', 'OSCAR', 'RAUL',
  'HECTOR', 'JAVIER', 'RICARDO', 'ALEJANDRO', 'DIEGO', 'ANGEL', 'ESPERANZA', 'YOLANDA', 'SOCORRO',
]);

/** Groups tokens into surname units, attaching particles to the word they precede. */
function toUnits(tokens: string[]): string[] {
  const units: string[] = [];
  let pending: string[] = [];
  for (const t of tokens) {
    if (PARTICLES.has(t)) {
      pending.push(t);
      continue;
    }
    units.push([...pending, t].join(' '));
    pending = [];
  }
  // Particles left at the end (a truncated name) are kept as their own unit rather than lost.
  if (pending.length > 0) units.push(pending.join(' '));
  return units;
}

function detectStyle(raw: string, tokens: string[]): NameStyle {
  if (foldAccents(raw) !== raw) return 'hispanic';
  if (tokens.includes(JOINER)) return 'hispanic';
  if (tokens.some((t) => ['DE', 'DEL', 'LA', 'LAS', 'LOS'].includes(t))) return 'hispanic';
  if (tokens.length > 0 && SPANISH_GIVEN.has(tokens[0])) return 'hispanic';
  return 'western';
}

function surnames(units: string[], style: NameStyle): { paternal: string | null; maternal: string | null } {
  const y = units.indexOf(JOINER);
  if (y > 0 && y < units.length - 1) {
    return { paternal: units.slice(0, y).join(' '), maternal: units.slice(y + 1).join(' ') };
  }
  const clean = units.filter((u) => u !== JOINER);
  if (clean.length === 0) return { paternal: null, maternal: null };
  if (style === 'hispanic' && clean.length === 1 && clean[0].includes('-')) {
    const [p, ...m] = clean[0].split('-');
    return { paternal: p, maternal: m.join('-') };
  }
  if (style === 'hispanic' && clean.length >= 2) {
    return { paternal: clean[0], maternal: clean.slice(1).join(' ') };
  }
  return { paternal: clean.join(' '), maternal: null };
}

/**
 * Splits a full name. "SURNAMES, GIVEN" (a comma) is read as surnames first; otherwise given names come first.
 * Hispanic style: the last two surname units are paternal and maternal (García López; García y López; García-López).
 * Western style: the last unit is the surname. Known limit: "María de los Ángeles García" (one surname, a given
 * name with a particle) is read with DE LOS ANGELES as paternal surname; no rule can tell that apart.
 */
export function splitFullName(raw: string, opts: SplitNameOptions = {}): Result<ParsedName> {
  const hasComma = raw.includes(',');
  const [left, right] = hasComma ? [raw.slice(0, raw.indexOf(',')), raw.slice(raw.indexOf(',') + 1)] : [raw, ''];
  let suffix: string | null = null;
  const tokenize = (s: string): string[] =>
    normalizePersonName(s)
      .split(' ')
      .filter((t) => {
        if (t === '') return false;
        if (SUFFIXES.has(t)) {
          suffix = t;
          return false;
        }
        return true;
      });
  const leftTokens = tokenize(left);
  const rightTokens = tokenize(right);
  const all = hasComma ? [...rightTokens, ...leftTokens] : leftTokens;
  if (all.length === 0) return err('name is empty');
  const style = opts.style && opts.style !== 'auto' ? opts.style : detectStyle(raw, all);

  let givenTokens: string[];
  let surnameUnits: string[];
  if (hasComma) {
    givenTokens = rightTokens;
    surnameUnits = toUnits(leftTokens);
  } else {
    // Given names are the leading tokens up to the first particle; the rest is grouped into surname units.
    const units = toUnits(leftTokens);
    if (units.length === 1) {
      return ok({ given: units[0], paternal: null, maternal: null, surname: null, suffix, style });
    }
    const yAt = units.indexOf(JOINER);
    const surnameCount = yAt > 0 ? units.length - yAt + 1 : style === 'hispanic' && units.length >= 3 ? 2 : 1;
    givenTokens = units.slice(0, units.length - surnameCount);
    surnameUnits = units.slice(units.length - surnameCount);
  }
  const { paternal, maternal } = surnames(surnameUnits, style);
  const surname = [paternal, maternal].filter((s): s is string => s !== null).join(' ') || null;
  return ok({ given: givenTokens.join(' '), paternal, maternal, surname, suffix, style });
}

/** Formal names a given name may stand for: itself, plus the formal names when it is a nickname. */
export function givenNameVariants(name: string): string[] {
  const n = normalizePersonName(name);
  return [n, ...(NICK_TO_FORMAL.get(n) ?? [])];
}

/** True when two given names are the same, or one is a nickname of the other, or both nicknames of one name. */
export function sameGivenName(a: string, b: string): boolean {
  const va = givenNameVariants(a);
  const vb = new Set(givenNameVariants(b));
  return va.some((x) => vb.has(x));
}

export function isKnownFormalName(name: string): boolean {
  return FORMAL_NAMES.has(normalizePersonName(name));
}

export interface PhoneticToken {
  readonly token: string;
  readonly primary: string;
  readonly secondary: string;
}

/**
 * Double Metaphone codes per word (particles skipped: they carry no identity). The codes are the same as
 * PostgreSQL's fuzzystrmatch dmetaphone/dmetaphone_alt, so a key computed here can be searched in SQL.
 */
export function phoneticTokens(name: string): PhoneticToken[] {
  return normalizePersonName(name)
    .split(/[ -]/)
    .filter((t) => t !== '' && !PARTICLES.has(t) && t !== JOINER && !SUFFIXES.has(t))
    .map((token) => {
      const [primary, secondary] = doubleMetaphone(token);
      return { token, primary, secondary };
    });
}

/** Primary codes of every word joined by spaces: one column to index. */
export function phoneticKey(name: string): string {
  return phoneticTokens(name).map((t) => t.primary).join(' ');
}

/** True when every word of the shorter name sounds like a word of the other (primary or secondary code). */
export function soundsAlike(a: string, b: string): boolean {
  const ta = phoneticTokens(a);
  const tb = phoneticTokens(b);
  if (ta.length === 0 || tb.length === 0) return false;
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  return short.every((s) =>
    long.some((l) => [l.primary, l.secondary].includes(s.primary) || [l.primary, l.secondary].includes(s.secondary)),
  );
}
