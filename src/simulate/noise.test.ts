import { describe, expect, it } from 'vitest';
import { dayOf } from './days.js';
import { DEFAULT_NOISE, NOISE_KINDS, Noise, foldAccents, misreadSerial, obliterateSerial, resolveNoise, typo } from './noise.js';
import { makePerson, renderPerson } from './people.js';
import { CITIES } from './places.js';
import { Rng } from './rng.js';

describe('noise primitives', () => {
  it('misreads only confusable characters, one at a time', () => {
    const r = new Rng(1);
    for (let i = 0; i < 200; i++) {
      const m = misreadSerial(r, 'RO1234-5678');
      const diff = [...m].filter((c, j) => c !== 'RO1234-5678'[j]);
      expect(diff.length).toBe(1);
      expect('0O1I5S8B2Z6GL').toContain(diff[0]);
    }
    expect(misreadSerial(r, '3344-7777')).toBe('3344-7777');
  });

  it('obliterates some positions and leaves at least one readable', () => {
    const r = new Rng(2);
    for (let i = 0; i < 200; i++) {
      const o = obliterateSerial(r, 'ABC123');
      expect(o).toMatch(/\?/);
      expect(o.replace(/\?/g, '').length).toBeGreaterThan(0);
      expect(o).toHaveLength(6);
    }
  });

  it('makes one typo and folds accents', () => {
    const r = new Rng(3);
    const t = typo(r, 'Hernandez');
    expect(t).not.toBe('Hernandez');
    expect(Math.abs(t.length - 'Hernandez'.length)).toBeLessThanOrEqual(1);
    expect(foldAccents('José Hernández Núñez')).toBe('Jose Hernandez Nunez');
  });

  it('resolves a multiplier or overrides, and refuses nonsense', () => {
    expect(resolveNoise(0).typo).toBe(0);
    expect(resolveNoise(2).typo).toBeCloseTo(DEFAULT_NOISE.typo * 2);
    expect(resolveNoise({ typo: 0.5 }).typo).toBe(0.5);
    expect(() => resolveNoise({ typo: 2 })).toThrow(/between 0 and 1/);
    expect(() => resolveNoise(-1)).toThrow(/>= 0/);
  });
});

describe('identity noise rates', () => {
  it('applies each kind at its configured rate (within sampling error)', () => {
    const rng = new Rng(11);
    const noise = new Noise(resolveNoise(undefined));
    const at = dayOf('2015-01-01');
    for (let i = 0; i < 20_000; i++) {
      const p = makePerson(rng, i, { city: CITIES[i % 40], hispanicShare: 0.5, minAge: 20, maxAge: 70, at }, 99);
      renderPerson(rng, noise, 5, p, { id: true, at });
    }
    const personKinds = NOISE_KINDS.filter((k) => !['serialMisread', 'serialObliterated', 'aliasSpelling'].includes(k));
    for (const k of personKinds) {
      const { eligible, applied } = noise.stats[k];
      expect(eligible, k).toBeGreaterThan(500);
      const rate = noise.rates[k];
      const sd = Math.sqrt((rate * (1 - rate)) / eligible);
      expect(Math.abs(applied / eligible - rate), k).toBeLessThan(4 * sd + 0.002);
    }
  });

  it('writes clean records with noise 0', () => {
    const rng = new Rng(12);
    const noise = new Noise(resolveNoise(0));
    const at = dayOf('2015-01-01');
    const p = makePerson(rng, 1, { city: CITIES[0], hispanicShare: 1, minAge: 30, maxAge: 30, at }, 99);
    const r = renderPerson(rng, noise, 5, p, { id: true, at });
    expect(r.surname).toBe(p.surname);
    expect(r.given_name).toBe(p.given);
    expect(r.id_number).toBe(p.idNumber);
    expect(Object.values(noise.stats).every((s) => s.applied === 0)).toBe(true);
  });
});
