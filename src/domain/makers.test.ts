import { describe, expect, it } from 'vitest';
import { MAKERS, makerKey, normalizeMaker } from './makers.js';

describe('the curated list', () => {
  it('has at least 60 firms, each with a kind and a two-letter country', () => {
    expect(MAKERS.length).toBeGreaterThanOrEqual(60);
    for (const m of MAKERS) {
      expect(['maker', 'importer', 'both']).toContain(m.kind);
      expect(m.country).toMatch(/^[A-Z]{2}$/);
    }
  });

  it('has unique canonical names and every alias resolves to its own firm', () => {
    expect(new Set(MAKERS.map((m) => m.canonical)).size).toBe(MAKERS.length);
    for (const m of MAKERS) {
      for (const a of [m.canonical, ...m.aliases]) expect(normalizeMaker(a).canonical).toBe(m.canonical);
    }
  });
});

describe('makerKey', () => {
  it.each([
    ['Century International Arms, Inc.', 'CENTURY'],
    ['Smith & Wesson', 'SMITHANDWESSON'],
    ["Colt's Mfg. Co.", 'COLTS'],
    ['Kel-Tec CNC', 'KELTECCNC'],
    ['The Arms Co', 'ARMS'],
    ['Česká zbrojovka', 'CESKAZBROJOVKA'],
    ['Bersa S.A.', 'BERSA'],
    ['C.A.I.', 'CAI'],
    ['O. F. Mossberg', 'OFMOSSBERG'],
    ['  ', ''],
  ])('%j -> %j', (raw, key) => {
    expect(makerKey(raw)).toBe(key);
  });
});

describe('normalizeMaker', () => {
  it.each([
    ['Century Arms', 'Century Arms', 'exact'],
    ['CENTURY INTERNATIONAL ARMS INC', 'Century Arms', 'exact'],
    ['century intl arms', 'Century Arms', 'exact'],
    ['CAI', 'Century Arms', 'alias'],
    ['C.A.I.', 'Century Arms', 'alias'],
    ['ROMARM', 'Romarm', 'exact'],
    ['Romarm S.A.', 'Romarm', 'exact'],
    ['Cugir', 'Romarm', 'alias'],
    ['ROMARM/CUGIR', 'Romarm', 'alias'],
    ['FN Herstal', 'FN Herstal', 'exact'],
    ['FNH USA', 'FN Herstal', 'alias'],
    ['FN America LLC', 'FN Herstal', 'alias'],
    ['Fabrique Nationale', 'FN Herstal', 'alias'],
    ['Colt', 'Colt', 'exact'],
    ["COLT'S MANUFACTURING CO", 'Colt', 'alias'],
    ['Sturm, Ruger & Co., Inc.', 'Sturm Ruger', 'exact'],
    ['RUGER', 'Sturm Ruger', 'alias'],
    ['Smith and Wesson', 'Smith & Wesson', 'exact'],
    ['S&W', 'Smith & Wesson', 'alias'],
    ['S & W', 'Smith & Wesson', 'alias'],
    ['SW', 'Smith & Wesson', 'alias'],
    ['GLOCK GMBH', 'Glock', 'exact'],
    ['Glock, Inc.', 'Glock', 'exact'],
    ['Barrett Firearms Mfg', 'Barrett', 'exact'],
    ['China North Industries Corp', 'Norinco', 'alias'],
    ['NORINCO', 'Norinco', 'exact'],
    ['Zastava Oruzje', 'Zastava', 'alias'],
    ['Kel Tec', 'Kel-Tec', 'exact'],
    ['KELTEC CNC INDUSTRIES', 'Kel-Tec', 'alias'],
    ['Forjas Taurus S.A.', 'Taurus', 'alias'],
    ['HI POINT FIREARMS', 'Hi-Point', 'exact'],
    ['Beemiller Inc', 'Hi-Point', 'alias'],
    ['SIGARMS', 'SIG Sauer', 'alias'],
    ['Sig Sauer, Inc.', 'SIG Sauer', 'exact'],
    ['Springfield Armory Inc', 'Springfield Armory', 'exact'],
    ['Beretta U.S.A. Corp', 'Beretta', 'alias'],
    ['H&K', 'Heckler & Koch', 'alias'],
    ['HECKLER AND KOCH', 'Heckler & Koch', 'exact'],
    ['CZ-USA', 'CZ', 'alias'],
    ['Ceska Zbrojovka', 'CZ', 'alias'],
    ['O.F. MOSSBERG & SONS, INC.', 'Mossberg', 'alias'],
    ['Remington Arms Company LLC', 'Remington', 'exact'],
    ['Savage Arms', 'Savage', 'exact'],
    ['Henry Repeating Arms', 'Henry', 'alias'],
    ['Carl Walther GmbH', 'Walther', 'alias'],
    ['BERSA S.A.', 'Bersa', 'exact'],
    ['Palmetto State Armory', 'Palmetto State Armory', 'exact'],
    ['PSA', 'Palmetto State Armory', 'alias'],
    ['Anderson Mfg.', 'Anderson Manufacturing', 'exact'],
    ['Jennings/Bryco', 'Jennings / Bryco Arms', 'exact'],
    ['BRYCO ARMS', 'Jennings / Bryco Arms', 'alias'],
    ['Canik 55', 'Canik', 'alias'],
    ['Inter Ordnance of America', 'Inter Ordnance', 'alias'],
    ['IZHMASH', 'Kalashnikov Concern', 'alias'],
    ['Saiga', 'Kalashnikov Concern', 'alias'],
    ['Kalashnikov USA', 'Kalashnikov USA', 'exact'],
    ['Rock Island Armory', 'Armscor', 'alias'],
    ['Israel Weapon Industries', 'Israel Weapon Industries', 'exact'],
    ['IWI US, Inc.', 'Israel Weapon Industries', 'alias'],
    ['U.S. Repeating Arms Co', 'Winchester', 'alias'],
    ['Century Arms (CAI)', 'Century Arms', 'exact'],
  ])('%j -> %s (%s)', (raw, canonical, match) => {
    const r = normalizeMaker(raw);
    expect(r.canonical).toBe(canonical);
    expect(r.known).toBe(true);
    expect(r.match).toBe(match);
    expect(r.raw).toBe(raw);
  });

  it.each([
    ['Centery Arms', 'Century Arms'],
    ['Glok', 'Glock'],
    ['Smith & Weson', 'Smith & Wesson'],
    ['Smith and Wessen', 'Smith & Wesson'],
    ['Romarn', 'Romarm'],
    ['Barret', 'Barrett'],
    ['Zastva', 'Zastava'],
    ['Norinko', 'Norinco'],
    ['Bushmastr', 'Bushmaster'],
    ['Kimbre', 'Kimber'],
    ['Mosberg', 'Mossberg'],
    ['Springfeild Armory', 'Springfield Armory'],
    ['Heckler & Kock', 'Heckler & Koch'],
  ])('misspelt %j -> %s (fuzzy)', (raw, canonical) => {
    const r = normalizeMaker(raw);
    expect(r.canonical).toBe(canonical);
    expect(r.match).toBe('fuzzy');
    expect(r.distance).toBeGreaterThan(0);
  });

  it.each([
    ['Acme Gunworks', 'Acme Gunworks'],
    ['  some   small shop ', 'some small shop'],
    ['XYZ', 'XYZ'],
    ['', ''],
    ['Staf', 'Staf'],
  ])('unknown %j stays as written, tidied', (raw, canonical) => {
    const r = normalizeMaker(raw);
    expect(r.known).toBe(false);
    expect(r.match).toBe('unknown');
    expect(r.canonical).toBe(canonical);
  });

  it('refuses to pick between two equally close firms', () => {
    const r = normalizeMaker('Staf');
    expect(r.ambiguousWith).toEqual(['Stag Arms', 'Star Bonifacio Echeverria']);
  });

  it('carries kind and country', () => {
    expect(normalizeMaker('Century International Arms')).toMatchObject({ kind: 'importer', country: 'US' });
    expect(normalizeMaker('Cugir')).toMatchObject({ kind: 'maker', country: 'RO' });
  });
});
