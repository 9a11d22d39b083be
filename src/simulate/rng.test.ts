import { describe, expect, it } from 'vitest';
import { Rng, Weighted, deriveSeed, scrambleId } from './rng.js';

describe('Rng', () => {
  it('gives the same sequence for the same seed, another for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 20 }, () => a.u32());
    expect(Array.from({ length: 20 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.u32())).not.toEqual(sa);
  });

  it('pins the stream, so that a change of generator is noticed (same bytes on every machine)', () => {
    const r = new Rng(1);
    expect([r.u32(), r.u32(), r.u32()]).toMatchSnapshot();
  });

  it('derives independent streams from labels', () => {
    expect(deriveSeed(7, 'lawful', 1)).not.toBe(deriveSeed(7, 'lawful', 2));
    expect(deriveSeed(7, 'lawful', 1)).not.toBe(deriveSeed(8, 'lawful', 1));
    expect(deriveSeed(7, 'a', 'b')).not.toBe(deriveSeed(7, 'ab'));
    expect(Rng.derive(7, 'x').u32()).toBe(Rng.derive(7, 'x').u32());
  });

  it('draws uniform floats and integers in range', () => {
    const r = new Rng(3);
    let sum = 0;
    let outside = 0;
    const ints = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const f = r.float();
      if (!(f >= 0 && f < 1)) outside++;
      sum += f;
      ints.add(r.int(2, 5));
    }
    expect(outside).toBe(0);
    expect([...ints].sort()).toEqual([2, 3, 4, 5]);
    expect(sum / 50_000).toBeCloseTo(0.5, 2);
  });

  it('geometric and exponential have the asked mean', () => {
    const r = new Rng(5);
    let g = 0;
    let e = 0;
    for (let i = 0; i < 40_000; i++) {
      g += r.geometric(4);
      e += r.exp(10);
    }
    expect(g / 40_000).toBeGreaterThan(3.85);
    expect(g / 40_000).toBeLessThan(4.15);
    expect(e / 40_000).toBeGreaterThan(9.7);
    expect(e / 40_000).toBeLessThan(10.3);
  });

  it('Weighted draws in proportion to weights', () => {
    const w = Weighted.of([['a', 1], ['b', 3], ['c', 0]] as const);
    const r = new Rng(9);
    const n = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) n[w.draw(r)]++;
    expect(n.c).toBe(0);
    expect(n.b / 40_000).toBeGreaterThan(0.73);
    expect(n.b / 40_000).toBeLessThan(0.77);
  });

  it('scrambleId never repeats an id', () => {
    const seen = new Set<string>();
    for (let i = 1; i <= 200_000; i++) seen.add(scrambleId(i, 12345));
    expect(seen.size).toBe(200_000);
  });
});
