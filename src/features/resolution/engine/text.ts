// Text folding and name parsing for linkage. Kept inside the engine (not src/domain) so the linker's
// behaviour is fixed by its own tests; the domain normalisers serve storage and display.

const COMBINING = /[\u0300-\u036f]/g;

/** Upper case, accents folded, punctuation to spaces, whitespace collapsed. */
export function fold(s: string | null | undefined): string {
  if (s == null) return '';
  let t = String(s).normalize('NFD').replace(COMBINING, '').toUpperCase();
  t = t.replace(/Ñ/g, 'N').replace(/ß/g, 'SS').replace(/Æ/g, 'AE').replace(/Ø/g, 'O');
  // Apostrophes join (O'BRIEN -> OBRIEN); every other non-alphanumeric separates.
  t = t.replace(/['`’]/g, '').replace(/[^A-Z0-9]+/g, ' ').trim();
  return t;
}

/** Digits only. */
export function digits(s: string | null | undefined): string {
  if (s == null) return '';
  return String(s).replace(/\D+/g, '');
}

/** Letters and digits only, upper case (identifiers such as licence or ID numbers). */
export function alnum(s: string | null | undefined): string {
  return fold(s).replace(/ /g, '');
}

// Particles belong to the surname that follows them: "DE LA CRUZ" is one surname, not three.
const PARTICLES = new Set(['DE', 'DEL', 'LA', 'LAS', 'LOS', 'DA', 'DAS', 'DO', 'DOS', 'DI', 'VAN', 'VON', 'DER', 'DEN', 'Y', 'E', 'SAN', 'SANTA', 'MAC', 'ST']);

/**
 * Splits a surname string into surname units, attaching particles to the following word and
 * dropping the conjunction "Y" ("GARCIA Y LOPEZ" -> [GARCIA, LOPEZ]).
 */
export function surnameUnits(folded: string): string[] {
  if (!folded) return [];
  const words = folded.split(' ');
  const units: string[] = [];
  let prefix: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w === 'Y' || w === 'E') {
      if (units.length > 0 && prefix.length === 0 && k < words.length - 1) continue;
    }
    if (PARTICLES.has(w) && k < words.length - 1) {
      prefix.push(w);
      continue;
    }
    units.push(prefix.length ? prefix.join(' ') + ' ' + w : w);
    prefix = [];
  }
  if (prefix.length) units.push(prefix.join(' '));
  return units;
}

/** The surname without particles or spaces: the form compared and indexed ("DE LA CRUZ" -> "DELACRUZ"). */
export function surnameKey(unit: string): string {
  return unit.replace(/ /g, '');
}

export interface ParsedName {
  given: string;
  middle: string;
  paternal: string;
  maternal: string;
}

/**
 * Splits a full name written "GIVEN [MIDDLE] PATERNAL [MATERNAL]". With three words we cannot know
 * whether the middle word is a middle name or a paternal surname; Hispanic usage (two surnames) is
 * assumed, and the comparators tolerate the other reading because they also match one dropped surname.
 */
export function parseFullName(full: string): ParsedName {
  const f = fold(full);
  const out: ParsedName = { given: '', middle: '', paternal: '', maternal: '' };
  if (!f) return out;
  // "SURNAME, GIVEN" order.
  if (full.includes(',')) {
    const [sur, giv] = full.split(',', 2);
    const g = fold(giv).split(' ').filter(Boolean);
    const s = surnameUnits(fold(sur));
    out.given = g[0] ?? '';
    out.middle = g.slice(1).join(' ');
    out.paternal = s[0] ?? '';
    out.maternal = s.slice(1).join(' ');
    return out;
  }
  const units = surnameUnits(f);
  if (units.length === 1) {
    out.given = units[0];
  } else if (units.length === 2) {
    out.given = units[0];
    out.paternal = units[1];
  } else if (units.length === 3) {
    out.given = units[0];
    out.paternal = units[1];
    out.maternal = units[2];
  } else {
    out.given = units[0];
    out.middle = units.slice(1, units.length - 2).join(' ');
    out.paternal = units[units.length - 2];
    out.maternal = units[units.length - 1];
  }
  return out;
}

/** Paternal and maternal surname from a surname field and an optional maternal-surname field. */
export function splitSurnames(surname: string, maternal: string): [string, string] {
  const su = surnameUnits(fold(surname));
  const mu = surnameUnits(fold(maternal));
  if (mu.length > 0) {
    return [su.map(surnameKey).join(''), mu.map(surnameKey).join('')];
  }
  if (su.length === 0) return ['', ''];
  if (su.length === 1) return [surnameKey(su[0]), ''];
  return [surnameKey(su[0]), su.slice(1).map(surnameKey).join('')];
}
