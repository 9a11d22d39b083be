import { describe, expect, it } from 'vitest';
import {
  distanceKm,
  MX_STATES, US_STATES, isBorderState, isMxBorderState, normalizeMxState, normalizeUsState,
} from './geo.js';

describe('tables', () => {
  it('has 50 states, DC and 5 territories, with plausible centroids', () => {
    expect(US_STATES.filter((s) => s.kind === 'state')).toHaveLength(50);
    expect(US_STATES.filter((s) => s.kind === 'district')).toHaveLength(1);
    expect(US_STATES.filter((s) => s.kind === 'territory')).toHaveLength(5);
    for (const s of US_STATES) {
      expect(Math.abs(s.lat)).toBeLessThan(72);
      expect(Math.abs(s.lon)).toBeLessThanOrEqual(180);
    }
  });

  it('has the 32 Mexican states inside Mexico\'s bounding box, numbered 01..32', () => {
    expect(MX_STATES).toHaveLength(32);
    expect(new Set(MX_STATES.map((s) => s.inegi)).size).toBe(32);
    for (const s of MX_STATES) {
      expect(s.lat).toBeGreaterThan(14);
      expect(s.lat).toBeLessThan(33);
      expect(s.lon).toBeGreaterThan(-118);
      expect(s.lon).toBeLessThan(-86);
    }
  });
});

describe('normalizeUsState', () => {
  it.each([
    ['AZ', 'AZ'], ['az', 'AZ'], ['Arizona', 'AZ'], ['ARIZONA', 'AZ'], ['Ariz.', 'AZ'],
    ['CA', 'CA'], ['Calif.', 'CA'], ['california', 'CA'],
    ['N.M.', 'NM'], ['New Mexico', 'NM'], ['N. Mex.', 'NM'],
    ['TX', 'TX'], ['Tex.', 'TX'], [' texas ', 'TX'],
    ['D.C.', 'DC'], ['Washington, D.C.', 'DC'], ['District of Columbia', 'DC'],
    ['PR', 'PR'], ['Puerto Rico', 'PR'], ['Guam', 'GU'], ['USVI', 'VI'],
    ['W. Va.', 'WV'], ['West Virginia', 'WV'], ['Washington', 'WA'], ['US-NY', 'NY'],
    ['Hawaiʻi', 'HI'], ['N.C.', 'NC'],
  ])('%j -> %s', (raw, code) => {
    const r = normalizeUsState(raw);
    expect(r.ok && r.value.code).toBe(code);
  });

  it.each([[''], ['XX'], ['Sonora'], ['Texass']])('refuses %j', (raw) => {
    expect(normalizeUsState(raw).ok).toBe(false);
  });
});

describe('normalizeMxState', () => {
  it.each([
    ['SON', 'SON'], ['Sonora', 'SON'], ['MX-SON', 'SON'], ['26', 'SON'],
    ['Chihuahua', 'CHH'], ['Chih.', 'CHH'],
    ['CDMX', 'CMX'], ['Ciudad de México', 'CMX'], ['Ciudad de Mexico', 'CMX'], ['Distrito Federal', 'CMX'],
    ['D.F.', 'CMX'], ['Mexico City', 'CMX'],
    ['Edo. de Mexico', 'MEX'], ['Estado de México', 'MEX'], ['Edomex', 'MEX'], ['México', 'MEX'], ['MEX', 'MEX'],
    ['Nuevo León', 'NLE'], ['NUEVO LEON', 'NLE'], ['N.L.', 'NLE'],
    ['Michoacán', 'MIC'], ['Michoacan de Ocampo', 'MIC'],
    ['Querétaro', 'QUE'], ['Qro.', 'QUE'], ['Q. Roo', 'ROO'], ['Quintana Roo', 'ROO'],
    ['San Luis Potosi', 'SLP'], ['Tamps.', 'TAM'], ['Yucatan', 'YUC'], ['Veracruz', 'VER'],
    ['Baja California', 'BCN'], ['Baja California Sur', 'BCS'], ['B.C.S.', 'BCS'],
    ['Estado de Sonora', 'SON'], ['Edo. de Jalisco', 'JAL'], ['Coahuila', 'COA'], ['1', 'AGU'],
  ])('%j -> %s', (raw, code) => {
    const r = normalizeMxState(raw);
    expect(r.ok && r.value.code).toBe(code);
  });

  it.each([[''], ['Texas'], ['33'], ['Sonorra']])('refuses %j', (raw) => {
    expect(normalizeMxState(raw).ok).toBe(false);
  });
});

describe('border states', () => {
  it.each([
    ['AZ', true], ['California', true], ['N.M.', true], ['tex.', true],
    ['NV', false], ['Florida', false], ['Sonora', false], ['', false],
  ])('isBorderState(%j) = %s', (raw, expected) => {
    expect(isBorderState(raw)).toBe(expected);
  });

  it.each([['Sonora', true], ['Tamaulipas', true], ['Jalisco', false], ['CDMX', false]])(
    'isMxBorderState(%j) = %s',
    (raw, expected) => {
      expect(isMxBorderState(raw)).toBe(expected);
    },
  );
});

describe('distanceKm', () => {
  it('is zero for one place and symmetric', () => {
    expect(distanceKm(33.45, -112.07, 33.45, -112.07)).toBe(0);
    expect(distanceKm(33.45, -112.07, 31.76, -106.49)).toBeCloseTo(distanceKm(31.76, -106.49, 33.45, -112.07), 9);
  });

  it('gives known distances', () => {
    // One degree of latitude is about 111.2 km; London to Paris is about 343.5 km great-circle.
    expect(distanceKm(33, -112, 34, -112)).toBeCloseTo(111.19, 1);
    expect(distanceKm(51.5074, -0.1278, 48.8566, 2.3522)).toBeCloseTo(343.5, 0);
  });
});
