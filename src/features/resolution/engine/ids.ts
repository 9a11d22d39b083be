// Stable person ids. A cluster keeps the id its records had before (the id most of them carried;
// on a tie, the id of its oldest record); when a person splits, the part with the most of the old
// records keeps the id; new persons are named after their oldest record.

/**
 * @param root representative per record (any label that is equal within a cluster)
 * @param recordIds record ids, oldest first (index order is age order)
 * @param previous record id -> cluster id from an earlier run
 */
export function assignClusterIds(root: Int32Array, recordIds: readonly string[], previous?: ReadonlyMap<string, string>): string[] {
  const n = root.length;
  // Members per cluster, oldest first (indices ascend).
  const clusterOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = root[i];
    const list = clusterOf.get(r);
    if (list) list.push(i);
    else clusterOf.set(r, [i]);
  }
  const assigned = new Map<number, string>();
  const used = new Set<string>();
  if (previous && previous.size > 0) {
    const candidates: { r: number; id: string; count: number; oldest: number }[] = [];
    for (const [r, list] of clusterOf) {
      const tally = new Map<string, { count: number; oldest: number }>();
      for (const i of list) {
        const id = previous.get(recordIds[i]);
        if (id === undefined) continue;
        const t = tally.get(id);
        if (t) t.count++;
        else tally.set(id, { count: 1, oldest: i });
      }
      for (const [id, t] of tally) candidates.push({ r, id, count: t.count, oldest: t.oldest });
    }
    candidates.sort((x, y) => y.count - x.count || x.oldest - y.oldest);
    for (const c of candidates) {
      if (assigned.has(c.r) || used.has(c.id)) continue;
      assigned.set(c.r, c.id);
      used.add(c.id);
    }
    // Ids that disappeared are not handed to someone else.
    for (const id of previous.values()) used.add(id);
  }
  const out = new Array<string>(n);
  for (const [r, list] of clusterOf) {
    let id = assigned.get(r);
    if (id === undefined) {
      for (const i of list) {
        if (!used.has(recordIds[i])) {
          id = recordIds[i];
          break;
        }
      }
      if (id === undefined) {
        let k = 2;
        while (used.has(`${recordIds[list[0]]}~${k}`)) k++;
        id = `${recordIds[list[0]]}~${k}`;
      }
      used.add(id);
    }
    for (const i of list) out[i] = id;
  }
  return out;
}
