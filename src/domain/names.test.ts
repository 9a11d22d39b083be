import { describe, expect, it } from 'vitest';
import { NICKNAMES } from './nicknames.js';
import {
  givenNameVariants, normalizePersonName, phoneticKey, sameGivenName, soundsAlike, splitFullName,
} from './names.js';

describe('normalizePersonName', () => {
  it.each([
    ['José García', 'JOSE GARCIA'],
    ['  maría   de la  cruz ', 'MARIA DE LA CRUZ'],
    ["O'Brien", 'OBRIEN'],
    ['García - López', 'GARCIA-LOPEZ'],
    ['Núñez', 'NUNEZ'],
    ['Saint John', 'ST JOHN'],
    ['St. John', 'ST JOHN'],
    ['Peña, Juan', 'PENA JUAN'],
    ['J. R. Smith', 'J R SMITH'],
  ])('%j -> %j', (raw, expected) => {
    expect(normalizePersonName(raw)).toBe(expected);
  });
});

describe('splitFullName', () => {
  it.each([
    ['Juan Carlos García López', {}, 'JUAN CARLOS', 'GARCIA', 'LOPEZ', 'hispanic'],
    ['José Hernández', {}, 'JOSE', 'HERNANDEZ', null, 'hispanic'],
    ['Juan García y López', {}, 'JUAN', 'GARCIA', 'LOPEZ', 'hispanic'],
    ['Juan García-López', {}, 'JUAN', 'GARCIA', 'LOPEZ', 'hispanic'],
    ['Pedro de la Cruz Martínez', {}, 'PEDRO', 'DE LA CRUZ', 'MARTINEZ', 'hispanic'],
    ['Luis Ramírez del Río', {}, 'LUIS', 'RAMIREZ', 'DEL RIO', 'hispanic'],
    ['GARCIA LOPEZ, JUAN CARLOS', {}, 'JUAN CARLOS', 'GARCIA', 'LOPEZ', 'hispanic'],
    ['Smith, John Michael', {}, 'JOHN MICHAEL', 'SMITH', null, 'western'],
    ['John Michael Smith', {}, 'JOHN MICHAEL', 'SMITH', null, 'western'],
    ['Mary Smith-Jones', {}, 'MARY', 'SMITH-JONES', null, 'western'],
    ['Martin Van Buren', {}, 'MARTIN', 'VAN BUREN', null, 'western'],
    ['Ana Maria Perez Soto', {}, 'ANA MARIA', 'PEREZ', 'SOTO', 'hispanic'],
    ['Robert Allen Lee', { style: 'hispanic' as const }, 'ROBERT', 'ALLEN', 'LEE', 'hispanic'],
    ['Jesús Alberto Ruiz', { style: 'western' as const }, 'JESUS ALBERTO', 'RUIZ', null, 'western'],
    ['Cher', {}, 'CHER', null, null, 'western'],
    ['John St. James', {}, 'JOHN', 'ST JAMES', null, 'western'],
  ])('%j %o', (raw, opts, given, paternal, maternal, style) => {
    const r = splitFullName(raw, opts);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.given).toBe(given);
      expect(r.value.paternal).toBe(paternal);
      expect(r.value.maternal).toBe(maternal);
      expect(r.value.style).toBe(style);
    }
  });

  it('takes suffixes out', () => {
    const r = splitFullName('Robert Lee Jr.');
    expect(r.ok && r.value).toMatchObject({ given: 'ROBERT', paternal: 'LEE', suffix: 'JR' });
  });

  it('joins paternal and maternal into surname', () => {
    const r = splitFullName('Juan Carlos García López');
    expect(r.ok && r.value.surname).toBe('GARCIA LOPEZ');
  });

  it.each([[''], ['  '], [', ']])('refuses %j', (raw) => {
    expect(splitFullName(raw).ok).toBe(false);
  });
});

describe('nicknames', () => {
  it('has at least 80 pairs', () => {
    expect(NICKNAMES.length).toBeGreaterThanOrEqual(80);
  });

  it.each([
    ['Bill', 'William', true], ['bob', 'ROBERT', true], ['Pepe', 'José', true], ['Paco', 'Francisco', true],
    ['Lupe', 'Guadalupe', true], ['Chuy', 'Jesus', true], ['Memo', 'Guillermo', true], ['Nacho', 'Ignacio', true],
    ['Pancho', 'Paco', true], ['Beto', 'Alberto', true], ['Beto', 'Roberto', true], ['Alberto', 'Roberto', false],
    ['Bill', 'Bob', false], ['William', 'William', true], ['Tony', 'Antonio', true], ['Tony', 'Anthony', true],
    ['Jose', 'Josefina', false],
  ])('sameGivenName(%s, %s) = %s', (a, b, same) => {
    expect(sameGivenName(a, b)).toBe(same);
  });

  it('lists variants', () => {
    expect(givenNameVariants('Beto')).toEqual(['BETO', 'ALBERTO', 'ROBERTO']);
  });
});

describe('phonetics (double metaphone)', () => {
  it.each([
    ['Gonzalez', 'Gonsales', true],
    ['Hernandez', 'Hernández', true],
    ['Smith', 'Smyth', true],
    ['Jose', 'Hose', true],
    ['Rodriguez', 'Rodrigues', true],
    ['Garcia', 'Martinez', false],
    ['Juan de la Cruz', 'Juan Cruz', true],
    ['', 'Cruz', false],
  ])('soundsAlike(%j, %j) = %s', (a, b, alike) => {
    expect(soundsAlike(a, b)).toBe(alike);
  });

  it('keys skip particles', () => {
    expect(phoneticKey('de la Cruz')).toBe(phoneticKey('Cruz'));
    expect(phoneticKey('García López')).toBe('KRS LPS');
  });
});
