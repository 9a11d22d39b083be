import { describe, expect, it } from 'vitest';
import { CALIBERS, caliberGreaterThan22, caliberKey, normalizeCaliber, sameCaliberFamily } from './calibers.js';

describe('normalizeCaliber', () => {
  it.each([
    ['.223 Rem', '.223 Remington', '5.56x45'],
    ['223', '.223 Remington', '5.56x45'],
    ['5.56 NATO', '5.56x45mm NATO', '5.56x45'],
    ['5.56x45mm', '5.56x45mm NATO', '5.56x45'],
    ['5,56 x 45', '5.56x45mm NATO', '5.56x45'],
    ['556', '5.56x45mm NATO', '5.56x45'],
    ['.223/5.56', '.223 Remington', '5.56x45'],
    ['5.56 / .223', '5.56x45mm NATO', '5.56x45'],
    ['7.62x39', '7.62x39mm', '7.62x39'],
    ['7.62 X 39MM', '7.62x39mm', '7.62x39'],
    ['7,62x39', '7.62x39mm', '7.62x39'],
    ['762X39', '7.62x39mm', '7.62x39'],
    ['5.7x28', '5.7x28mm', '5.7x28'],
    ['5.7mm', '5.7x28mm', '5.7x28'],
    ['5.7 MM', '5.7x28mm', '5.7x28'],
    ['FN 5.7', '5.7x28mm', '5.7x28'],
    ['.50 BMG', '.50 BMG', '.50 BMG'],
    ['50 cal', '.50 BMG', '.50 BMG'],
    ['.50 caliber', '.50 BMG', '.50 BMG'],
    ['12.7x99mm', '.50 BMG', '.50 BMG'],
    ['9mm', '9mm Luger', '9x19'],
    ['9 MM', '9mm Luger', '9x19'],
    ['9x19', '9mm Luger', '9x19'],
    ['9mm Luger', '9mm Luger', '9x19'],
    ['9MM PARABELLUM', '9mm Luger', '9x19'],
    ['9mm +P', '9mm Luger', '9x19'],
    ['.45 ACP', '.45 ACP', '.45 ACP'],
    ['45 auto', '.45 ACP', '.45 ACP'],
    ['.40 S&W', '.40 S&W', '.40 S&W'],
    ['40 cal', '.40 S&W', '.40 S&W'],
    ['.380 ACP', '.380 ACP', '.380 ACP'],
    ['380 auto', '.380 ACP', '.380 ACP'],
    ['.22 LR', '.22 LR', '.22 rimfire'],
    ['22 long rifle', '.22 LR', '.22 rimfire'],
    ['.22 cal', '.22 LR', '.22 rimfire'],
    ['.38 SPL', '.38 Special', '.38 Special'],
    ['.357 Mag', '.357 Magnum', '.357 Magnum'],
    ['7.62x51', '7.62x51mm NATO', '7.62x51'],
    ['.308 Win', '.308 Winchester', '7.62x51'],
    ['12 GA', '12 gauge', '12 gauge'],
    ['12 gauge', '12 gauge', '12 gauge'],
    ['12GA.', '12 gauge', '12 gauge'],
    ['20 GAUGE', '20 gauge', '20 gauge'],
    ['.30-06', '.30-06 Springfield', '.30-06'],
    ['30-06 SPRG', '.30-06 Springfield', '.30-06'],
    ['10mm', '10mm Auto', '10mm Auto'],
    ['.44 Mag', '.44 Magnum', '.44 Magnum'],
    ['7.62x54R', '7.62x54mmR', '7.62x54R'],
    ['300 BLK', '.300 AAC Blackout', '.300 Blackout'],
    ['.300 Blackout', '.300 AAC Blackout', '.300 Blackout'],
    ['0.45', '.45 ACP', '.45 ACP'],
  ])('%j -> %s (%s)', (raw, canonical, family) => {
    const r = normalizeCaliber(raw);
    expect(r.known).toBe(true);
    expect(r.canonical).toBe(canonical);
    expect(r.family).toBe(family);
  });

  it.each([['7.62'], ['unknown'], [''], ['.223/7.62x39']])('%j is not known', (raw) => {
    const r = normalizeCaliber(raw);
    expect(r.known).toBe(false);
    expect(r.family).toBeNull();
  });

  it('every alias resolves to its own entry', () => {
    for (const c of CALIBERS) for (const a of c.aliases) expect(normalizeCaliber(a).canonical).toBe(c.canonical);
  });

  it('the key squeezes spelling differences', () => {
    expect(caliberKey('7,62 x 39mm')).toBe(caliberKey('762x39'));
  });
});

describe('families', () => {
  it.each([
    ['.223', '5.56 NATO', true],
    ['.308', '7.62 NATO', true],
    ['9mm', '9x19', true],
    ['9mm', '.380', false],
    ['7.62x39', '7.62x51', false],
    ['bogus', 'bogus', false],
  ])('%s ~ %s: %s', (a, b, same) => {
    expect(sameCaliberFamily(a, b)).toBe(same);
  });
});

describe('caliberGreaterThan22 (F 3310.12)', () => {
  it.each([
    ['.22 LR', false],
    ['.22 WMR', false],
    ['.17 HMR', false],
    ['.22-250', false],
    ['5.45x39', false],
    ['.223 Rem', true],
    ['5.56 NATO', true],
    ['5.7x28', true],
    ['7.62x39', true],
    ['.308', true],
    ['.50 BMG', true],
    ['9mm', true],
    ['12 gauge', true],
    ['.224 Valkyrie', true],
  ])('%s -> %s', (c, expected) => {
    expect(caliberGreaterThan22(c)).toEqual({ ok: true, value: expected });
  });

  it('gives a reason for an unknown caliber instead of guessing', () => {
    const r = caliberGreaterThan22('7.62');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not known/);
  });
});
