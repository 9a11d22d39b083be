import { describe, expect, it } from 'vitest';
import { digitEdit, isAdjacentTransposition, jaroWinkler, levenshtein, withinOneEdit } from './strings.js';

describe('jaroWinkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JONES', 'JOHNSON', 0.832],
    ['ABC', 'ABC', 1],
    ['ABC', 'XYZ', 0],
  ])('%s ~ %s = %f', (a, b, want) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(want, 3);
  });

  it('is symmetric and handles empty and long strings', () => {
    expect(jaroWinkler('', 'ABC')).toBe(0);
    const long1 = 'A'.repeat(40) + 'B';
    const long2 = 'A'.repeat(40) + 'C';
    expect(jaroWinkler(long1, long2)).toBeGreaterThan(0.95);
    expect(jaroWinkler('GARCIA', 'GRACIA')).toBeCloseTo(jaroWinkler('GRACIA', 'GARCIA'), 10);
  });
});

describe('edits', () => {
  it.each([
    ['GARCIA', 'GARCIA', true],
    ['GARCIA', 'GRACIA', true],
    ['GARCIA', 'GARCA', true],
    ['GARCIA', 'GARCIAS', true],
    ['GARCIA', 'GARZIA', true],
    ['GARCIA', 'GRACIE', false],
    ['12345', '21354', false],
  ])('withinOneEdit(%s, %s) = %s', (a, b, want) => {
    expect(withinOneEdit(a, b)).toBe(want);
    expect(withinOneEdit(b, a)).toBe(want);
  });

  it('tells transpositions apart', () => {
    expect(isAdjacentTransposition('19780512', '19870512')).toBe(true);
    expect(isAdjacentTransposition('19780512', '19780513')).toBe(false);
    expect(levenshtein('KITTEN', 'SITTING')).toBe(3);
  });

  it('digitEdit finds one digit changed or two adjacent swapped', () => {
    expect(digitEdit(19780512, 19780513)).toBe(1);
    expect(digitEdit(19780512, 19870512)).toBe(2);
    expect(digitEdit(19780512, 19780521)).toBe(2);
    expect(digitEdit(19780512, 19790613)).toBe(0);
    expect(digitEdit(19780512, 19780512)).toBe(0);
  });
});

describe('jaroWinklerAtLeast', () => {
  it('agrees with jaroWinkler above the bar and answers 0 below it', async () => {
    const { jaroWinklerAtLeast } = await import('./strings.js');
    const words = ['GARCIA', 'GRACIA', 'GONZALEZ', 'HERNANDEZ', 'FERNANDEZ', 'SMITH', 'SMYTH', 'WOJCIECHOWSKI', 'JUAN', 'JUANA', 'X'];
    for (const a of words)
      for (const b of words)
        for (const min of [0.8, 0.9]) {
          const full = jaroWinkler(a, b);
          const fast = jaroWinklerAtLeast(a, b, min);
          if (full >= min) expect(fast).toBeCloseTo(full, 12);
          else expect(fast < min).toBe(true);
        }
  });
});
