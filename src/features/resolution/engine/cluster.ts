// Clustering of scored pairs into persons. Links are taken strongest first (as in single-linkage
// / connected components), but two groups are only joined when no pair across them is clearly two
// different people and no analyst has rejected a pair across them. That stops the chaining by
// which one vague record ("J. GARCIA", same address) would glue father and son into one person.

export interface ClusterEdges {
  a: Uint32Array;
  b: Uint32Array;
  /** Match weight (log2 odds, prior included) of each edge. */
  w: Float32Array;
  count: number;
}

export interface ClusterOptions {
  n: number;
  edges: ClusterEdges;
  /** Match weight of any pair, for the checks across groups. */
  pairWeight: (i: number, j: number) => number;
  /** A pair across two groups scoring below this (log2 odds) refuses the merge. */
  vetoWeight: number;
  /** Record-index pairs that must end in one cluster. */
  confirmed?: [number, number][];
  /** Record-index pairs that must never end in one cluster, even through others. */
  rejected?: [number, number][];
  /** Starting partition (label per record, e.g. the previous run's clusters); -1 for none. */
  initial?: Int32Array;
  /** Most cross pairs checked per merge; beyond it a spread sample is checked. */
  maxChecks?: number;
}

export interface ClusterResult {
  /** Representative record index per record. */
  root: Int32Array;
  /** Merges refused because a pair across the groups was clearly different people. */
  refusedByEvidence: number;
  /** Merges refused because of an analyst's rejection. */
  refusedByConstraint: number;
  /** Confirmed pairs that could not be honoured without breaking a rejection: the rejection wins, and the analyst is told. */
  conflicts: { a: number; b: number; reason: string }[];
}

export function clusterRecords(opts: ClusterOptions): ClusterResult {
  const n = opts.n;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const members: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const membersOf = (r: number): number[] => members[r] ?? [r];

  const rejectedOf = new Map<number, number[]>();
  for (const [x, y] of opts.rejected ?? []) {
    if (x === y) continue;
    (rejectedOf.get(x) ?? rejectedOf.set(x, []).get(x)!).push(y);
    (rejectedOf.get(y) ?? rejectedOf.set(y, []).get(y)!).push(x);
  }

  const violatesRejection = (ra: number, rb: number): boolean => {
    if (rejectedOf.size === 0) return false;
    const ma = membersOf(ra);
    const mb = membersOf(rb);
    const [small, other] = ma.length <= mb.length ? [ma, rb] : [mb, ra];
    for (const x of small) {
      const rs = rejectedOf.get(x);
      if (!rs) continue;
      for (const y of rs) if (find(y) === other) return true;
    }
    return false;
  };

  const maxChecks = opts.maxChecks ?? 64;
  const contradicted = (ra: number, rb: number): boolean => {
    const ma = membersOf(ra);
    const mb = membersOf(rb);
    const total = ma.length * mb.length;
    if (total <= 1) return false;
    const stride = total <= maxChecks ? 1 : total / maxChecks;
    for (let t = 0; t < total; t += stride) {
      const q = Math.floor(t);
      const x = ma[Math.floor(q / mb.length)];
      const y = mb[q % mb.length];
      if (opts.pairWeight(x, y) < opts.vetoWeight) return true;
    }
    return false;
  };

  const union = (ra: number, rb: number): void => {
    const ma = membersOf(ra);
    const mb = membersOf(rb);
    const [big, small, rbig, rsmall] = ma.length >= mb.length ? [ma, mb, ra, rb] : [mb, ma, rb, ra];
    for (const x of small) big.push(x);
    members[rbig] = big;
    members[rsmall] = undefined;
    parent[rsmall] = rbig;
  };

  const result: ClusterResult = { root: parent, refusedByEvidence: 0, refusedByConstraint: 0, conflicts: [] };

  // 1. The starting partition, without the evidence check (it was checked when it was made), but
  //    never against an analyst's rejection, which may be newer than the partition.
  if (opts.initial) {
    const first = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const label = opts.initial[i];
      if (label < 0) continue;
      const f = first.get(label);
      if (f === undefined) {
        first.set(label, i);
        continue;
      }
      const ra = find(f);
      const rb = find(i);
      if (ra === rb) continue;
      if (violatesRejection(ra, rb)) {
        result.refusedByConstraint++;
        continue;
      }
      union(ra, rb);
    }
  }

  // 2. Confirmed pairs bind, except against a rejection (both cannot hold; reported).
  for (const [x, y] of opts.confirmed ?? []) {
    const ra = find(x);
    const rb = find(y);
    if (ra === rb) continue;
    if (violatesRejection(ra, rb)) {
      result.conflicts.push({ a: x, b: y, reason: 'confirmed pair would join a rejected pair' });
      continue;
    }
    union(ra, rb);
  }

  // 3. Scored links, strongest first.
  const { a, b, w, count } = opts.edges;
  const order = new Uint32Array(count);
  for (let p = 0; p < count; p++) order[p] = p;
  order.sort((x, y) => w[y] - w[x]);
  for (let t = 0; t < count; t++) {
    const p = order[t];
    const ra = find(a[p]);
    const rb = find(b[p]);
    if (ra === rb) continue;
    if (violatesRejection(ra, rb)) {
      result.refusedByConstraint++;
      continue;
    }
    if (contradicted(ra, rb)) {
      result.refusedByEvidence++;
      continue;
    }
    union(ra, rb);
  }
  for (let i = 0; i < n; i++) parent[i] = find(i);
  return result;
}
