// Federal firearms licensees: retail dealers and pawnbrokers, and the makers, importers and wholesalers that appear
// as hops of a trace. Their business days drive the five-business-day rule of multiple sales.
import { type Optionalize, defineFormat, issueAt } from './define.js';
import { bool, date, licence, number, oneOf, text, usState, weekdays } from './fields.js';
import { DEALER_STATUSES, LICENCE_TYPES } from './vocab.js';

export const dealersFormat = defineFormat({
  kind: 'dealers',
  description:
    'Federal firearms licensees (FFLs): one row per licence. Retail dealers and pawnbrokers, and the manufacturers, ' +
    'importers and wholesalers that appear in chains of distribution. Business days and the federal-holiday flag ' +
    'define the five consecutive business days of the multiple-sale rules.',
  keyColumns: ['licence_number'],
  shape: {
    licence_number: licence({ required: true, doc: 'ATF licence number, e.g. 9-86-013-01-2A-12345' }),
    licence_type: oneOf(LICENCE_TYPES, {
      required: true,
      doc: 'licence type 01..11 (01 dealer, 02 pawnbroker, 07 manufacturer, 08 importer, ...); equals the 4th part of the number',
      aliases: { '1': '01', '2': '02', '3': '03', '6': '06', '7': '07', '8': '08', '9': '09' },
    }),
    name: text({ required: true, doc: 'business name as licensed', max: 200 }),
    street: text({ required: true, doc: 'premises street address', max: 200 }),
    city: text({ required: true, doc: 'premises city', max: 80 }),
    state: usState({ required: true, doc: 'premises state' }),
    postcode: text({ required: true, doc: 'premises ZIP code', max: 10, pattern: /^\d{5}(-\d{4})?$/, patternDoc: 'a ZIP code' }),
    county: text({ doc: 'premises county', max: 80 }),
    lat: number({ doc: 'latitude of the premises (WGS84)', min: -90, max: 90 }),
    lon: number({ doc: 'longitude of the premises (WGS84)', min: -180, max: 180 }),
    status: oneOf(DEALER_STATUSES, { required: true, doc: 'active or out_of_business' }),
    out_of_business_date: date({ doc: 'day the licensee ceased business (required when out_of_business)' }),
    business_days: weekdays({ required: true, doc: 'days the business is open, e.g. "Mon,Tue,Wed,Thu,Fri,Sat"' }),
    closed_on_federal_holidays: bool({
      required: true,
      doc: 'whether the business closes on federal holidays (then they are not business days)',
    }),
  },
  rules: [
    'licence_type equals the type in the licence number (its fourth part)',
    'out_of_business_date is required when status is out_of_business, and empty when active',
    'lat and lon go together',
  ],
  refine: (row, ctx) => {
    if (row.licence_number.split('-')[3] !== row.licence_type) {
      issueAt(ctx, 'licence_type', `${row.licence_type} does not match the type in licence number ${row.licence_number}`);
    }
    if (row.status === 'out_of_business' && !row.out_of_business_date) {
      issueAt(ctx, 'out_of_business_date', 'is required when status is out_of_business');
    }
    if (row.status === 'active' && row.out_of_business_date) {
      issueAt(ctx, 'out_of_business_date', 'must be empty when status is active');
    }
    if ((row.lat === undefined) !== (row.lon === undefined)) issueAt(ctx, 'lat', 'lat and lon go together');
  },
});

export type DealerRow = Optionalize<ReturnType<typeof dealersFormat.schema.parse>>;
