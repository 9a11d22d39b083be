// Identity noise as it appears on real forms, with configurable rates, and the count of what was applied so that
// tests can check the rates and evaluation can know how hard the world was.
import type { Rng } from './rng.js';

export interface NoiseRates {
  /** A one-character typo in the surname or given name. */
  typo: number;
  /** Given name and surname written in each other's place. */
  nameSwap: number;
  /** A Hispanic maternal surname left off the record. */
  maternalDrop: number;
  /** The maternal surname written into the surname field ("Quintero Salas"). */
  maternalAdd: number;
  /** A nickname in place of the given name (when the name has one). */
  nickname: number;
  /** Accents dropped (when the name has any). */
  accentDrop: number;
  /** Two adjacent digits of the birth date transposed. */
  dobTranspose: number;
  /** Day and month of the birth date swapped (when both are 12 or less). */
  dobDayMonthSwap: number;
  /** Street types and directions abbreviated, units written "#4". */
  addressAbbrev: number;
  /** The person has moved: a later address on this record. */
  move: number;
  /** One character of the ID number wrong. */
  idTypo: number;
  /** A confusable character of the serial misread (O/0, I/1, S/5, B/8, Z/2, G/6). */
  serialMisread: number;
  /** A recovered gun's serial (partly) obliterated. */
  serialObliterated: number;
  /** Maker, importer or caliber written under another of its names. */
  aliasSpelling: number;
}

export const DEFAULT_NOISE: Readonly<NoiseRates> = {
  typo: 0.04,
  nameSwap: 0.02,
  maternalDrop: 0.3,
  maternalAdd: 0.1,
  nickname: 0.06,
  accentDrop: 0.6,
  dobTranspose: 0.01,
  dobDayMonthSwap: 0.01,
  addressAbbrev: 0.5,
  move: 0.08,
  idTypo: 0.02,
  serialMisread: 0.03,
  serialObliterated: 0.02,
  aliasSpelling: 0.3,
};

export type NoiseKind = keyof NoiseRates;
export const NOISE_KINDS = Object.keys(DEFAULT_NOISE) as NoiseKind[];

/** `noise` option: a multiplier of the defaults (0 = clean records), or rates to override. */
export type NoiseOption = number | Partial<NoiseRates>;

export function resolveNoise(opt: NoiseOption | undefined): NoiseRates {
  if (opt === undefined) return { ...DEFAULT_NOISE };
  if (typeof opt === 'number') {
    if (!(opt >= 0)) throw new Error(`noise multiplier must be >= 0, got ${opt}`);
    const out = { ...DEFAULT_NOISE };
    for (const k of NOISE_KINDS) out[k] = Math.min(1, DEFAULT_NOISE[k] * opt);
    return out;
  }
  const out = { ...DEFAULT_NOISE, ...opt };
  for (const k of NOISE_KINDS) {
    if (!(out[k] >= 0 && out[k] <= 1)) throw new Error(`noise rate ${k} must be between 0 and 1, got ${out[k]}`);
  }
  return out;
}

/** For each kind: how many records could have had it, and how many got it. */
export type NoiseStats = Record<NoiseKind, { eligible: number; applied: number }>;

export function emptyNoiseStats(): NoiseStats {
  const s = {} as NoiseStats;
  for (const k of NOISE_KINDS) s[k] = { eligible: 0, applied: 0 };
  return s;
}

/** Decides one kind of noise on one eligible record and counts it. */
export class Noise {
  readonly stats = emptyNoiseStats();
  constructor(readonly rates: NoiseRates) {}

  roll(rng: Rng, kind: NoiseKind): boolean {
    const s = this.stats[kind];
    s.eligible++;
    if (rng.float() < this.rates[kind]) {
      s.applied++;
      return true;
    }
    return false;
  }
}

export function foldAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

export function hasAccents(s: string): boolean {
  // Plain ASCII (most names) needs no Unicode normalisation.
  return /[^ -~]/.test(s) && foldAccents(s) !== s;
}

const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k', m: 'n',
  n: 'bm', o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe', x: 'zc', y: 'tu', z: 'x',
};

/** One typing error: a neighbouring key, a dropped or doubled letter, or two letters transposed. */
export function typo(rng: Rng, s: string): string {
  if (s.length < 3) return s + s[s.length - 1];
  const i = rng.int(1, s.length - 2);
  const kind = rng.int(0, 3);
  const ch = s[i];
  switch (kind) {
    case 0: {
      const near = KEYBOARD_NEIGHBOURS[ch.toLowerCase()];
      if (!near) return s.slice(0, i) + s.slice(i + 1);
      const r = near[rng.int(0, near.length - 1)];
      return s.slice(0, i) + (ch === ch.toUpperCase() ? r.toUpperCase() : r) + s.slice(i + 1);
    }
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + ch + s.slice(i);
    default:
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  }
}

/** One character of an ID number replaced by another of its class. */
export function idTypo(rng: Rng, s: string): string {
  const positions = [...s].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return s;
  const i = rng.pick(positions);
  const d = (Number(s[i]) + rng.int(1, 9)) % 10;
  return s.slice(0, i) + String(d) + s.slice(i + 1);
}

const CONFUSABLE: Readonly<Record<string, string>> = { O: '0', '0': 'O', I: '1', '1': 'I', S: '5', '5': 'S', B: '8', '8': 'B', Z: '2', '2': 'Z', G: '6', '6': 'G', L: '1' };

/** A serial read with one confusable character swapped; unchanged if it has none. */
export function misreadSerial(rng: Rng, serial: string): string {
  const positions = [...serial].map((c, i) => (CONFUSABLE[c] ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return serial;
  const i = rng.pick(positions);
  return serial.slice(0, i) + CONFUSABLE[serial[i]] + serial.slice(i + 1);
}

/** A partly obliterated serial: some alphanumeric positions become "?" (at least one stays readable). */
export function obliterateSerial(rng: Rng, serial: string): string {
  const chars = [...serial];
  const alnum = chars.map((c, i) => (/[A-Za-z0-9]/.test(c) ? i : -1)).filter((i) => i >= 0);
  const n = Math.min(alnum.length - 1, rng.int(1, Math.max(1, Math.ceil(alnum.length / 2))));
  rng.shuffle(alnum);
  for (let k = 0; k < n; k++) chars[alnum[k]] = '?';
  return chars.join('');
}
