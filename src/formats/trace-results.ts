// Trace results: the chain of distribution of a traced gun, one row per hop, the first retail buyer on the retail
// hop (from the dealer's records), or the reason the trace stopped.
import { type Optionalize, defineFormat, issueAt } from './define.js';
import { date, integer, licence, oneOf, text } from './fields.js';
import { personShape, prefixed } from './groups.js';
import { HOP_ROLES, NOT_COMPLETED_REASON_SPELLINGS, NOT_COMPLETED_REASONS } from './vocab.js';

const { aliases: _a, height_in: _h, weight_lb: _w, country: _c, ...buyer } = personShape('the first retail buyer', {});
const BUYER_COLUMNS = Object.keys(buyer).map((k) => `buyer_${k}`);

export const traceResultsFormat = defineFormat({
  kind: 'trace_results',
  description:
    'Results of traces: one row per hop of the chain of distribution (manufacturer or importer, wholesalers, retail ' +
    'dealer), in order. The retail hop carries the sale date and the first buyer as the dealer recorded them. A ' +
    'trace that stopped ends with a row that has a not_completed_reason (exactly one per trace) and no role.',
  keyColumns: ['request_id', 'hop_seq'],
  shape: {
    request_id: text({ required: true, doc: 'the trace request this row answers', max: 40 }),
    hop_seq: integer({ required: true, doc: 'position in the chain, from 1 (maker or importer)', min: 1, max: 99 }),
    result_date: date({ required: true, doc: 'date the tracing center recorded this hop or outcome' }),
    role: oneOf(HOP_ROLES, { doc: 'manufacturer, importer, wholesaler or retailer (empty on a not-completed row)' }),
    licence_number: licence({ doc: "the licensee's ATF licence number (foreign makers have none)" }),
    name: text({ doc: "the licensee's or foreign maker's name", max: 200 }),
    received_date: date({ doc: 'date this licensee received the gun' }),
    disposed_date: date({ doc: 'date this licensee sold or shipped the gun on' }),
    sale_date: date({ doc: 'retail hop: date of the first retail sale' }),
    ...prefixed('buyer_', buyer),
    not_completed_reason: oneOf(NOT_COMPLETED_REASONS, {
      doc: `why the trace stopped (one of eleven reasons; ${Object.entries(NOT_COMPLETED_REASON_SPELLINGS).map(([a, c]) => `${a} is read as ${c}`).join(', ')})`,
    }),
  },
  rules: [
    'a row has either a role (a hop) or a not_completed_reason (the end of a stopped trace), never both',
    'a hop row names the licensee (name or licence_number)',
    'sale_date and buyer columns belong on the retailer row only; buyer columns need sale_date',
    'disposed_date is not before received_date, nor sale_date before received_date',
  ],
  refine: (row, ctx) => {
    const r = row as unknown as Record<string, unknown>;
    if (row.role && row.not_completed_reason) issueAt(ctx, 'not_completed_reason', 'must be empty on a hop row (one with a role)');
    if (!row.role && !row.not_completed_reason) issueAt(ctx, 'role', 'is required unless not_completed_reason is given');
    if (row.role && !row.name && !row.licence_number) issueAt(ctx, 'name', 'is required (or licence_number) on a hop row');
    const hasBuyer = BUYER_COLUMNS.some((c) => r[c] !== undefined);
    if (row.role !== 'retailer') {
      if (row.sale_date) issueAt(ctx, 'sale_date', 'belongs on the retailer hop only');
      if (hasBuyer) issueAt(ctx, 'buyer_surname', 'buyer columns belong on the retailer hop only');
    } else if (hasBuyer && !row.sale_date) {
      issueAt(ctx, 'sale_date', 'is required when the buyer is given');
    }
    if (row.received_date && row.disposed_date && row.disposed_date < row.received_date) {
      issueAt(ctx, 'disposed_date', `${row.disposed_date} is before the received date ${row.received_date}`);
    }
    if (row.sale_date && row.received_date && row.sale_date < row.received_date) {
      issueAt(ctx, 'sale_date', `${row.sale_date} is before the received date ${row.received_date}`);
    }
    if (row.buyer_dob && row.sale_date && row.buyer_dob >= row.sale_date) {
      issueAt(ctx, 'buyer_dob', `${row.buyer_dob} is not before the sale date`);
    }
  },
});

export type TraceResultRow = Optionalize<ReturnType<typeof traceResultsFormat.schema.parse>>;
