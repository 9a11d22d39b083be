// Multiple-sale reports: ATF F 3310.4 (handguns, 18 U.S.C. 923(g)(3)(A)) and F 3310.12 (rifles in AZ, CA, NM, TX,
// demand letter of 2011). One row per firearm; the rows of one report share report_id and its report-level fields.
import { type Optionalize, defineFormat, issueAt } from './define.js';
import { bool, date, integer, licence, oneOf, serial, text, usState } from './fields.js';
import { firearmShape, personShape, prefixed } from './groups.js';
import { FIREARM_TYPES, FIREARM_TYPE_ALIASES, HANDGUN_TYPES, MULTIPLE_SALE_FORMS, PAYMENT_ALIASES, PAYMENT_METHODS } from './vocab.js';

const BOTH = 'F 3310.4 and F 3310.12';
const person = personShape('the buyer', {
  surname: `${BOTH}, transferee: last name`,
  given_name: `${BOTH}, transferee: first name`,
  middle_name: `${BOTH}, transferee: middle name`,
  street: `${BOTH}, transferee: residence address`,
  city: `${BOTH}, transferee: residence city`,
  county: `${BOTH}, transferee: residence county`,
  state: `${BOTH}, transferee: residence state`,
  postcode: `${BOTH}, transferee: residence ZIP code`,
  sex: `${BOTH}, transferee: sex`,
  ethnicity: `${BOTH}, transferee: ethnicity`,
  race: `${BOTH}, transferee: race`,
  id_number: `${BOTH}, transferee: identification number`,
  id_type: `${BOTH}, transferee: type of identification`,
  id_state: `${BOTH}, transferee: issuing state of identification`,
  dob: `${BOTH}, transferee: date of birth`,
  place_of_birth: `${BOTH}, transferee: place of birth`,
});
// The forms carry no aliases, body measurements, phone or foreign residence for the buyer.
const { aliases: _aliases, height_in: _h, weight_lb: _w, phone: _phone, country: _country, ...buyer } = person;
const gun = firearmShape({
  manufacturer: `${BOTH}, firearm: manufacturer`,
  importer: `${BOTH}, firearm: importer`,
  model: `${BOTH}, firearm: model`,
  serial: `${BOTH}, firearm: serial number`,
  type: `${BOTH}, firearm: type`,
  caliber: `${BOTH}, firearm: caliber or gauge`,
});

export const multipleSalesFormat = defineFormat({
  kind: 'multiple_sales',
  description:
    'Multiple-sale reports filed by dealers: F 3310.4 (two or more handguns) and F 3310.12 (two or more ' +
    'semi-automatic rifles above .22 with detachable magazines, border states) sold to one unlicensed buyer at once ' +
    'or within five consecutive business days of that dealer. One row per firearm; report-level and buyer columns ' +
    'repeat on every row of a report.',
  keyColumns: ['report_id', 'item_seq'],
  shape: {
    report_id: text({ required: true, doc: 'identifier of the report, unique per report', max: 40 }),
    item_seq: integer({ required: true, doc: 'position of the firearm on the report, from 1', min: 1, max: 999 }),
    form: oneOf(MULTIPLE_SALE_FORMS, {
      required: true,
      doc: '3310.4 (handguns) or 3310.12 (rifles)',
      aliases: { f3310_4: '3310.4', f3310_12: '3310.12', '3310_4': '3310.4', '3310_12': '3310.12' },
    }),
    report_date: date({ required: true, doc: 'date the report was made', form: `${BOTH}: date of report` }),
    dealer_licence_number: licence({ required: true, doc: "reporting dealer's licence number", form: `${BOTH}: FFL number` }),
    dealer_name: text({ required: true, doc: "reporting dealer's business name", max: 200, form: `${BOTH}: licensee name` }),
    dealer_street: text({ doc: "dealer's premises street address", max: 200, form: `${BOTH}: business address` }),
    dealer_city: text({ doc: "dealer's premises city", max: 80, form: `${BOTH}: business address` }),
    dealer_state: usState({ required: true, doc: "dealer's premises state", form: `${BOTH}: business address` }),
    dealer_postcode: text({ doc: "dealer's premises ZIP code", max: 10, form: `${BOTH}: business address` }),
    connected_to_earlier: bool({
      required: true,
      doc: 'whether this sale is connected to an earlier multiple sale to the same buyer',
      form: `${BOTH}: related to a previous multiple sale`,
    }),
    earlier_sale_date: date({ doc: 'date of that earlier multiple sale (required when connected)', form: `${BOTH}: date of previous sale` }),
    gun_show_or_event: text({ doc: 'name and place of the gun show or event, when the sale happened at one', max: 200, form: `${BOTH}: gun show or event` }),
    ...gun,
    serial: serial({ required: true, doc: 'serial number as marked', form: `${BOTH}, firearm: serial number` }),
    type: oneOf(FIREARM_TYPES, { required: true, doc: 'type of firearm', aliases: FIREARM_TYPE_ALIASES, form: `${BOTH}, firearm: type` }),
    detachable_magazine: bool({ doc: 'whether the firearm accepts a detachable magazine (rifles)', form: 'F 3310.12 qualifying criteria' }),
    transfer_date: date({ required: true, doc: 'date this firearm was transferred to the buyer', form: `${BOTH}, firearm: date of transfer` }),
    ...prefixed('buyer_', {
      ...buyer,
      surname: text({ required: true, doc: "the buyer's surname", max: 80, form: `${BOTH}, transferee: last name` }),
      given_name: text({ required: true, doc: "the buyer's given name", max: 80, form: `${BOTH}, transferee: first name` }),
      dob: date({ required: true, doc: "the buyer's date of birth", form: `${BOTH}, transferee: date of birth` }),
      business_entity: text({ doc: 'business on whose behalf the buyer bought, if any', max: 200, form: `${BOTH}, transferee: business name` }),
    }),
    police_agency: text({ doc: 'state or local police agency that received copy 2', max: 200, form: 'F 3310.4: copy 2 sent to' }),
    police_notified_date: date({ doc: 'date copy 2 was sent to the police', form: 'F 3310.4: date copy 2 sent' }),
    payment_method: oneOf(PAYMENT_METHODS, { doc: 'how the buyer paid (from the dealer)', aliases: PAYMENT_ALIASES }),
  },
  rules: [
    'form 3310.4 lists handguns only (pistol, revolver, derringer)',
    'form 3310.12 lists semi-automatic rifles that accept a detachable magazine',
    'earlier_sale_date is required when connected_to_earlier is true, and not after transfer_date',
    'transfer_date is not after report_date; buyer_dob is before transfer_date',
  ],
  refine: (row, ctx) => {
    if (row.form === '3310.4' && !HANDGUN_TYPES.has(row.type)) {
      issueAt(ctx, 'type', `${row.type} is not a handgun, and F 3310.4 reports handguns only`);
    }
    if (row.form === '3310.12') {
      if (row.type !== 'rifle') issueAt(ctx, 'type', `${row.type} is not a rifle, and F 3310.12 reports rifles only`);
      if (row.action && row.action !== 'semi_automatic') {
        issueAt(ctx, 'action', `${row.action} is not semi_automatic, and F 3310.12 reports semi-automatic rifles only`);
      }
      if (row.detachable_magazine === false) issueAt(ctx, 'detachable_magazine', 'is false, and F 3310.12 reports rifles that accept one');
    }
    if (row.connected_to_earlier && !row.earlier_sale_date) issueAt(ctx, 'earlier_sale_date', 'is required when connected_to_earlier is true');
    if (row.earlier_sale_date && row.earlier_sale_date > row.transfer_date) {
      issueAt(ctx, 'earlier_sale_date', `${row.earlier_sale_date} is after the transfer date ${row.transfer_date}`);
    }
    if (row.transfer_date > row.report_date) {
      issueAt(ctx, 'transfer_date', `${row.transfer_date} is after the report date ${row.report_date}`);
    }
    if (row.buyer_dob >= row.transfer_date) issueAt(ctx, 'buyer_dob', `${row.buyer_dob} is not before the transfer date`);
  },
});

export type MultipleSaleRow = Optionalize<ReturnType<typeof multipleSalesFormat.schema.parse>>;
