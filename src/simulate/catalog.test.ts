import { describe, expect, it } from 'vitest';
import { MODELS, SerialMint, isQualifyingRifle } from './catalog.js';
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
      if (!/^[A-Z]{3}\d{3}$/.test(s)) badShape++;
      seen.add(s);
    }
    expect(badShape).toBe(0);
    expect(seen.size).toBe(100_000);
    const wasr = MODELS.find((m) => m.model === 'WASR-10')!;
    expect(mint.next(wasr)).toMatch(/^RO\d{4}-\d{4}$/);
  });
});
