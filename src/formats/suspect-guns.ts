// Suspect-gun referrals (the Firearm Recovery Notification Program): guns tied to an open case, not yet recovered.
import { type Optionalize, defineFormat, issueAt } from './define.js';
import { date, oneOf, ori, serial, text } from './fields.js';
import { FIREARM_TYPES, FIREARM_TYPE_ALIASES, SUSPECT_REASONS } from './vocab.js';

export const suspectGunsFormat = defineFormat({
  kind: 'suspect_guns',
  description:
    'Referrals of suspect guns by an investigator: a gun tied to an open case that has not been recovered. When it ' +
    'is traced or recovered, the case agent is alerted. A partial serial marks unknown positions with "?".',
  keyColumns: ['entry_id'],
  shape: {
    entry_id: text({ required: true, doc: 'identifier of the referral, unique', max: 40 }),
    case_number: text({ required: true, doc: 'the open criminal case the gun is tied to', max: 60 }),
    agency_ori: ori({ required: true, doc: "investigating agency's ORI" }),
    investigator: text({ required: true, doc: 'investigator (case agent) who referred the gun', max: 120 }),
    reason: oneOf(SUSPECT_REASONS, { required: true, doc: 'why the gun is suspect' }),
    reason_detail: text({ doc: 'the reason in words', max: 1000 }),
    manufacturer: text({ doc: 'manufacturer as known', max: 120 }),
    importer: text({ doc: 'importer as known', max: 120 }),
    serial: serial({ required: true, doc: 'serial or partial serial; "?" for each unknown position, e.g. RO12??-5678' }),
    model: text({ doc: 'model as known', max: 80 }),
    caliber: text({ doc: 'caliber as known', max: 40 }),
    type: oneOf(FIREARM_TYPES, { doc: 'type of firearm', aliases: FIREARM_TYPE_ALIASES }),
    referred_on: date({ required: true, doc: 'date of the referral' }),
    review_on: date({ doc: 'date the referral must be reviewed (re-approved or closed)' }),
  },
  rules: [
    'review_on is after referred_on',
    'manufacturer or model is required',
  ],
  refine: (row, ctx) => {
    if (row.review_on && row.review_on <= row.referred_on) {
      issueAt(ctx, 'review_on', `${row.review_on} is not after referred_on ${row.referred_on}`);
    }
    if (!row.manufacturer && !row.model) issueAt(ctx, 'manufacturer', 'is required (or model): a serial alone names no gun');
  },
});

export type SuspectGunRow = Optionalize<ReturnType<typeof suspectGunsFormat.schema.parse>>;
