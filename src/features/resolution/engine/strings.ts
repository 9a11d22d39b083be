// String similarity on hot paths: written here without allocation per call, because scoring a
// million records runs these tens of millions of times.

// Match flags are stamped with a per-call counter instead of being cleared, saving a fill per call.
let flagsA = new Int32Array(64);
let flagsB = new Int32Array(64);
let stamp = 0;

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4, as in Winkler 1990). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la <= 31 && lb <= 31) return jaroWinklerShort(a, b, la, lb);
  if (la > flagsA.length || lb > flagsB.length) {
    const n = Math.max(la, lb) * 2;
    flagsA = new Int32Array(n);
    flagsB = new Int32Array(n);
    stamp = 0;
  }
  if (++stamp === 0x7fffffff) {
    flagsA.fill(0);
    flagsB.fill(0);
    stamp = 1;
  }
  const st = stamp;
  const fa = flagsA;
  const fb = flagsB;
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > range ? i - range : 0;
    const hi = i + range + 1 < lb ? i + range + 1 : lb;
    const c = a.charCodeAt(i);
    for (let j = lo; j < hi; j++) {
      if (fb[j] !== st && b.charCodeAt(j) === c) {
        fa[i] = st;
        fb[j] = st;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (fa[i] !== st) continue;
    while (fb[k] !== st) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let prefix = 0;
  const maxP = Math.min(4, la, lb);
  while (prefix < maxP && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

const hist = new Int16Array(65536);

/**
 * Jaro-Winkler when it is at least `min`, else 0. Most compared strings are unrelated, so an upper
 * bound is tried first: Jaro's matching characters cannot outnumber the characters the two strings
 * share (a multiset intersection, linear time), and transpositions only lower the score.
 */
export function jaroWinklerAtLeast(a: string, b: string, min: number): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  for (let i = 0; i < la; i++) hist[a.charCodeAt(i)]++;
  let shared = 0;
  for (let j = 0; j < lb; j++) {
    const c = b.charCodeAt(j);
    if (hist[c] > 0) {
      hist[c]--;
      shared++;
    }
  }
  for (let i = 0; i < la; i++) hist[a.charCodeAt(i)] = 0;
  if (shared === 0) return 0;
  const ju = (shared / la + shared / lb + 1) / 3;
  let prefix = 0;
  const maxP = Math.min(4, la, lb);
  while (prefix < maxP && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (ju + prefix * 0.1 * (1 - ju) < min) return 0;
  return jaroWinkler(a, b);
}

/** Jaro-Winkler for strings of up to 31 characters: match flags are bits of two integers. */
function jaroWinklerShort(a: string, b: string, la: number, lb: number): number {
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let fa = 0;
  let fb = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > range ? i - range : 0;
    const hi = i + range + 1 < lb ? i + range + 1 : lb;
    const c = a.charCodeAt(i);
    for (let j = lo; j < hi; j++) {
      if ((fb & (1 << j)) === 0 && b.charCodeAt(j) === c) {
        fa |= 1 << i;
        fb |= 1 << j;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if ((fa & (1 << i)) === 0) continue;
    while ((fb & (1 << k)) === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let prefix = 0;
  const maxP = Math.min(4, la, lb);
  while (prefix < maxP && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * For two numbers of the same count of decimal digits (e.g. yyyymmdd): 1 when they differ in one
 * digit, 2 when they differ by two adjacent digits swapped, 0 otherwise (equal or further apart).
 */
export function digitEdit(a: number, b: number): 0 | 1 | 2 {
  let diffs = 0;
  let pos = -1;
  let da1 = 0;
  let db1 = 0;
  for (let k = 0; a > 0 || b > 0; k++) {
    const x = a % 10;
    const y = b % 10;
    if (x !== y) {
      diffs++;
      if (diffs === 1) {
        pos = k;
        da1 = x;
        db1 = y;
      } else if (diffs === 2) {
        if (k !== pos + 1 || x !== db1 || y !== da1) return 0;
      } else return 0;
    }
    a = (a - x) / 10;
    b = (b - y) / 10;
  }
  return diffs === 1 ? 1 : diffs === 2 ? 2 : 0;
}

/**
 * True when a and b differ by at most one edit: a substitution, an insertion, a deletion, or a
 * transposition of two adjacent characters (optimal string alignment distance <= 1).
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // substitution at i, or transposition of i and i+1
    if (sameTail(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameTail(a, i + 2, b, i + 2);
  }
  return la > lb ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1);
}

/** a from ai and b from bi are the same text (compared from the end: no substring is made). */
function sameTail(a: string, ai: number, b: string, bi: number): boolean {
  let x = a.length - 1;
  let y = b.length - 1;
  if (x - ai !== y - bi) return false;
  for (; x >= ai; x--, y--) if (a.charCodeAt(x) !== b.charCodeAt(y)) return false;
  return true;
}

/** True when a and b have the same length and differ by exactly one swap of two adjacent characters. */
export function isAdjacentTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return (
    i + 1 < a.length &&
    a.charCodeAt(i) === b.charCodeAt(i + 1) &&
    a.charCodeAt(i + 1) === b.charCodeAt(i) &&
    a.slice(i + 2) === b.slice(i + 2)
  );
}

/** Levenshtein distance, for explanations and tests (not on the hot path). */
export function levenshtein(a: string, b: string): number {
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}
