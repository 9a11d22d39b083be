// Trafficking rings: a trafficker, recruiters and straw buyers who share addresses, phones, vehicles and payers,
// buying favoured guns for cash; what their purchases leave in the files (multiple-sale reports, dealer tips,
// suspect-gun referrals, traces of recovered guns) and the truth behind it.
import type { DealerTipRow } from '../formats/dealer-tips.js';
import type { SuspectGunRow } from '../formats/suspect-guns.js';
import { newCaseNumber, writeCase } from './cases.js';
import { type GunModel, MODELS } from './catalog.js';
import { type Day, addBusinessDays, isoOf, nextOpen } from './days.js';
import type { Dealer } from './dealers.js';
import { makePurchase } from './lawful.js';
import { COLOURS, VEHICLES, ANGLO_MALE, ANGLO_SURNAMES } from './names.js';
import { obliterateSerial } from './noise.js';
import { type Person, personKey, renderPerson } from './people.js';
import { type City, type MxCity, MX_CITIES, MX_CORRIDOR, cityNamed } from './places.js';
import { type Rng, Weighted } from './rng.js';
import { type Purchase, reportPurchases } from './sales.js';
import { type Place, emitRecovery } from './traces.js';
import type { RingTruth, World } from './world.js';

export type Skill = 'bold' | 'moderate' | 'careful';

export interface Vehicle {
  make: string;
  model: string;
  colour: string;
  plate: string;
  plateState: string;
}

export interface RingSetup {
  id: string;
  skill: RingTruth['skill'];
  base: City;
  trafficker: Person;
  recruiters: Person[];
  members: Person[];
  dealers: Dealer[];
  vehicles: Vehicle[];
  /** The phone straw buyers give when asked (the recruiter's). */
  sharedPhone: string;
  companion: string;
  recoverShare: number;
  /** Chance that a large cash purchase leads the dealer to call it in. */
  tipRate: number;
  /** Day an investigation opens, if one does. */
  caseDay?: Day;
  referShare: number;
}

export interface Session {
  member: number;
  dealer: Dealer;
  day: Day;
  models: GunModel[];
}

export interface RingPurchase extends Purchase {
  member: number;
  session: number;
}

export interface RecoveryBatch {
  guns: RingPurchase[];
  day: Day;
  place: Place;
  possessor: Person;
  associates: { person: Person; relationship: string }[];
  crime: 'smuggling' | 'homicide' | 'weapons' | 'drugs' | 'carrying' | 'assault';
  /** Seized by the agency during the case rather than trafficked. */
  seized?: boolean;
}

export const FAVOURED = new Weighted(
  MODELS,
  MODELS.map((g) => ({ ak: 40, ar: 22, fn57: 14, bmg50: 1.5, super38: 7, handgun: 1.2 })[g.cls as string] ?? 0),
);

const US_BORDER_CITIES: Readonly<Record<string, readonly string[]>> = {
  AZ: ['Nogales', 'Douglas', 'Tucson', 'Phoenix', 'Yuma', 'Rio Rico'],
  CA: ['Calexico', 'Chula Vista', 'San Diego', 'El Centro', 'Los Angeles'],
  NM: ['Las Cruces', 'Deming', 'Albuquerque'],
  TX: ['El Paso', 'Laredo', 'McAllen', 'Brownsville', 'Eagle Pass', 'Del Rio', 'San Antonio', 'Houston'],
};

const BASES: readonly [string, string, number][] = [
  ['Phoenix', 'AZ', 5], ['Tucson', 'AZ', 3], ['Houston', 'TX', 5], ['Dallas', 'TX', 3], ['San Antonio', 'TX', 3],
  ['El Paso', 'TX', 3], ['Laredo', 'TX', 1], ['McAllen', 'TX', 1], ['Los Angeles', 'CA', 3], ['San Diego', 'CA', 2],
  ['Albuquerque', 'NM', 2], ['Las Cruces', 'NM', 1],
];

function plate(rng: Rng): string {
  const L = 'ABCDEFGHJKLMNPRSTVWXYZ';
  return `${L[rng.int(0, 21)]}${L[rng.int(0, 21)]}${L[rng.int(0, 21)]}${rng.int(1000, 9999)}`;
}

export function companionDescription(rng: Rng): string {
  return `${rng.pick(['older', 'younger', 'heavy-set', 'tall', 'short'])} man${rng.chance(0.5) ? ` called "${rng.pick(['Güero', 'Flaco', 'Chino', 'Gordo', 'Primo', 'Compa'])}"` : ''}, ${rng.pick(['chose the guns and paid cash', 'did the talking and paid', 'waited at the counter and handed over the cash', 'stayed by the truck on the phone'])}`;
}

/** The people and means of a ring. */
export function makeRingSetup(w: World, rng: Rng, o: { id: string; skill: RingSetup['skill']; base: City; members: number; dealers: Dealer[]; at: Day }): RingSetup {
  const opts = (min: number, max: number, address?: Person['address']) => ({ city: o.base, hispanicShare: 0.85, minAge: min, maxAge: max, at: o.at, ...(address ? { address } : {}) });
  const trafficker = w.newPerson(rng, opts(28, 55));
  const recruiters = Array.from({ length: rng.int(1, o.members > 15 ? 3 : 2) }, () => w.newPerson(rng, opts(22, 45)));
  const members: Person[] = [];
  for (let i = 0; i < o.members; i++) {
    // Households: straw buyers often live together or at a recruiter's address.
    const share = members.length > 0 && rng.chance(0.3) ? rng.pick(members).address : rng.chance(0.08) ? rng.pick(recruiters).address : undefined;
    members.push(w.newPerson(rng, opts(18, 40, share)));
  }
  const vehicles = Array.from({ length: rng.int(1, 3) }, (): Vehicle => {
    const [make, model] = rng.pick(VEHICLES);
    return { make, model, colour: rng.pick(COLOURS), plate: plate(rng), plateState: rng.chance(0.85) ? o.base.state : 'SON' };
  });
  const skillParams = { bold: [0.45, 0.08, 0.6], moderate: [0.4, 0.04, 0.35], careful: [0.35, 0.01, 0.15], phoenix: [0.35, 0.05, 1] }[o.skill];
  return {
    id: o.id,
    skill: o.skill,
    base: o.base,
    trafficker,
    recruiters,
    members,
    dealers: o.dealers,
    vehicles,
    sharedPhone: recruiters[0].phone,
    companion: companionDescription(rng),
    recoverShare: skillParams[0],
    tipRate: skillParams[1],
    referShare: 0.5,
    ...(rng.chance(skillParams[2]) ? { caseDay: o.at + rng.int(45, 300) } : {}),
  };
}

/** Purchase sessions of a generic ring: the skill decides bursts, dealers and spacing. */
export function genericSessions(rng: Rng, s: RingSetup, skill: Skill, start: Day, end: Day): Session[] {
  const sessions: Session[] = [];
  s.members.forEach((_, member) => {
    const mean = { bold: 30, moderate: 12, careful: 7 }[skill];
    const total = Math.min(300, 2 + rng.geometric(mean));
    const own = skill === 'bold' ? [rng.pick(s.dealers), rng.pick(s.dealers)] : s.dealers;
    const lastVisit = new Map<Dealer, Day>();
    let day = start + rng.int(0, Math.floor((end - start) / 3));
    let bought = 0;
    while (bought < total && day <= end) {
      let dealer = rng.pick(own);
      if (skill === 'careful') {
        // Never twice at one dealer inside five business days: no report is ever due.
        const free = s.dealers.filter((d) => (lastVisit.get(d) ?? -Infinity) < day && addBusinessDays(d, lastVisit.get(d) ?? -100, 6) < day);
        if (free.length === 0) {
          day += 3;
          continue;
        }
        dealer = rng.pick(free);
      }
      const open = nextOpen(dealer, day);
      if (open > end || open >= dealer.oobDay) {
        day += 7;
        continue;
      }
      const k = Math.min(total - bought, skill === 'bold' ? 2 + rng.geometric(3) : skill === 'moderate' ? rng.int(1, 3) : 1);
      sessions.push({ member, dealer, day: open, models: Array.from({ length: k }, () => FAVOURED.draw(rng)) });
      lastVisit.set(dealer, open);
      bought += k;
      day = open + (skill === 'bold' ? rng.int(2, 14) : skill === 'moderate' ? rng.int(3, 21) : rng.int(2, 10));
    }
  });
  return sessions;
}

export function corridor(base: City): MxCity[] {
  const names = MX_CORRIDOR[base.state] ?? MX_CORRIDOR.AZ;
  return MX_CITIES.filter((c) => names.includes(c.name));
}

function borderCity(rng: Rng, base: City): City {
  const names = US_BORDER_CITIES[base.state] ?? [base.name];
  return cityNamed(rng.pick(names), base.state);
}

/** Default fate of ring guns: most cross into Mexico; some are recovered in border cities within months. */
export function planRecoveries(w: World, rng: Rng, s: RingSetup, purchases: RingPurchase[]): RecoveryBatch[] {
  const batches: RecoveryBatch[] = [];
  const mx = corridor(s.base);
  let i = 0;
  while (i < purchases.length) {
    const size = rng.geometric(2.5);
    const group = purchases.slice(i, i + size).filter(() => rng.chance(s.recoverShare));
    i += size;
    if (group.length === 0) continue;
    const lastBuy = Math.max(...group.map((p) => p.day));
    const inMexico = rng.chance(0.65);
    const ttc = inMexico ? Math.round(rng.logNormal(110, 0.9)) + 3 : Math.round(rng.logNormal(45, 1.1)) + 1;
    const day = lastBuy + Math.min(ttc, 2500);
    if (day > w.cfg.end) continue;
    const place: Place = inMexico ? { country: 'MX', city: rng.pick(mx) } : { country: 'US', city: borderCity(rng, s.base) };
    const courierCity = place.country === 'US' ? place.city : s.base;
    // Possessors are couriers and gunmen, rarely the straw buyer or the trafficker.
    const x = rng.float();
    const possessor = x < 0.08 ? s.members[group[0].member] : x < 0.11 ? s.trafficker : w.newPerson(rng, { city: courierCity, hispanicShare: 0.92, minAge: 17, maxAge: 40, at: day });
    const associates: RecoveryBatch['associates'] = [];
    if (rng.chance(0.25)) {
      const y = rng.float();
      const person = y < 0.3 ? rng.pick(s.members) : y < 0.45 ? rng.pick(s.recruiters) : y < 0.5 ? s.trafficker : w.newPerson(rng, { city: courierCity, hispanicShare: 0.9, minAge: 17, maxAge: 45, at: day });
      associates.push({ person, relationship: rng.pick(['passenger', 'driver', 'companion', 'resident of the address']) });
    }
    batches.push({ guns: group, day, place, possessor, associates, crime: inMexico ? rng.pick(['smuggling', 'homicide', 'weapons']) : rng.pick(['smuggling', 'weapons', 'drugs', 'carrying']) });
  }
  return batches;
}

function writeTip(w: World, rng: Rng, s: RingSetup, member: Person, dealer: Dealer, day: Day, guns: RingPurchase[]): void {
  const tipId = w.newId('TIP-', 'tip');
  const subject = renderPerson(rng, w.noise, w.seed, member, { at: day, id: rng.chance(0.5), phone: true });
  if (rng.chance(0.5)) subject.phone = s.sharedPhone;
  const cols: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(subject)) cols[`subject_${k}`] = v;
  const vehicle = rng.chance(0.7) ? rng.pick(s.vehicles) : undefined;
  const amount = guns.reduce((t, p) => t + p.price, 0);
  const byModel = new Map<string, number>();
  for (const p of guns) byModel.set(`${p.gun.model.model} ${p.gun.model.caliber}`, (byModel.get(`${p.gun.model.model} ${p.gun.model.caliber}`) ?? 0) + 1);
  const what = [...byModel].map(([m, n]) => `${n} x ${m}`).join(', ');
  const row: DealerTipRow = {
    tip_id: tipId,
    licence_number: dealer.licence,
    tip_date: isoOf(day + rng.int(0, 2)),
    event_date: isoOf(day),
    narrative: `${guns.length > 2 ? 'Young buyer' : 'Buyer'} purchased ${what} and paid $${amount.toLocaleString('en-US')} in cash${rng.chance(0.5) ? ' from a bag' : ''}; ${rng.pick(['knew little about the guns', 'asked only about price and quantity', 'has bought here before', 'was on the phone taking instructions'])}.`,
    ...cols,
    companion_description: rng.chance(0.7) ? s.companion : undefined,
    vehicle_make: vehicle?.make,
    vehicle_model: vehicle?.model,
    vehicle_color: vehicle?.colour,
    vehicle_plate: vehicle && rng.chance(0.6) ? vehicle.plate : undefined,
    vehicle_plate_state: vehicle?.plateState,
    payment_method: 'cash',
    payment_amount: amount,
    firearms_description: what,
    dealer_state: dealer.city.state,
  } as DealerTipRow;
  w.sinks.dealer_tips.write(row);
  w.truth('dealer_tips', tipId, 'subject', member);
}

const INVESTIGATORS = ANGLO_SURNAMES.slice(0, 30);

/** The ATF office working a ring's case: one per base city. */
function ringAgencyOri(s: RingSetup): string {
  return `${s.base.state}ATF${String(s.base.idx).padStart(4, '0')}`;
}

function writeReferral(w: World, rng: Rng, s: RingSetup, caseNumber: string, investigator: string, p: RingPurchase, day: Day): void {
  const entryId = w.newId('SG-', 'suspect');
  const g = p.gun;
  const row: SuspectGunRow = {
    entry_id: entryId,
    case_number: caseNumber,
    agency_ori: ringAgencyOri(s),
    investigator,
    reason: 'straw_purchase',
    reason_detail: `bought by a straw buyer of case ${caseNumber}; believed trafficked`,
    manufacturer: w.spellMaker(rng, g.model.maker),
    importer: g.model.importer ? w.spellMaker(rng, g.model.importer) : undefined,
    serial: rng.chance(0.1) ? obliterateSerial(rng, g.serial) : g.serial,
    model: g.model.model,
    caliber: w.spellCaliber(rng, g.model.caliber),
    type: g.model.type,
    referred_on: isoOf(day),
    review_on: isoOf(day + 180),
  } as SuspectGunRow;
  w.sinks.suspect_guns.write(row);
  w.truth('suspect_guns', entryId, 'gun', undefined, g);
}

export interface RingRun {
  purchases: RingPurchase[];
  truth: RingTruth;
}

export interface RingOptions {
  /** The fate of the ring's guns; planRecoveries by default. */
  plan?: (purchases: RingPurchase[]) => RecoveryBatch[];
  /** Days on which a dealer calls in every session (scenario facts). */
  tipDays?: ReadonlySet<number>;
  /** A forced referral day for a purchase, `null` for none, undefined for the default rule. */
  referral?: (p: RingPurchase) => Day | null | undefined;
}

/** Plays a ring's sessions into the files and returns its truth. */
export function runRing(w: World, rng: Rng, s: RingSetup, sessions: Session[], o: RingOptions = {}): RingRun {
  const plan = o.plan ?? ((p: RingPurchase[]) => planRecoveries(w, rng, s, p));
  for (const m of s.members) w.ringMembers.add(m.id);
  const tipDays = o.tipDays ?? new Set<number>();
  const purchases: RingPurchase[] = [];
  sessions.sort((a, b) => a.day - b.day || a.member - b.member);
  const bySession: RingPurchase[][] = [];
  sessions.forEach((sess, si) => {
    const payment = rng.chance(0.9) ? 'cash' : 'money_order';
    bySession.push([]);
    for (const m of sess.models) {
      const p: RingPurchase = { ...makePurchase(w, rng, sess.dealer, sess.day, m, payment), member: sess.member, session: si };
      purchases.push(p);
      bySession[si].push(p);
    }
  });
  const byMember = new Map<number, RingPurchase[]>();
  for (const p of purchases) {
    const list = byMember.get(p.member);
    if (list) list.push(p);
    else byMember.set(p.member, [p]);
  }
  for (const [member, list] of byMember) reportPurchases(w, rng, s.members[member], list);

  let tips = 0;
  sessions.forEach((sess, si) => {
    const guns = bySession[si];
    const big = guns.length >= 3 || guns.some((p) => p.gun.model.cls === 'bmg50');
    if (tipDays.has(sess.day) || (big ? rng.chance(s.tipRate) : rng.chance(s.tipRate / 8))) {
      writeTip(w, rng, s, s.members[sess.member], sess.dealer, sess.day, guns);
      tips++;
    }
  });

  if (s.caseDay !== undefined) {
    const caseNumber = newCaseNumber(w, 'atf', s.caseDay, rng.int(760_000, 789_999));
    const investigator = `SA ${rng.pick(ANGLO_MALE)[0]}. ${rng.pick(INVESTIGATORS)}`;
    let referred = 0;
    let firstReferral = s.caseDay;
    for (const p of purchases) {
      const forced = o.referral?.(p);
      if (forced === null) continue;
      let day: Day;
      if (forced !== undefined) day = forced;
      else if (p.day >= s.caseDay && (p.reported || rng.chance(0.3)) && rng.chance(s.referShare)) day = p.day + rng.int(1, 10);
      else continue;
      writeReferral(w, rng, s, caseNumber, investigator, p, day);
      firstReferral = Math.min(firstReferral, day);
      referred++;
    }
    // The case exists once opened, referrals or not; one opened after the world's end is not in it.
    if (referred > 0 || s.caseDay <= w.cfg.end) {
      writeCase(w, {
        caseNumber,
        agency: { ori: ringAgencyOri(s), name: `ATF ${s.base.name} Field Office`, state: s.base.state },
        title: `Firearms trafficking: straw purchasing ring based in ${s.base.name}`,
        // A referral is made on an open case: a forced (replayed) referral date earlier than the case opens it.
        opened: firstReferral,
        lead: investigator,
        supervisorTitle: 'GS',
      });
    }
  }

  const batches = plan(purchases);
  const recovered = new Set<RingPurchase>();
  const seized = new Set<RingPurchase>();
  for (const b of batches) {
    for (const p of b.guns) {
      recovered.add(p);
      if (b.seized) seized.add(p);
      emitRecovery(w, rng, {
        gun: p.gun,
        sale: { dealer: p.dealer, day: p.day, buyer: s.members[p.member], reported: p.reported, reportedBuyer: p.reportedBuyer },
        recoveryDay: b.day,
        place: b.place,
        possessor: b.possessor,
        associates: b.associates,
        crime: b.crime,
        origin: `ring:${s.id}`,
      });
    }
  }
  const gunKey = (p: Purchase) => `${p.gun.model.maker}|${p.gun.serial}`;
  const days = purchases.map((p) => p.day);
  const truth: RingTruth = {
    id: s.id,
    skill: s.skill,
    trafficker: personKey(s.trafficker),
    recruiters: s.recruiters.map(personKey),
    members: s.members.map(personKey),
    startedBuying: isoOf(Math.min(...days)),
    stoppedBuying: isoOf(Math.max(...days)),
    dealers: [...new Set(purchases.map((p) => p.dealer.licence))],
    guns: purchases.map(gunKey),
    trafficked: purchases.filter((p) => !seized.has(p)).map(gunKey),
    spent: purchases.reduce((t, p) => t + p.price, 0),
    recovered: recovered.size,
    reportedInMultipleSales: purchases.filter((p) => p.reported).length,
    tips,
    ...(s.caseDay !== undefined ? { caseOpened: isoOf(s.caseDay) } : {}),
  };
  w.rings.push(truth);
  w.stats.ringGuns += purchases.length;
  w.stats.ringGunsRecovered += recovered.size;
  // Only members who actually bought are straw buyers.
  for (const m of byMember.keys()) w.strawBuyers.push(personKey(s.members[m]));
  return { purchases, truth };
}

/** Straw buyers of a ring: 2 to 40, bold rings the largest (mean about 11), careful ones the smallest (about 5). */
export function ringSize(rng: Rng, skill: Skill): number {
  return Math.max(2, Math.min(40, skill === 'bold' ? 3 + rng.geometric(8) : skill === 'moderate' ? 2 + rng.geometric(5) : 1 + rng.geometric(4)));
}

/** A ring of the given skill somewhere along the border. */
export function genericRing(w: World, index: number, skill: Skill): void {
  const rng = w.rng('ring', skill, index);
  const bases = Weighted.of(BASES.map(([n, st, wt]) => [cityNamed(n, st), wt] as const));
  const base = bases.draw(rng);
  const members = ringSize(rng, skill);
  const duration = skill === 'bold' ? rng.int(90, 360) : skill === 'moderate' ? rng.int(120, 500) : rng.int(200, 700);
  const start = rng.int(w.cfg.start, Math.max(w.cfg.start, w.cfg.end - duration - 60));
  const end = Math.min(w.cfg.end, start + duration);
  const nDealers = skill === 'bold' ? rng.int(2, 5) : skill === 'moderate' ? rng.int(3, 8) : rng.int(8, 25);
  const pool = [...w.dealers.near(base), ...w.dealers.inState(base.state)].filter((d) => d.oobDay > end);
  const dealers = [...new Set(Array.from({ length: nDealers * 2 }, () => rng.pick(pool)))].slice(0, nDealers);
  const id = `R${String(index + 1).padStart(3, '0')}-${skill}`;
  const setup = makeRingSetup(w, rng, { id, skill, base, members, dealers, at: start });
  runRing(w, rng, setup, genericSessions(rng, setup, skill, start, end));
}
