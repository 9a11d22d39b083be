/** Small text helpers shared by the normalisers (kept here so each module does not grow its own variant). */

/** Removes diacritics (José -> Jose, Nuevo León -> Nuevo Leon) without touching other characters. */
export function foldAccents(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Upper case, accents folded, every run of non-alphanumerics turned into one space, trimmed. */
export function simplifyText(s: string): string {
  return foldAccents(s)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), with an early exit once every
 * cell of a row exceeds `max`: callers only care whether two strings are close, and this keeps long mismatches cheap.
 * `eq` lets callers treat wildcard positions as equal.
 */
export function editDistance(
  a: string,
  b: string,
  max = Number.POSITIVE_INFINITY,
  eq: (x: string, y: string) => boolean = (x, y) => x === y,
): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2: number[] = new Array<number>(m + 1).fill(0);
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur: number[] = new Array<number>(m + 1).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = eq(a[i - 1], b[j - 1]) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && eq(a[i - 1], b[j - 2]) && eq(a[i - 2], b[j - 1])) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[m];
}
