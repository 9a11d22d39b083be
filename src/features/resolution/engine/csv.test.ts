import { describe, expect, it } from 'vitest';
import { detectDateFormat, parseMap, readPeopleCsv, toIsoDate } from './csv.js';

describe('date formats', () => {
  it.each([
    [['19800512', '19991231'], 'YYYYMMDD'],
    [['1980-05-12', '1999-12-31'], 'YYYY-MM-DD'],
    [['05/12/1980', '12/31/1999', '1/2/2001'], 'MM/DD/YYYY'],
    [['31/12/1999', '13/01/2000', '05/12/1980'], 'DD/MM/YYYY'],
    [['05/12/1980', '12/31/1999', '12/28/1999', '31/12/1999'], 'MM/DD/YYYY'],
    [['', 'unknown'], undefined],
  ])('%j -> %s', (values, want) => {
    expect(detectDateFormat(values)).toBe(want);
  });

  it('converts to ISO', () => {
    expect(toIsoDate('19800512', 'YYYYMMDD')).toBe('1980-05-12');
    expect(toIsoDate('5/2/1980', 'MM/DD/YYYY')).toBe('1980-05-02');
    expect(toIsoDate('5/2/1980', 'DD/MM/YYYY')).toBe('1980-02-05');
    expect(toIsoDate('garbage', 'YYYY-MM-DD')).toBe('');
  });
});

describe('reading people', () => {
  it('maps columns and trims FEBRL-style spaces', () => {
    const text = 'rec_id, given_name, surname, date_of_birth\nrec-1-org, ana, ruiz, 19800512\n';
    const p = readPeopleCsv(text, 'rec_id', parseMap('given_name=given_name,surname=surname,dob=date_of_birth'));
    expect(p.records).toEqual([{ id: 'rec-1-org', given_name: 'ana', surname: 'ruiz', dob: '1980-05-12' }]);
    expect(p.dateFormat).toBe('YYYYMMDD');
  });

  it('rejects a map entry without "="', () => {
    expect(() => parseMap('given_name')).toThrow(/FIELD=COLUMN/);
  });
});
