/**
 * A labelled test set for register matching, and its evaluation through the real path (database candidate search,
 * then ranking). Synthetic serials only.
 *
 * True pairs: a register entry and the same gun as someone later wrote it: confusable characters (O/0, I/1/L, S/5,
 * B/8, Z/2, G/6), separators and case, obliterated positions on either side, the maker under an alias or the
 * importer written as the maker, the maker left out, and now and then a plain typo (one character wrong or two
 * swapped).
 * Decoys: other guns close to an entry: the same serial from another maker, two characters apart, one apart from
 * another maker, two characters more, and the next serial of the same batch (another model, or the same model:
 * the one kind no reading of the marks can tell from a typo, kept in to be honest about it).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { MAKERS } from '../../domain/makers.js';
import { parsePartialSerial } from '../../domain/serial.js';
import { firearmColumns } from '../ingest/normalise.js';
import { registerCandidates, storeVariants, type RegisterCandidate } from './candidates.js';
import { rankCandidates, type GunMarks } from './rank.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface MakerSpec {
  maker: string;
  importer: string | null;
  models: Array<{ model: string; caliber: string }>;
  /** L letter, # digit, other characters literal. */
  formats: string[];
}

const GUNS: MakerSpec[] = [
  { maker: 'Romarm', importer: 'Century Arms', models: [{ model: 'WASR-10', caliber: '7.62x39' }, { model: 'WASR-3', caliber: '.223 Remington' }], formats: ['LL####-##', 'L##-####-##', 'LL-####-##'] },
  { maker: 'FN Herstal', importer: 'FN America', models: [{ model: 'Five-seveN', caliber: '5.7x28' }, { model: 'FNX-45', caliber: '.45 ACP' }], formats: ['386######', 'LL######'] },
  { maker: 'Glock', importer: 'Glock Inc', models: [{ model: '19', caliber: '9mm' }, { model: '22', caliber: '.40 S&W' }], formats: ['LLL###', 'LLLL###'] },
  { maker: 'Sturm Ruger', importer: null, models: [{ model: 'AR-556', caliber: '5.56 NATO' }, { model: 'LCP', caliber: '.380 ACP' }], formats: ['###-#####', '####-#####'] },
  { maker: 'Smith & Wesson', importer: null, models: [{ model: 'M&P15', caliber: '5.56 NATO' }, { model: 'SD9VE', caliber: '9mm' }], formats: ['LLL####', 'LL#####'] },
  { maker: 'Barrett', importer: null, models: [{ model: 'M82A1', caliber: '.50 BMG' }], formats: ['LL#####', '#####'] },
  { maker: 'Norinco', importer: 'Interarms', models: [{ model: 'MAK-90', caliber: '7.62x39' }], formats: ['########', 'L#######'] },
  { maker: 'Zastava', importer: 'Century Arms', models: [{ model: 'PAP M70', caliber: '7.62x39' }], formats: ['M70LL#####', 'L#####'] },
  { maker: 'Colt', importer: null, models: [{ model: 'M4 Carbine', caliber: '5.56 NATO' }, { model: '1911', caliber: '.45 ACP' }], formats: ['LE######', 'LL#####'] },
  { maker: 'Kel-Tec', importer: null, models: [{ model: 'PMR-30', caliber: '.22 WMR' }], formats: ['LLL##', 'LL###'] },
];

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const CONFUSE: Record<string, string[]> = {
  '0': ['O'], O: ['0'], '1': ['I', 'L'], I: ['1', 'L'], L: ['1', 'I'], '5': ['S'], S: ['5'], '8': ['B'], B: ['8'], '2': ['Z'], Z: ['2'], '6': ['G'], G: ['6'],
};

export interface EvalEntry {
  marks: GunMarks;
}

export type TrueKind = 'clean' | 'confusable' | 'separators' | 'obliterated_observed' | 'obliterated_entry' | 'maker_alias' | 'importer_as_maker' | 'maker_missing' | 'typo' | 'transposition';
export type DecoyKind = 'same_serial_other_maker' | 'two_apart_same_maker' | 'one_apart_other_maker' | 'longer_same_maker' | 'next_serial_other_model' | 'next_serial_same_model';

export interface EvalObservation {
  marks: GunMarks;
  /** Index of the entry this is truly the same gun as, or null for a decoy. */
  truth: number | null;
  kinds: string[];
}

export interface MatchSet {
  entries: EvalEntry[];
  observations: EvalObservation[];
}

function aliasOf(rnd: () => number, canonical: string): string {
  const m = MAKERS.find((x) => x.canonical === canonical);
  if (!m || m.aliases.length === 0) return canonical;
  return m.aliases[Math.floor(rnd() * m.aliases.length)];
}

export function generateMatchSet(seed: number, opts: { truePairs?: number; decoys?: number; distractors?: number } = {}): MatchSet {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const nTrue = opts.truePairs ?? 600;
  const nDecoys = opts.decoys ?? 5000;
  const nDistractors = opts.distractors ?? 2000;
  const used = new Set<string>();
  const entries: EvalEntry[] = [];
  const specs: MakerSpec[] = [];

  const newSerial = (spec: MakerSpec): string => {
    for (;;) {
      const f = pick(spec.formats);
      let s = '';
      for (const ch of f) s += ch === 'L' ? pick([...LETTERS]) : ch === '#' ? String(Math.floor(rnd() * 10)) : ch;
      const k = `${spec.maker}|${parsePartialSerial(s).ok ? s : ''}`;
      if (!used.has(k)) {
        used.add(k);
        return s;
      }
    }
  };

  for (let i = 0; i < nTrue + nDistractors; i++) {
    const spec = pick(GUNS);
    const m = pick(spec.models);
    entries.push({ marks: { serial: newSerial(spec), maker: spec.maker, importer: spec.importer, model: m.model, caliber: m.caliber } });
    specs.push(spec);
  }

  const positions = (s: string, pred: (c: string) => boolean) => [...s].map((c, i) => (pred(c) ? i : -1)).filter((i) => i >= 0);
  const setAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);
  const alnum = (c: string) => /[A-Z0-9]/.test(c);
  const otherChar = (c: string) => {
    for (;;) {
      const x = /\d/.test(c) ? String(Math.floor(rnd() * 10)) : pick([...LETTERS]);
      // Not the same character and not a confusable twin (that would be a misreading, not a different serial).
      if (x !== c && !(CONFUSE[c] ?? []).includes(x)) return x;
    }
  };

  const observations: EvalObservation[] = [];
  for (let i = 0; i < nTrue; i++) {
    const e = entries[i];
    const spec = specs[i];
    let serial = e.marks.serial!;
    let maker: string | null = e.marks.maker;
    let importer = e.marks.importer;
    const kinds: TrueKind[] = [];
    const r = rnd();
    if (r < 0.5) {
      const conf = positions(serial, (c) => c in CONFUSE);
      const n = 1 + Math.floor(rnd() * 2);
      for (let k = 0; k < n && conf.length; k++) {
        const at = conf.splice(Math.floor(rnd() * conf.length), 1)[0];
        serial = setAt(serial, at, pick(CONFUSE[serial[at]]));
      }
      if (n) kinds.push('confusable');
    }
    if (rnd() < 0.5) {
      serial = rnd() < 0.5 ? serial.replace(/-/g, rnd() < 0.5 ? ' ' : '') : serial.replace(/(.{3})/, '$1 ');
      if (rnd() < 0.3) serial = serial.toLowerCase();
      kinds.push('separators');
    }
    const o = rnd();
    if (o < 0.12) {
      const al = positions(serial, (c) => alnum(c.toUpperCase()));
      const n = 1 + Math.floor(rnd() * Math.min(3, Math.max(1, al.length - 5)));
      for (let k = 0; k < n; k++) serial = setAt(serial, al.splice(Math.floor(rnd() * al.length), 1)[0], '?');
      kinds.push('obliterated_observed');
    } else if (o < 0.2) {
      const es = e.marks.serial!;
      const al = positions(es, alnum);
      const at = al[al.length - 1 - Math.floor(rnd() * 2)];
      e.marks = { ...e.marks, serial: setAt(es, at, '?') };
      kinds.push('obliterated_entry');
    }
    const t = rnd();
    if (t < 0.08) {
      const al = positions(serial, (c) => alnum(c.toUpperCase()));
      const at = pick(al);
      serial = setAt(serial, at, otherChar(serial[at].toUpperCase()));
      kinds.push('typo');
    } else if (t < 0.13) {
      const al = positions(serial, (c) => alnum(c.toUpperCase()));
      const adj = al.filter((p) => al.includes(p + 1) && serial[p] !== serial[p + 1]);
      if (adj.length) {
        const at = pick(adj);
        serial = serial.slice(0, at) + serial[at + 1] + serial[at] + serial.slice(at + 2);
        kinds.push('transposition');
      }
    }
    const mk = rnd();
    if (mk < 0.35) {
      maker = aliasOf(rnd, spec.maker);
      kinds.push('maker_alias');
    } else if (mk < 0.45 && spec.importer) {
      maker = spec.importer;
      importer = null;
      kinds.push('importer_as_maker');
    } else if (mk < 0.55) {
      maker = null;
      kinds.push('maker_missing');
    }
    if (kinds.length === 0) kinds.push('clean');
    observations.push({ marks: { serial, maker, importer, model: e.marks.model, caliber: e.marks.caliber }, truth: i, kinds });
  }

  const decoyKinds: Array<[DecoyKind, number]> = [
    ['same_serial_other_maker', 0.25],
    ['two_apart_same_maker', 0.25],
    ['one_apart_other_maker', 0.2],
    ['longer_same_maker', 0.1],
    ['next_serial_other_model', 0.15],
    ['next_serial_same_model', 0.05],
  ];
  for (let d = 0; d < nDecoys; d++) {
    const idx = Math.floor(rnd() * entries.length);
    const e = entries[idx];
    const spec = specs[idx];
    const base = e.marks.serial!.replace(/\?/g, '7');
    let x = rnd();
    let kind: DecoyKind = decoyKinds[0][0];
    for (const [k, p] of decoyKinds) {
      if (x < p) {
        kind = k;
        break;
      }
      x -= p;
    }
    if (kind === 'next_serial_other_model' && spec.models.length < 2) kind = 'next_serial_same_model';
    const other = pick(GUNS.filter((g) => g.maker !== spec.maker && g.importer !== spec.maker && g.maker !== spec.importer && (g.importer === null || g.importer !== spec.importer)));
    const om = pick(other.models);
    const al = positions(base, alnum);
    let serial = base;
    let marks: GunMarks = { serial, maker: e.marks.maker, importer: e.marks.importer, model: e.marks.model, caliber: e.marks.caliber };
    const elsewhere = (s: string): GunMarks => ({ serial: s, maker: other.maker, importer: other.importer, model: om.model, caliber: om.caliber });
    switch (kind) {
      case 'same_serial_other_maker':
        marks = elsewhere(base);
        break;
      case 'two_apart_same_maker': {
        const [a, b] = [al.splice(Math.floor(rnd() * al.length), 1)[0], al.splice(Math.floor(rnd() * al.length), 1)[0]];
        serial = setAt(setAt(base, a, otherChar(base[a])), b, otherChar(base[b]));
        marks = { ...marks, serial };
        break;
      }
      case 'one_apart_other_maker': {
        const a = pick(al);
        marks = elsewhere(setAt(base, a, otherChar(base[a])));
        break;
      }
      case 'longer_same_maker':
        marks = { ...marks, serial: `${base}${Math.floor(rnd() * 10)}${Math.floor(rnd() * 10)}` };
        break;
      case 'next_serial_other_model':
      case 'next_serial_same_model': {
        // The next serial number: the trailing digits plus one, with carry (…19 -> …20).
        const m = /(\d+)([^\d]*)$/.exec(base);
        if (m) {
          const digits = String(Number(m[1]) + 1).padStart(m[1].length, '0').slice(-m[1].length);
          serial = base.slice(0, m.index) + digits + m[2];
        } else {
          const last = al[al.length - 1];
          serial = setAt(base, last, LETTERS[(LETTERS.indexOf(base[last]) + 1) % LETTERS.length]);
        }
        const alt = spec.models.find((m) => m.model !== e.marks.model);
        marks =
          kind === 'next_serial_same_model' || !alt
            ? { ...marks, serial }
            : { ...marks, serial, model: alt.model, caliber: alt.caliber };
        break;
      }
    }
    // A decoy that happens to be an entry's true serial would be no decoy.
    if (used.has(`${marks.maker}|${marks.serial}`)) {
      d--;
      continue;
    }
    observations.push({ marks, truth: null, kinds: [kind] });
  }
  return { entries, observations };
}

/** Loads the entries onto the register of a fresh database (one open case), in bulk. Returns entry ids by index. */
export async function loadRegister(db: Kysely<DB>, entries: EvalEntry[]): Promise<number[]> {
  const agency = await db.insertInto('agencies').values({ ori: 'EV0000000', name: 'Evaluation' }).onConflict((oc) => oc.column('ori').doUpdateSet({ name: 'Evaluation' })).returning('id').executeTakeFirstOrThrow();
  const c = await db.insertInto('cases').values({ case_number: `EVAL-${Date.now()}`, agency_id: agency.id, title: 'evaluation', opened_on: '2024-01-01' }).returning('id').executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    const guns = await db
      .insertInto('firearms')
      .values(chunk.map((e, j) => {
        const m = e.marks;
        const cols = firearmColumns({ serial: m.serial ?? undefined, manufacturer: m.maker ?? undefined, importer: m.importer ?? undefined, model: m.model ?? undefined, caliber: m.caliber ?? undefined });
        return { ...cols, source_kind: 'evaluation', source_ref: `entry:${i + j}` };
      }))
      .returning(['id', 'serial_key', 'serial_partial', 'maker'])
      .execute();
    const rows = await db
      .insertInto('suspect_guns')
      .values(guns.map((g, j) => ({
        case_id: c.id, firearm_id: g.id, reason: 'evaluation', status: 'approved', review_on: '2030-01-01', agency_id: agency.id,
        serial_key: g.serial_key ?? '', serial_partial: g.serial_partial, key_len: (g.serial_key ?? '').length, maker: g.maker,
        source_kind: 'evaluation', source_ref: `entry:${i + j}`,
      })))
      .returning(['id', 'serial_key'])
      .execute();
    await storeVariants(db, rows.map((r) => ({ id: r.id, key: r.serial_key })));
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export interface ThresholdMetrics {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  truePairs: number;
  decoys: number;
  registerSize: number;
  /** Share of true pairs whose entry the database search returned at all (before ranking). */
  candidateRecall: number;
  meanCandidates: number;
  thresholds: ThresholdMetrics[];
  /** At the alert threshold: recall per kind of misreading and false alerts per kind of decoy. */
  recallByKind: Record<string, { n: number; found: number }>;
  falseAlertsByDecoy: Record<string, { n: number; alerted: number }>;
  /** How often the true entry was ranked first among the alerts of a true pair. */
  topRankShare: number;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export async function evaluateMatching(db: Kysely<DB>, set: MatchSet, entryIds: number[], thresholds: number[], alertThreshold: number): Promise<EvalReport> {
  const idToIndex = new Map(entryIds.map((id, i) => [id, i]));
  const counts = thresholds.map(() => ({ tp: 0, fp: 0 }));
  let candidateHits = 0;
  let candidateTotal = 0;
  let top = 0;
  const recallByKind: EvalReport['recallByKind'] = {};
  const falseAlertsByDecoy: EvalReport['falseAlertsByDecoy'] = {};
  const marksOf = (c: RegisterCandidate): GunMarks => ({ serial: c.serial_raw, maker: c.maker_raw, importer: c.importer_raw, model: c.model, caliber: c.caliber_raw });
  for (const o of set.observations) {
    const key = firearmColumns({ serial: o.marks.serial ?? undefined }).serial_key;
    const candidates = key ? await db.transaction().execute((tx) => registerCandidates(tx, key)) : [];
    candidateTotal += candidates.length;
    if (o.truth !== null && candidates.some((c) => idToIndex.get(c.id) === o.truth)) candidateHits++;
    const ranked = rankCandidates(o.marks, candidates, marksOf, 0);
    thresholds.forEach((th, ti) => {
      for (const r of ranked) {
        if (r.score < th) continue;
        if (o.truth !== null && idToIndex.get(r.candidate.id) === o.truth) counts[ti].tp++;
        else counts[ti].fp++;
      }
    });
    const alerted = ranked.filter((r) => r.score >= alertThreshold);
    if (o.truth !== null) {
      const found = alerted.some((r) => idToIndex.get(r.candidate.id) === o.truth);
      if (alerted.length && idToIndex.get(alerted[0].candidate.id) === o.truth) top++;
      for (const k of o.kinds) {
        recallByKind[k] ??= { n: 0, found: 0 };
        recallByKind[k].n++;
        if (found) recallByKind[k].found++;
      }
    } else {
      const k = o.kinds[0];
      falseAlertsByDecoy[k] ??= { n: 0, alerted: 0 };
      falseAlertsByDecoy[k].n++;
      if (alerted.length) falseAlertsByDecoy[k].alerted++;
    }
  }
  const nTrue = set.observations.filter((o) => o.truth !== null).length;
  return {
    truePairs: nTrue,
    decoys: set.observations.length - nTrue,
    registerSize: set.entries.length,
    candidateRecall: r3(candidateHits / nTrue),
    meanCandidates: r3(candidateTotal / set.observations.length),
    thresholds: thresholds.map((th, i) => {
      const { tp, fp } = counts[i];
      const precision = tp + fp ? tp / (tp + fp) : 1;
      const recall = tp / nTrue;
      return {
        threshold: th, truePositives: tp, falsePositives: fp, falseNegatives: nTrue - tp, precision: r3(precision), recall: r3(recall),
        f1: r3(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
      };
    }),
    recallByKind,
    falseAlertsByDecoy,
    topRankShare: r3(top / nTrue),
  };
}
