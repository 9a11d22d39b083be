import { describe, expect, it } from 'vitest';
import { normalizeSerial, serialMatchKey } from '../domain/serial.js';
import { LETTERS, MODELS, SerialMint, isQualifyingRifle } from './catalog.js';
import { Rng } from './rng.js';

describe('catalog', () => {
  it('has the guns traffickers favour, with their importers', () => {
    const wasr = MODELS.find((m) => m.model === 'WASR-10');
    expect(wasr).toMatchObject({ maker: 'Romarm', importer: 'Century Arms', country: 'RO', caliber: '7.62x39mm' });
    expect(MODELS.some((m) => m.cls === 'fn57' && m.caliber === '5.7x28mm')).toBe(true);
    expect(MODELS.some((m) => m.maker === 'Barrett' && m.caliber === '.50 BMG')).toBe(true);
    for (const m of MODELS) if (m.country !== 'US') expect(m.importer, m.model).toBeDefined();
  });

  it('applies the F 3310.12 rifle criteria', () => {
    const byModel = (name: string) => MODELS.find((m) => m.model === name)!;
    expect(isQualifyingRifle(byModel('WASR-10'))).toBe(true);
    expect(isQualifyingRifle(byModel('AR-556'))).toBe(true);
    expect(isQualifyingRifle(byModel('10/22'))).toBe(false); // .22 LR
    expect(isQualifyingRifle(byModel('700'))).toBe(false); // bolt action
    expect(isQualifyingRifle(byModel('19'))).toBe(false); // a pistol
  });

  it('mints serials in the model\'s pattern and never twice', () => {
    const mint = new SerialMint(new Rng(1));
    const glock = MODELS.find((m) => m.model === '19')!;
    const seen = new Set<string>();
    let badShape = 0;
    for (let i = 0; i < 100_000; i++) {
      const s = mint.next(glock);
      if (!/^[A-Z]{3}\d{4}$/.test(s)) badShape++;
      seen.add(s);
    }
    expect(badShape).toBe(0);
    expect(seen.size).toBe(100_000);
    const wasr = MODELS.find((m) => m.model === 'WASR-10')!;
    expect(mint.next(wasr)).toMatch(/^RO\d{4}-\d{4}$/);
  });
});

describe('serials as Interdict matches them', () => {
  // What one position of a pattern can become once folded for matching (src/domain/serial.ts).
  const foldedChoices = (pattern: string): Set<string>[] =>
    [...normalizeSerial(pattern)].map((ch) =>
      ch === '#' ? new Set('0123456789') : ch === '@' ? new Set([...LETTERS].map(serialMatchKey)) : new Set([serialMatchKey(ch)]),
    );

  it('folds every letter of the alphabet to a different key, so two minted serials never share a match key', () => {
    const folded = [...LETTERS].map(serialMatchKey);
    expect(new Set(folded).size).toBe(LETTERS.length);
  });

  it('gives two models of one maker patterns that cannot fold to the same key', () => {
    const clashes: string[] = [];
    for (const a of MODELS) {
      for (const b of MODELS) {
        // Models of a maker with one pattern draw from one series: the next test.
        if (a.id >= b.id || a.maker !== b.maker || a.serialPattern === b.serialPattern) continue;
        const ca = foldedChoices(a.serialPattern);
        const cb = foldedChoices(b.serialPattern);
        if (ca.length === cb.length && ca.every((s, i) => [...s].some((c) => cb[i].has(c)))) clashes.push(`${a.model} / ${b.model}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has room in every series for the largest scale the CLI accepts (1000)', () => {
    const small = MODELS.filter((m) => [...m.serialPattern].reduce((n, ch) => n * (ch === '#' ? 10 : ch === '@' ? LETTERS.length : 1), 1) < 1e8);
    expect(small.map((m) => `${m.maker} ${m.model} ${m.serialPattern}`)).toEqual([]);
  });

  it('never gives two models of one maker with the same pattern the same serial', () => {
    const mint = new SerialMint(new Rng(2));
    const glocks = MODELS.filter((m) => m.maker === 'Glock');
    expect(new Set(glocks.map((m) => m.serialPattern)).size).toBe(1);
    const seen = new Set<string>();
    for (let i = 0; i < 60_000; i++) seen.add(mint.next(glocks[i % glocks.length]));
    expect(seen.size).toBe(60_000);
  });
});
