// Why the records of one person were joined: for each person, a maximum spanning tree over its records (strongest
// links first), rooted at its oldest record, so that every record but the first carries the one link that tied it
// in, explained field by field. The engine joins through chains, so a record's strongest link may be to a newer
// record; a tree shows exactly the links that hold the person together.
import type { Linker } from './engine/linker.js';
import type { PairExplanation } from './engine/explain.js';

/** A link's explanation as stored (person_links.explanation, resolution_review_items.explanation). */
export interface LinkReason {
  probability: number;
  /** log2 odds, prior included. */
  matchWeight: number;
  /** Fields present on both records, strongest evidence first. */
  fields: { field: string; level: string; weight: number; text: string }[];
  /** Fields missing on one side (no evidence either way). */
  missing: string[];
  householdRule: boolean;
  identityRule: boolean;
  summary: string;
}

export type LinkBasis = 'founding' | 'scored' | 'confirmed' | 'transitive';

export interface RecordLink {
  recordId: string;
  linkedTo: string | null;
  basis: LinkBasis;
  probability: number | null;
  reason: LinkReason | null;
}

const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;

export function compactReason(e: PairExplanation): LinkReason {
  const fields = e.fields
    .filter((f) => f.level !== 'null')
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .map((f) => ({ field: f.field, level: f.level, weight: round(f.weight, 2), text: f.text }));
  return {
    probability: round(e.probability, 6),
    matchWeight: round(e.matchWeight, 3),
    fields,
    missing: e.fields.filter((f) => f.level === 'null').map((f) => f.field),
    householdRule: e.householdRule,
    identityRule: e.identityRule,
    summary: e.summary,
  };
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export interface ReasonOptions {
  /** Probability at or above which a scored link counts as a link (the run's threshold). */
  threshold: number;
  /** Pairs an analyst confirmed (pairKey). */
  confirmed: ReadonlySet<string>;
  /** Up to this many records, every pair is a candidate edge; above it, each record's neighbours in age order. */
  allPairsUpTo?: number;
  neighbours?: number;
}

/**
 * The spanning tree of one person. `members` are its record ids, oldest first. Returns one RecordLink per member,
 * in the same order.
 */
export function explainPerson(linker: Linker, members: readonly string[], opts: ReasonOptions): RecordLink[] {
  const k = members.length;
  if (k === 1) return [{ recordId: members[0], linkedTo: null, basis: 'founding', probability: null, reason: null }];
  const allUpTo = opts.allPairsUpTo ?? 40;
  const window = opts.neighbours ?? 12;
  interface Edge { i: number; j: number; w: number; e: PairExplanation; confirmed: boolean }
  const edges: Edge[] = [];
  const seen = new Set<number>();
  const add = (i: number, j: number): void => {
    const code = i < j ? i * k + j : j * k + i;
    if (seen.has(code)) return;
    seen.add(code);
    const e = linker.explain(members[i], members[j]);
    const confirmed = opts.confirmed.has(pairKey(members[i], members[j]));
    // A confirmed pair binds whatever it scores: it is the first link taken.
    edges.push({ i, j, w: confirmed && e.probability < opts.threshold ? Infinity : e.matchWeight, e, confirmed });
  };
  for (let i = 0; i < k; i++) {
    const upto = k <= allUpTo ? k : Math.min(k, i + 1 + window);
    for (let j = i + 1; j < upto; j++) add(i, j);
  }
  if (opts.confirmed.size > 0 && k > allUpTo) {
    const index = new Map(members.map((m, i) => [m, i]));
    for (const key of opts.confirmed) {
      const [a, b] = key.split('\u0000');
      const i = index.get(a);
      const j = index.get(b);
      if (i !== undefined && j !== undefined) add(i, j);
    }
  }
  edges.sort((x, y) => y.w - x.w);
  const parent = Array.from({ length: k }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const adj: Edge[][] = Array.from({ length: k }, () => []);
  let joined = 0;
  for (const ed of edges) {
    const a = find(ed.i);
    const b = find(ed.j);
    if (a === b) continue;
    parent[a] = b;
    adj[ed.i].push(ed);
    adj[ed.j].push(ed);
    if (++joined === k - 1) break;
  }
  // Large persons whose neighbour windows did not connect: tie each remaining part to the oldest record.
  if (joined < k - 1) {
    for (let i = 1; i < k; i++) {
      if (find(i) === find(0)) continue;
      const e = linker.explain(members[0], members[i]);
      const ed: Edge = { i: 0, j: i, w: e.matchWeight, e, confirmed: opts.confirmed.has(pairKey(members[0], members[i])) };
      parent[find(i)] = find(0);
      adj[0].push(ed);
      adj[i].push(ed);
    }
  }
  const out: RecordLink[] = new Array<RecordLink>(k);
  out[0] = { recordId: members[0], linkedTo: null, basis: 'founding', probability: null, reason: null };
  const visited = new Uint8Array(k);
  visited[0] = 1;
  const queue = [0];
  while (queue.length > 0) {
    const x = queue.shift()!;
    for (const ed of adj[x]) {
      const y = ed.i === x ? ed.j : ed.i;
      if (visited[y]) continue;
      visited[y] = 1;
      queue.push(y);
      const p = ed.e.probability;
      const basis: LinkBasis = p >= opts.threshold ? 'scored' : ed.confirmed ? 'confirmed' : 'transitive';
      out[y] = { recordId: members[y], linkedTo: members[x], basis, probability: round(p, 6), reason: compactReason(ed.e) };
    }
  }
  return out;
}
