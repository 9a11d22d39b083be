import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLES } from './examples.js';
import {
  FORMATS,
  IMPORT_KINDS,
  checkHeader,
  detectKind,
  formatIssues,
  looksLikeRetailSales,
  requiredColumns,
  type ImportKind,
} from './index.js';

function issuesOf(kind: ImportKind, row: Record<string, unknown>): string[] {
  const r = FORMATS[kind].schema.safeParse(row);
  return r.success ? [] : formatIssues(r.error);
}

function withChange(kind: ImportKind, change: Record<string, unknown>): Record<string, unknown> {
  return { ...EXAMPLES[kind], ...change };
}

describe('good rows', () => {
  it.each(IMPORT_KINDS)('%s: the example CSV row validates', (kind) => {
    expect(issuesOf(kind, EXAMPLES[kind])).toEqual([]);
  });

  it.each(IMPORT_KINDS)('%s: the parsed row, as an NDJSON line, validates to the same value', (kind) => {
    const first = FORMATS[kind].schema.parse(EXAMPLES[kind]);
    const line = JSON.stringify(first);
    const again = FORMATS[kind].schema.parse(JSON.parse(line));
    expect(again).toEqual(JSON.parse(line));
  });

  it.each(IMPORT_KINDS)('%s: a row with only the required columns validates or names what else it needs', (kind) => {
    const req = requiredColumns(kind);
    expect(req.length).toBeGreaterThan(0);
    const row = Object.fromEntries(req.map((c) => [c, EXAMPLES[kind][c]]));
    // Object-level rules may demand more (e.g. a multiple-sale row needs a serial); each names its column.
    for (const m of issuesOf(kind, row)) expect(m).toMatch(/^[a-z_]+: /);
  });

  it('reads loose spellings: Y/N booleans, M/F, mixed-case enums, licence numbers without dashes', () => {
    const row = FORMATS.multiple_sales.schema.parse(
      withChange('multiple_sales', {
        connected_to_earlier: 'N',
        detachable_magazine: 'Yes',
        buyer_sex: 'f',
        action: 'Semi-Automatic',
        dealer_licence_number: '986013012A12345',
        buyer_id_type: "Driver's License".replace("'", ''),
      }),
    );
    expect(row.connected_to_earlier).toBe(false);
    expect(row.detachable_magazine).toBe(true);
    expect(row.buyer_sex).toBe('female');
    expect(row.action).toBe('semi_automatic');
    expect(row.dealer_licence_number).toBe('9-86-013-01-2A-12345');
    expect(row.buyer_id_type).toBe('drivers_licence');
  });

  it('takes native JSON types in NDJSON and HTTP bodies', () => {
    const row = FORMATS.dealers.schema.parse({
      ...EXAMPLES.dealers,
      lat: 33.5,
      lon: -112.1,
      closed_on_federal_holidays: false,
      business_days: ['Sat', 'Mon'],
      out_of_business_date: null,
    });
    expect(row).toMatchObject({ lat: 33.5, closed_on_federal_holidays: false, business_days: ['Mon', 'Sat'] });
    expect(row.out_of_business_date).toBeUndefined();
  });
});

// Each bad row says which column is wrong and why, in the words an importer shows the user.
const BAD: [ImportKind, Record<string, unknown>, string][] = [
  ['dealers', { licence_number: '9-86-013-01-2A-1234' }, 'licence_number: 9-86-013-01-2A-1234 is not an ATF licence number'],
  ['dealers', { licence_number: '9-86-013-12-2A-12345', licence_type: '01' }, 'licence_number: 9-86-013-12-2A-12345 has licence type 12, not 01 to 11'],
  ['dealers', { licence_type: '07' }, 'licence_type: 07 does not match the type in licence number'],
  ['dealers', { state: 'XX' }, 'state: XX is not a US state code'],
  ['dealers', { postcode: '8503' }, 'postcode: 8503 is not a ZIP code'],
  ['dealers', { lat: '123.4' }, 'lat: 123.4 is above 90'],
  ['dealers', { lat: 'north' }, 'lat: north is not a number'],
  ['dealers', { status: 'closed' }, 'status: closed is not one of active, out_of_business'],
  ['dealers', { status: 'out_of_business' }, 'out_of_business_date: is required when status is out_of_business'],
  ['dealers', { business_days: 'Mon,Funday' }, 'business_days: Funday is not a day of the week'],
  ['dealers', { closed_on_federal_holidays: 'perhaps' }, 'closed_on_federal_holidays: perhaps is not true or false'],
  ['dealers', { name: '' }, 'name: is required'],
  ['dealers', { colour: 'blue' }, 'unknown column colour'],
  ['cases', { case_number: '' }, 'case_number: is required'],
  ['cases', { agency_ori: 'ATF PHX' }, 'agency_ori: ATF PHX is not an ORI'],
  ['cases', { opened_on: '2009-13-01' }, 'opened_on: 2009-13-01 is not a date'],
  ['cases', { status: 'pending' }, 'status: pending is not one of open, closed'],
  ['cases', { status: 'closed' }, 'closed_on: is required when status is closed'],
  ['cases', { closed_on: '2010-06-01' }, 'closed_on: must be empty when status is open'],
  ['cases', { status: 'closed', closed_on: '2009-10-01' }, 'closed_on: 2009-10-01 is before opened_on 2009-10-31'],
  ['cases', { lead_investigator: '' }, 'lead_investigator: is required'],
  ['multiple_sales', { buyer_dob: '1988-02-30' }, 'buyer_dob: 1988-02-30 is not a date'],
  ['multiple_sales', { buyer_dob: '14/02/1988' }, 'buyer_dob: 14/02/1988 is not a date'],
  ['multiple_sales', { transfer_date: '2011-09-03' }, 'transfer_date: 2011-09-03 is after the report date 2011-09-02'],
  ['multiple_sales', { form: '3310.4' }, 'type: rifle is not a handgun, and F 3310.4 reports handguns only'],
  ['multiple_sales', { action: 'bolt' }, 'action: bolt is not semi_automatic'],
  ['multiple_sales', { detachable_magazine: 'no' }, 'detachable_magazine: is false'],
  ['multiple_sales', { form: '4473' }, 'form: 4473 is not one of 3310.4, 3310.12'],
  ['multiple_sales', { connected_to_earlier: 'true' }, 'earlier_sale_date: is required when connected_to_earlier is true'],
  ['multiple_sales', { serial: '' }, 'serial: is required'],
  ['multiple_sales', { item_seq: '1.5' }, 'item_seq: 1.5 is not a whole number'],
  ['multiple_sales', { item_seq: '0' }, 'item_seq: 0 is below 1'],
  ['multiple_sales', { buyer_surname: '' }, 'buyer_surname: is required'],
  ['multiple_sales', { buyer_sex: 'yes' }, 'buyer_sex: yes is not one of male, female, unknown'],
  ['multiple_sales', { serial: '***' }, 'serial: *** has characters a serial cannot have'],
  ['multiple_sales', { buyer_dob: '2012-01-01' }, 'buyer_dob: 2012-01-01 is not before the transfer date'],
  ['trace_requests', { urgent_justification: '' }, 'urgent_justification: is required when priority is urgent'],
  ['trace_requests', { importer: '' }, 'importer: is required for a firearm made abroad (country_of_origin RO)'],
  ['trace_requests', { requester_ori: '' }, 'requester_ori: is required unless atf_office is given'],
  ['trace_requests', { requester_ori: 'AZ-007' }, 'requester_ori: AZ-007 is not an ORI'],
  ['trace_requests', { serial: '', serial_obliterated: 'false' }, 'serial: is required unless serial_obliterated is true'],
  ['trace_requests', { recovery_country: 'MX' }, 'recovery_mx_state: is required for a recovery in Mexico'],
  ['trace_requests', { recovery_mx_state: 'Sonora' }, 'recovery_mx_state: Sonora is not a Mexican state code'],
  ['trace_requests', { recovery_date: '2011-10-05' }, 'recovery_date: 2011-10-05 is after the request date'],
  ['trace_requests', { ncic_code: '99' }, 'ncic_code: 99 is not a four-digit NCIC code'],
  ['trace_requests', { priority: 'asap' }, 'priority: asap is not one of routine, urgent'],
  ['trace_requests', { associates: '[{"surname":"Ruiz"' }, 'associates: is not valid JSON'],
  ['trace_requests', { associates: '{"surname":"Ruiz"}' }, 'associates: {"surname":"Ruiz"} is not a JSON array'],
  ['trace_requests', { associates: '[{"surname":"Ruiz","dob":"1990-13-01"}]' }, 'associates: [0].dob: 1990-13-01 is not a date'],
  ['trace_requests', { associates: '[{"nickname":"x"}]' }, 'associates: [0]: unknown field nickname'],
  ['trace_requests', { possessor_height_in: '170' }, 'possessor_height_in: 170 is above 100'],
  ['trace_results', { role: '', not_completed_reason: '' }, 'role: is required unless not_completed_reason is given'],
  ['trace_results', { not_completed_reason: 'serial_obliterated' }, 'not_completed_reason: must be empty on a hop row'],
  ['trace_results', { not_completed_reason: 'lost_interest', role: '' }, 'not_completed_reason: lost_interest is not one of'],
  ['trace_results', { role: 'wholesaler' }, 'sale_date: belongs on the retailer hop only'],
  ['trace_results', { sale_date: '' }, 'sale_date: is required when the buyer is given'],
  ['trace_results', { disposed_date: '2011-06-01' }, 'disposed_date: 2011-06-01 is before the received date 2011-06-20'],
  ['trace_results', { hop_seq: 'two' }, 'hop_seq: two is not a number'],
  ['recoveries', { agency_ori: '' }, 'agency_ori: is required'],
  ['recoveries', { recovery_state: '', recovery_country: 'US' }, 'recovery_state: is required for a recovery in the US'],
  ['recoveries', { recovery_lat: '' }, 'recovery_lat: recovery_lat and recovery_lon go together'],
  ['suspect_guns', { serial: '' }, 'serial: is required'],
  ['suspect_guns', { serial: '????' }, 'serial: ???? has no readable character'],
  ['suspect_guns', { review_on: '2010-01-01' }, 'review_on: 2010-01-01 is not after referred_on 2010-01-20'],
  ['suspect_guns', { reason: 'hunch' }, 'reason: hunch is not one of straw_purchase'],
  ['suspect_guns', { manufacturer: '', model: '' }, 'manufacturer: is required (or model)'],
  ['dealer_tips', { narrative: '   ' }, 'narrative: is required'],
  ['dealer_tips', { payment_amount: '-5' }, 'payment_amount: -5 is below 0'],
  ['dealer_tips', { tip_date: '2009-11-31' }, 'tip_date: 2009-11-31 is not a date'],
  ['theft_reports', { theft_or_loss: 'stolen' }, 'theft_or_loss: stolen is not one of theft, loss'],
  ['theft_reports', { incident_date: '2021-06-04' }, 'incident_date: 2021-06-04 is after the report date 2021-06-03'],
  ['theft_reports', { serial: '' }, 'serial: is required'],
];

describe('bad rows', () => {
  it.each(BAD)('%s %j', (kind, change, expected) => {
    const messages = issuesOf(kind, withChange(kind, change));
    expect(messages.some((m) => m.includes(expected)), messages.join(' | ')).toBe(true);
  });

  it('has bad-row cases for every kind', () => {
    expect(new Set(BAD.map(([k]) => k))).toEqual(new Set(IMPORT_KINDS));
  });

  it('refuses non-object rows and wrong native types with a message', () => {
    expect(FORMATS.dealers.schema.safeParse('x').success).toBe(false);
    const m = issuesOf('dealers', withChange('dealers', { name: { first: 'x' } }));
    expect(m).toContain('name: {"first":"x"} is not text');
  });
});

describe('JSON Schema for the HTTP API (OpenAPI)', () => {
  it.each(IMPORT_KINDS)('%s: converts, with a description per column and only standard keywords', (kind) => {
    const js = z.toJSONSchema(FORMATS[kind].schema, { io: 'input' }) as { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean };
    expect(Object.keys(js.properties)).toEqual([...FORMATS[kind].columns]);
    expect(js.additionalProperties).toBe(false);
    for (const p of Object.values(js.properties)) {
      expect(typeof p.description).toBe('string');
      expect(p.required).toBeUndefined();
      expect(p.fieldType).toBeUndefined();
    }
  });
});

describe('detectKind', () => {
  it.each(IMPORT_KINDS)('recognises the %s header, in any order and case', (kind) => {
    const cols = [...FORMATS[kind].columns];
    expect(detectKind(cols)).toBe(kind);
    expect(detectKind(cols.reverse().map((c) => c.toUpperCase()))).toBe(kind);
  });

  it('recognises a header with only the required columns', () => {
    for (const kind of IMPORT_KINDS) expect(detectKind(requiredColumns(kind))).toBe(kind);
  });

  it('tells trace requests from trace results and multiple sales from theft reports', () => {
    expect(detectKind(['request_id', 'hop_seq', 'role', 'name'])).toBe('trace_results');
    expect(detectKind(['request_id', 'request_date', 'priority', 'recovery_date'])).toBe('trace_requests');
    expect(detectKind(['report_id', 'item_seq', 'licence_number', 'theft_or_loss'])).toBe('theft_reports');
    expect(detectKind(['report_id', 'item_seq', 'form', 'buyer_surname'])).toBe('multiple_sales');
    // Referrals name a case too; a case file has no entry_id.
    expect(detectKind(['entry_id', 'case_number', 'agency_ori', 'serial'])).toBe('suspect_guns');
    expect(detectKind(['case_number', 'agency_ori', 'title', 'lead_investigator'])).toBe('cases');
  });

  it('gives up on a header of no known kind', () => {
    expect(detectKind(['foo', 'bar'])).toBeUndefined();
    expect(detectKind([])).toBeUndefined();
  });

  it('checkHeader names missing and unknown columns', () => {
    const c = checkHeader('dealers', ['licence_number', 'name', 'shoe_size']);
    expect(c.missing).toContain('licence_type');
    expect(c.unknown).toEqual(['shoe_size']);
  });
});

describe('retail sales are refused, never imported', () => {
  const AD_BOOK = ['Date Acquired', 'Acquired From', 'Manufacturer', 'Model', 'Serial Number', 'Type', 'Caliber', 'Disposition Date', 'Disposed To', 'Address'];
  const F4473 = ['Form 4473 #', 'Transferee Name', 'DOB', 'Serial', 'Question 21a', 'NICS Transaction #', 'Sale Date'];
  const LEDGER = ['sale_date', 'customer_name', 'serial_number', 'model', 'price'];

  it.each([
    ['acquisition and disposition book', AD_BOOK, 'acquisition_disposition'],
    ['Form 4473 export', F4473, 'form_4473'],
    ['sales ledger', LEDGER, 'sales_ledger'],
    ['multiple-sale header with a NICS column', [...FORMATS.multiple_sales.columns, 'nics_transaction_number'], 'nics'],
  ])('refuses a %s with the legal reason', (_name, header, id) => {
    const m = looksLikeRetailSales(header);
    expect(m).toBeDefined();
    expect(m?.matched.map((x) => x.id)).toContain(id);
    expect(m?.message).toContain('18 U.S.C. 926(a)');
    expect(m?.message).toContain('NICS');
  });

  it.each(IMPORT_KINDS)('does not mistake the lawful %s header for retail sales', (kind) => {
    expect(looksLikeRetailSales(FORMATS[kind].columns)).toBeUndefined();
  });

  it('has no schema for retail sales or background checks', () => {
    expect(IMPORT_KINDS.filter((k) => /retail|4473|nics|acquisition|disposition|ledger|^sales$/.test(k))).toEqual([]);
    expect(detectKind(AD_BOOK)).toBeUndefined();
    expect(detectKind(F4473)).toBeUndefined();
    for (const kind of IMPORT_KINDS) {
      expect(FORMATS[kind].columns.some((c) => /nics|4473/.test(c))).toBe(false);
    }
  });
});

describe('the fast path (fastParse) gives exactly what zod gives', () => {
  /** Values that exercise every field kind's edges: absent, blank, padded, wrong, boundary, foreign. */
  const PROBES = ['', '   ', ' 0 ', '1', '-1', '1.5', '999', '1e3', 'true', 'N', 'yes', '2011-02-29', '2012-02-29', '1988-02-30',
    '2010-01-20', 'AZ', 'son', 'MX', 'RO', 'az0072300', '9-86-013-01-2a-12345', '986013012A12345', '9-86-013-12-2A-12345',
    'RO-4471', '???', 'pistol', 'Semi Automatic', 'rifle', 'cash', '[]', '[{"surname":"Ruiz"}]', '{"a":1}', 'Mon,Tue', 'x'.repeat(300)];

  function both(kind: ImportKind, row: Record<string, unknown>) {
    const f = FORMATS[kind];
    const z1 = f.schema.safeParse(row);
    const fast = f.fastParse!(row);
    if (z1.success) {
      expect(fast, JSON.stringify(row)).not.toBeNull();
      expect(Object.keys(fast!).sort()).toEqual(Object.keys(z1.data as object).sort());
      expect(fast).toEqual(z1.data);
    } else {
      expect(fast, `${JSON.stringify(row)}: ${formatIssues(z1.error).join(' | ')}`).toBeNull();
    }
    return z1.success;
  }

  it.each(IMPORT_KINDS)('%s: has a fast path', (kind) => {
    expect(FORMATS[kind].fastParse).toBeTypeOf('function');
  });

  it.each(IMPORT_KINDS)('%s: the example row, the required columns alone, and every bad-row case', (kind) => {
    expect(both(kind, { ...EXAMPLES[kind] })).toBe(true);
    both(kind, Object.fromEntries(requiredColumns(kind).map((c) => [c, (EXAMPLES[kind] as Record<string, unknown>)[c]])));
    for (const [k, change] of BAD.filter(([k]) => k === kind)) expect(both(k, withChange(k, change))).toBe(false);
    expect(both(kind, { ...EXAMPLES[kind], no_such_column: 'x' })).toBe(false);
  });

  it.each(IMPORT_KINDS)('%s: every column set to every probe value, one at a time and in random pairs', (kind) => {
    const columns = FORMATS[kind].columns;
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let passed = 0;
    let failed = 0;
    for (const c of columns) {
      for (const p of PROBES) {
        if (both(kind, withChange(kind, { [c]: p }))) passed++;
        else failed++;
        const d = columns[rnd(columns.length)];
        both(kind, withChange(kind, { [c]: p, [d]: PROBES[rnd(PROBES.length)] }));
      }
      // A column left out of the record altogether (a CSV without that optional column).
      const { [c]: _gone, ...rest } = EXAMPLES[kind] as Record<string, unknown>;
      both(kind, rest);
    }
    // The probes must reach both sides of every kind's rules, or the comparison proves little.
    expect(passed).toBeGreaterThan(columns.length);
    expect(failed).toBeGreaterThan(columns.length);
  });

  it('leaves non-text values (NDJSON, HTTP) to zod', () => {
    expect(FORMATS.dealers.fastParse!({ ...EXAMPLES.dealers, name: 5 })).toBeNull();
  });
});
