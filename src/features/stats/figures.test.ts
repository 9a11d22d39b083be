import { describe, expect, it } from 'vitest';
import { histogramMedian, topN } from './figures.js';

describe('figure helpers', () => {
  it('topN keeps the biggest rows and folds the rest so the list still adds up', () => {
    const rows = [5, 1, 9, 3, 7].map((n, i) => ({ key: `k${i}`, label: `L${i}`, count: n }));
    const t = topN(rows, 3);
    expect(t.map((r) => r.count)).toEqual([9, 7, 5, 4]);
    expect(t[3]).toEqual({ key: '_others', label: 'All others', count: 4 });
    expect(topN(rows, 10)).toHaveLength(5);
  });

  it.each([
    [[], null],
    [[[30, 1]], 30],
    [[[20, 1], [40, 1]], 30],
    [[[18, 3], [25, 1], [60, 1]], 18],
    [[[18, 2], [25, 2]], 21.5],
    [[[60, 1], [18, 0], [20, 2]], 20],
  ] as Array<[Array<[number, number]>, number | null]>)('median of histogram %j is %s', (hist, median) => {
    expect(histogramMedian(hist)).toBe(median);
  });
});
