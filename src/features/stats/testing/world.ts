/**
 * A small synthetic world of traces with every attribute the statistics count, written straight into the
 * tables (no importer, no tracing service), and the expected figures computed from the same specs in plain
 * TypeScript, independently of the SQL. Synthetic only: names and dates are made up by a seeded generator.
 */
import type { Tx } from '../../../db/types.js';

export interface AgencySpec {
  ori: string;
  kind?: 'police' | 'atf';
  state?: string;
}

export interface DealerSpec {
  licence: string;
  name: string;
  state: string;
  city: string;
  lat: number | null;
  lon: number | null;
}

export interface TraceSpec {
  agency: string;
  priority: 'routine' | 'urgent';
  status: 'submitted' | 'in_progress' | 'completed' | 'not_completed';
  reason: string | null;
  submittedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  firearm: { type: string | null; caliber: string | null; maker: string | null; obliterated: boolean };
  recovery: null | {
    on: string;
    country: string;
    state: string | null;
    mxState: string | null;
    city: string | null;
    lat: number | null;
    lon: number | null;
    ncic: string | null;
  };
  possessorDob: string | null;
  /** On the trace itself (wins over the recovery's code). */
  ncic: string | null;
  dealer: string | null;
  saleDate: string | null;
  caseNumber: string | null;
  atfCaseNumber: string | null;
}

export interface WorldSpec {
  agencies: AgencySpec[];
  dealers: DealerSpec[];
  traces: TraceSpec[];
}

export interface InsertedWorld {
  agencyIds: Map<string, number>;
  dealerIds: Map<string, number>;
  traceIds: number[];
  recoveryIds: Array<number | null>;
  firearmIds: number[];
  personIds: Array<number | null>;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same world. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

export const WORLD_AGENCIES: AgencySpec[] = [
  { ori: 'AZ0070000', state: 'AZ' },
  { ori: 'TX2270000', state: 'TX' },
  { ori: 'CA0190000', state: 'CA' },
  { ori: 'ATFNTC001', kind: 'atf' },
];

export const WORLD_DEALERS: DealerSpec[] = [
  { licence: '9-86-013-01-1A-00001', name: 'Desert Arms LLC', state: 'AZ', city: 'Phoenix', lat: 33.45, lon: -112.07 },
  { licence: '9-86-013-01-1A-00002', name: 'Valley Guns', state: 'AZ', city: 'Glendale', lat: 33.54, lon: -112.19 },
  { licence: '5-74-029-01-1B-00003', name: 'Lone Star Outfitters', state: 'TX', city: 'Houston', lat: 29.76, lon: -95.37 },
  { licence: '5-74-029-02-1B-00004', name: 'Border Pawn', state: 'TX', city: 'El Paso', lat: null, lon: null },
  { licence: '9-33-037-01-1C-00005', name: 'Coast Sporting Goods', state: 'CA', city: 'San Diego', lat: 32.72, lon: -117.16 },
  { licence: '3-58-081-01-1D-00006', name: 'Peach State Firearms', state: 'GA', city: 'Atlanta', lat: 33.75, lon: -84.39 },
];

const TYPES = ['pistol', 'pistol', 'pistol', 'rifle', 'rifle', 'revolver', 'shotgun', null] as const;
const CALIBERS = ['9mm Luger', '7.62x39mm', '.223 Remington', '.40 S&W', '5.7x28mm', '.50 BMG', '.38 Special', null] as const;
const MAKERS = ['Glock', 'Romarm/Cugir', 'Smith & Wesson', 'FN Herstal', 'Ruger', 'Barrett', 'Taurus', 'Hi-Point', null] as const;
const NCIC = ['5212', '5299', '7399', '1313', '0999', '3599', '1201', null] as const;
const REASONS = ['invalid_markings', 'pre_1968', 'serial_obliterated', 'dealer_did_not_respond', 'duplicate_request', 'insufficient_information'] as const;
const US_PLACES = [
  { state: 'AZ', cities: ['PHOENIX', 'TUCSON', 'NOGALES'], lat: 33.4, lon: -112.0 },
  { state: 'TX', cities: ['EL PASO', 'HOUSTON', 'LAREDO'], lat: 31.7, lon: -106.4 },
  { state: 'CA', cities: ['LOS ANGELES', 'SAN DIEGO'], lat: 34.0, lon: -118.2 },
  { state: 'IL', cities: ['CHICAGO'], lat: 41.9, lon: -87.6 },
] as const;
const MX_PLACES = [
  { mx: 'SON', cities: ['NOGALES', 'HERMOSILLO', 'NACO'], lat: 31.3, lon: -110.9 },
  { mx: 'CHH', cities: ['CIUDAD JUAREZ'], lat: 31.7, lon: -106.4 },
  { mx: 'TAM', cities: ['REYNOSA', 'NUEVO LAREDO'], lat: 26.1, lon: -98.3 },
  { mx: 'JAL', cities: ['GUADALAJARA'], lat: 20.7, lon: -103.3 },
] as const;

/** A world of n traces over 2021–2023 with every kind of value, including the awkward ones (unknowns, Mexico). */
export function makeWorld(seed: number, n: number): WorldSpec {
  const r = rng(seed);
  const traces: TraceSpec[] = [];
  for (let i = 0; i < n; i++) {
    const agency = pick(r, WORLD_AGENCIES.slice(0, 3)).ori;
    const priority = r() < 0.2 ? 'urgent' : 'routine';
    const recDay = addDays('2021-01-01', Math.floor(r() * 3 * 365));
    const submittedAt = new Date(Date.parse(`${addDays(recDay, Math.floor(r() * 20))}T${String(8 + Math.floor(r() * 9)).padStart(2, '0')}:15:00Z`));
    const dueAt = new Date(submittedAt.getTime() + (priority === 'urgent' ? 24 : 168) * 3_600_000);
    const u = r();
    const status: TraceSpec['status'] = u < 0.7 ? 'completed' : u < 0.9 ? 'not_completed' : u < 0.95 ? 'in_progress' : 'submitted';
    // Turnaround hours with deliberate hits on the targets themselves (24 h, 168 h: within target).
    const hours = [24, 168, 3.5, 20.25, 30, 100, 200, 500][Math.floor(r() * 8)]!;
    const completedAt = status === 'completed' ? new Date(submittedAt.getTime() + hours * 3_600_000) : null;
    const inMexico = r() < 0.25;
    const hasRecovery = r() < 0.95;
    let recovery: TraceSpec['recovery'] = null;
    if (hasRecovery) {
      if (inMexico) {
        const p = pick(r, MX_PLACES);
        recovery = { on: recDay, country: 'MX', state: null, mxState: p.mx, city: pick(r, p.cities), lat: r() < 0.8 ? p.lat + r() : null, lon: p.lon + r(), ncic: pick(r, NCIC) };
      } else {
        const p = pick(r, US_PLACES);
        recovery = { on: recDay, country: 'US', state: p.state, mxState: null, city: r() < 0.9 ? pick(r, p.cities) : null, lat: r() < 0.8 ? p.lat + r() : null, lon: p.lon + r(), ncic: pick(r, NCIC) };
      }
      if (recovery.lat == null) recovery.lon = null;
    }
    const completed = status === 'completed';
    const dealer = completed && r() < 0.9 ? pick(r, WORLD_DEALERS).licence : null;
    // Sale dates from 20 days to 12 years before recovery, with month-edge cases (exactly 3 months, a leap day).
    const ttcChoice = Math.floor(r() * 10);
    const saleDate = dealer
      ? ttcChoice === 0
        ? addMonthsIso(recDay, -3)
        : ttcChoice === 1
          ? addDays(addMonthsIso(recDay, -3), 1)
          : addDays(recDay, -Math.floor(20 + r() * 12 * 365))
      : null;
    traces.push({
      agency,
      priority,
      status,
      reason: status === 'not_completed' ? pick(r, REASONS) : null,
      submittedAt,
      dueAt,
      completedAt,
      firearm: { type: pick(r, TYPES), caliber: pick(r, CALIBERS), maker: pick(r, MAKERS), obliterated: r() < 0.05 },
      recovery,
      possessorDob: r() < 0.7 ? addDays('1950-01-01', Math.floor(r() * 55 * 365)) : null,
      ncic: r() < 0.3 ? pick(r, NCIC) : null,
      dealer,
      saleDate,
      caseNumber: r() < 0.05 ? 'AZ-2022-0001' : null,
      atfCaseNumber: r() < 0.03 ? '785115-22-0042' : null,
    });
  }
  return { agencies: WORLD_AGENCIES, dealers: WORLD_DEALERS, traces };
}

/** Calendar month arithmetic on ISO days, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsIso(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${ny}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export async function insertWorld(tx: Tx, w: WorldSpec, tag = 'w'): Promise<InsertedWorld> {
  const agencyIds = new Map<string, number>();
  for (const a of w.agencies) {
    const existing = await tx.selectFrom('agencies').select('id').where('ori', '=', a.ori).executeTakeFirst();
    const id =
      existing?.id ??
      (await tx.insertInto('agencies').values({ ori: a.ori, name: `Agency ${a.ori}`, kind: a.kind ?? 'police', state: a.state ?? null }).returning('id').executeTakeFirstOrThrow()).id;
    agencyIds.set(a.ori, id);
  }
  const dealerIds = new Map<string, number>();
  for (const d of w.dealers) {
    const existing = await tx.selectFrom('dealers').select('id').where('licence_number', '=', d.licence).executeTakeFirst();
    const id =
      existing?.id ??
      (
        await tx
          .insertInto('dealers')
          .values({ licence_number: d.licence, licence_type: d.licence.split('-')[3] ?? '01', name: d.name, state: d.state, city: d.city, lat: d.lat, lon: d.lon, source_kind: 'test', source_ref: `${tag}:dealer` })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    dealerIds.set(d.licence, id);
  }
  // Batched, several hundred rows a statement: fast on PGlite, and it exercises the statement-level triggers
  // with multi-row transition tables the way an importer would.
  const refs = w.traces.map((_, i) => `${tag}:${i + 1}`);
  const byRef = (rows: Array<{ id: number; source_ref: string }>): Map<string, number> => new Map(rows.map((r) => [r.source_ref, r.id]));
  const chunks = <T>(xs: T[], n = 400): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, k) => xs.slice(k * n, k * n + n));

  const firearmIds = new Map<string, number>();
  for (const part of chunks(w.traces.map((t, i) => ({ t, ref: refs[i]! })))) {
    const rows = await tx
      .insertInto('firearms')
      .values(part.map(({ t, ref }) => ({ serial_raw: `SN${ref}`, firearm_type: t.firearm.type, caliber: t.firearm.caliber, maker: t.firearm.maker, obliterated: t.firearm.obliterated, source_kind: 'test', source_ref: ref })))
      .returning(['id', 'source_ref'])
      .execute();
    for (const [k, v] of byRef(rows)) firearmIds.set(k, v);
  }
  const personIds = new Map<string, number>();
  for (const part of chunks(w.traces.map((t, i) => ({ t, ref: refs[i]! })).filter(({ t }) => t.possessorDob))) {
    const rows = await tx
      .insertInto('person_records')
      .values(part.map(({ t, ref }) => ({ role: 'possessor', given_name: 'Test', surname: `Possessor ${ref}`, dob: t.possessorDob, source_kind: 'test', source_ref: ref })))
      .returning(['id', 'source_ref'])
      .execute();
    for (const [k, v] of byRef(rows)) personIds.set(k, v);
  }
  const recoveryIds = new Map<string, number>();
  for (const part of chunks(w.traces.map((t, i) => ({ t, ref: refs[i]! })).filter(({ t }) => t.recovery))) {
    const rows = await tx
      .insertInto('recoveries')
      .values(
        part.map(({ t, ref }) => ({
          firearm_id: firearmIds.get(ref)!, agency_id: agencyIds.get(t.agency)!, recovered_on: t.recovery!.on, city: t.recovery!.city, state: t.recovery!.state,
          mx_state: t.recovery!.mxState, country: t.recovery!.country, lat: t.recovery!.lat, lon: t.recovery!.lon, ncic_code: t.recovery!.ncic,
          possessor_record_id: personIds.get(ref) ?? null, source_kind: 'test', source_ref: ref,
        })),
      )
      .returning(['id', 'source_ref'])
      .execute();
    for (const [k, v] of byRef(rows)) recoveryIds.set(k, v);
  }
  const traceIds = new Map<string, number>();
  for (const part of chunks(w.traces.map((t, i) => ({ t, ref: refs[i]! })))) {
    const rows = await tx
      .insertInto('trace_requests')
      .values(
        part.map(({ t, ref }) => ({
          trace_number: `T-${ref}`, agency_id: agencyIds.get(t.agency)!, priority: t.priority,
          urgent_justification: t.priority === 'urgent' ? 'test: armed suspect at large' : null,
          ncic_code: t.ncic, firearm_id: firearmIds.get(ref)!, recovery_id: recoveryIds.get(ref) ?? null,
          // With no recovery record the possessor hangs on the trace itself.
          possessor_record_id: t.recovery ? null : (personIds.get(ref) ?? null),
          status: t.status, not_completed_reason: t.reason, submitted_at: t.submittedAt, due_at: t.dueAt, completed_at: t.completedAt,
          dealer_id: t.dealer ? dealerIds.get(t.dealer)! : null, dealer_licence: t.dealer, sale_date: t.saleDate,
          requester_case_number: t.caseNumber, atf_case_number: t.atfCaseNumber, source_kind: 'test', source_ref: ref,
        })),
      )
      .returning(['id', 'source_ref'])
      .execute();
    for (const [k, v] of byRef(rows)) traceIds.set(k, v);
  }
  const out: InsertedWorld = {
    agencyIds,
    dealerIds,
    traceIds: refs.map((r) => traceIds.get(r)!),
    recoveryIds: refs.map((r) => recoveryIds.get(r) ?? null),
    firearmIds: refs.map((r) => firearmIds.get(r)!),
    personIds: refs.map((r) => personIds.get(r) ?? null),
  };
  return out;
}
