// Lawful buyers: most buy one gun (they stay inside the world: no file carries a single retail sale); occasional
// buyers and collectors buy several, legally, sometimes two at once or within a few days at one dealer, which is
// what most multiple-sale reports are about.
import { type GunModel, MODELS } from './catalog.js';
import { nextOpen } from './days.js';
import type { Dealer } from './dealers.js';
import { type Person } from './people.js';
import { type City, CITIES } from './places.js';
import { type Rng, Weighted } from './rng.js';
import { type Purchase, lawfulPayment, reportPurchases } from './sales.js';
import { sampleBackgroundTtc } from './ttc.js';
import { emitRecovery } from './traces.js';
import type { World } from './world.js';

const LAWFUL_MODELS = new Weighted(MODELS, MODELS.map((g) => g.lawful));
// Collectors and enthusiasts lean to handguns and AR-type rifles.
const COLLECTOR_MODELS = new Weighted(
  MODELS,
  MODELS.map((g) => g.lawful * (g.cls === 'ar' ? 3 : g.type === 'pistol' || g.type === 'revolver' ? 1.5 : 1)),
);
const GUN_SHOWS = ['Desert Classic Gun Show', 'Border Country Arms Fair', 'Southwest Collectors Expo', 'High Plains Gun & Knife Show'];

export function homeCities(w: World): Weighted<City> {
  const states = w.cfg.buyerStates;
  const cities = CITIES.filter((c) => (states[c.state] ?? 0) > 0);
  const totals = new Map<string, number>();
  for (const c of cities) totals.set(c.state, (totals.get(c.state) ?? 0) + c.weight);
  return new Weighted(cities, cities.map((c) => (states[c.state] * c.weight) / (totals.get(c.state) ?? 1)));
}

function pickDealers(rng: Rng, near: Dealer[], n: number): Dealer[] {
  const out = new Set<Dealer>();
  for (let i = 0; i < n * 3 && out.size < n; i++) out.add(rng.pick(near));
  return [...out];
}

/** One lawful buyer with two or more guns over the world's span. */
export function lawfulBuyer(w: World, index: number, collector: boolean, cities: Weighted<City>): void {
  const rng = w.rng('lawful', index);
  const { start, end } = w.cfg;
  const city = cities.draw(rng);
  const buyer: Person = w.newPerson(rng, { city, hispanicShare: w.hispanicShare(city), minAge: 23, maxAge: 75, at: start });
  const near = w.dealers.near(city);
  const dealers = pickDealers(rng, near, collector ? rng.int(2, 5) : rng.int(1, 2));
  const total = collector ? Math.min(150, 5 + Math.round(rng.logNormal(9, 0.8))) : 1 + rng.geometric(1.6);
  const models = collector ? COLLECTOR_MODELS : LAWFUL_MODELS;
  const purchases: Purchase[] = [];
  let guard = 0;
  while (purchases.length < total && guard++ < total * 4) {
    const dealer = rng.pick(dealers);
    let day = nextOpen(dealer, rng.int(start, end));
    if (day > end || day >= dealer.oobDay) continue;
    const x = rng.float();
    let k = collector ? (x < 0.5 ? 1 : x < 0.8 ? 2 : rng.int(3, 5)) : x < 0.82 ? 1 : x < 0.97 ? 2 : 3;
    k = Math.min(k, total - purchases.length);
    const show = rng.chance(0.03) ? `${rng.pick(GUN_SHOWS)}, ${dealer.city.name}` : undefined;
    const pay = lawfulPayment(rng);
    for (let i = 0; i < k; i++) purchases.push(buy(w, rng, dealer, day, models.draw(rng), pay, show));
    // A second visit a few days later: the case the five-business-day rule is about.
    if (purchases.length < total && rng.chance(collector ? 0.2 : 0.1)) {
      day = nextOpen(dealer, day + rng.int(1, 8));
      if (day <= end && day < dealer.oobDay) purchases.push(buy(w, rng, dealer, day, models.draw(rng), lawfulPayment(rng)));
    }
  }
  const reports = reportPurchases(w, rng, buyer, purchases);
  if (reports > 0) w.stats.lawfulBuyersInMultipleSales++;
  // Lawful guns are seldom used in crime; when they are, it is mostly after a theft, years later.
  for (const p of purchases) {
    if (!rng.chance(0.012)) continue;
    const recoveryDay = p.day + sampleBackgroundTtc(rng);
    if (recoveryDay > end) continue;
    const place = rng.chance(0.85) ? p.dealer.city : rng.pick(CITIES);
    const possessor = w.newPerson(rng, { city: place, hispanicShare: w.hispanicShare(place), minAge: 17, maxAge: 45, at: recoveryDay });
    emitRecovery(w, rng, {
      gun: p.gun,
      sale: { dealer: p.dealer, day: p.day, buyer, reported: p.reported, reportedBuyer: p.reportedBuyer },
      recoveryDay,
      place: { country: 'US', city: place },
      possessor,
      crime: rng.pick(['weapons', 'carrying', 'drugs', 'assault', 'robbery', 'found']),
      origin: 'lawful',
    });
  }
}

function buy(w: World, rng: Rng, dealer: Dealer, day: number, model: GunModel, payment: Purchase['payment'], gunShow?: string): Purchase {
  return {
    dealer,
    day,
    gun: { model, serial: w.mint.next(model) },
    price: Math.round(model.price * (0.85 + rng.float() * 0.3)),
    payment,
    ...(gunShow ? { gunShow } : {}),
  };
}

export { buy as makePurchase };
