// Recovered guns an agency has reported but not (yet) asked to trace.
import { type Optionalize, defineFormat, issueAt } from './define.js';
import { bool, country, date, mxState, number, ori, text, usState } from './fields.js';
import { firearmShape, personShape, prefixed } from './groups.js';
import { validateRecoveryPlace } from './trace-requests.js';

export const recoveriesFormat = defineFormat({
  kind: 'recoveries',
  description:
    'Guns recovered by an agency and not yet traced: the gun, where and when it was found, and who had it. ' +
    'The same firearm, recovery and possessor columns as a trace request.',
  keyColumns: ['recovery_id'],
  shape: {
    recovery_id: text({ required: true, doc: 'identifier of the recovered gun, unique', max: 40 }),
    agency_ori: ori({ required: true, doc: "recovering agency's ORI" }),
    agency_case_number: text({ doc: "the agency's case number", max: 60 }),
    officer_name: text({ doc: 'recovering officer', max: 120 }),
    ncic_code: text({ doc: 'NCIC offence code (four digits)', max: 4, pattern: /^\d{4}$/, patternDoc: 'a four-digit NCIC code' }),
    ...firearmShape(),
    serial_obliterated: bool({ doc: 'whether the serial was (partly) obliterated' }),
    other_markings: text({ doc: 'other markings read on the gun', max: 400 }),
    recovery_date: date({ required: true, doc: 'date the gun was recovered' }),
    recovery_address: text({ doc: 'address or place of recovery', max: 200 }),
    recovery_city: text({ doc: 'city of recovery', max: 80 }),
    recovery_state: usState({ doc: 'US state of recovery' }),
    recovery_mx_state: mxState({ doc: 'Mexican state of recovery' }),
    recovery_country: country({ required: true, doc: 'country of recovery' }),
    recovery_lat: number({ doc: 'latitude of the recovery', min: -90, max: 90 }),
    recovery_lon: number({ doc: 'longitude of the recovery', min: -180, max: 180 }),
    ...prefixed('possessor_', personShape('the possessor')),
  },
  rules: [
    'serial is required unless serial_obliterated is true',
    'importer is required when country_of_origin is not US',
    'the recovery place follows the trace-request rules',
  ],
  refine: (row, ctx) => {
    if (!row.serial && !row.serial_obliterated) issueAt(ctx, 'serial', 'is required unless serial_obliterated is true');
    if (row.country_of_origin && row.country_of_origin !== 'US' && !row.importer) {
      issueAt(ctx, 'importer', `is required for a firearm made abroad (country_of_origin ${row.country_of_origin})`);
    }
    validateRecoveryPlace(row, ctx);
  },
});

export type RecoveryRow = Optionalize<ReturnType<typeof recoveriesFormat.schema.parse>>;
