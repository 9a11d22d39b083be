// Trace requests: every field of ATF F 3312.1 (eTrace), with the possessor and the associates of the recovery.
import { z } from 'zod';
import { type Optionalize, defineFormat, issueAt } from './define.js';
import { bool, date, jsonArray, mxState, number, ori, oneOf, text, usState, country } from './fields.js';
import { firearmShape, personShape, prefixed } from './groups.js';
import { PRIORITIES } from './vocab.js';

const F = 'F 3312.1';

const associateShape = {
  ...personShape('the associate'),
  relationship: text({ doc: 'how the associate relates to the possessor or the recovery', max: 120 }),
};
/** One associate inside the `associates` JSON array: the person columns without prefix, plus `relationship`. */
export const associateSchema = z.strictObject(associateShape, {
  error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field ${iss.keys.join(', ')}` : 'is not an object'),
});
export type AssociateRow = Optionalize<z.output<typeof associateSchema>>;

// F 3312.1 identifies the gun with these markings; the action is not asked for.
const { action: _action, ...gun } = firearmShape({
  manufacturer: `${F}, firearm: manufacturer`,
  importer: `${F}, firearm: importer`,
  model: `${F}, firearm: model`,
  serial: `${F}, firearm: serial number`,
  type: `${F}, firearm: type`,
  caliber: `${F}, firearm: caliber`,
  country_of_origin: `${F}, firearm: country of origin`,
});

const possessorForms: Record<string, string> = {};
for (const k of Object.keys(personShape('x'))) possessorForms[k] = `${F}, possessor`;

export const traceRequestsFormat = defineFormat({
  kind: 'trace_requests',
  description:
    'Requests to trace a recovered firearm (ATF F 3312.1), from a police agency (identified by its ORI) or an ATF ' +
    'office. One row per firearm; the possessor in prefixed columns and the associates as a JSON array.',
  keyColumns: ['request_id'],
  shape: {
    request_id: text({ required: true, doc: 'identifier of the request, unique', max: 40 }),
    request_date: date({ required: true, doc: 'date the request was submitted', form: `${F}: date of request` }),
    priority: oneOf(PRIORITIES, { required: true, doc: 'routine or urgent', form: `${F}: urgent / routine` }),
    urgent_justification: text({ doc: 'why the trace is urgent (required when urgent)', max: 1000, form: `${F}: urgent justification` }),
    special_instructions: text({ doc: 'special instructions to the tracing center', max: 1000, form: `${F}: special instructions` }),
    ncic_code: text({ doc: 'NCIC offence code of the crime (four digits)', max: 4, pattern: /^\d{4}$/, patternDoc: 'a four-digit NCIC code', form: `${F}: crime code` }),
    project_code: text({ doc: 'project code, when the trace belongs to a project', max: 40, form: `${F}: project code` }),
    requester_ori: ori({ doc: "requesting agency's ORI (or give atf_office)", form: `${F}: requester ORI` }),
    requester_agency: text({ doc: "requesting agency's name", max: 200, form: `${F}: agency` }),
    officer_name: text({ doc: 'requesting officer', max: 120, form: `${F}: officer name` }),
    officer_badge: text({ doc: "officer's badge number", max: 40, form: `${F}: badge number` }),
    agency_case_number: text({ doc: "the agency's case number", max: 60, form: `${F}: agency case number` }),
    contact_phone: text({ doc: 'telephone for questions about the request', max: 30, form: `${F}: contact` }),
    contact_email: text({ doc: 'e-mail for the results', max: 200, form: `${F}: contact` }),
    atf_agent: text({ doc: 'ATF agent, when ATF requests', max: 120, form: `${F}: ATF special agent` }),
    atf_office: text({ doc: 'ATF field office, when ATF requests', max: 120, form: `${F}: ATF office` }),
    atf_case_number: text({ doc: 'ATF case number', max: 60, form: `${F}: ATF case number` }),
    ...gun,
    serial_obliterated: bool({ doc: 'whether the serial was (partly) obliterated', form: `${F}, firearm: obliterated` }),
    other_markings: text({ doc: 'other markings read on the gun', max: 400, form: `${F}, firearm: other markings` }),
    recovery_date: date({ required: true, doc: 'date the gun was recovered', form: `${F}, recovery: date` }),
    recovery_address: text({ doc: 'address or place of recovery', max: 200, form: `${F}, recovery: address` }),
    recovery_city: text({ doc: 'city of recovery', max: 80, form: `${F}, recovery: city` }),
    recovery_state: usState({ doc: 'US state of recovery (when in the US)', form: `${F}, recovery: state` }),
    recovery_mx_state: mxState({ doc: 'Mexican state of recovery (when in Mexico)', form: `${F}, recovery: Mexican state` }),
    recovery_country: country({ required: true, doc: 'country of recovery', form: `${F}, recovery: country` }),
    recovery_lat: number({ doc: 'latitude of the recovery', min: -90, max: 90, form: `${F}, recovery: coordinates` }),
    recovery_lon: number({ doc: 'longitude of the recovery', min: -180, max: 180, form: `${F}, recovery: coordinates` }),
    ...prefixed('possessor_', personShape('the possessor', possessorForms)),
    associates: jsonArray(associateSchema, {
      doc: 'associates: a JSON array of objects with the person fields (surname, given_name, dob, ...) and relationship',
      form: `${F}, associates`,
    }),
  },
  rules: [
    'urgent_justification is required when priority is urgent',
    'requester_ori is required unless atf_office is given (an ATF request)',
    'importer is required when country_of_origin is not US',
    'serial is required unless serial_obliterated is true',
    'recovery_state is required for a recovery in the US, recovery_mx_state for one in Mexico, and neither elsewhere',
    'recovery_date is not after request_date; recovery_lat and recovery_lon go together',
  ],
  refine: (row, ctx) => {
    if (row.priority === 'urgent' && !row.urgent_justification) {
      issueAt(ctx, 'urgent_justification', 'is required when priority is urgent');
    }
    if (!row.requester_ori && !row.atf_office) issueAt(ctx, 'requester_ori', 'is required unless atf_office is given');
    if (row.country_of_origin && row.country_of_origin !== 'US' && !row.importer) {
      issueAt(ctx, 'importer', `is required for a firearm made abroad (country_of_origin ${row.country_of_origin})`);
    }
    if (!row.serial && !row.serial_obliterated) issueAt(ctx, 'serial', 'is required unless serial_obliterated is true');
    validateRecoveryPlace(row, ctx);
    if (row.recovery_date > row.request_date) {
      issueAt(ctx, 'recovery_date', `${row.recovery_date} is after the request date ${row.request_date}`);
    }
  },
});

/** A recovery in the US names a US state, one in Mexico a Mexican state; not both. */
export function validateRecoveryPlace(
  row: { recovery_country: string; recovery_state?: string; recovery_mx_state?: string; recovery_lat?: number; recovery_lon?: number },
  ctx: z.core.$RefinementCtx,
): void {
  if (row.recovery_country === 'US' && !row.recovery_state) issueAt(ctx, 'recovery_state', 'is required for a recovery in the US');
  if (row.recovery_country === 'MX' && !row.recovery_mx_state) issueAt(ctx, 'recovery_mx_state', 'is required for a recovery in Mexico');
  if (row.recovery_country !== 'US' && row.recovery_state) issueAt(ctx, 'recovery_state', `must be empty for a recovery in ${row.recovery_country}`);
  if (row.recovery_country !== 'MX' && row.recovery_mx_state) issueAt(ctx, 'recovery_mx_state', `must be empty for a recovery in ${row.recovery_country}`);
  if ((row.recovery_lat === undefined) !== (row.recovery_lon === undefined)) issueAt(ctx, 'recovery_lat', 'recovery_lat and recovery_lon go together');
}

export type TraceRequestRow = Optionalize<ReturnType<typeof traceRequestsFormat.schema.parse>>;
