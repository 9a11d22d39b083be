// Accuracy floors on the public files, measured with bench/er/evaluate.ts and set a little below
// the measured figures (see docs/entity-resolution.md). Skipped where the data is not present.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkRecords } from '../../src/features/resolution/engine/linker.js';
import { ER_DATA_DIR, loadFebrl, loadSplink } from './datasets.js';
import { pairwiseMetrics } from './metrics.js';

const have = (f: string): boolean => existsSync(join(ER_DATA_DIR, f));

describe.skipIf(!have('febrl_dataset1.csv'))('febrl_dataset1 (unsupervised)', () => {
  it('reaches pairwise F1 >= 0.99', () => {
    const ds = loadFebrl(['febrl_dataset1.csv'], 'febrl_dataset1');
    const { result } = linkRecords(ds.records);
    const m = pairwiseMetrics(result.clusterIds, ds.truth);
    expect(m.f1).toBeGreaterThanOrEqual(0.99);
    expect(m.precision).toBeGreaterThanOrEqual(0.99);
  });
});

describe.skipIf(!have('splink_fake_1000.csv'))('splink_fake_1000 (unsupervised)', () => {
  it('reaches pairwise F1 >= 0.97', () => {
    const ds = loadSplink('splink_fake_1000.csv', 'cluster');
    const { result } = linkRecords(ds.records);
    expect(pairwiseMetrics(result.clusterIds, ds.truth).f1).toBeGreaterThanOrEqual(0.97);
  });
});
