import { describe, expect, it } from 'vitest';
import { displayNameOf, hasIdentity, parseAddressLine, splitStreet, toPersonInput, type PersonRecordRow } from './mapping.js';

const empty: PersonRecordRow = {
  id: 7, given_name: null, middle_name: null, surname: null, maternal_surname: null, full_name: null, dob: null, sex: null,
  id_number: null, street_raw: null, city: null, state: null, postcode: null, phone: null, email: null,
};

describe('toPersonInput', () => {
  it('keeps names as written and splits the street into number and street', () => {
    const p = toPersonInput({
      ...empty, given_name: 'José Luis', surname: 'García', maternal_surname: 'Hernández', full_name: 'José Luis García Hernández',
      dob: '1988-02-14', sex: 'M', id_number: 'D08812345', street_raw: '2215 North 67th Avenue Apt 4', city: 'Phoenix', state: 'AZ',
      postcode: '85033-1234', phone: '+16025550143',
    });
    expect(p).toEqual({
      id: '7', given_name: 'José Luis', surname: 'García', maternal_surname: 'Hernández', dob: '1988-02-14', sex: 'M',
      id_number: 'D08812345', street_number: '2215', street: 'N 67TH AVE', city: 'Phoenix', state: 'AZ', postcode: '85033',
      phone: '+16025550143',
    });
  });

  it('uses the full name only when the parts are missing', () => {
    expect(toPersonInput({ ...empty, full_name: 'GARCIA, JUAN' }).full_name).toBe('GARCIA, JUAN');
    expect(toPersonInput({ ...empty, surname: 'Garcia', full_name: 'Juan Garcia' }).full_name).toBeUndefined();
  });

  it('falls back to the address and phone attributes when the record has none', () => {
    const p = toPersonInput({ ...empty, surname: 'Lopez' }, [
      { person_record_id: 7, kind: 'phone', value_raw: '(520) 555-0143', value_norm: '+15205550143' },
      { person_record_id: 7, kind: 'address', value_raw: '412 Calle Hidalgo, Nogales, AZ 85621', value_norm: '412 CALLE HIDALGO, NOGALES, AZ 85621' },
    ]);
    expect(p).toMatchObject({ street_number: '412', street: 'CALLE HIDALGO', city: 'Nogales', state: 'AZ', postcode: '85621', phone: '+15205550143' });
  });

  it('prefers the record columns over attributes', () => {
    const p = toPersonInput({ ...empty, surname: 'Lopez', street_raw: '1 Main St', phone: '+15205550000' }, [
      { person_record_id: 7, kind: 'phone', value_raw: 'x', value_norm: '+15205559999' },
      { person_record_id: 7, kind: 'address', value_raw: '9 Other Rd, Tucson, AZ 85701', value_norm: '' },
    ]);
    expect(p).toMatchObject({ street_number: '1', street: 'MAIN ST', phone: '+15205550000' });
    expect(p.city).toBeUndefined();
  });

  it('drops blank values and cuts a timestamp-like birth date to the day', () => {
    expect(toPersonInput({ ...empty, given_name: '  ', surname: 'Ruiz', dob: '1970-01-02T00:00:00Z' })).toEqual({ id: '7', surname: 'Ruiz', dob: '1970-01-02' });
  });
});

describe('helpers', () => {
  it('hasIdentity: a purged record names no one', () => {
    expect(hasIdentity(empty)).toBe(false);
    expect(hasIdentity({ ...empty, dob: '1990-01-01' })).toBe(true);
    expect(hasIdentity({ ...empty, id_number: 'A1' })).toBe(true);
  });

  it('splitStreet handles Mexican order and unparseable text', () => {
    expect(splitStreet('Calle Morelos 123')).toEqual({ street_number: '123', street: 'CALLE MORELOS' });
    expect(splitStreet('123')).toEqual({ street_number: null, street: '123' });
    expect(splitStreet(null)).toEqual({ street_number: null, street: null });
  });

  it('parseAddressLine reads street, city, state and postcode', () => {
    expect(parseAddressLine('10 Elm St, El Paso, TX 79901')).toEqual({ street: '10 Elm St', city: 'El Paso', state: 'TX', postcode: '79901' });
    expect(parseAddressLine('10 Elm St, El Paso')).toEqual({ street: '10 Elm St', city: 'El Paso', state: null, postcode: null });
  });

  it('displayNameOf', () => {
    expect(displayNameOf({ ...empty, given_name: 'Ana', surname: 'Ruiz', maternal_surname: 'Soto' })).toBe('Ana Ruiz Soto');
    expect(displayNameOf({ ...empty, full_name: 'ANA RUIZ' })).toBe('ANA RUIZ');
    expect(displayNameOf(empty)).toBe('(no name)');
  });
});
