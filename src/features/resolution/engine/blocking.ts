// Blocking: which pairs are worth comparing. Several rules are OR-ed; a pair found by an earlier
// rule is not emitted again (checked by comparing the earlier rules' keys, as Splink does), so no
// pair set has to be held for de-duplication. A block larger than the cap is not expanded into all
// its pairs: its members are sorted by birth date and name and compared within a window, and the
// capping is reported.
import { DenseIds, PairSet } from './numkeys.js';
import type { Store } from './store.js';

export interface BlockingRule {
  name: string;
  /** Comparisons whose estimate this rule biases (skipped when training m on this rule's pairs). */
  fields: string[];
  /** Blocking key of record i; 0 when the record has no key under this rule. */
  key(s: Store, i: number): number;
  /** Largest block expanded into all its pairs under this rule (default: the blocking cap). */
  cap?: number;
  /**
   * When set, the rule only pairs records of which at least one is partial: the block of a common key is then
   * searched only for the few records that need it.
   */
  partial?(s: Store, i: number): boolean;
}

export interface SortedRule {
  name: string;
  fields: string[];
  /** One number per record to sort by; NaN leaves the record out. */
  sortKeys(s: Store): Float64Array;
  window: number;
}

export interface RuleReport {
  rule: string;
  pairs: number;
  blocks: number;
  cappedBlocks: number;
  cappedRecords: number;
  largestBlock: number;
}

export interface CandidatePairs {
  a: Uint32Array;
  b: Uint32Array;
  count: number;
  rules: RuleReport[];
}

const P = 1 << 24;
const initial = (s: Store, k: number): number => (k === 0 ? 0 : s.names.values[k].charCodeAt(0));
/** Unordered pair key, so that a given name written in the surname column keys the same. */
const unordered = (x: number, y: number): number => (x <= y ? x * P + y : y * P + x);

export const DEFAULT_RULES: BlockingRule[] = [
  {
    name: 'id_number',
    fields: ['id_number'],
    key: (s, i) => s.idnum.data[i],
  },
  {
    name: 'dob+given initial',
    fields: ['dob'],
    key(s, i) {
      const d = s.dob.data[i];
      const g = initial(s, s.given.data[i]);
      return d === 0 || g === 0 ? 0 : d * 256 + g;
    },
  },
  {
    name: 'dob+surname initial',
    fields: ['dob'],
    key(s, i) {
      const d = s.dob.data[i];
      const f = initial(s, s.paternal.data[i] || s.maternal.data[i]);
      return d === 0 || f === 0 ? 0 : d * 256 + f;
    },
  },
  {
    // Unordered initials: survives a given name and surname written in each other's columns.
    name: 'dob+initials either order',
    fields: ['dob'],
    key(s, i) {
      const d = s.dob.data[i];
      const g = initial(s, s.given.data[i]);
      const f = initial(s, s.paternal.data[i] || s.maternal.data[i]);
      if (d === 0 || g === 0 || f === 0) return 0;
      return d * 65536 + (g <= f ? g * 256 + f : f * 256 + g);
    },
  },
  {
    name: 'surname+given phonetic',
    fields: ['surname', 'given_name'],
    // Common names (JOSE GARCIA) make blocks that grow with the data; past this size they are
    // windowed by birth date, which keeps the pairs that matter here (a typo in the date).
    cap: 50,
    key(s, i) {
      const g = s.given.data[i];
      const p = s.paternal.data[i] || s.maternal.data[i];
      if (g === 0 || p === 0) return 0;
      return unordered(s.nameMeta[s.nameCanon[g]], s.nameMeta[p]) + 1;
    },
  },
  {
    name: 'phone',
    fields: ['phone'],
    key: (s, i) => s.phone.data[i],
  },
  {
    name: 'email',
    fields: ['email'],
    key: (s, i) => s.email.data[i],
  },
  {
    // A record without a given name or surname escapes every name rule; with a birth date it is compared with
    // everyone born that day. Files with complete names pay nothing for it.
    name: 'dob, a name missing',
    fields: ['dob'],
    key: (s, i) => s.dob.data[i],
    partial: (s, i) => s.given.data[i] === 0 || (s.paternal.data[i] === 0 && s.maternal.data[i] === 0),
  },
  {
    name: 'postcode+street number',
    fields: ['postcode', 'street'],
    key(s, i) {
      const p = s.postcode.data[i];
      const n = s.stnum.data[i];
      if (p === 0 || n === 0) return 0;
      return p * P + n;
    },
  },
];

function rankOf(values: string[]): Int32Array {
  const order = values.map((_, k) => k).sort((x, y) => (values[x] < values[y] ? -1 : values[x] > values[y] ? 1 : 0));
  const rank = new Int32Array(values.length);
  order.forEach((k, r) => (rank[k] = r));
  return rank;
}

let rankCache: { size: number; rank: Int32Array } | undefined;
function nameRank(s: Store): Int32Array {
  if (!rankCache || rankCache.size !== s.names.size) rankCache = { size: s.names.size, rank: rankOf(s.names.values) };
  return rankCache.rank;
}

/**
 * Sorted neighbourhood, alphabetically on surname then given name (or given name then surname):
 * catches typos and missing values the keys miss.
 */
export function sortedNeighbourhood(window: number, givenFirst = false): SortedRule {
  return {
    name: `sorted neighbourhood (${givenFirst ? 'given, surname' : 'surname, given'}; window ${window})`,
    fields: ['surname', 'given_name'],
    window,
    sortKeys(s) {
      const rank = nameRank(s);
      const G = s.names.size + 1;
      const out = new Float64Array(s.n);
      for (let i = 0; i < s.n; i++) {
        const p = s.paternal.data[i] || s.maternal.data[i];
        const g = s.given.data[i];
        out[i] = p === 0 && g === 0 ? NaN : givenFirst ? rank[g] * G + rank[p] : rank[p] * G + rank[g];
      }
      return out;
    },
  };
}

export function defaultSorted(window: number): SortedRule[] {
  return window > 0 ? [sortedNeighbourhood(window), sortedNeighbourhood(window, true)] : [];
}

/** Growable pair list. */
export class PairBuf {
  a = new Uint32Array(1 << 16);
  b = new Uint32Array(1 << 16);
  count = 0;
  push(i: number, j: number): void {
    if (this.count === this.a.length) {
      const na = new Uint32Array(this.a.length * 2);
      na.set(this.a);
      this.a = na;
      const nb = new Uint32Array(this.b.length * 2);
      nb.set(this.b);
      this.b = nb;
    }
    this.a[this.count] = i < j ? i : j;
    this.b[this.count] = i < j ? j : i;
    this.count++;
  }
}

/** Dense block ids for one rule over records [0, n). */
export interface RuleBlocks {
  /** Dense key per record (0: no key). */
  keys: Int32Array;
  /** Raw key -> dense key. */
  dense: DenseIds;
  /** Members of block k are order[start[k] .. start[k+1]). */
  order: Int32Array;
  start: Int32Array;
  capped: Uint8Array;
}

export function buildBlocks(s: Store, rule: BlockingRule, cap: number): RuleBlocks {
  const n = s.n;
  const keys = new Int32Array(n);
  const dense = new DenseIds(n >> 2);
  for (let i = 0; i < n; i++) {
    const raw = rule.key(s, i);
    if (raw !== 0) keys[i] = dense.idOf(raw);
  }
  const nb = dense.size + 1;
  const start = new Int32Array(nb + 1);
  for (let i = 0; i < n; i++) start[keys[i] + 1]++;
  for (let k = 0; k < nb; k++) start[k + 1] += start[k];
  const fill = start.slice(0, nb);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[keys[i]]++] = i;
  const capped = new Uint8Array(nb);
  for (let k = 1; k < nb; k++) if (start[k + 1] - start[k] > cap) capped[k] = 1;
  return { keys, dense, order, start, capped };
}

/** Order in which the members of an oversized block are windowed: birth date, then names. */
function capOrder(s: Store, members: number[]): number[] {
  return members.sort((x, y) => s.dob.data[x] - s.dob.data[y] || s.paternal.data[x] - s.paternal.data[y] || s.given.data[x] - s.given.data[y]);
}

export interface BlockingOptions {
  rules?: BlockingRule[];
  sorted?: SortedRule[];
  /** Largest block expanded into all its pairs. */
  cap?: number;
  /** Window used inside oversized blocks. */
  capWindow?: number;
}

export function generateCandidates(s: Store, opts: BlockingOptions = {}): CandidatePairs & { blocks: RuleBlocks[] } {
  const rules = opts.rules ?? DEFAULT_RULES;
  const sorted = opts.sorted ?? defaultSorted(4);
  const cap = opts.cap ?? 200;
  const capWindow = opts.capWindow ?? 8;
  const out = new PairBuf();
  const reports: RuleReport[] = [];
  const built: RuleBlocks[] = [];
  // Pairs emitted from windows (oversized blocks) are the only ones a later rule cannot rule out by
  // key comparison, so only they are remembered.
  const windowed = new PairSet();
  // Per rule with a partial test: which records are partial (1), else undefined.
  const partials: (Uint8Array | undefined)[] = [];
  const seenBefore = (i: number, j: number, upTo: number): boolean => {
    for (let r = 0; r < upTo; r++) {
      const keys = built[r].keys;
      const k = keys[i];
      if (k !== 0 && k === keys[j]) {
        const part = partials[r];
        if (part && !part[i] && !part[j] && !built[r].capped[k]) continue;
        if (!built[r].capped[k]) return true;
        if (windowed.has(i, j)) return true;
      }
    }
    return false;
  };

  for (let r = 0; r < rules.length; r++) {
    const blocks = buildBlocks(s, rules[r], Math.min(cap, rules[r].cap ?? cap));
    built.push(blocks);
    const partialOf = rules[r].partial;
    let part: Uint8Array | undefined;
    if (partialOf) {
      part = new Uint8Array(s.n);
      for (let i = 0; i < s.n; i++) if (blocks.keys[i] !== 0 && partialOf(s, i)) part[i] = 1;
    }
    partials.push(part);
    const rep: RuleReport = { rule: rules[r].name, pairs: 0, blocks: 0, cappedBlocks: 0, cappedRecords: 0, largestBlock: 0 };
    const { order, start, capped } = blocks;
    for (let k = 1; k < start.length - 1; k++) {
      const lo = start[k];
      const hi = start[k + 1];
      const size = hi - lo;
      if (size < 2) continue;
      rep.blocks++;
      if (size > rep.largestBlock) rep.largestBlock = size;
      if (!capped[k] && part) {
        for (let x = lo; x < hi; x++) {
          const i = order[x];
          if (!part[i]) continue;
          for (let y = lo; y < hi; y++) {
            const j = order[y];
            // A pair of two partial records is taken once, from the first of them.
            if (y === x || (part[j] && y < x)) continue;
            if (r > 0 && seenBefore(i, j, r)) continue;
            out.push(i, j);
            rep.pairs++;
          }
        }
      } else if (!capped[k]) {
        for (let x = lo; x < hi; x++) {
          const i = order[x];
          for (let y = x + 1; y < hi; y++) {
            const j = order[y];
            if (r > 0 && seenBefore(i, j, r)) continue;
            out.push(i, j);
            rep.pairs++;
          }
        }
      } else {
        rep.cappedBlocks++;
        rep.cappedRecords += size;
        const members = capOrder(s, Array.from(order.subarray(lo, hi)));
        for (let x = 0; x < members.length; x++) {
          for (let y = x + 1; y < members.length && y <= x + capWindow; y++) {
            const i = members[x];
            const j = members[y];
            // A rule for partial records windows only the pairs it exists for (one record partial):
            // at a million records, birth-date blocks pass the cap and would otherwise window everyone.
            if (part && !part[i] && !part[j]) continue;
            if (r > 0 && seenBefore(i, j, r)) continue;
            windowed.add(i, j);
            out.push(i, j);
            rep.pairs++;
          }
        }
      }
    }
    reports.push(rep);
  }

  /**
   * True when a rule (not one for partial records) put i and j in one oversized block: that block
   * already chose which of its pairs to compare, by birth date, which suits people of one name
   * better than an alphabetical window does. Without this, runs of identical common names (JOSE
   * GARCIA) fill the sorted windows with pairs of strangers: 4.3 M of 19.7 M pairs at 1 M records.
   */
  const inCappedBlock = (i: number, j: number): boolean => {
    for (let r = 0; r < rules.length; r++) {
      if (partials[r]) continue;
      const keys = built[r].keys;
      const k = keys[i];
      if (k !== 0 && k === keys[j] && built[r].capped[k]) return true;
    }
    return false;
  };

  // Position of each record in earlier sorted passes: a pair within an earlier window was emitted.
  const positions: { pos: Int32Array; window: number }[] = [];
  for (const sr of sorted) {
    const keys = sr.sortKeys(s);
    const idx: number[] = [];
    for (let i = 0; i < s.n; i++) if (!Number.isNaN(keys[i])) idx.push(i);
    const ord = Uint32Array.from(idx).sort((x, y) => keys[x] - keys[y]);
    const pos = new Int32Array(s.n).fill(-1);
    for (let x = 0; x < ord.length; x++) pos[ord[x]] = x;
    const rep: RuleReport = { rule: sr.name, pairs: 0, blocks: 0, cappedBlocks: 0, cappedRecords: 0, largestBlock: 0 };
    for (let x = 0; x < ord.length; x++) {
      for (let y = x + 1; y < ord.length && y <= x + sr.window; y++) {
        const i = ord[x];
        const j = ord[y];
        if (seenBefore(i, j, rules.length) || inCappedBlock(i, j)) continue;
        let dup = false;
        for (const p of positions) {
          const pi = p.pos[i];
          const pj = p.pos[j];
          if (pi >= 0 && pj >= 0 && Math.abs(pi - pj) <= p.window) dup = true;
        }
        if (dup) continue;
        out.push(i, j);
        rep.pairs++;
      }
    }
    positions.push({ pos, window: sr.window });
    reports.push(rep);
  }
  return { a: out.a, b: out.b, count: out.count, rules: reports, blocks: built };
}

/** Every pair inside the blocks of one rule (no de-duplication), sampled down to at most max pairs. */
export function rulePairs(s: Store, rule: BlockingRule, cap: number, max: number, rand: () => number): PairBuf {
  const blocks = buildBlocks(s, rule, cap);
  const { order, start, capped } = blocks;
  let total = 0;
  for (let k = 1; k < start.length - 1; k++) {
    const size = start[k + 1] - start[k];
    if (!capped[k]) total += (size * (size - 1)) / 2;
  }
  const keep = total <= max ? 1 : max / total;
  const out = new PairBuf();
  for (let k = 1; k < start.length - 1; k++) {
    const lo = start[k];
    const hi = start[k + 1];
    if (capped[k] || hi - lo < 2) continue;
    for (let x = lo; x < hi; x++) {
      for (let y = x + 1; y < hi; y++) {
        if (keep < 1 && rand() >= keep) continue;
        out.push(order[x], order[y]);
      }
    }
  }
  return out;
}
