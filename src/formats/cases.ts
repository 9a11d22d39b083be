// Criminal cases, as an agency's case-management system exports them: the case a suspect-gun referral hangs on.
// Importing them is how a deployment gets its open cases without typing each one in.
import { type Optionalize, defineFormat, issueAt } from './define.js';
import { date, oneOf, ori, text, usState } from './fields.js';

export const CASE_STATUSES = ['open', 'closed'] as const;

export const casesFormat = defineFormat({
  kind: 'cases',
  description:
    "Criminal cases of an investigating agency, from its case-management system: the case number suspect-gun " +
    'referrals name, the agency (created from its ORI and name when not yet held), the lead investigator and ' +
    'supervisor who are alerted when a gun of the case turns up. A case already held is left as it was (closing a ' +
    'case, which closes its register entries, is done in Interdict). Import cases before the referrals that name them.',
  keyColumns: ['case_number'],
  shape: {
    case_number: text({ required: true, doc: 'the case number, unique across agencies (as referrals name it)', max: 60 }),
    agency_ori: ori({ required: true, doc: "the investigating agency's ORI" }),
    agency_name: text({ required: true, doc: "the agency's name (used when Interdict does not hold the agency yet)", max: 200 }),
    agency_state: usState({ doc: "the agency's state" }),
    title: text({ required: true, doc: 'short title of the case', max: 200 }),
    opened_on: date({ required: true, doc: 'day the case was opened' }),
    status: oneOf(CASE_STATUSES, { required: true, doc: 'open or closed' }),
    closed_on: date({ doc: 'day the case was closed (required when closed)' }),
    lead_investigator: text({
      required: true,
      doc: 'lead investigator (case agent); linked to the Interdict user of the agency with this user or display name, kept as written either way',
      max: 120,
    }),
    supervisor: text({ doc: "the investigator's supervisor; linked the same way", max: 120 }),
  },
  rules: [
    'closed_on is required when status is closed, and empty when open',
    'closed_on is not before opened_on',
  ],
  refine: (row, ctx) => {
    if (row.status === 'closed' && !row.closed_on) issueAt(ctx, 'closed_on', 'is required when status is closed');
    if (row.status === 'open' && row.closed_on) issueAt(ctx, 'closed_on', 'must be empty when status is open');
    if (row.closed_on && row.closed_on < row.opened_on) issueAt(ctx, 'closed_on', `${row.closed_on} is before opened_on ${row.opened_on}`);
  },
});

export type CaseRow = Optionalize<ReturnType<typeof casesFormat.schema.parse>>;
