// Bad input, one fixture each, generated here: each gets a clear error naming the line (and field), and nothing
// accepted before is changed or lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { FORMATS } from '../../formats/index.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { csvOf, dealerRow, multipleSaleRow } from './fixtures.js';
import { importFile, type ImportOptions } from './importer.js';

let database: Database;
let dir: string;
let baseline: Record<string, number>;
let expected: Record<string, number>;

const TABLES = ['dealers', 'firearms', 'multiple_sale_reports', 'multiple_sale_items', 'sales', 'person_records', 'person_attributes'] as const;

async function snapshot(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const r = await database.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

function run(p: string, o: Partial<ImportOptions> = {}) {
  return importFile(database, { path: p, actor: SYSTEM_ACTOR, agencyId: null, batchSize: 4, ...o });
}

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => multipleSaleRow(from + i, { dealers: 3 }));

beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-bad-'));
  await run(file('dealers.csv', csvOf('dealers', [0, 1, 2].map(dealerRow))));
  const first = await run(file('good.csv', csvOf('multiple_sales', rows(0, 9))));
  expect(first.counts.rowsOk).toBe(9);
  baseline = await snapshot();
  expected = { ...baseline };
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  // Whatever the bad file, what was accepted before is all still there, and only the good rows were added.
  expect(await snapshot()).toEqual(expected);
  const held = await database.db.selectFrom('firearms').select('source_ref').where('source_ref', 'like', 'good.csv:%').execute();
  expect(held).toHaveLength(9);
});

function addItems(n: number, reports: number) {
  expected.firearms += n;
  expected.multiple_sale_items += n;
  expected.sales += n;
  expected.multiple_sale_reports += reports;
  expected.person_records += reports;
  expected.person_attributes += reports;
}

describe('files refused whole', () => {
  it('wrong encoding (Windows-1252) names the line and says how to convert', async () => {
    const text = csvOf('multiple_sales', rows(100, 3)).replace(/Adrián/g, 'Adri\u00e1n');
    const bytes = Buffer.from(text, 'latin1');
    const s = await run(file('latin1.csv', bytes));
    expect(s.outcome).toBe('failed');
    expect(s.message).toMatch(/line 2: byte 0x[0-9A-F]{2} is not UTF-8/);
    expect(s.message).toMatch(/iconv/);
  });

  it('UTF-16 is recognised and refused with its name', async () => {
    const text = csvOf('multiple_sales', rows(110, 2));
    const s = await run(file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    expect(s).toMatchObject({ outcome: 'failed' });
    expect(s.message).toMatch(/UTF-16/);
  });

  it('a binary file is refused', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) % 256;
    const s = await run(file('photo.csv', bytes));
    expect(s.outcome).toBe('failed');
    expect(s.message).toMatch(/binary file|not UTF-8|UTF-16/);
  });

  it('an empty file and a file of blank lines are refused', async () => {
    expect((await run(file('empty.csv', ''))).message).toMatch(/empty \(0 bytes\)/);
    expect((await run(file('blank.csv', '\n\n  \n'))).message).toMatch(/only blank lines/);
  });

  it('a header with no rows is refused', async () => {
    const s = await run(file('header-only.csv', `${FORMATS.multiple_sales.columns.join(',')}\n`));
    expect(s).toMatchObject({ outcome: 'failed', kind: 'multiple_sales' });
    expect(s.message).toMatch(/has a header \(line 1\) and no rows/);
  });

  it('missing and unknown columns are named', async () => {
    const cols = FORMATS.multiple_sales.columns.filter((c) => c !== 'serial' && c !== 'buyer_dob');
    const missing = await run(file('missing.csv', csvOf('multiple_sales', rows(120, 2), cols)), { kind: 'multiple_sales' });
    expect(missing.outcome).toBe('failed');
    expect(missing.message).toMatch(/lacks required columns serial, buyer_dob/);
    const extra = await run(file('extra.csv', csvOf('multiple_sales', rows(122, 2).map((r) => ({ ...r, favourite_colour: 'red' })), [...FORMATS.multiple_sales.columns, 'favourite_colour'])));
    expect(extra.message).toMatch(/does not know: favourite_colour/);
  });

  it('a file of another kind is told apart from the kind asked for', async () => {
    const s = await run(file('dealers-as-sales.csv', csvOf('dealers', [dealerRow(40)])), { kind: 'multiple_sales' });
    expect(s.outcome).toBe('failed');
    expect(s.message).toMatch(/the header looks like dealers, not multiple_sales/);
    const unknown = await run(file('what.csv', 'colour,size\nred,3\n'));
    expect(unknown.message).toMatch(/cannot tell which kind of records/);
  });

  it('a line of 100 MB is refused without being read into memory', async () => {
    const p = path.join(dir, 'huge.csv');
    const fd = fs.openSync(p, 'w');
    fs.writeSync(fd, `${FORMATS.multiple_sales.columns.join(',')}\n`);
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 100; i++) fs.writeSync(fd, chunk);
    fs.writeSync(fd, '\n');
    fs.closeSync(fd);
    const rssBefore = process.memoryUsage().rss;
    const s = await run(p);
    expect(s.outcome).toBe('failed');
    expect(s.message).toMatch(/line 2 is longer than 1,048,576 bytes/);
    // The guard stops at the limit; the file's 100 MB never sit in memory at once.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(60 * 1024 * 1024);
  });

  it('an unclosed quote stops the file at the record that opened it, keeping the whole batches before it', async () => {
    const good = rows(130, 4);
    // Nothing after the stray quote closes it: the reader reaches the end of the file still inside the field.
    const text = `${csvOf('multiple_sales', good)}MS-BROKEN,"1,3310.4\nMS-NEXT,2,3310.4\n`;
    const s = await run(file('unclosed.csv', text));
    expect(s.outcome).toBe('failed');
    expect(s.message).toMatch(/line 6: a quoted field opened on this record is never closed/);
    addItems(4, 2);
  });

  it('plain retail sales are refused whole, citing the law', async () => {
    const s = await run(file('ledger.csv', 'sale_date,purchaser_name,serial_number,model\n2011-01-02,J. Doe,AB123,G19\n'));
    expect(s.outcome).toBe('refused');
    expect(s.message).toMatch(/926\(a\)/);
    expect(s.message).toMatch(/NICS/);
    const b = await database.db.selectFrom('import_batches').select(['status', 'error']).where('id', '=', s.batchId!).executeTakeFirstOrThrow();
    expect(b.status).toBe('refused');
    // Asking for a lawful kind does not get it in either.
    const again = await run(file('ledger2.csv', 'sale_date,purchaser_name,serial_number,nics_transaction_number\n2011-01-02,J. Doe,AB123,X\n'), { kind: 'multiple_sales' });
    expect(again.outcome).toBe('refused');
  });
});

describe('rows refused one by one', () => {
  it('bad dates and numbers are rejected with line, field and reason; the good rows go in; a rejects file is written', async () => {
    const rs = rows(200, 6);
    rs[1] = { ...rs[1], buyer_dob: '1988-02-30' };
    rs[4] = { ...rs[4], item_seq: 'two' };
    const p = file('bad-values.csv', csvOf('multiple_sales', rs));
    const s = await run(p, { rejectsDir: path.join(dir, 'rejects') });
    expect(s.outcome).toBe('completed');
    // Items 200..205 are reports 66 (items 200) , 67 (201-203), 68 (204-205). Line 3's report is rejected only on that row.
    expect(s.counts).toMatchObject({ rowsTotal: 6, rowsRejected: 2 });
    expect(s.errors).toContain('line 3, buyer_dob: 1988-02-30 is not a date (YYYY-MM-DD)');
    expect(s.errors).toContain('line 6, item_seq: two is not a number');
    const rejects = fs.readFileSync(s.rejectsPath!, 'utf8').trim().split('\n');
    expect(rejects[0]).toBe('line,field,reason,row');
    expect(rejects[1]).toMatch(/^3,buyer_dob,1988-02-30 is not a date \(YYYY-MM-DD\),"MS-/);
    expect(path.basename(s.rejectsPath!)).toBe('bad-values.csv.rejects.csv');
    addItems(s.counts.rowsOk, await reportsOf('bad-values.csv'));
  });

  it('--strict imports nothing from a file with a bad row, then the same file without it imports the good rows', async () => {
    const rs = rows(300, 9);
    rs[7] = { ...rs[7], transfer_date: '2099-13-01' };
    const p = file('strict.csv', csvOf('multiple_sales', rs));
    const s = await run(p, { strict: true, rejectsDir: null });
    expect(s).toMatchObject({ outcome: 'failed', counts: { rowsOk: 0, rowsRejected: 1, rowsTotal: 9 } });
    expect(s.message).toMatch(/refused under --strict/);
    expect(await snapshot()).toEqual(expected);
    const loose = await run(p, { rejectsDir: null });
    expect(loose).toMatchObject({ outcome: 'completed', counts: { rowsOk: 8, rowsRejected: 1, rowsTotal: 9 } });
    addItems(8, await reportsOf('strict.csv'));
  });

  it('quotes and line breaks inside fields keep the line numbers of the records they start on', async () => {
    const rs = rows(400, 4);
    rs[0] = { ...rs[0], gun_show_or_event: 'Crossroads of the West,\n"Tucson" show\r\nhall B' };
    rs[2] = { ...rs[2], gun_show_or_event: 'two\nlines', buyer_dob: 'not-a-date' };
    const s = await run(file('quoted.csv', csvOf('multiple_sales', rs)));
    // Header line 1; row 1 spans lines 2-4; row 2 is line 5; row 3 starts on line 6.
    expect(s.errors).toEqual(['line 6, buyer_dob: not-a-date is not a date (YYYY-MM-DD)']);
    const kept = await database.db.selectFrom('multiple_sale_reports').select(['gun_show_or_event', 'source_ref']).where('source_ref', '=', 'quoted.csv:2').executeTakeFirstOrThrow();
    expect(kept.gun_show_or_event).toBe('Crossroads of the West,\n"Tucson" show\r\nhall B');
    addItems(s.counts.rowsOk, await reportsOf('quoted.csv'));
  });

  it('a row with too few fields is rejected on its own line', async () => {
    const text = `${csvOf('multiple_sales', rows(500, 2))}MS-X,1,3310.4\n`;
    const s = await run(file('short.csv', text));
    expect(s.errors).toEqual(['line 4: has 3 fields where the header has 47 (a missing or extra comma, or an unquoted comma inside a value)'.replace('47', String(FORMATS.multiple_sales.columns.length))]);
    addItems(s.counts.rowsOk, await reportsOf('short.csv'));
  });

  it('a row with more fields than the header (an extra column) is rejected on its own line', async () => {
    const [header, ...lines] = csvOf('multiple_sales', rows(520, 3)).trimEnd().split('\n');
    lines[1] += ',surplus';
    const s = await run(file('wide.csv', `${[header, ...lines].join('\n')}\n`));
    const n = FORMATS.multiple_sales.columns.length;
    expect(s.errors).toEqual([`line 3: has ${n + 1} fields where the header has ${n} (a missing or extra comma, or an unquoted comma inside a value)`]);
    expect(s.counts).toMatchObject({ rowsOk: 2, rowsRejected: 1 });
    addItems(2, await reportsOf('wide.csv'));
  });

  it('NDJSON: a line that is not JSON, or not an object, is rejected on its own line', async () => {
    const [a, b, c] = rows(540, 3).map((r) => JSON.stringify(r));
    const s = await run(file('lines.ndjson', `${a}\n{"report_id": "MS-BROKEN",\n[1, 2]\n${b}\n${c}\n`));
    expect(s.counts).toMatchObject({ rowsOk: 3, rowsRejected: 2 });
    expect(s.errors).toHaveLength(2);
    expect(s.errors[0]).toMatch(/^line 2: /);
    expect(s.errors[1]).toMatch(/^line 3: /);
    addItems(3, await reportsOf('lines.ndjson'));
  });

  it('duplicate rows inside one file: an exact repeat is skipped, the same key with other values is rejected', async () => {
    const rs = rows(600, 3);
    const text = csvOf('multiple_sales', [...rs, rs[1], { ...rs[2], serial: 'DIFFERENT1' }]);
    const s = await run(file('dupes.csv', text));
    expect(s.counts).toMatchObject({ rowsTotal: 5, rowsOk: 3, rowsDuplicate: 1, rowsRejected: 1 });
    expect(s.errors[0]).toMatch(/^line 6, report_id\/item_seq: MS-\w+\/3 is also on line 4 with different values/);
    addItems(3, await reportsOf('dupes.csv'));
  });

  it('rows that disagree with their report are rejected', async () => {
    const rs = rows(699, 3);
    rs[2] = { ...rs[2], buyer_dob: '1970-01-01' };
    const s = await run(file('disagree.csv', csvOf('multiple_sales', rs)));
    expect(s.errors.join('\n')).toMatch(/line 4, buyer_dob: is 1970-01-01 but .* on line \d, the first row of report/);
    addItems(s.counts.rowsOk, await reportsOf('disagree.csv'));
  });
});

async function reportsOf(fileName: string): Promise<number> {
  const r = await database.db
    .selectFrom('multiple_sale_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source_ref', 'like', `${fileName}:%`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
