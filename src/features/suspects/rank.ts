/**
 * Ranking a candidate pair (a gun observed in a trace or a recovery, a gun on the register) with the reasons, in
 * words, why it may be the same gun. The database finds candidates (same match key, a partial serial's pattern,
 * trigram neighbours); this decides how alike they are. Pure: tested without a database.
 *
 * Score = serial similarity x maker factor x caliber factor x model factor. The serial does most of the work
 * (serialSimilarity: exact 1, confusables folded 0.95, wildcards 0.6-0.9, one edit 0.7-0.8); the maker tells two
 * guns with the same serial apart (serials are unique per maker only), and aliases and importers are read as the
 * same firm (Cugir = Romarm; a WASR-10 written under its importer Century Arms).
 */
import { normalizeCaliber } from '../../domain/calibers.js';
import { normalizeMaker } from '../../domain/makers.js';
import { serialMatchKey, serialSimilarity } from '../../domain/serial.js';
import type { AlertReason } from '../alerts/alerts.service.js';

export interface GunMarks {
  serial: string | null;
  /** As written; normalised here. */
  maker: string | null;
  importer: string | null;
  model: string | null;
  caliber: string | null;
}

export interface PairScore {
  score: number;
  reasons: AlertReason[];
}

/** Candidates at or above this score raise an alert; below it they are kept only as near misses. */
export const ALERT_THRESHOLD = 0.6;

const MAKER_SAME = 1;
const MAKER_CROSS = 0.9;
const MAKER_UNKNOWN = 0.85;
const MAKER_DIFFERENT = 0.35;
const CALIBER_DIFFERENT = 0.7;
const MODEL_DIFFERENT = 0.9;
/**
 * Serials one apart in the last digit are usually the next gun of the same batch (bought in the same purchase),
 * not a misreading of this one: kept below the alert threshold even for the same maker and model.
 */
const ADJACENT_SERIAL = 0.7;

interface Firm {
  raw: string;
  canonical: string;
  known: boolean;
}

function firm(raw: string | null): Firm | null {
  if (!raw || !raw.trim()) return null;
  const m = normalizeMaker(raw);
  return { raw: raw.trim(), canonical: m.canonical, known: m.known };
}

const sameFirm = (a: Firm | null, b: Firm | null) => a !== null && b !== null && a.canonical.toUpperCase() === b.canonical.toUpperCase();

function makerFactor(obs: GunMarks, entry: GunMarks): { factor: number; reason: AlertReason } {
  const om = firm(obs.maker);
  const oi = firm(obs.importer);
  const em = firm(entry.maker);
  const ei = firm(entry.importer);
  if (sameFirm(om, em)) {
    const alias = om!.raw.toUpperCase() !== em!.raw.toUpperCase();
    return {
      factor: MAKER_SAME,
      reason: alias
        ? { code: 'maker_alias', text: `maker written "${om!.raw}" and "${em!.raw}": both ${om!.canonical}` }
        : { code: 'same_maker', text: `same maker (${om!.canonical})` },
    };
  }
  // One record names the importer where the other names the maker, or both name the same importer.
  if (sameFirm(om, ei) || sameFirm(oi, em) || sameFirm(oi, ei)) {
    const names = [om, oi, em, ei].filter((f): f is Firm => f !== null).map((f) => f.canonical);
    return { factor: MAKER_CROSS, reason: { code: 'maker_importer', text: `maker and importer agree across the records (${[...new Set(names)].join(' / ')})` } };
  }
  if (!om && !oi) return { factor: MAKER_UNKNOWN, reason: { code: 'maker_unknown', text: 'the maker was not given on the observed gun' } };
  if (!em && !ei) return { factor: MAKER_UNKNOWN, reason: { code: 'maker_unknown', text: 'the register entry names no maker' } };
  return {
    factor: MAKER_DIFFERENT,
    reason: { code: 'different_maker', text: `different maker (${om?.canonical ?? oi?.canonical} / ${em?.canonical ?? ei?.canonical}): serials repeat across makers` },
  };
}

function caliberFactor(obs: GunMarks, entry: GunMarks): { factor: number; reason: AlertReason | null } {
  if (!obs.caliber || !entry.caliber) return { factor: 1, reason: null };
  const a = normalizeCaliber(obs.caliber);
  const b = normalizeCaliber(entry.caliber);
  if (!a.known || !b.known) return { factor: 1, reason: null };
  if (a.family === b.family) return { factor: 1, reason: { code: 'same_caliber', text: `same caliber (${a.canonical})` } };
  return { factor: CALIBER_DIFFERENT, reason: { code: 'different_caliber', text: `different caliber (${a.canonical} / ${b.canonical})` } };
}

const modelKey = (m: string) => m.toUpperCase().replace(/[^A-Z0-9]/g, '');

function modelFactor(obs: GunMarks, entry: GunMarks): { factor: number; reason: AlertReason | null } {
  if (!obs.model || !entry.model) return { factor: 1, reason: null };
  const a = modelKey(obs.model);
  const b = modelKey(entry.model);
  if (!a || !b) return { factor: 1, reason: null };
  // Models are written loosely (WASR-10, WASR 10/63): containment counts as the same model.
  if (a === b || a.includes(b) || b.includes(a)) return { factor: 1, reason: { code: 'same_model', text: `same model (${entry.model})` } };
  return { factor: MODEL_DIFFERENT, reason: { code: 'different_model', text: `different model (${obs.model} / ${entry.model})` } };
}

const SERIAL_REASON_TEXT: Record<string, string> = {
  exact: 'same serial',
  confusable_fold: 'same serial once confusable characters are read alike',
  unknown_positions: 'unreadable positions matched as wildcards',
  one_substitution: 'serial one character apart',
  one_transposition: 'serial with two characters swapped',
  one_insertion_or_deletion: 'serial with one character more or less',
};

export function scorePair(obs: GunMarks, entry: GunMarks): PairScore {
  if (!obs.serial || !entry.serial) return { score: 0, reasons: [] };
  const s = serialSimilarity(obs.serial, entry.serial);
  if (s.score === 0) return { score: 0, reasons: [] };
  const reasons: AlertReason[] = s.reasons.map((r) => ({
    code: `serial_${r.code}`,
    text: `${SERIAL_REASON_TEXT[r.code] ?? r.code}: ${r.detail} ("${obs.serial}" / "${entry.serial}")`,
  }));
  let adjacent = 1;
  if (s.reasons.some((r) => r.code === 'one_substitution') && isAdjacentSerial(serialMatchKey(obs.serial), serialMatchKey(entry.serial))) {
    adjacent = ADJACENT_SERIAL;
    reasons.push({ code: 'serial_adjacent', text: 'the serials differ by one in the last digit: more likely the next gun of the same batch' });
  }
  const m = makerFactor(obs, entry);
  const c = caliberFactor(obs, entry);
  const md = modelFactor(obs, entry);
  reasons.push(m.reason);
  if (c.reason) reasons.push(c.reason);
  if (md.reason) reasons.push(md.reason);
  const score = Math.round(s.score * adjacent * m.factor * c.factor * md.factor * 1000) / 1000;
  return { score, reasons };
}

/** Same length, equal but for the last character, both digits one apart (…5678 / …5679). */
export function isAdjacentSerial(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  const n = a.length - 1;
  if (a.slice(0, n) !== b.slice(0, n)) return false;
  const x = a[n];
  const y = b[n];
  return /\d/.test(x) && /\d/.test(y) && Math.abs(Number(x) - Number(y)) === 1;
}

export interface Ranked<T> extends PairScore {
  candidate: T;
}

/** Scores every candidate, drops the unrelated, best first. `threshold` 0 keeps near misses too. */
export function rankCandidates<T>(obs: GunMarks, candidates: T[], marksOf: (c: T) => GunMarks, threshold = ALERT_THRESHOLD): Ranked<T>[] {
  const out: Ranked<T>[] = [];
  for (const c of candidates) {
    const s = scorePair(obs, marksOf(c));
    if (s.score > 0 && s.score >= threshold) out.push({ candidate: c, ...s });
  }
  return out.sort((a, b) => b.score - a.score);
}
