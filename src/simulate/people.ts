// Synthetic people: a true identity per person, and its rendering on one record with the noise of real forms.
import { NICKNAMES } from '../domain/nicknames.js';
import type { PersonFields } from '../formats/groups.js';
import { type Day, isoOf } from './days.js';
import {
  ANGLO_FEMALE,
  ANGLO_MALE,
  ANGLO_SURNAMES,
  DIRECTIONS,
  HISPANIC_FEMALE,
  HISPANIC_MALE,
  HISPANIC_SURNAMES,
  MIDDLE_INITIALS,
  STREET_NAMES,
  STREET_TYPES,
} from './names.js';
import { type Noise, foldAccents, hasAccents, idTypo, typo } from './noise.js';
import { type City, CITIES } from './places.js';
import { Rng, scrambleId } from './rng.js';

export interface Address {
  num: number;
  /** Index into DIRECTIONS, or -1. */
  dir: number;
  street: string;
  /** Index into STREET_TYPES. */
  type: number;
  unit: number;
  city: City;
  postcode: string;
}

export interface Person {
  id: number;
  sex: 'male' | 'female';
  hispanic: boolean;
  given: string;
  middle?: string;
  surname: string;
  maternal?: string;
  dob: Day;
  pob: string;
  race: 'white' | 'black' | 'asian' | 'american_indian_alaska_native' | 'other';
  heightIn: number;
  weightLb: number;
  address: Address;
  phone: string;
  idNumber: string;
  idType: 'drivers_licence' | 'state_id';
}

export function personKey(p: Person | number): string {
  const id = typeof p === 'number' ? p : p.id;
  return `P${String(id).padStart(7, '0')}`;
}

const AREA_CODES: Readonly<Record<string, readonly string[]>> = {
  AZ: ['602', '480', '623', '520', '928'],
  CA: ['213', '323', '619', '760', '559', '916', '909', '951', '661', '408', '510'],
  NM: ['505', '575'],
  TX: ['713', '832', '214', '469', '210', '512', '817', '915', '956', '361', '806'],
};

const MX_BIRTHPLACES = ['Hermosillo, Sonora', 'Culiacán, Sinaloa', 'Guadalajara, Jalisco', 'Ciudad Juárez, Chihuahua', 'Nogales, Sonora', 'Tijuana, Baja California', 'Monterrey, Nuevo León', 'Durango, Durango', 'Zacatecas, Zacatecas'];

const nicknamesOf = new Map<string, string[]>();
for (const [nick, formal] of NICKNAMES) {
  const list = nicknamesOf.get(formal) ?? [];
  list.push(nick);
  nicknamesOf.set(formal, list);
}
const SPANISH_NICKNAMES: Readonly<Record<string, string[]>> = {
  José: ['Pepe', 'Chepe'], Francisco: ['Pancho', 'Paco'], Jesús: ['Chuy'], Guadalupe: ['Lupe'], Alberto: ['Beto'],
  Roberto: ['Beto'], Eduardo: ['Lalo'], Ignacio: ['Nacho'], Enrique: ['Kike'], Alejandro: ['Alex'], Antonio: ['Toño', 'Tony'],
  Manuel: ['Manny'], Ramón: ['Moncho'], Guillermo: ['Memo'], Rafael: ['Rafa'], Salvador: ['Chava'],
};

export function nicknameFor(given: string): string[] {
  return SPANISH_NICKNAMES[given] ?? nicknamesOf.get(foldAccents(given)) ?? [];
}

export interface PersonOptions {
  city: City;
  /** Share of Hispanic people where this person lives. */
  hispanicShare: number;
  /** Age range at `at`. */
  minAge: number;
  maxAge: number;
  at: Day;
  sex?: 'male' | 'female';
  /** Use this address instead of a new one (people in one household). */
  address?: Address;
}

const CITIES_BY_STATE = new Map<string, City[]>();
for (const c of CITIES) CITIES_BY_STATE.set(c.state, [...(CITIES_BY_STATE.get(c.state) ?? []), c]);

function birthplaceIn(rng: Rng, state: string): string {
  // Most people were born in the state they live in; some elsewhere in the country.
  const c = rng.chance(0.8) ? rng.pick(CITIES_BY_STATE.get(state) ?? CITIES) : rng.pick(CITIES);
  return `${c.name}, ${c.state}`;
}

export function makeAddress(rng: Rng, city: City): Address {
  return {
    num: rng.chance(0.7) ? rng.int(100, 9999) : rng.int(10, 99999),
    dir: rng.chance(0.55) ? rng.int(0, DIRECTIONS.length - 1) : -1,
    street: rng.chance(0.3) ? `${rng.int(2, 99)}${ordinalSuffix(rng.int(2, 99))}` : rng.pick(STREET_NAMES),
    type: rng.int(0, STREET_TYPES.length - 1),
    unit: rng.chance(0.25) ? rng.int(1, 240) : 0,
    city,
    postcode: `${city.zip}${String(rng.int(1, 99)).padStart(2, '0')}`,
  };
}

function ordinalSuffix(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

export function makePerson(rng: Rng, id: number, o: PersonOptions, idKey: number): Person {
  const hispanic = rng.chance(o.hispanicShare);
  const sex = o.sex ?? (rng.chance(0.88) ? 'male' : 'female');
  const given = hispanic ? rng.pick(sex === 'male' ? HISPANIC_MALE : HISPANIC_FEMALE) : rng.pick(sex === 'male' ? ANGLO_MALE : ANGLO_FEMALE);
  const surname = hispanic ? rng.pick(HISPANIC_SURNAMES) : rng.pick(ANGLO_SURNAMES);
  const maternal = hispanic && rng.chance(0.75) ? rng.pick(HISPANIC_SURNAMES) : undefined;
  const age = rng.int(o.minAge, o.maxAge);
  const dob = o.at - age * 365 - rng.int(0, 364);
  const race: Person['race'] = hispanic
    ? rng.chance(0.88) ? 'white' : 'other'
    : ((): Person['race'] => {
        const x = rng.float();
        return x < 0.68 ? 'white' : x < 0.88 ? 'black' : x < 0.94 ? 'asian' : x < 0.97 ? 'american_indian_alaska_native' : 'other';
      })();
  const state = o.city.state;
  const pob = hispanic && rng.chance(0.35) ? rng.pick(MX_BIRTHPLACES) : birthplaceIn(rng, state);
  const areas = AREA_CODES[state] ?? ['555'];
  const phone = `${rng.pick(areas)}-555-${String(rng.int(0, 9999)).padStart(4, '0')}`;
  return {
    id,
    sex,
    hispanic,
    given,
    ...(rng.chance(0.45) ? { middle: rng.chance(0.5) ? MIDDLE_INITIALS[rng.int(0, MIDDLE_INITIALS.length - 1)] : rng.pick(sex === 'male' ? ANGLO_MALE : ANGLO_FEMALE) } : {}),
    surname,
    ...(maternal ? { maternal } : {}),
    dob,
    pob,
    race,
    // Clamped: a normal tail would now and then write a weight the format rightly refuses (seen at scale 20).
    heightIn: Math.min(84, Math.max(56, Math.round(rng.normal(sex === 'male' ? 69 : 64, 3)))),
    weightLb: Math.min(400, Math.max(90, Math.round(rng.normal(sex === 'male' ? 185 : 155, 30)))),
    address: o.address ?? makeAddress(rng, o.city),
    phone,
    idNumber: idNumberFor(state, id, idKey),
    idType: rng.chance(0.93) ? 'drivers_licence' : 'state_id',
  };
}

/** A unique ID number in the shape the state uses (from the person id, scrambled: no two people share one). */
function idNumberFor(state: string, id: number, key: number): string {
  const n = parseInt(scrambleId(id, key), 16);
  const digits = String(n % 100_000_000).padStart(8, '0');
  switch (state) {
    case 'TX':
      return digits;
    case 'NM':
      return `0${digits}`;
    case 'CA':
      return `${'ABCDEFGHJKLMNPRSTUVWXYZ'[n % 23]}${digits.slice(1)}`;
    default:
      return `${'ABDFKLMNPRSTVWY'[n % 15]}${digits}`;
  }
}

/** Where the person lives after a move: the same new address on every record that shows the move. */
export function movedAddress(seed: number, p: Person): Address {
  const rng = Rng.derive(seed, 'move', p.id);
  const sameCity = rng.chance(0.7);
  const city = sameCity ? p.address.city : rng.pick(CITIES_BY_STATE.get(p.address.city.state) ?? CITIES);
  return makeAddress(rng, city);
}

export function streetLine(a: Address, abbreviated: boolean): string {
  const dir = a.dir >= 0 ? `${DIRECTIONS[a.dir][abbreviated ? 1 : 0]} ` : '';
  const type = STREET_TYPES[a.type][abbreviated ? 1 : 0];
  const unit = a.unit ? (abbreviated ? ` #${a.unit}` : ` Apt ${a.unit}`) : '';
  return `${a.num} ${dir}${a.street} ${type}${unit}`;
}

export interface RenderOptions {
  /** The day of the event the record is about: a misread birth date stays well before it. */
  at?: Day;
  /** Which optional groups the record carries. */
  id?: boolean;
  body?: boolean;
  phone?: boolean;
  birthplace?: boolean;
  race?: boolean;
  county?: boolean;
}

/** Transposes two adjacent digits of YYYYMMDD while the result is still a real date. */
function transposeDob(rng: Rng, iso: string, latest: number): string | undefined {
  const digits = iso.replace(/-/g, '');
  for (let tries = 0; tries < 6; tries++) {
    const i = rng.int(2, 6);
    if (digits[i] === digits[i + 1]) continue;
    const d = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
    const out = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    const t = Date.parse(`${out}T00:00:00Z`);
    if (!Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === out && t / 86_400_000 <= latest) return out;
  }
  return undefined;
}

/**
 * The person as one record shows them. `seed` makes a move land on the same new address every time. Noise is
 * decided per record; Noise counts what it did.
 */
export function renderPerson(rng: Rng, noise: Noise, seed: number, p: Person, o: RenderOptions = {}): Partial<PersonFields> {
  let given = p.given;
  let surname = p.surname;
  let maternal = p.maternal;
  const nicks = nicknameFor(p.given);
  if (nicks.length > 0 && noise.roll(rng, 'nickname')) given = rng.pick(nicks);
  if (maternal) {
    if (noise.roll(rng, 'maternalDrop')) maternal = undefined;
    else if (noise.roll(rng, 'maternalAdd')) {
      surname = `${surname} ${maternal}`;
      maternal = undefined;
    }
  }
  if (noise.roll(rng, 'typo')) {
    if (rng.chance(0.6)) surname = typo(rng, surname);
    else given = typo(rng, given);
  }
  if (noise.roll(rng, 'nameSwap')) [given, surname] = [surname, given];
  if (hasAccents(given + surname + (maternal ?? '')) && noise.roll(rng, 'accentDrop')) {
    given = foldAccents(given);
    surname = foldAccents(surname);
    maternal = maternal === undefined ? undefined : foldAccents(maternal);
  }
  let dob = isoOf(p.dob);
  if (noise.roll(rng, 'dobTranspose')) dob = transposeDob(rng, dob, o.at === undefined ? Infinity : o.at - 14 * 365) ?? dob;
  const [y, mo, d] = dob.split('-');
  if (Number(d) <= 12 && d !== mo && noise.roll(rng, 'dobDayMonthSwap')) dob = `${y}-${d}-${mo}`;
  const address = noise.roll(rng, 'move') ? movedAddress(seed, p) : p.address;
  const abbreviated = noise.roll(rng, 'addressAbbrev');
  const out: Partial<PersonFields> = {
    surname,
    given_name: given,
    ...(p.middle ? { middle_name: p.middle } : {}),
    ...(maternal ? { maternal_surname: maternal } : {}),
    dob,
    sex: p.sex,
    ethnicity: p.hispanic ? 'hispanic' : 'not_hispanic',
    street: streetLine(address, abbreviated),
    city: address.city.name,
    state: address.city.state,
    postcode: address.postcode,
  };
  if (o.county) out.county = address.city.county;
  if (o.race !== false) out.race = p.race;
  if (o.birthplace) out.place_of_birth = p.pob;
  if (o.body) {
    out.height_in = p.heightIn;
    out.weight_lb = p.weightLb;
  }
  if (o.phone) out.phone = p.phone;
  if (o.id) {
    out.id_number = noise.roll(rng, 'idTypo') ? idTypo(rng, p.idNumber) : p.idNumber;
    out.id_type = p.idType;
    out.id_state = p.address.city.state;
  }
  return out;
}
