import { describe, expect, it } from 'vitest';
import { assignClusterIds } from './ids.js';

describe('assignClusterIds', () => {
  const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];

  it('names a new cluster after its oldest record', () => {
    expect(assignClusterIds(Int32Array.from([0, 0, 2, 2, 4]), ids)).toEqual(['r1', 'r1', 'r3', 'r3', 'r5']);
  });

  it('keeps the previous id when records are added', () => {
    const prev = new Map([['r2', 'P-9'], ['r3', 'P-9']]);
    // r1 (older, new to this run) joins the cluster of r2 and r3.
    expect(assignClusterIds(Int32Array.from([1, 1, 1, 3, 4]), ids, prev)).toEqual(['P-9', 'P-9', 'P-9', 'r4', 'r5']);
  });

  it('on a merge the id with most records wins, on a split the larger part keeps it', () => {
    const prev = new Map([['r1', 'A'], ['r2', 'A'], ['r3', 'B'], ['r4', 'C'], ['r5', 'C']]);
    const merged = assignClusterIds(Int32Array.from([0, 0, 0, 3, 3]), ids, prev);
    expect(merged).toEqual(['A', 'A', 'A', 'C', 'C']);
    const split = assignClusterIds(Int32Array.from([0, 1, 2, 3, 4]), ids, new Map([['r1', 'A'], ['r2', 'A'], ['r3', 'A']]));
    expect(split[0]).toBe('A');
    expect(new Set(split).size).toBe(5);
    // A vanished id is not reused for someone else.
    expect(split.filter((x) => x === 'A')).toHaveLength(1);
  });

  it('does not hand out a record id already used as a cluster id', () => {
    const prev = new Map([['r1', 'r2']]);
    const out = assignClusterIds(Int32Array.from([0, 1]), ['r1', 'r2'], prev);
    expect(out[0]).toBe('r2');
    expect(out[1]).not.toBe('r2');
  });
});
