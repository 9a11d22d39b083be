import { describe, expect, it } from 'vitest';
import { Store } from './store.js';

describe('Store preparation', () => {
  it('gives a repeated raw value the same ids and counts every occurrence', () => {
    const s = new Store();
    s.add([
      { id: 'a', given_name: 'José', surname: 'García', maternal_surname: 'López', street: '12 Main Street', city: 'El Paso', state: 'tx' },
      { id: 'b', given_name: 'José', surname: 'García', maternal_surname: 'López', street: '12 Main Street', city: 'El Paso', state: 'TX' },
      { id: 'c', given_name: 'JOSE', surname: 'GARCIA LOPEZ', street: '12 MAIN ST', city: 'EL PASO', state: 'TX' },
    ]);
    for (const col of ['given', 'paternal', 'maternal', 'surname', 'street', 'city', 'state'] as const) {
      expect(new Set(Array.from(s[col].data.subarray(0, 3))).size, col).toBe(1);
    }
    expect(s.nameStr(s.paternal.data[0])).toBe('GARCIA');
    expect(s.nameStr(s.maternal.data[2])).toBe('LOPEZ');
    expect(s.cities.counts[s.city.data[0]]).toBe(3);
    expect(s.surnames.counts[s.surname.data[0]]).toBe(3);
    expect(s.givenCount[s.given.data[0]]).toBe(3);
  });

  it('reads a second given-name word as the middle name unless one is given', () => {
    const s = new Store();
    s.add([
      { id: 'a', given_name: 'Juan Carlos', surname: 'Ruiz' },
      { id: 'b', given_name: 'Juan Carlos', middle_name: 'Pedro', surname: 'Ruiz' },
      { id: 'c', given_name: 'Juan Carlos', middle_name: '.', surname: 'Ruiz' },
    ]);
    expect(s.nameStr(s.given.data[0])).toBe('JUAN');
    expect(s.nameStr(s.middle.data[0])).toBe('CARLOS');
    expect(s.nameStr(s.middle.data[1])).toBe('PEDRO');
    expect(s.nameStr(s.middle.data[2])).toBe('CARLOS');
  });

  it('falls back to the full name, and normalises ID numbers and phones', () => {
    const s = new Store();
    s.add([
      { id: 'a', full_name: 'García López, Juan', id_number: 'g-773 4120', phone: '+1 (520) 555-0143' },
      { id: 'b', given_name: 'Juan', surname: 'Garcia', maternal_surname: 'Lopez', id_number: 'G7734120', phone: '5205550143' },
    ]);
    expect(s.nameStr(s.given.data[0])).toBe('JUAN');
    expect(s.paternal.data[0]).toBe(s.paternal.data[1]);
    expect(s.maternal.data[0]).toBe(s.maternal.data[1]);
    expect(s.idnum.data[0]).toBe(s.idnum.data[1]);
    expect(s.phone.data[0]).toBe(s.phone.data[1]);
  });

  it('codes sex by own properties only', () => {
    const s = new Store();
    s.add([
      { id: 'a', sex: 'F' },
      { id: 'b', sex: 'hombre' },
      { id: 'c', sex: 'constructor' },
      { id: 'd', sex: 'toString' },
    ]);
    expect(Array.from(s.sex.data.subarray(0, 4))).toEqual([2, 1, 0, 0]);
  });

  it('refuses a duplicate record id and keeps the first', () => {
    const s = new Store();
    s.add([{ id: 'a' }, { id: 'b' }]);
    expect(() => s.addOne({ id: 'a' })).toThrow(/duplicate record id: a/);
    expect(s.n).toBe(2);
    expect(s.idIndex.get('a')).toBe(0);
    expect(s.addOne({ id: 'c' })).toBe(2);
  });
});
