import { describe, expect, it } from 'vitest';
import { dob, email, givenName, idNumber, NULL_LEVEL, street, surname, type Comparison } from './comparisons.js';
import { Store } from './store.js';
import type { PersonInput } from './types.js';

function level(c: Comparison, a: Omit<PersonInput, 'id'>, b: Omit<PersonInput, 'id'>): string {
  const s = new Store();
  s.add([{ id: 'a', ...a }, { id: 'b', ...b }]);
  const l = c.compute(s, 0, 1);
  return l === NULL_LEVEL ? 'null' : c.levels[l].code;
}

describe('given name levels', () => {
  it.each([
    [{ given_name: 'José' }, { given_name: 'JOSE' }, 'exact'],
    [{ given_name: 'Francisco' }, { given_name: 'Paco' }, 'nickname'],
    [{ given_name: 'William' }, { given_name: 'Bill' }, 'nickname'],
    [{ given_name: 'Guadalupe' }, { given_name: 'Guadalpue' }, 'jw_high'],
    [{ given_name: 'Katherine' }, { given_name: 'Catherina' }, 'fuzzy'],
    [{ given_name: 'J' }, { given_name: 'Juan' }, 'initial_middle'],
    [{ given_name: 'Juan', middle_name: 'Carlos' }, { given_name: 'Carlos' }, 'initial_middle'],
    [{ given_name: 'Garcia', surname: 'Juan' }, { given_name: 'Juan', surname: 'Garcia' }, 'swapped'],
    [{ given_name: 'Juan' }, { given_name: 'Pedro' }, 'else'],
    [{ given_name: '' }, { given_name: 'Pedro' }, 'null'],
  ])('%j vs %j -> %s', (a, b, want) => {
    expect(level(givenName, a, b)).toBe(want);
  });
});

describe('surname levels (Hispanic naming)', () => {
  it.each([
    [{ surname: 'García Hernández' }, { surname: 'GARCIA HERNANDEZ' }, 'exact'],
    [{ surname: 'García', maternal_surname: 'Hernández' }, { surname: 'García Hernández' }, 'exact'],
    [{ surname: 'García Hernández' }, { surname: 'Hernández García' }, 'order_swapped'],
    [{ surname: 'García Hernández' }, { surname: 'García' }, 'one_dropped'],
    [{ surname: 'García Hernández' }, { surname: 'Hernández' }, 'one_dropped'],
    [{ surname: 'Wojciechowski' }, { surname: 'Wojciechowsky' }, 'jw_high'],
    [{ surname: 'García Hernández' }, { surname: 'García López' }, 'share_one'],
    [{ surname: 'Smith' }, { surname: 'Smyth' }, 'fuzzy'],
    [{ given_name: 'Garcia', surname: 'Juan' }, { given_name: 'Juan', surname: 'Garcia' }, 'swapped'],
    [{ surname: 'Smith' }, { surname: 'Jones' }, 'else'],
  ])('%j vs %j -> %s', (a, b, want) => {
    expect(level(surname, a, b)).toBe(want);
  });
});

describe('birth date levels', () => {
  it.each([
    ['1980-05-12', '1980-05-12', 'exact'],
    ['1980-05-12', '1980-12-05', 'day_month_swapped'],
    ['1980-05-12', '1908-05-12', 'one_digit'],
    ['1980-05-12', '1980-05-13', 'one_digit'],
    ['1980-05-12', '1980-05-27', 'year_month'],
    ['1980-05-12', '1980-09-27', 'within_year'],
    ['1980-05-12', '1975-09-27', 'else'],
    ['1980-05-12', '', 'null'],
  ])('%s vs %s -> %s', (a, b, want) => {
    expect(level(dob, { dob: a }, { dob: b })).toBe(want);
  });
});

describe('identifiers and address', () => {
  it('ID numbers: exact, one edit, else', () => {
    expect(level(idNumber, { id_number: 'A123-456' }, { id_number: 'a123456' })).toBe('exact');
    expect(level(idNumber, { id_number: '123456' }, { id_number: '123465' })).toBe('one_edit');
    expect(level(idNumber, { id_number: '123456' }, { id_number: '654321' })).toBe('else');
  });

  it('emails: same user name counts as close', () => {
    expect(level(email, { email: 'Juan.G@example.com' }, { email: 'juan.g@example.com' })).toBe('exact');
    expect(level(email, { email: 'juan.g@example.com' }, { email: 'juan.g@example.org' })).toBe('close');
  });

  it('street abbreviations fold, house numbers matter', () => {
    expect(level(street, { street_number: '12', street: 'Main Street' }, { street_number: '12', street: 'MAIN ST' })).toBe('exact');
    expect(level(street, { street_number: '12', street: 'Main Street' }, { street_number: '21', street: 'MAIN ST' })).toBe('close');
    expect(level(street, { street_number: '12', street: 'Main Street' }, { street_number: '480', street: 'MAIN ST' })).toBe('same_street');
    expect(level(street, { street_number: '12', street: 'Main Street' }, { street_number: '12', street: 'Oak Avenue' })).toBe('same_number');
  });
});
