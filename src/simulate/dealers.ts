// The licensees of the synthetic world: retail dealers and pawnbrokers across the US weighted to the border
// states, wholesalers, and the makers and importers that start each chain of distribution.
import type { DealerRow } from '../formats/dealers.js';
import { type Day, type Hours, hours, isoOf, maskToDays, yearOf } from './days.js';
import { BUSINESS_KINDS, BUSINESS_SUFFIXES, BUSINESS_WORDS, PAWN_KINDS, ANGLO_SURNAMES } from './names.js';
import { makeAddress, streetLine } from './people.js';
import { type City, CITIES } from './places.js';
import { Rng, Weighted } from './rng.js';

export type DealerRole = 'retail' | 'wholesaler' | 'manufacturer' | 'importer';

export interface Dealer extends Hours {
  idx: number;
  licence: string;
  type: '01' | '02' | '07' | '08';
  role: DealerRole;
  name: string;
  street: string;
  city: City;
  postcode: string;
  lat: number;
  lon: number;
  /** First day out of business, or Infinity. */
  oobDay: number;
}

const REGION: Readonly<Record<string, readonly string[]>> = {
  AZ: ['9-86'], CA: ['9-33', '9-95', '9-77', '9-68'], NM: ['5-85'], TX: ['5-74', '5-75', '5-76', '5-88'],
  NV: ['9-88'], CO: ['8-84'], UT: ['8-87'], OK: ['5-73'], GA: ['1-58'], FL: ['1-59'], IL: ['3-36'], NY: ['6-16'],
  WA: ['9-91'], OR: ['9-93'], LA: ['7-72'], MO: ['4-43'], TN: ['4-62'], NC: ['1-56'], OH: ['4-31'], PA: ['8-23'],
  MI: ['4-38'], VA: ['8-54'], AL: ['4-63'], KS: ['4-48'], MA: ['6-04'], NH: ['6-02'], CT: ['6-06'], VT: ['6-03'],
  MN: ['3-41'], WI: ['3-39'], MD: ['8-52'],
};

/** Where the makers and importers of the catalog hold their licences (public company towns). */
const MAKER_SITES: readonly [name: string, role: 'manufacturer' | 'importer', city: string, state: string, county: string, zip: string, lat: number, lon: number][] = [
  ['Smith & Wesson', 'manufacturer', 'Springfield', 'MA', 'Hampden', '01104', 42.101, -72.59],
  ['Sturm Ruger', 'manufacturer', 'Prescott', 'AZ', 'Yavapai', '86301', 34.54, -112.469],
  ['SIG Sauer', 'manufacturer', 'Newington', 'NH', 'Rockingham', '03801', 43.1, -70.834],
  ['Hi-Point', 'manufacturer', 'Mansfield', 'OH', 'Richland', '44903', 40.758, -82.515],
  ['Kel-Tec', 'manufacturer', 'Cocoa', 'FL', 'Brevard', '32922', 28.386, -80.742],
  ['Colt', 'manufacturer', 'West Hartford', 'CT', 'Hartford', '06110', 41.762, -72.742],
  ['Century Arms', 'manufacturer', 'Georgia', 'VT', 'Franklin', '05468', 44.72, -73.117],
  ['Bushmaster', 'manufacturer', 'Ilion', 'NY', 'Herkimer', '13357', 43.015, -75.035],
  ['DPMS', 'manufacturer', 'St. Cloud', 'MN', 'Stearns', '56301', 45.561, -94.162],
  ['Barrett', 'manufacturer', 'Christiana', 'TN', 'Rutherford', '37037', 35.71, -86.399],
  ['Remington', 'manufacturer', 'Ilion', 'NY', 'Herkimer', '13357', 43.012, -75.04],
  ['Henry', 'manufacturer', 'Rice Lake', 'WI', 'Barron', '54868', 45.506, -91.738],
  ['Savage', 'manufacturer', 'Westfield', 'MA', 'Hampden', '01085', 42.125, -72.749],
  ['Mossberg', 'manufacturer', 'North Haven', 'CT', 'New Haven', '06473', 41.391, -72.86],
  ['Springfield Armory', 'manufacturer', 'Geneseo', 'IL', 'Henry', '61254', 41.448, -90.154],
  ['Century Arms', 'importer', 'Georgia', 'VT', 'Franklin', '05468', 44.72, -73.117],
  ['Glock', 'importer', 'Smyrna', 'GA', 'Cobb', '30080', 33.884, -84.514],
  ['Taurus', 'importer', 'Bainbridge', 'GA', 'Decatur', '39817', 30.904, -84.575],
  ['Springfield Armory', 'importer', 'Geneseo', 'IL', 'Henry', '61254', 41.448, -90.154],
  ['Beretta', 'importer', 'Accokeek', 'MD', "Prince George's", '20607', 38.668, -77.003],
  ['FN Herstal', 'importer', 'McLean', 'VA', 'Fairfax', '22102', 38.934, -77.177],
];

/** How the firms appear on their own licence (the catalog uses canonical names). */
const LICENSED_NAME: Readonly<Record<string, string>> = {
  'Smith & Wesson': 'Smith & Wesson Inc', 'Sturm Ruger': 'Sturm, Ruger & Company Inc', 'SIG Sauer': 'Sig Sauer Inc',
  'Hi-Point': 'Beemiller Inc (Hi-Point Firearms)', 'Kel-Tec': 'Kel-Tec CNC Industries Inc', Colt: "Colt's Manufacturing Company LLC",
  'Century Arms': 'Century International Arms Inc', Bushmaster: 'Bushmaster Firearms International LLC', DPMS: 'DPMS Panther Arms',
  Barrett: 'Barrett Firearms Manufacturing Inc', Remington: 'Remington Arms Company LLC', Henry: 'Henry Repeating Arms Co',
  Savage: 'Savage Arms Inc', Mossberg: 'O.F. Mossberg & Sons Inc', 'Springfield Armory': 'Springfield Inc', Glock: 'Glock Inc',
  Taurus: 'Taurus International Manufacturing Inc', Beretta: 'Beretta USA Corp', 'FN Herstal': 'FN America LLC',
};

const HOURS = Weighted.of<number>([
  [0b0111111, 45], // Mon-Sat
  [0b0111110, 20], // Tue-Sat
  [0b0011111, 12], // Mon-Fri
  [0b1111111, 13], // every day
  [0b1111100, 5], // Wed-Sun
  [0b1011111, 5], // Mon-Fri and Sun
]);

export interface DealerPlan {
  retail: number;
  wholesalers: number;
  /** Share of retail dealers in each state; the rest go to other cities by population. */
  stateShares: Readonly<Record<string, number>>;
  outOfBusinessShare: number;
  start: Day;
  end: Day;
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export class DealerWorld {
  readonly all: Dealer[] = [];
  readonly retail: Dealer[] = [];
  readonly wholesalers: Dealer[] = [];
  private readonly byCity = new Map<number, Dealer[]>();
  private readonly byState = new Map<string, Dealer[]>();
  private readonly makerFfl = new Map<string, Dealer>();
  private readonly importerFfl = new Map<string, Dealer>();
  private seq: number;

  constructor(seed: number, plan: DealerPlan) {
    const rng = Rng.derive(seed, 'dealers');
    this.seq = rng.int(0, 99_999);
    for (const [name, role, city, state, county, zip, lat, lon] of MAKER_SITES) {
      const site: City = { idx: 900 + this.all.length, name: city, state, county, zip: zip.slice(0, 3), lat, lon, weight: 0 };
      const d = this.add(rng, { role, type: role === 'manufacturer' ? '07' : '08', name: LICENSED_NAME[name] ?? name, city: site, postcode: zip, start: plan.start });
      (role === 'manufacturer' ? this.makerFfl : this.importerFfl).set(name, d);
    }
    const cityWeights = (cities: readonly City[]) => new Weighted(cities, cities.map((c) => c.weight));
    const anyCity = cityWeights(CITIES);
    for (let i = 0; i < plan.wholesalers; i++) {
      const city = anyCity.draw(rng);
      this.wholesalers.push(
        this.add(rng, { role: 'wholesaler', type: '01', name: `${rng.pick(BUSINESS_WORDS)} ${rng.pick(['Shooting Supply', 'Sports Distributors', 'Firearms Wholesale', 'Outdoor Distributing'])} Inc`, city, start: plan.start }),
      );
    }
    const states = Object.entries(plan.stateShares);
    const inStates = states.reduce((s, [, w]) => s + w, 0);
    const stateOf = Weighted.of<string | null>([...states.map(([st, w]) => [st, w] as const), [null, Math.max(0, 1 - inStates)]]);
    const perState = new Map<string | null, Weighted<City>>();
    const elsewhere = CITIES.filter((c) => !plan.stateShares[c.state]);
    for (let i = 0; i < plan.retail; i++) {
      const st = stateOf.draw(rng);
      let w = perState.get(st);
      if (!w) {
        w = cityWeights(st === null ? (elsewhere.length ? elsewhere : CITIES) : CITIES.filter((c) => c.state === st));
        perState.set(st, w);
      }
      const city = w.draw(rng);
      const pawn = rng.chance(0.15);
      const name = pawn
        ? `${rng.pick(BUSINESS_WORDS)} ${rng.pick(PAWN_KINDS)}`
        : rng.chance(0.25)
          ? `${rng.pick(ANGLO_SURNAMES)}'s ${rng.pick(['Guns', 'Gun Shop', 'Sporting Goods', 'Firearms'])}`
          : `${rng.pick(BUSINESS_WORDS)} ${rng.pick(BUSINESS_KINDS)}`;
      const suffix = rng.pick(BUSINESS_SUFFIXES);
      const oob = rng.chance(plan.outOfBusinessShare) ? rng.int(plan.start + 60, plan.end) : Infinity;
      const d = this.add(rng, { role: 'retail', type: pawn ? '02' : '01', name: suffix ? `${name} ${suffix}` : name, city, start: plan.start, oob });
      this.retail.push(d);
      pushTo(this.byCity, city.idx, d);
      pushTo(this.byState, city.state, d);
    }
  }

  private add(
    rng: Rng,
    o: { role: DealerRole; type: Dealer['type']; name: string; city: City; postcode?: string; start: Day; oob?: number },
  ): Dealer {
    const region = REGION[o.city.state] ?? [`${1 + (o.city.state.charCodeAt(0) % 9)}-${String(o.city.state.charCodeAt(1) % 100).padStart(2, '0')}`];
    // 7919 is prime to 100000: sequences stay unique for up to 100000 licences.
    this.seq = (this.seq + 7919) % 100_000;
    const expiryYear = (yearOf(o.start) + rng.int(1, 3)) % 10;
    const licence = `${rng.pick(region)}-${String(o.city.idx % 1000).padStart(3, '0')}-${o.type}-${expiryYear}${'ABCDEFGHJKLM'[rng.int(0, 11)]}-${String(this.seq).padStart(5, '0')}`;
    const addr = makeAddress(rng, o.city);
    const d: Dealer = {
      idx: this.all.length,
      licence,
      type: o.type,
      role: o.role,
      name: o.name,
      street: streetLine({ ...addr, unit: 0 }, true),
      city: o.city,
      postcode: o.postcode ?? addr.postcode,
      lat: Math.round((o.city.lat + rng.normal(0, 0.04)) * 10_000) / 10_000,
      lon: Math.round((o.city.lon + rng.normal(0, 0.04)) * 10_000) / 10_000,
      oobDay: o.oob ?? Infinity,
      ...hours(o.role === 'retail' ? HOURS.draw(rng) : 0b0011111, o.role === 'retail' ? rng.chance(0.75) : true),
    };
    this.all.push(d);
    return d;
  }

  maker(name: string): Dealer | undefined {
    return this.makerFfl.get(name);
  }

  importer(name: string): Dealer | undefined {
    return this.importerFfl.get(name);
  }

  /** Retail dealers of a city, else of its state, else anywhere. */
  near(city: City): Dealer[] {
    return this.byCity.get(city.idx) ?? this.byState.get(city.state) ?? this.retail;
  }

  inState(state: string): Dealer[] {
    return this.byState.get(state) ?? this.retail;
  }

  row(d: Dealer): DealerRow {
    return {
      licence_number: d.licence,
      licence_type: d.type,
      name: d.name,
      street: d.street,
      city: d.city.name,
      state: d.city.state,
      postcode: d.postcode,
      county: d.city.county,
      lat: d.lat,
      lon: d.lon,
      status: Number.isFinite(d.oobDay) ? 'out_of_business' : 'active',
      out_of_business_date: Number.isFinite(d.oobDay) ? isoOf(d.oobDay) : undefined,
      business_days: maskToDays(d.openMask).split(',') as DealerRow['business_days'],
      closed_on_federal_holidays: d.closedOnHolidays,
    };
  }
}
