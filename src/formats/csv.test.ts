import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvHeader, csvLine, ndjsonLine } from './csv.js';
import { EXAMPLES } from './examples.js';
import { FORMATS, IMPORT_KINDS } from './index.js';

describe('csv writing', () => {
  it('quotes commas, quotes, newlines and edge spaces, and leaves plain text alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(['Mon', 'Tue'])).toBe('"Mon,Tue"');
    expect(csvCell([{ surname: 'Ruiz' }])).toBe('"[{""surname"":""Ruiz""}]"');
  });

  it.each(IMPORT_KINDS)('%s: a written row reads back (csv-parse) and validates to the parsed example', (kind) => {
    const f = FORMATS[kind];
    const parsed = f.schema.parse(EXAMPLES[kind]) as Record<string, unknown>;
    const text = csvHeader(f.columns) + csvLine(f.columns, parsed);
    const [record] = parse(text, { columns: true }) as Record<string, string>[];
    expect(f.schema.parse(record)).toEqual(parsed);
    expect(f.schema.parse(JSON.parse(ndjsonLine(parsed)))).toEqual(parsed);
  });
});
