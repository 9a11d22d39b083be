import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { ringSize, type Skill } from './rings.js';

describe('ring sizes', () => {
  const draw = (skill: Skill, n = 20_000) => {
    const rng = new Rng(7);
    return Array.from({ length: n }, () => ringSize(rng, skill));
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it.each(['bold', 'moderate', 'careful'] as const)('%s rings have 2 to 40 straw buyers', (skill) => {
    const sizes = draw(skill);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(40);
  });

  it('bold rings are the largest and careful ones the smallest, from a pair of buyers to the cap of 40', () => {
    const bold = draw('bold');
    const moderate = draw('moderate');
    const careful = draw('careful');
    expect(mean(bold)).toBeGreaterThan(9.5);
    expect(mean(bold)).toBeLessThan(11.5);
    expect(mean(moderate)).toBeGreaterThan(6);
    expect(mean(moderate)).toBeLessThan(7.5);
    expect(mean(careful)).toBeGreaterThan(4.5);
    expect(mean(careful)).toBeLessThan(5.5);
    // Both ends occur: the smallest rings are pairs, and a few bold rings reach the cap.
    expect(careful.filter((n) => n === 2).length / careful.length).toBeGreaterThan(0.15);
    expect(bold.filter((n) => n === 40).length).toBeGreaterThan(0);
    expect(bold.filter((n) => n >= 20).length / bold.length).toBeGreaterThan(0.1);
  });
});
