// The ordinary traffic around the rings: crime guns recovered years after a lawful sale, thefts from dealers and
// what follows them, suspect-gun referrals from other cases, and dealer tips that lead nowhere.
import type { SuspectGunRow } from '../formats/suspect-guns.js';
import type { TheftReportRow } from '../formats/theft-reports.js';
import type { DealerTipRow } from '../formats/dealer-tips.js';
import { newCaseNumber, writeCase } from './cases.js';
import { type GunModel, MODELS } from './catalog.js';
import { type Day, isoOf, nextOpen } from './days.js';
import { ANGLO_MALE, ANGLO_SURNAMES } from './names.js';
import { obliterateSerial } from './noise.js';
import { renderPerson } from './people.js';
import { type City, CITIES, MX_CITIES, agenciesOf } from './places.js';
import { type Rng, Weighted } from './rng.js';
import { emitRecovery, type Place } from './traces.js';
import { sampleBackgroundTtc } from './ttc.js';
import type { World } from './world.js';

const CRIME_MODELS = new Weighted(MODELS, MODELS.map((g) => g.crime));
const MX_WEIGHTS = new Weighted(MX_CITIES, MX_CITIES.map((c) => c.weight));
const DAY_1968 = -730; // 1968-01-01

export function recoveryCities(w: World): Weighted<City> {
  const states = w.cfg.buyerStates;
  // Recoveries follow population, with the scenario's states heavier; other states still recover some.
  return new Weighted(CITIES, CITIES.map((c) => c.weight * ((states[c.state] ?? 0) > 0 ? 4 * states[c.state] + 0.2 : 0.05)));
}

/** How many days of US recoveries are still waiting for their trace request when the world ends. */
export const PENDING_TRACE_DAYS = 14;

/** Recent recoveries whose trace request has not come in: about two weeks' worth, and at least one at any scale. */
export function pendingRecoveries(w: World, backgroundTraces: number): number {
  const span = w.cfg.end - w.cfg.start + 1;
  return Math.max(1, Math.round((backgroundTraces * PENDING_TRACE_DAYS) / span));
}

/**
 * One ordinary crime gun recovered in the world's span, sold (or made, before 1968) long before. A `pending` one is
 * recovered in the US in the world's last two weeks and not yet traced: the agency has reported the recovery only.
 */
export function backgroundTrace(w: World, index: number, cities: Weighted<City>, pending = false): void {
  const rng = pending ? w.rng('pending recovery', index) : w.rng('background', index);
  const { start, end } = w.cfg;
  const recoveryDay = pending ? rng.int(end - PENDING_TRACE_DAYS + 1, end) : rng.int(start, end);
  const mexico = !pending && rng.chance(w.cfg.mexicoShare);
  const place: Place = mexico ? { country: 'MX', city: MX_WEIGHTS.draw(rng) } : { country: 'US', city: cities.draw(rng) };
  const model = CRIME_MODELS.draw(rng);
  const gun = { model, serial: w.mint.next(model) };
  const possessorCity = place.country === 'US' ? place.city : cities.draw(rng);
  const possessor = w.newPerson(rng, { city: possessorCity, hispanicShare: mexico ? 0.95 : w.hispanicShare(possessorCity), minAge: 16, maxAge: 50, at: recoveryDay });
  const crime = rng.pick(['weapons', 'carrying', 'drugs', 'assault', 'robbery', 'homicide', 'found', 'carrying', 'weapons'] as const);
  if (rng.chance(0.06)) {
    // Made before 1968: no serial was required and no record exists (6% of requests).
    emitRecovery(w, rng, { gun, recoveryDay, place, possessor, crime, reason: 'pre_1968', origin: 'background', ...(pending ? { untraced: true } : {}) });
    return;
  }
  // Guns recovered in Mexico are older on average (mean 15 years in 2006-2010).
  const ttc = sampleBackgroundTtc(rng) + (mexico ? Math.round(rng.exp(2500)) : 0);
  const saleDay = Math.max(DAY_1968 + 1, recoveryDay - ttc);
  const sameState = place.country === 'US' && rng.chance(0.75);
  const dealerPool = sameState ? w.dealers.inState(place.city.state) : w.dealers.retail;
  const dealer = rng.pick(dealerPool);
  const day = nextOpen(dealer, saleDay);
  const buyerAge = rng.int(21, 70);
  // Sometimes the possessor is the buyer himself, if he was old enough to buy it then.
  const buyer = rng.chance(0.15) && possessor.dob + 21 * 366 <= day
    ? possessor
    : w.newPerson(rng, { city: dealer.city, hispanicShare: w.hispanicShare(dealer.city), minAge: buyerAge, maxAge: buyerAge, at: day });
  emitRecovery(w, rng, {
    gun,
    sale: { dealer, day: Math.min(day, recoveryDay), buyer },
    recoveryDay,
    place,
    possessor,
    ...(rng.chance(0.15) ? { associates: [{ person: w.newPerson(rng, { city: possessorCity, hispanicShare: w.hispanicShare(possessorCity), minAge: 16, maxAge: 50, at: recoveryDay }), relationship: rng.pick(['passenger', 'companion', 'driver']) }] } : {}),
    crime,
    origin: 'background',
    ...(pending ? { untraced: true } : {}),
  });
  if (rng.chance(0.01)) referral(w, rng, gun.model, gun.serial, recoveryDay - rng.int(10, 400), 'used_in_crime', place.country === 'US' ? place.city : possessorCity);
}

const CASE_TITLES: Readonly<Record<SuspectGunRow['reason'], readonly string[]>> = {
  used_in_crime: ['Armed robbery series', 'Aggravated assault with a firearm', 'Shooting investigation', 'Homicide investigation', 'Drive-by shooting'],
  stolen: ['Burglary of a licensed dealer', 'Theft of firearms from a licensed dealer'],
  prohibited_possessor: ['Prohibited possessor investigation'],
  trafficking: ['Firearms trafficking investigation'],
  straw_purchase: ['Straw purchasing investigation'],
  other: ['Firearms investigation'],
};

function referral(w: World, rng: Rng, model: GunModel, serial: string, day: Day, reason: SuspectGunRow['reason'], city: City): void {
  const entryId = w.newId('SG-', 'suspect');
  const agency = rng.pick(agenciesOf(city));
  // The case the referral belongs to, opened by the agency before it referred the gun.
  const opened = day - rng.int(0, 90);
  const caseNumber = newCaseNumber(w, 'local', opened);
  const investigator = `Det. ${rng.pick(ANGLO_MALE)[0]}. ${rng.pick(ANGLO_SURNAMES)}`;
  writeCase(w, { caseNumber, agency: { ori: agency.ori, name: agency.name, state: city.state }, title: rng.pick(CASE_TITLES[reason]), opened, lead: investigator, supervisorTitle: 'Sgt.' });
  const row: SuspectGunRow = {
    entry_id: entryId,
    case_number: caseNumber,
    agency_ori: agency.ori,
    investigator,
    reason,
    manufacturer: w.spellMaker(rng, model.maker),
    importer: model.importer ? w.spellMaker(rng, model.importer) : undefined,
    serial: rng.chance(0.08) ? obliterateSerial(rng, serial) : serial,
    model: model.model,
    caliber: w.spellCaliber(rng, model.caliber),
    type: model.type,
    referred_on: isoOf(day),
    review_on: isoOf(day + 365),
  } as SuspectGunRow;
  w.sinks.suspect_guns.write(row);
  w.truth('suspect_guns', entryId, 'gun', undefined, { model, serial });
}

/** A suspect gun that is never recovered: the decoys a matcher must not confuse with traced guns. */
export function decoyReferral(w: World, index: number, cities: Weighted<City>): void {
  const rng = w.rng('decoy', index);
  const model = CRIME_MODELS.draw(rng);
  referral(w, rng, model, w.mint.next(model), rng.int(w.cfg.start, w.cfg.end), rng.pick(['used_in_crime', 'stolen', 'prohibited_possessor', 'trafficking'] as const), cities.draw(rng));
}

/** A theft or loss from a dealer's inventory, and the stolen guns that turn up later. */
export function theftReport(w: World, index: number, cities: Weighted<City>): void {
  const rng = w.rng('theft', index);
  const dealer = rng.pick(w.dealers.retail);
  const incident = rng.int(w.cfg.start, Math.min(w.cfg.end - 3, Number.isFinite(dealer.oobDay) ? dealer.oobDay - 1 : w.cfg.end - 3));
  const x = rng.float();
  const [theftOrLoss, type, n]: [TheftReportRow['theft_or_loss'], TheftReportRow['theft_type'], number] =
    x < 0.55 ? ['theft', 'burglary', rng.int(3, 30)] : x < 0.65 ? ['theft', 'robbery', rng.int(2, 10)] : x < 0.85 ? ['theft', 'larceny', rng.int(1, 3)] : x < 0.9 ? ['theft', 'in_transit', rng.int(1, 4)] : ['loss', 'missing_inventory', rng.int(1, 5)];
  const reportId = w.newId('TL-', 'theft');
  const reportDay = incident + rng.int(0, 2);
  for (let i = 1; i <= n; i++) {
    const model = CRIME_MODELS.draw(rng);
    const gun = { model, serial: w.mint.next(model) };
    const row: TheftReportRow = {
      report_id: reportId,
      item_seq: i,
      licence_number: dealer.licence,
      report_date: isoOf(reportDay),
      incident_date: isoOf(incident),
      theft_or_loss: theftOrLoss,
      theft_type: theftOrLoss === 'theft' ? type : undefined,
      police_agency: theftOrLoss === 'theft' ? `${dealer.city.name} Police Department` : undefined,
      police_report_number: theftOrLoss === 'theft' ? `${isoOf(incident).slice(2, 4)}-${String(rng.int(1, 999_999)).padStart(6, '0')}` : undefined,
      manufacturer: w.spellMaker(rng, model.maker),
      importer: model.importer ? w.spellMaker(rng, model.importer) : undefined,
      model: model.model,
      serial: gun.serial,
      type: model.type,
      caliber: w.spellCaliber(rng, model.caliber),
    } as TheftReportRow;
    w.sinks.theft_reports.write(row);
    w.truth('theft_reports', `${reportId}/${i}`, 'gun', undefined, gun);
    if (theftOrLoss === 'theft' && rng.chance(0.1)) referral(w, rng, model, gun.serial, reportDay + rng.int(1, 20), 'stolen', dealer.city);
    if (rng.chance(0.2)) {
      const recoveryDay = incident + Math.round(rng.logNormal(200, 1.2));
      if (recoveryDay > w.cfg.end) continue;
      const city = rng.chance(0.7) ? dealer.city : cities.draw(rng);
      emitRecovery(w, rng, {
        gun,
        stolenFrom: { dealer, day: incident },
        recoveryDay,
        place: { country: 'US', city },
        possessor: w.newPerson(rng, { city, hispanicShare: w.hispanicShare(city), minAge: 16, maxAge: 45, at: recoveryDay }),
        crime: rng.pick(['stolen', 'weapons', 'robbery', 'drugs']),
        origin: 'theft',
      });
    }
  }
}

/** A dealer's tip about a lawful buyer who looked odd: the false positives every tip line gets. */
export function idleTip(w: World, index: number, cities: Weighted<City>): void {
  const rng = w.rng('idle-tip', index);
  const city = cities.draw(rng);
  const dealer = rng.pick(w.dealers.near(city));
  const day = nextOpen(dealer, rng.int(w.cfg.start, w.cfg.end - 3));
  const person = w.newPerson(rng, { city, hispanicShare: w.hispanicShare(city), minAge: 21, maxAge: 70, at: day });
  const tipId = w.newId('TIP-', 'tip');
  const subject = renderPerson(rng, w.noise, w.seed, person, { at: day, id: rng.chance(0.4), phone: rng.chance(0.5) });
  const cols: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(subject)) cols[`subject_${k}`] = v;
  const amount = rng.int(400, 4000);
  const row: DealerTipRow = {
    tip_id: tipId,
    licence_number: dealer.licence,
    tip_date: isoOf(day + rng.int(0, 2)),
    event_date: isoOf(day),
    narrative: rng.pick([
      'Customer seemed nervous and asked many questions about transfer paperwork.',
      'Buyer asked whether he could buy several of the same model next week.',
      'Customer paid cash and asked about shipping to a relative out of state.',
      'Buyer left without completing the purchase when asked for a second ID.',
    ]),
    ...cols,
    payment_method: rng.chance(0.6) ? 'cash' : 'credit_card',
    payment_amount: amount,
    dealer_state: dealer.city.state,
  } as DealerTipRow;
  w.sinks.dealer_tips.write(row);
  w.truth('dealer_tips', tipId, 'subject', person);
}
