// The state the generators share while a world is written: configuration, random streams, counters, sinks,
// truth and statistics. Everything here is small; nothing grows with the number of rows except counters.
import { CALIBERS } from '../domain/calibers.js';
import { MAKERS } from '../domain/makers.js';
import { SIMULATOR_TRUTH_KIND, type ImportKind } from '../formats/index.js';
import { isHandgunModel, isQualifyingRifle, type GunModel, SerialMint } from './catalog.js';
import { type Day, dayOf } from './days.js';
import { type Dealer, type DealerPlan, DealerWorld } from './dealers.js';
import { Noise, type NoiseRates } from './noise.js';
import { type Person, type PersonOptions, makePerson, personKey } from './people.js';
import { type City, BORDER_STATES } from './places.js';
import { Rng, deriveSeed, scrambleId } from './rng.js';
import { TtcStats } from './ttc.js';
import { CsvSink, Sink } from './writer.js';

export interface ScenarioConfig {
  name: string;
  description: string;
  /** Sales and recoveries happen in [start, end]. */
  start: Day;
  end: Day;
  dealers: Omit<DealerPlan, 'start' | 'end'>;
  /** Where lawful buyers live: state weights (cities by population inside). */
  buyerStates: Readonly<Record<string, number>>;
  hispanicShare: Readonly<Record<string, number>>;
  /** Counts at scale 1. */
  lawful: { singles: number; occasional: number; collectors: number };
  rings: { bold: number; moderate: number; careful: number };
  backgroundTraces: number;
  theftReports: number;
  /** Share of background recoveries made in Mexico. */
  mexicoShare: number;
  /** 'law': F 3310.12 from 2011-08-14 (types 01, 02) and 2024-10-01 (07, 08); 'always': the counterfactual. */
  rifleRule: 'law' | 'always';
  phoenix: boolean;
}

export interface RingTruth {
  id: string;
  skill: 'bold' | 'moderate' | 'careful' | 'phoenix';
  trafficker: string;
  recruiters: string[];
  members: string[];
  startedBuying: string;
  stoppedBuying: string;
  dealers: string[];
  /** Serials (as stamped) with the canonical maker: "Romarm|RO1234-5678". */
  guns: string[];
  trafficked: string[];
  spent: number;
  recovered: number;
  reportedInMultipleSales: number;
  tips: number;
  caseOpened?: string;
  /** Scenario facts replayed (phoenix-2010). */
  events?: Record<string, unknown>[];
}

export interface WorldStats {
  lawfulBuyers: number;
  lawfulBuyersInMultipleSales: number;
  multipleSaleItems: number;
  multipleSaleReports: number;
  traceRequests: number;
  tracesCompleted: number;
  tracesInProgress: number;
  /** Traces the center completed from a multiple-sale or theft report it held, where it would otherwise have stopped. */
  answeredFromRecords: number;
  notCompleted: Record<string, number>;
  recoveriesUntraced: number;
  /** Cases written to cases.csv: every case a suspect-gun referral names. */
  cases: number;
  ringGuns: number;
  ringGunsRecovered: number;
}

const MAKER_ALIASES = new Map(MAKERS.map((m) => [m.canonical, m.aliases]));
const CALIBER_ALIASES = new Map(CALIBERS.map((c) => [c.canonical, c.aliases]));

const RIFLE_RULE_START = dayOf('2011-08-14');
const MAKER_RULE_START = dayOf('2024-10-01');

type SinkMap = { [K in ImportKind]: CsvSink<object> };

export class World {
  readonly noise: Noise;
  readonly dealers: DealerWorld;
  readonly mint: SerialMint;
  readonly sinks: SinkMap;
  readonly truthRecords: Sink;
  readonly rings: RingTruth[] = [];
  readonly ttc = new TtcStats();
  readonly stats: WorldStats = {
    lawfulBuyers: 0,
    lawfulBuyersInMultipleSales: 0,
    multipleSaleItems: 0,
    multipleSaleReports: 0,
    traceRequests: 0,
    tracesCompleted: 0,
    tracesInProgress: 0,
    answeredFromRecords: 0,
    notCompleted: {},
    recoveriesUntraced: 0,
    cases: 0,
    ringGuns: 0,
    ringGunsRecovered: 0,
  };
  private readonly counters = new Map<string, number>();
  private readonly idKey: number;
  strawBuyers: string[] = [];
  /** Members of rings being played, and those of them that some written record shows. */
  readonly ringMembers = new Set<number>();
  readonly observedMembers = new Set<number>();

  constructor(
    readonly seed: number,
    readonly scale: number,
    readonly cfg: ScenarioConfig,
    rates: NoiseRates,
    readonly outDir: string,
  ) {
    this.noise = new Noise(rates);
    this.idKey = deriveSeed(seed, 'ids');
    const dealerScale = Math.sqrt(scale);
    this.dealers = new DealerWorld(seed, {
      ...cfg.dealers,
      retail: Math.max(40, Math.round(cfg.dealers.retail * dealerScale)),
      wholesalers: Math.max(4, Math.round(cfg.dealers.wholesalers * Math.min(1, dealerScale))),
      start: cfg.start,
      end: cfg.end,
    });
    this.mint = new SerialMint(Rng.derive(seed, 'serials'));
    this.sinks = {
      dealers: new CsvSink(outDir, 'dealers'),
      cases: new CsvSink(outDir, 'cases'),
      multiple_sales: new CsvSink(outDir, 'multiple_sales'),
      trace_requests: new CsvSink(outDir, 'trace_requests'),
      trace_results: new CsvSink(outDir, 'trace_results'),
      recoveries: new CsvSink(outDir, 'recoveries'),
      suspect_guns: new CsvSink(outDir, 'suspect_guns'),
      dealer_tips: new CsvSink(outDir, 'dealer_tips'),
      theft_reports: new CsvSink(outDir, 'theft_reports'),
    };
    this.truthRecords = new Sink(`${outDir}/truth-records.ndjson`);
    // A header line marks the file as ground truth, so that no importer takes it for data (it has no source or
    // person, and readers of the records skip it).
    this.truthRecords.writeText(`${JSON.stringify({ kind: SIMULATOR_TRUTH_KIND, file: 'truth-records', note: 'ground truth of a simulated world: for measuring, never for import' })}\n`);
  }

  /** A random stream for one unit of work (a buyer, a ring, a trace). */
  rng(...labels: (string | number)[]): Rng {
    return Rng.derive(this.seed, ...labels);
  }

  next(counter: string): number {
    const n = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, n);
    return n;
  }

  /** An identifier that does not reveal generation order (rings are generated together). */
  newId(prefix: string, counter: string): string {
    return `${prefix}${scrambleId(this.next(counter), this.idKey ^ prefix.length)}`;
  }

  newPerson(rng: Rng, o: PersonOptions): Person {
    return makePerson(rng, this.next('person'), o, this.idKey);
  }

  hispanicShare(city: City): number {
    return this.cfg.hispanicShare[city.state] ?? 0.18;
  }

  /** Who is behind one person record: the key the evaluation joins on. */
  truth(source: ImportKind, key: string, role: string, person: Person | undefined, gun?: { model: GunModel; serial: string }): void {
    // Built by hand (hot path); every value is an id, a code or a serial, so JSON.stringify of each is enough.
    let line = `{"source":"${source}","key":${JSON.stringify(key)},"role":"${role}"`;
    if (person) {
      line += `,"person":"${personKey(person)}"`;
      if (this.ringMembers.has(person.id)) this.observedMembers.add(person.id);
    }
    if (gun) line += `,"gun":${JSON.stringify(`${gun.model.maker}|${gun.serial}`)}`;
    this.truthRecords.writeText(`${line}}\n`);
    this.truthRecords.rows++;
  }

  /** Which multiple-sale form a sale falls under at this dealer on this day, if any. */
  reportForm(dealer: Dealer, model: GunModel, day: Day): '3310.4' | '3310.12' | undefined {
    if (isHandgunModel(model)) return '3310.4';
    if (!isQualifyingRifle(model)) return undefined;
    if (!(BORDER_STATES as readonly string[]).includes(dealer.city.state)) return undefined;
    if (dealer.type === '01' || dealer.type === '02') {
      return this.cfg.rifleRule === 'always' || day >= RIFLE_RULE_START ? '3310.12' : undefined;
    }
    return day >= MAKER_RULE_START ? '3310.12' : undefined;
  }

  spellMaker(rng: Rng, canonical: string): string {
    if (!this.noise.roll(rng, 'aliasSpelling')) return canonical;
    const aliases = MAKER_ALIASES.get(canonical) ?? [];
    return aliases.length ? rng.pick(aliases) : canonical;
  }

  spellCaliber(rng: Rng, canonical: string): string {
    if (!this.noise.roll(rng, 'aliasSpelling')) return canonical;
    const aliases = CALIBER_ALIASES.get(canonical) ?? [];
    return aliases.length ? rng.pick(aliases) : canonical;
  }

  async flush(force = false): Promise<void> {
    for (const s of Object.values(this.sinks)) await s.flush(force);
    await this.truthRecords.flush(force);
  }

  async close(): Promise<void> {
    for (const s of Object.values(this.sinks)) await s.close();
    await this.truthRecords.close();
  }
}

/** Scale a count at scale 1; keeps at least `min` when the count is meant to be present. */
export function scaled(n: number, scale: number, min = 0): number {
  return n > 0 ? Math.max(min, Math.round(n * scale)) : 0;
}
