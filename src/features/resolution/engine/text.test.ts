import { describe, expect, it } from 'vitest';
import { areNicknames, canonicalGiven } from './nicknames.js';
import { fold, parseFullName, splitSurnames, surnameUnits } from './text.js';

describe('fold', () => {
  it.each([
    ['José  Núñez', 'JOSE NUNEZ'],
    ["O'Brien-Smith", 'OBRIEN SMITH'],
    ['  garcía  hernández ', 'GARCIA HERNANDEZ'],
    ['Muñoz', 'MUNOZ'],
    [null, ''],
  ])('%s -> %s', (input, want) => {
    expect(fold(input)).toBe(want);
  });
});

describe('Hispanic surnames', () => {
  it('keeps particles with the surname that follows', () => {
    expect(surnameUnits('DE LA CRUZ LOPEZ')).toEqual(['DE LA CRUZ', 'LOPEZ']);
    expect(surnameUnits('GARCIA Y LOPEZ')).toEqual(['GARCIA', 'LOPEZ']);
    expect(surnameUnits('DEL VALLE')).toEqual(['DEL VALLE']);
  });

  it('splits paternal and maternal from one column or two', () => {
    expect(splitSurnames('García Hernández', '')).toEqual(['GARCIA', 'HERNANDEZ']);
    expect(splitSurnames('García-Hernández', '')).toEqual(['GARCIA', 'HERNANDEZ']);
    expect(splitSurnames('de la Cruz', 'López')).toEqual(['DELACRUZ', 'LOPEZ']);
    expect(splitSurnames('Smith', '')).toEqual(['SMITH', '']);
    expect(splitSurnames('', '')).toEqual(['', '']);
  });

  it('parses full names in both orders', () => {
    expect(parseFullName('Juan Carlos García López')).toEqual({ given: 'JUAN', middle: 'CARLOS', paternal: 'GARCIA', maternal: 'LOPEZ' });
    expect(parseFullName('García López, Juan')).toEqual({ given: 'JUAN', middle: '', paternal: 'GARCIA', maternal: 'LOPEZ' });
    expect(parseFullName('John Smith')).toEqual({ given: 'JOHN', middle: '', paternal: 'SMITH', maternal: '' });
  });
});

describe('nicknames', () => {
  it.each([
    ['WILLIAM', 'BILL'],
    ['ROBERT', 'BOB'],
    ['JOSE', 'PEPE'],
    ['FRANCISCO', 'PACO'],
    ['FRANCISCO', 'PANCHO'],
    ['GUADALUPE', 'LUPE'],
    ['JESUS', 'CHUY'],
    ['GUILLERMO', 'MEMO'],
    ['IGNACIO', 'NACHO'],
    ['PACO', 'PANCHO'],
  ])('%s ~ %s', (a, b) => {
    expect(areNicknames(a, b)).toBe(true);
    expect(areNicknames(b, a)).toBe(true);
  });

  it('does not join names that only share a diminutive', () => {
    expect(areNicknames('ALBERTO', 'GILBERTO')).toBe(false);
    expect(areNicknames('WILLIAM', 'ROBERT')).toBe(false);
    expect(canonicalGiven('CHUY')).toBe('JESUS');
    expect(canonicalGiven('ZEBULON')).toBe('ZEBULON');
  });
});
