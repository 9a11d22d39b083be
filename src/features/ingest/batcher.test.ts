// The batcher keeps only the cells whose text differs from the validated value; what the writers derive from the
// text as written (through asWritten) must come out the same as from every cell.
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../formats/index.js';
import { onlyRewritten } from './batcher.js';
import { multipleSaleRow } from './fixtures.js';
import { addressAttribute, firearmColumns, personColumns, personFields } from './normalise.js';

describe('onlyRewritten', () => {
  it('drops cells equal to their validated value and keeps the rest', () => {
    const values = { a: 'x', b: ' y ', c: '', d: '12', e: '   ' };
    const row = { a: 'x', b: 'y', d: 12, e: '   ' };
    expect(onlyRewritten(values, row)).toEqual({ b: ' y ', c: '', d: '12', e: '   ' });
    expect(onlyRewritten({ a: 'x' }, { a: 'x' })).toBeUndefined();
  });

  it('gives the writers the same text as written as all the cells do', () => {
    let checked = 0;
    for (let i = 0; i < 60; i++) {
      const values: Record<string, unknown> = multipleSaleRow(i, { dealers: 3 });
      // Text as written that validation changes: padding, a lower-case serial, a date in another spelling.
      if (i % 3 === 0) values.serial = ` ${String(values.serial).toLowerCase()} `;
      if (i % 4 === 0) values.manufacturer = `  ${String(values.manufacturer)}`;
      const parsed = FORMATS.multiple_sales.schema.safeParse(values);
      if (!parsed.success) continue;
      const row = parsed.data as Record<string, unknown>;
      checked++;
      const slim = onlyRewritten(values, row);
      expect(firearmColumns(row, slim)).toEqual(firearmColumns(row, values));
      const p = personFields(row, 'buyer_');
      const cols = personColumns(p, slim, 'buyer_');
      expect(cols).toEqual(personColumns(p, values, 'buyer_'));
      expect(addressAttribute(p, cols)).toEqual(addressAttribute(p, personColumns(p, values, 'buyer_')));
    }
    expect(checked).toBeGreaterThan(40);
  });
});
