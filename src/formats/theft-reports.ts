// Theft and loss reports from licensees (ATF F 3310.11), one row per missing firearm.
import { type Optionalize, defineFormat, issueAt } from './define.js';
import { date, integer, licence, oneOf, serial, text } from './fields.js';
import { firearmShape } from './groups.js';
import { THEFT_OR_LOSS, THEFT_TYPES } from './vocab.js';

const F = 'F 3310.11';
const { action: _action, country_of_origin: _origin, ...gun } = firearmShape({
  manufacturer: `${F}: manufacturer`,
  importer: `${F}: importer`,
  model: `${F}: model`,
  serial: `${F}: serial number`,
  type: `${F}: type`,
  caliber: `${F}: caliber or gauge`,
});

export const theftReportsFormat = defineFormat({
  kind: 'theft_reports',
  description:
    'Federal firearms licensee theft/loss reports (ATF F 3310.11): one row per firearm stolen or lost from a ' +
    "licensee's inventory or collection; the rows of one report share report_id.",
  keyColumns: ['report_id', 'item_seq'],
  shape: {
    report_id: text({ required: true, doc: 'identifier of the report (ATF incident number when known)', max: 40, form: `${F}: incident number` }),
    item_seq: integer({ required: true, doc: 'position of the firearm on the report, from 1', min: 1, max: 9999 }),
    licence_number: licence({ required: true, doc: "reporting licensee's licence number", form: `${F}: FFL number` }),
    report_date: date({ required: true, doc: 'date of the report', form: `${F}: date of report` }),
    incident_date: date({ required: true, doc: 'date the theft or loss happened or was discovered', form: `${F}: date of discovery` }),
    theft_or_loss: oneOf(THEFT_OR_LOSS, { required: true, doc: 'theft or loss', form: `${F}: theft / loss` }),
    theft_type: oneOf(THEFT_TYPES, { doc: 'kind of theft', form: `${F}: type of theft` }),
    police_agency: text({ doc: 'police agency the theft was reported to', max: 200, form: `${F}: local law enforcement agency` }),
    police_report_number: text({ doc: "the police report's number", max: 60, form: `${F}: police report number` }),
    ...gun,
    manufacturer: text({ required: true, doc: 'manufacturer as marked', max: 120, form: `${F}: manufacturer` }),
    serial: serial({ required: true, doc: 'serial number as marked', form: `${F}: serial number` }),
  },
  rules: [
    'incident_date is not after report_date',
  ],
  refine: (row, ctx) => {
    if (row.incident_date > row.report_date) issueAt(ctx, 'incident_date', `${row.incident_date} is after the report date ${row.report_date}`);
  },
});

export type TheftReportRow = Optionalize<ReturnType<typeof theftReportsFormat.schema.parse>>;
