/**
 * Serial numbers as written on frames and receivers, as misread by people, and as partly destroyed by traffickers.
 *
 * Three levels, each keeping more of the original:
 * - raw: what the form said (always stored beside the rest);
 * - normalizeSerial: upper case, separators removed: what the maker stamped, as far as we can tell;
 * - serialMatchKey: the normalised serial with confusable letters folded to digits, for matching only.
 *
 * Folding direction: letters become digits (O->0, I->1, L->1, S->5, B->8, Z->2, G->6), never the reverse.
 * Digits dominate serials and a key only has to be the same on both sides of a comparison; folding towards
 * digits also keeps the key free of letters that are themselves ambiguous. Two different real serials can share
 * a key (AB123 and A8123): the key finds candidates, serialSimilarity says how close they are, a person decides.
 *
 * Unknown positions: '?', '*' and '_' each stand for exactly one unreadable character ("RO12??-5678").
 * In a match key they are all written '?'.
 */
import { err, ok, type Result } from './result.js';
import { editDistance, foldAccents } from './text.js';

/** The character that marks one unknown position in a match key. */
export const UNKNOWN = '?';

// Spaces, ASCII and Unicode dashes, dots, slashes and backslashes: punctuation people add, makers do not stamp.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212./\\]+/g;

const CONFUSABLE_FOLD: Readonly<Record<string, string>> = {
  O: '0',
  I: '1',
  L: '1',
  S: '5',
  B: '8',
  Z: '2',
  G: '6',
};

/** Upper case, accents folded, separators (spaces, dashes, dots, slashes) removed; other characters kept. */
export function normalizeSerial(raw: string): string {
  return foldAccents(raw).toUpperCase().replace(SEPARATORS, '');
}

/** Key for matching: normalised, confusables folded to digits, unknown markers as '?', anything else dropped. */
export function serialMatchKey(raw: string): string {
  let key = '';
  for (const ch of normalizeSerial(raw)) {
    if (ch === '?' || ch === '*' || ch === '_') key += UNKNOWN;
    else if (/[A-Z0-9]/.test(ch)) key += CONFUSABLE_FOLD[ch] ?? ch;
  }
  return key;
}

export interface PartialSerial {
  /** Match key with '?' at each unknown position. */
  readonly key: string;
  /** One entry per position: the known (folded) character, or null where it is unknown. */
  readonly positions: readonly (string | null)[];
  readonly knownCount: number;
  readonly unknownCount: number;
  readonly isPartial: boolean;
}

const MAX_SERIAL_LENGTH = 40;

/** Parses a serial that may have unknown positions; refuses one that has nothing left to match on. */
export function parsePartialSerial(raw: string): Result<PartialSerial> {
  const key = serialMatchKey(raw);
  if (key === '') return err('serial is empty');
  if (key.length > MAX_SERIAL_LENGTH) return err(`serial has ${key.length} characters, more than ${MAX_SERIAL_LENGTH}`);
  const positions = [...key].map((c) => (c === UNKNOWN ? null : c));
  const unknownCount = positions.filter((p) => p === null).length;
  const knownCount = positions.length - unknownCount;
  // Fewer than three known characters would match a large share of all guns: useless as a lead.
  if (knownCount < 3) return err(`serial "${raw.trim()}" has only ${knownCount} readable characters (at least 3 needed)`);
  return ok({ key, positions, knownCount, unknownCount, isPartial: unknownCount > 0 });
}

/**
 * A SQL LIKE pattern over match keys: '_' per unknown position, everything else literal. Match keys contain only
 * A-Z, 0-9 and '?', so no LIKE metacharacter can leak in from the input; the column searched must hold
 * serialMatchKey values. Pass the result as a bound parameter, never spliced into SQL text.
 */
export function partialSerialLikePattern(raw: string): Result<string> {
  const parsed = parsePartialSerial(raw);
  if (!parsed.ok) return parsed;
  return ok(parsed.value.key.replaceAll(UNKNOWN, '_'));
}

export type SerialReasonCode =
  | 'exact'
  | 'confusable_fold'
  | 'unknown_positions'
  | 'one_substitution'
  | 'one_transposition'
  | 'one_insertion_or_deletion'
  | 'different';

export interface SerialReason {
  readonly code: SerialReasonCode;
  readonly detail: string;
}

export interface SerialSimilarity {
  /** 0 (unrelated) .. 1 (identical as written after normalisation). */
  readonly score: number;
  readonly reasons: readonly SerialReason[];
}

const wildEq = (x: string, y: string): boolean => x === y || x === UNKNOWN || y === UNKNOWN;

function describeEdit(a: string, b: string): SerialReason {
  if (a.length !== b.length) {
    return { code: 'one_insertion_or_deletion', detail: 'one character more or less' };
  }
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) if (!wildEq(a[i], b[i])) diffs.push(i);
  if (diffs.length === 2 && diffs[1] === diffs[0] + 1) {
    return { code: 'one_transposition', detail: `characters ${diffs[0] + 1} and ${diffs[1] + 1} swapped` };
  }
  const at = diffs[0] ?? 0;
  return { code: 'one_substitution', detail: `character ${at + 1} differs (${a[at]} / ${b[at]})` };
}

/**
 * How alike two serials are, with the reasons, so that a match can be explained to the person who acts on it.
 * Scores: exact 1; same after folding 0.95; wildcard match 0.6 + 0.3 x the share of known positions; one edit away
 * 0.8 for a transposition, 0.75 for a substitution, 0.7 for a character more or less (less when unknown positions
 * were also needed); anything further is 0. Serials shorter than 4 known characters never match by an edit.
 */
export function serialSimilarity(a: string, b: string): SerialSimilarity {
  const na = normalizeSerial(a);
  const nb = normalizeSerial(b);
  const ka = serialMatchKey(a);
  const kb = serialMatchKey(b);
  if (ka === '' || kb === '') {
    return { score: 0, reasons: [{ code: 'different', detail: 'one serial is empty' }] };
  }
  const hasUnknown = ka.includes(UNKNOWN) || kb.includes(UNKNOWN);
  if (!hasUnknown && na === nb) return { score: 1, reasons: [{ code: 'exact', detail: 'same serial' }] };

  const reasons: SerialReason[] = [];
  const unknowns = Math.max(countUnknown(ka), countUnknown(kb));
  const len = Math.max(ka.length, kb.length);
  const knownShare = (len - unknowns) / len;
  let score: number;
  let distance: number;
  if (ka === kb && !hasUnknown) {
    distance = 0;
  } else {
    distance = editDistance(ka, kb, 1, wildEq);
  }
  if (distance > 1) return { score: 0, reasons: [{ code: 'different', detail: 'more than one character apart' }] };

  // Folding mattered if the keys agree where the normalised strings did not.
  const foldMattered = hasUnknown
    ? foldedDiffers(na, nb)
    : na !== nb && (distance === 0 || editDistance(na, nb, 1) > 1);
  if (foldMattered) reasons.push({ code: 'confusable_fold', detail: 'same after reading O/0, I/L/1, S/5, B/8, Z/2, G/6 alike' });
  if (hasUnknown) {
    reasons.push({ code: 'unknown_positions', detail: `${unknowns} unreadable position(s) matched as wildcards` });
  }

  if (distance === 0) {
    score = hasUnknown ? 0.6 + 0.3 * knownShare : 0.95;
    return { score: round(score), reasons };
  }
  if (len - unknowns < 4) {
    return { score: 0, reasons: [{ code: 'different', detail: 'too few readable characters to accept an edit' }] };
  }
  const edit = describeEdit(ka, kb);
  reasons.push(edit);
  score = edit.code === 'one_transposition' ? 0.8 : edit.code === 'one_substitution' ? 0.75 : 0.7;
  if (hasUnknown) score *= 0.6 + 0.3 * knownShare;
  return { score: round(score), reasons };
}

function countUnknown(k: string): number {
  let n = 0;
  for (const c of k) if (c === UNKNOWN) n++;
  return n;
}

/** True if some known position differs as written but agrees once folded. */
function foldedDiffers(na: string, nb: string): boolean {
  const ca = [...na].filter((c) => /[A-Z0-9]/.test(c) || c === '?' || c === '*' || c === '_');
  const cb = [...nb].filter((c) => /[A-Z0-9]/.test(c) || c === '?' || c === '*' || c === '_');
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === y || '?*_'.includes(x) || '?*_'.includes(y)) continue;
    if ((CONFUSABLE_FOLD[x] ?? x) === (CONFUSABLE_FOLD[y] ?? y)) return true;
  }
  return false;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
