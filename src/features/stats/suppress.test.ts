import { describe, expect, it } from 'vitest';
import { checkMinCell, suppressCounts, suppressOne } from './suppress.js';

describe('small-count suppression', () => {
  it.each([
    // counts, minCell, expected displays (total shown)
    [[10, 20, 30], 5, ['10', '20', '30']],
    [[0, 7, 9], 5, ['0', '7', '9']],
    // Two small cells: each hidden, neither recoverable from the total alone.
    [[3, 4, 50], 5, ['<5', '<5', '50']],
    // One small cell: the smallest other non-zero cell is hidden too, so the total does not give it away.
    [[2, 40, 12, 0], 5, ['<5', '40', '*', '0']],
    [[1, 1, 1, 1], 5, ['<5', '<5', '<5', '<5']],
    [[4], 5, ['<5']],
    [[4, 6], 5, ['<5', '*']],
    [[9, 10], 10, ['<10', '*']],
    [[], 5, []],
  ] as const)('%j with threshold %i shows %j', (counts, min, shown) => {
    expect(suppressCounts([...counts], min).map((c) => c.display)).toEqual(shown);
  });

  it('hides nothing extra when no total is printed', () => {
    expect(suppressCounts([2, 40, 12], 5, false).map((c) => c.display)).toEqual(['<5', '40', '12']);
  });

  it('hidden cells carry no count at all', () => {
    expect(suppressCounts([3, 100], 5)).toEqual([
      { count: null, display: '<5' },
      { count: null, display: '*' },
    ]);
    expect(suppressOne(3, 5)).toEqual({ count: null, display: '<5' });
    expect(suppressOne(0, 5)).toEqual({ count: 0, display: '0' });
    expect(suppressOne(5, 5)).toEqual({ count: 5, display: '5' });
  });

  it('refuses a threshold that would hide nothing or everything', () => {
    expect(() => checkMinCell(1)).toThrow(RangeError);
    expect(() => checkMinCell(2.5)).toThrow(RangeError);
    expect(() => checkMinCell(5000)).toThrow(RangeError);
    expect(checkMinCell(11)).toBe(11);
  });
});
