// Column groups that several kinds share: a person as written on a form, and a firearm's markings.
import type { z } from 'zod';
import { country, date, integer, oneOf, serial, text } from './fields.js';
import {
  ETHNICITIES,
  ETHNICITY_ALIASES,
  FIREARM_TYPES,
  FIREARM_TYPE_ALIASES,
  ID_TYPES,
  ID_TYPE_ALIASES,
  RACES,
  RACE_ALIASES,
  SEXES,
  SEX_ALIASES,
  ACTIONS,
  ACTION_ALIASES,
} from './vocab.js';

/** Renames every key of a shape with a prefix, keeping each field's type. */
export function prefixed<P extends string, S extends Record<string, z.ZodType>>(
  prefix: P,
  shape: S,
): { [K in keyof S & string as `${P}${K}`]: S[K] } {
  const out: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(shape)) out[`${prefix}${k}`] = v;
  return out as { [K in keyof S & string as `${P}${K}`]: S[K] };
}

/**
 * A person as written on one record. Every field optional: who must be named depends on the kind, and the kinds
 * that require a name override those fields.
 */
export function personShape(who: string, forms: Partial<Record<string, string>> = {}) {
  const f = (k: string) => (forms[k] ? { form: forms[k] } : {});
  return {
    surname: text({ doc: `${who}'s surname (paternal surname for two-part Hispanic names)`, max: 80, ...f('surname') }),
    given_name: text({ doc: `${who}'s given name`, max: 80, ...f('given_name') }),
    middle_name: text({ doc: `${who}'s middle name or initial`, max: 80, ...f('middle_name') }),
    maternal_surname: text({ doc: `${who}'s maternal surname, when written separately`, max: 80, ...f('maternal_surname') }),
    aliases: text({ doc: `other names ${who} is known by, separated by ";"`, max: 400, ...f('aliases') }),
    dob: date({ doc: `${who}'s date of birth`, ...f('dob') }),
    place_of_birth: text({ doc: `${who}'s place of birth (city and state, or country)`, max: 120, ...f('place_of_birth') }),
    sex: oneOf(SEXES, { doc: `${who}'s sex (M, F accepted)`, aliases: SEX_ALIASES, ...f('sex') }),
    race: oneOf(RACES, { doc: `${who}'s race`, aliases: RACE_ALIASES, ...f('race') }),
    ethnicity: oneOf(ETHNICITIES, { doc: `${who}'s ethnicity`, aliases: ETHNICITY_ALIASES, ...f('ethnicity') }),
    height_in: integer({ doc: `${who}'s height in inches`, min: 20, max: 100, ...f('height_in') }),
    weight_lb: integer({ doc: `${who}'s weight in pounds`, min: 40, max: 800, ...f('weight_lb') }),
    street: text({ doc: `${who}'s residence street address`, max: 200, ...f('street') }),
    city: text({ doc: `${who}'s residence city`, max: 80, ...f('city') }),
    county: text({ doc: `${who}'s residence county`, max: 80, ...f('county') }),
    state: text({
      doc: `${who}'s residence state or province (US code, or a Mexican state code when abroad)`,
      max: 40,
      ...f('state'),
    }),
    postcode: text({ doc: `${who}'s residence postcode`, max: 12, ...f('postcode') }),
    country: country({ doc: `${who}'s country of residence when not the US`, ...f('country') }),
    phone: text({ doc: `${who}'s telephone number`, max: 30, ...f('phone') }),
    id_number: text({ doc: `${who}'s identification document number`, max: 40, ...f('id_number') }),
    id_type: oneOf(ID_TYPES, { doc: `type of ${who}'s identification document`, aliases: ID_TYPE_ALIASES, ...f('id_type') }),
    id_state: text({ doc: `state or country that issued ${who}'s identification`, max: 40, ...f('id_state') }),
  };
}

export type PersonShape = ReturnType<typeof personShape>;
export type PersonFields = { [K in keyof PersonShape]: z.output<PersonShape[K]> };
export const PERSON_FIELDS = Object.keys(personShape('person')) as (keyof PersonShape)[];

/** The person fields a name-bearing record must fill: the identity keys entity resolution leans on. */
export function hasSomeIdentity(p: Partial<PersonFields>): boolean {
  return Boolean(p.surname || p.given_name || p.id_number || p.dob);
}

/** A firearm's markings as read from the gun or from records. */
export function firearmShape(forms: Partial<Record<string, string>> = {}) {
  const f = (k: string) => (forms[k] ? { form: forms[k] } : {});
  return {
    manufacturer: text({ doc: 'manufacturer as marked (any spelling; normalised on import)', max: 120, ...f('manufacturer') }),
    importer: text({ doc: 'importer as marked, for guns made abroad', max: 120, ...f('importer') }),
    model: text({ doc: 'model as marked', max: 80, ...f('model') }),
    serial: serial({ doc: 'serial number as read; "?" marks a position that cannot be read', ...f('serial') }),
    type: oneOf(FIREARM_TYPES, { doc: 'type of firearm', aliases: FIREARM_TYPE_ALIASES, ...f('type') }),
    caliber: text({ doc: 'caliber or gauge as marked (e.g. 7.62x39, 5.7x28, .50 BMG)', max: 40, ...f('caliber') }),
    action: oneOf(ACTIONS, { doc: 'action', aliases: ACTION_ALIASES, ...f('action') }),
    country_of_origin: country({ doc: 'country where the gun was made', ...f('country_of_origin') }),
  };
}
