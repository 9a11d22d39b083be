// Tips from dealers about suspicious buyers: what the counter saw, who, with whom, in what car, paid how.
import { type Optionalize, defineFormat } from './define.js';
import { date, licence, number, oneOf, text, usState } from './fields.js';
import { personShape, prefixed } from './groups.js';
import { PAYMENT_ALIASES, PAYMENT_METHODS } from './vocab.js';

export const dealerTipsFormat = defineFormat({
  kind: 'dealer_tips',
  description:
    'Tips from dealers about a suspicious purchase or attempt: the narrative, the buyer as the dealer saw them, ' +
    'the companion, vehicle, phone and payment.',
  keyColumns: ['tip_id'],
  shape: {
    tip_id: text({ required: true, doc: 'identifier of the tip, unique', max: 40 }),
    licence_number: licence({ required: true, doc: "tipping dealer's licence number" }),
    tip_date: date({ required: true, doc: 'date of the tip' }),
    event_date: date({ doc: 'date of the purchase or visit the tip is about' }),
    narrative: text({ required: true, doc: 'what happened, in the dealer\'s words', max: 4000 }),
    ...prefixed('subject_', personShape('the subject')),
    companion_description: text({ doc: 'who came with the subject, and what they did (chose, paid, waited)', max: 1000 }),
    vehicle_make: text({ doc: 'vehicle make', max: 40 }),
    vehicle_model: text({ doc: 'vehicle model', max: 40 }),
    vehicle_color: text({ doc: 'vehicle colour', max: 40 }),
    vehicle_plate: text({ doc: 'licence plate', max: 20 }),
    vehicle_plate_state: text({ doc: 'state (or Mexican state) of the plate', max: 20 }),
    payment_method: oneOf(PAYMENT_METHODS, { doc: 'how they paid', aliases: PAYMENT_ALIASES }),
    payment_amount: number({ doc: 'amount paid, US dollars', min: 0, max: 10_000_000 }),
    firearms_description: text({ doc: 'guns bought or asked for', max: 1000 }),
    dealer_state: usState({ doc: "the dealer's state (as a check on the licence)" }),
  },
});

export type DealerTipRow = Optionalize<ReturnType<typeof dealerTipsFormat.schema.parse>>;
