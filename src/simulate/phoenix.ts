// The Phoenix replay (DOMAIN.md, 2009-2011): one ring of more than 40 straw buyers at several Phoenix-area dealers,
// about 2,000 guns for about $1.5 million in cash, with the public facts placed on their dates. Counterfactual:
// rifle multiple-sale reports are on (the scenario sets rifleRule 'always').
import { type GunModel, MODELS } from './catalog.js';
import { type Day, dayOf, isOpen, isoOf, nextOpen } from './days.js';
import type { Dealer } from './dealers.js';
import { MX_CITIES, cityNamed } from './places.js';
import { Weighted } from './rng.js';
import { type RecoveryBatch, type RingPurchase, type Session, makeRingSetup, planRecoveries, runRing } from './rings.js';
import type { World } from './world.js';

export const PHOENIX = {
  firstPurchases: dayOf('2009-09-15'),
  caseOpened: dayOf('2009-10-31'),
  nacoPurchases: dayOf('2009-11-19'),
  naco: dayOf('2009-11-20'),
  elPasoPurchase: dayOf('2009-12-24'),
  elPasoRecovery: dayOf('2010-01-13'),
  flaggedPurchase: dayOf('2010-01-16'),
  flaggedReferral: dayOf('2010-01-19'),
  burstStart: dayOf('2010-03-08'),
  burstEnd: dayOf('2010-03-19'),
  june2010: dayOf('2010-06-30'),
  borderPatrolScene: dayOf('2010-12-14'),
  lastPurchases: dayOf('2010-12-31'),
  indictment: dayOf('2011-01-25'),
};

const byName = (model: string): GunModel => {
  const g = MODELS.find((m) => m.model === model);
  if (!g) throw new Error(`catalog has no ${model}`);
  return g;
};
const WASR = byName('WASR-10');
// Mostly AK-type rifles and FN 5.7 pistols, some .50 caliber rifles (DOMAIN.md); priced so ~2,000 guns cost ~$1.5M.
const MIX = Weighted.of<GunModel>([
  [WASR, 52],
  [byName('PAP M70'), 10],
  [byName('VSKA'), 9],
  [byName('Five-seveN'), 13],
  [byName('M82A1'), 0.8],
  [byName('M107A1'), 0.25],
  [byName('LE6920'), 3],
  [byName('M&P15'), 3],
  [byName('Government Super'), 3],
]);

/** Writes the Phoenix ring. */
export function phoenixRing(w: World): void {
  const rng = w.rng('phoenix');
  const P = PHOENIX;
  const base = cityNamed('Phoenix', 'AZ');
  const local = ['Phoenix', 'Glendale', 'Mesa'].flatMap((c) => w.dealers.near(cityNamed(c, 'AZ')));
  const pool = local.filter((d) => d.type === '01' && d.oobDay > P.indictment && d.city.state === 'AZ');
  const fallback = w.dealers.inState('AZ').filter((d) => d.oobDay > P.indictment && d.role === 'retail');
  const dealers: Dealer[] = [...new Set([...rng.shuffle([...pool]), ...rng.shuffle([...fallback])])].slice(0, 5);
  if (dealers.length === 0) throw new Error('phoenix-2010 needs retail dealers in Arizona');

  const setup = makeRingSetup(w, rng, { id: 'phoenix-2010', skill: 'phoenix', base, members: 44, dealers, at: P.firstPurchases });
  setup.caseDay = P.caseOpened;
  setup.tipRate = 0.06;
  setup.referShare = 0.3;
  setup.recoverShare = 0.27;

  const sessions: Session[] = [];
  const add = (member: number, day: Day, n: number, dealer = rng.pick(dealers), model?: GunModel) => {
    const open = nextOpen(dealer, day);
    sessions.push({ member, dealer, day: open, models: Array.from({ length: n }, () => model ?? MIX.draw(rng)) });
    return open;
  };
  // Volume falls after June 2010 (1,608 of ~2,000 bought by then).
  const randomDay = () => (rng.chance(0.8) ? rng.int(P.firstPurchases, P.june2010) : rng.int(P.june2010 + 1, P.lastPurchases));

  // The four men whose AK purchases for cash led a dealer to call on 31 October 2009.
  const tipDay = nextOpen(dealers[0], dayOf('2009-10-30'));
  for (let m = 3; m < 7; m++) add(m, tipDay, rng.int(3, 5), dealers[0], WASR);

  // Buyer 0: about 720 guns, 72 AK-type rifles in the 10-12 days of March 2010.
  let bought0 = 0;
  for (let i = 0; i < 7; i++) {
    const day = P.burstStart + Math.round((i * (P.burstEnd - P.burstStart)) / 6);
    add(0, day, i < 2 ? 11 : 10, rng.pick(dealers), WASR);
  }
  bought0 += 72;
  while (bought0 < 720) {
    const n = Math.min(720 - bought0, rng.int(3, 12));
    add(0, randomDay(), n);
    bought0 += n;
  }

  // Buyer 1: 40 AK-type rifles on 24 December 2009, found in El Paso about 20 days later.
  const elPasoDealer = dealers[1 % dealers.length];
  const elPasoDay = add(1, P.elPasoPurchase, 40, elPasoDealer, WASR);
  for (let bought = 40; bought < 110; ) {
    const n = rng.int(2, 8);
    add(1, randomDay(), n);
    bought += n;
  }

  // Buyer 2: flagged early; 52 rifles, three AK-type on 16 January 2010.
  const flaggedDealer = dealers.find((d) => isOpen(d, P.flaggedPurchase)) ?? dealers[2 % dealers.length];
  const flaggedDay = add(2, P.flaggedPurchase, 3, flaggedDealer, WASR);
  for (let bought = 3; bought < 52; ) {
    const n = Math.min(52 - bought, rng.int(2, 6));
    add(2, rng.int(P.firstPurchases + 30, P.june2010), n, rng.pick(dealers), rng.chance(0.8) ? WASR : byName('PAP M70'));
    bought += n;
  }

  // Naco: 20 of the 42 guns found were bought the day before.
  for (let m = 7; m < 12; m++) add(m, P.nacoPurchases, 4);

  // Everyone else: about 1,100 guns, a few buyers many, most a few dozen or less.
  let rest = 2000 - 720 - 110 - 52 - 20 - sessions.filter((s) => s.member >= 3 && s.member < 7).reduce((t, s) => t + s.models.length, 0);
  for (let m = 3; rest > 0; m = m >= 43 ? 3 : m + 1) {
    const n = Math.min(rest, 1 + rng.geometric(m < 10 ? 8 : 4));
    add(m, randomDay(), n);
    rest -= n;
  }

  const events: Record<string, unknown>[] = [];
  const plan = (purchases: RingPurchase[]): RecoveryBatch[] => {
    const taken = new Set<RingPurchase>();
    const batches: RecoveryBatch[] = [];
    const take = (list: RingPurchase[]) => {
      for (const p of list) taken.add(p);
      return list;
    };
    const naco = MX_CITIES.find((c) => c.name === 'Naco');
    if (!naco) throw new Error('no Naco');
    const dayBefore = purchases.filter((p) => p.day === nextOpen(p.dealer, P.nacoPurchases) && p.member >= 7 && p.member < 12);
    const earlier = purchases.filter((p) => p.day >= dayOf('2009-11-01') && p.day < P.nacoPurchases && !taken.has(p)).slice(0, 22);
    const nacoGuns = take([...dayBefore.slice(0, 20), ...earlier]);
    const courier = w.newPerson(rng, { city: cityNamed('Douglas', 'AZ'), hispanicShare: 0.95, minAge: 19, maxAge: 35, at: P.naco });
    batches.push({ guns: nacoGuns, day: P.naco, place: { country: 'MX', city: naco, address: 'vehicle stopped at checkpoint' }, possessor: courier, associates: [], crime: 'smuggling' });
    events.push({ event: 'naco', date: isoOf(P.naco), guns: nacoGuns.length, boughtTheDayBefore: Math.min(20, dayBefore.length) });

    const elPaso = take(purchases.filter((p) => p.member === 1 && p.day === elPasoDay).slice(0, 40));
    batches.push({ guns: elPaso, day: P.elPasoRecovery, place: { country: 'US', city: cityNamed('El Paso', 'TX') }, possessor: w.newPerson(rng, { city: cityNamed('El Paso', 'TX'), hispanicShare: 0.95, minAge: 20, maxAge: 40, at: P.elPasoRecovery }), associates: [], crime: 'smuggling' });
    events.push({ event: 'el_paso', bought: isoOf(elPasoDay), recovered: isoOf(P.elPasoRecovery), guns: elPaso.length });

    const flagged = purchases.filter((p) => p.member === 2 && p.day === flaggedDay).slice(0, 3);
    const scene = take(flagged.slice(0, 2));
    batches.push({ guns: scene, day: P.borderPatrolScene, place: { country: 'US', city: cityNamed('Rio Rico', 'AZ'), address: 'remote canyon west of Rio Rico' }, possessor: w.newPerson(rng, { city: cityNamed('Nogales', 'AZ'), hispanicShare: 1, minAge: 20, maxAge: 40, at: P.borderPatrolScene }), associates: [], crime: 'homicide' });
    taken.add(flagged[2]);
    events.push({ event: 'border_patrol_scene', bought: isoOf(flaggedDay), recovered: isoOf(P.borderPatrolScene), guns: scene.map((p) => `${p.gun.model.maker}|${p.gun.serial}`), notRecovered: flagged[2] ? `${flagged[2].gun.model.maker}|${flagged[2].gun.serial}` : undefined });

    // About 100 seized by the agency during the operation.
    const seizable = rng.shuffle(purchases.filter((p) => !taken.has(p) && p.day > P.caseOpened + 60)).slice(0, 100);
    for (let i = 0; i < seizable.length; i += 5) {
      const group = take(seizable.slice(i, i + 5));
      const day = Math.max(...group.map((p) => p.day)) + rng.int(0, 3);
      batches.push({ guns: group, day, place: { country: 'US', city: base }, possessor: setup.members[group[0].member], associates: [], crime: 'weapons', seized: true });
    }
    events.push({ event: 'seized_during_operation', guns: seizable.length });
    const rest = planRecoveries(w, rng, setup, purchases.filter((p) => !taken.has(p)));
    return [...batches, ...rest];
  };

  const run = runRing(w, rng, setup, sessions, {
    plan,
    tipDays: new Set([tipDay]),
    referral: (p) => (p.member === 2 && p.day === flaggedDay ? P.flaggedReferral : undefined),
  });
  const byJune = run.purchases.filter((p) => p.day <= P.june2010).length;
  run.truth.events = [
    { event: 'case_opened', date: isoOf(P.caseOpened), on: 'dealer tip about four men buying AK-type rifles for cash' },
    { event: 'burst', buyer: run.truth.members[0], from: isoOf(P.burstStart), to: isoOf(P.burstEnd), akRifles: 72 },
    ...events,
    { event: 'bought_by_june_2010', guns: byJune },
    { event: 'indictment', date: isoOf(P.indictment) },
  ];
}
