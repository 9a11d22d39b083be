import { describe, expect, it } from 'vitest';
import { normalizeAddress, normalizePhone } from './address.js';

describe('normalizeAddress', () => {
  it.each([
    ['123 Main Street', '123 MAIN ST', '123', null],
    ['123 main st.', '123 MAIN ST', '123', null],
    ['4500 North Central Avenue', '4500 N CENTRAL AVE', '4500', null],
    ['4500 N. Central Ave.', '4500 N CENTRAL AVE', '4500', null],
    ['77 Sunset Boulevard Apt 4B', '77 SUNSET BLVD APT 4B', '77', 'APT 4B'],
    ['77 Sunset Blvd, Apartment 4B', '77 SUNSET BLVD APT 4B', '77', 'APT 4B'],
    ['77 Sunset Blvd #4B', '77 SUNSET BLVD # 4B', '77', '# 4B'],
    ['77 Sunset Blvd #4b', '77 SUNSET BLVD # 4B', '77', '# 4B'],
    ['900 W. Camelback Road Suite 210', '900 W CAMELBACK RD STE 210', '900', 'STE 210'],
    ['12 Oak Lane Unit 3', '12 OAK LN UNIT 3', '12', 'UNIT 3'],
    ['1600 Pennsylvania Avenue Northwest', '1600 PENNSYLVANIA AVE NW', '1600', null],
    ['55 Elm Court', '55 ELM CT', '55', null],
    ['10 Sandy Drive', '10 SANDY DR', '10', null],
    ['8 Old Mill Highway', '8 OLD MILL HWY', '8', null],
    ['Calle Morelos 123', '123 CALLE MORELOS', '123', null],
    ['Avenida Juárez No. 45', '45 AVE JUAREZ', '45', null],
    ['Av. Juarez Num 45 Depto 3', '45 AVE JUAREZ DEPTO 3', '45', 'DEPTO 3'],
    ['Calzada de Tlalpan 2000 Int. 5', '2000 CALZ DE TLALPAN INT 5', '2000', 'INT 5'],
    ['Privada Hidalgo 7', '7 PRIV HIDALGO', '7', null],
    ['100 North', '100 NORTH', '100', null],
    ['12-B Rose Way', '12-B ROSE WAY', '12-B', null],
  ])('%j -> %j', (raw, line, house, unit) => {
    const r = normalizeAddress(raw);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.line).toBe(line);
      expect(r.value.houseNumber).toBe(house);
      expect(r.value.unit).toBe(unit);
    }
  });

  it.each([[''], ['  ,, '], ['123']])('refuses %j', (raw) => {
    expect(normalizeAddress(raw).ok).toBe(false);
  });

  it('makes two spellings of one address equal', () => {
    const a = normalizeAddress('4500 North Central Avenue, Apartment 12');
    const b = normalizeAddress('4500 n central ave apt 12');
    expect(a.ok && b.ok && a.value.line === b.value.line).toBe(true);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['(602) 555-0123', {}, '+16025550123', 'US', null],
    ['602.555.0123', {}, '+16025550123', 'US', null],
    ['1-602-555-0123', {}, '+16025550123', 'US', null],
    ['+1 602 555 0123', {}, '+16025550123', 'US', null],
    ['602-555-0123 x45', {}, '+16025550123', 'US', '45'],
    ['602-555-0123 ext. 7', {}, '+16025550123', 'US', '7'],
    ['+52 55 1234 5678', {}, '+525512345678', 'MX', null],
    ['+52 1 55 1234 5678', {}, '+525512345678', 'MX', null],
    ['52 662 123 4567', {}, '+526621234567', 'MX', null],
    ['0052 662 123 4567', {}, '+526621234567', 'MX', null],
    ['01 55 1234 5678', {}, '+525512345678', 'MX', null],
    ['662 123 4567', { defaultCountry: 'MX' as const }, '+526621234567', 'MX', null],
  ])('%j %o -> %s', (raw, opts, e164, country, ext) => {
    const r = normalizePhone(raw, opts);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.e164).toBe(e164);
      expect(r.value.country).toBe(country);
      expect(r.value.extension).toBe(ext);
      expect(r.value.national).toHaveLength(10);
    }
  });

  it.each([
    ['', /empty/],
    ['555-0123', /7 digits/],
    ['(102) 555-0123', /not a valid US number/],
    ['602-055-0123', /not a valid US number/],
    ['+44 20 7946 0958', /country code/],
    ['CALL ME', /letters/],
    ['+52 55 1234', /10-digit Mexican/],
  ])('refuses %j', (raw, reason) => {
    const r = normalizePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
