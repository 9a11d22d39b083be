/**
 * A large synthetic trace world for the statistics benchmark, streamed into PostgreSQL with COPY: dealers weighted
 * to the border states, recoveries a quarter in Mexico, time-to-crime with a long tail (mean about 6 years),
 * outcomes in DOMAIN.md's proportions. Deterministic for a seed. Synthetic only.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { MX_STATES, US_STATES } from '../../src/domain/geo.js';
import { rng } from '../../src/features/stats/testing/world.js';

export interface BenchWorld {
  traces: number;
  agencies: number;
  dealers: number;
  years: [number, number];
}

type R = () => number;

function weighted<T>(r: R, items: ReadonlyArray<readonly [T, number]>): () => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w / total));
  return () => {
    const u = r();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]![0];
  };
}

const STATES48 = US_STATES.filter((s) => s.kind === 'state' && s.code !== 'AK' && s.code !== 'HI');
const usWeight = (code: string): number => ({ TX: 14, CA: 12, AZ: 8, NM: 3, FL: 6, GA: 4, IL: 4, NY: 3 })[code] ?? 1;
const mxWeight = (code: string): number => ({ BCN: 10, SON: 9, CHH: 10, TAM: 9, NLE: 6, COA: 4, JAL: 6, SIN: 5, GRO: 5, MIC: 5, CMX: 4, MEX: 4 })[code] ?? 1;

const TYPES: Array<readonly [string, number]> = [['pistol', 60], ['rifle', 18], ['revolver', 10], ['shotgun', 8], ['derringer', 1], ['receiver_frame', 1], ['unknown', 2]];
const CALIBERS: Array<readonly [string, number]> = [
  ['9mm Luger', 30], ['.40 S&W', 8], ['.45 ACP', 7], ['.380 ACP', 7], ['.38 Special', 6], ['.22 LR', 8], ['.223 Remington', 8],
  ['7.62x39mm', 7], ['12 gauge', 6], ['.357 Magnum', 3], ['5.7x28mm', 2], ['.50 BMG', 1], ['.308 Winchester', 2], ['10mm Auto', 1],
];
const MAKERS: Array<readonly [string, number]> = [
  ['Glock', 15], ['Smith & Wesson', 12], ['Ruger', 10], ['Taurus', 8], ['Hi-Point', 6], ['Romarm/Cugir', 5], ['Colt', 4], ['SCCY', 4],
  ['Springfield Armory', 4], ['Sig Sauer', 5], ['FN Herstal', 3], ['Barrett', 1], ['Kel-Tec', 3], ['Mossberg', 3], ['Remington', 3],
  ['Beretta', 3], ['Norinco', 2], ['Zastava', 1], ['Century Arms', 2], ['Bersa', 2], ['Jimenez Arms', 1], ['Heritage', 1], ['unknown', 2],
];
const NCIC: Array<readonly [string, number]> = [['5212', 30], ['5299', 10], ['7399', 15], ['1313', 8], ['0999', 4], ['3599', 12], ['1201', 6], ['2299', 3], ['5311', 4]];
const REASONS: Array<readonly [string, number]> = [
  ['invalid_markings', 48], ['pre_1968', 26], ['serial_obliterated', 6], ['no_record_at_maker_or_importer', 5],
  ['dealer_out_of_business_record_not_found', 4], ['dealer_did_not_respond', 2], ['never_legally_imported', 1],
  ['privately_made_no_serial', 2], ['insufficient_information', 3], ['duplicate_request', 2], ['stopped_by_requester', 1],
];

const csv = (v: string | number | boolean | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (vals: Array<string | number | boolean | null>): string => `${vals.map(csv).join(',')}\n`;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

async function copy(client: pg.PoolClient, table: string, columns: string[], rows: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
  // Batches of lines per chunk: one write per row would make the stream machinery the bottleneck.
  function* chunks(): Generator<string> {
    let buf = '';
    for (const r of rows) {
      buf += r;
      if (buf.length > 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(chunks()), stream);
}

export interface WorldLoader {
  /** Agencies and dealers. */
  base(client: pg.PoolClient): Promise<void>;
  /** Traces [start, start + n) with their firearms, possessors and recoveries; returns ms spent in the trace COPY. */
  traces(client: pg.PoolClient, start: number, n: number): Promise<number>;
  /** Moves the identity sequences past the explicit ids. */
  finish(client: pg.PoolClient): Promise<void>;
  agencyIds(): number[];
  dealerLicences(): string[];
}

/** Ids are given explicitly so rows can refer to each other; identities are moved past them afterwards. */
export function worldLoader(w: BenchWorld, seed: number): WorldLoader {
  const r = rng(seed);
  const usPick = weighted(r, STATES48.map((s) => [s, usWeight(s.code)] as const));
  const mxPick = weighted(r, MX_STATES.map((s) => [s, mxWeight(s.code)] as const));
  const typePick = weighted(r, TYPES);
  const calPick = weighted(r, CALIBERS);
  const makerPick = weighted(r, MAKERS);
  const ncicPick = weighted(r, NCIC);
  const reasonPick = weighted(r, REASONS);

  const agencies = Array.from({ length: w.agencies }, (_, i) => ({ id: 100_000 + i, state: usPick().code }));
  const dealers = Array.from({ length: w.dealers }, (_, i) => {
    const s = usPick();
    return { id: 100_000 + i, state: s.code, lat: s.lat + (r() - 0.5) * 3, lon: s.lon + (r() - 0.5) * 3 };
  });
  // Dealers in the border states sell a larger share of traced guns (they are where trafficking buys).
  const dealerPick = weighted(r, dealers.map((d) => [d, ['TX', 'AZ', 'CA', 'NM'].includes(d.state) ? 3 : 1] as const));
  const licence = (d: { id: number; state: string }): string => `B-${d.state}-${d.id}`;
  const t0 = Date.UTC(w.years[0], 0, 1);
  const span = Date.UTC(w.years[1], 11, 31) - t0;

  return {
    agencyIds: () => agencies.map((a) => a.id),
    dealerLicences: () => dealers.map(licence),

    async base(client) {
      await copy(client, 'agencies', ['id', 'ori', 'name', 'kind', 'state'], agencies.map((a) => line([a.id, `B${a.state}${String(a.id).padStart(7, '0')}`, `Bench agency ${a.id}`, 'police', a.state])));
      await copy(
        client,
        'dealers',
        ['id', 'licence_number', 'licence_type', 'name', 'city', 'state', 'lat', 'lon', 'source_kind', 'source_ref'],
        dealers.map((d) => line([d.id, licence(d), '01', `Bench dealer ${d.id}`, `CITY ${d.id % 40}`, d.state, r() < 0.9 ? d.lat.toFixed(4) : null, d.lon.toFixed(4), 'bench', 'bench'])),
      );
    },

    async traces(client, start, n) {
      const firearms: string[] = [];
      const persons: string[] = [];
      const recoveries: string[] = [];
      const traces: string[] = [];
      for (let k = 0; k < n; k++) {
        const id = 1_000_000 + start + k;
        firearms.push(line([id, `BS${id}`, typePick(), calPick(), makerPick(), r() < 0.03, 'bench', `b:${id}`]));
        const recMs = t0 + Math.floor(r() * span);
        const hasPerson = r() < 0.7;
        if (hasPerson) {
          const ageYears = 16 + r() * r() * 55;
          persons.push(line([id, 'possessor', 'Bench', `P${id}`, day(recMs - ageYears * 365.25 * 86_400_000), 'bench', `b:${id}`]));
        }
        const inMx = r() < 0.25;
        const place = inMx ? mxPick() : usPick();
        const agency = agencies[Math.floor(r() * agencies.length)]!;
        recoveries.push(
          line([
            id, id, agency.id, day(recMs), `CITY ${Math.floor(r() * r() * 60)}`, inMx ? null : place.code, inMx ? place.code : null, inMx ? 'MX' : 'US',
            r() < 0.85 ? (place.lat + (r() - 0.5) * 2).toFixed(4) : null, (place.lon + (r() - 0.5) * 2).toFixed(4), ncicPick(),
            hasPerson ? id : null, 'bench', `b:${id}`,
          ]),
        );
        const urgent = r() < 0.05;
        // Mexican submissions arrive late (DOMAIN.md); US ones within weeks.
        const submittedMs = recMs + (inMx ? r() * 400 : r() * 30) * 86_400_000 + 8 * 3_600_000;
        const u = r();
        const status = u < 0.77 ? 'completed' : u < 0.97 ? 'not_completed' : u < 0.99 ? 'in_progress' : 'submitted';
        const hours = urgent ? 2 + r() * r() * 60 : 24 + r() * r() * 400;
        const completed = status === 'completed';
        const dealer = completed ? dealerPick() : null;
        // Time-to-crime: a mixture of quick trafficking guns and a long tail of old guns.
        const ttcDays = completed ? Math.floor(r() < 0.25 ? r() * 365 : -Math.log(1 - r()) * 6.5 * 365) : null;
        traces.push(
          line([
            id, `BT${id}`, agency.id, urgent ? 'urgent' : 'routine', urgent ? 'bench: armed suspect' : null, r() < 0.2 ? ncicPick() : null, id, id,
            status, status === 'not_completed' ? reasonPick() : null, new Date(submittedMs).toISOString(),
            new Date(submittedMs + (urgent ? 24 : 168) * 3_600_000).toISOString(),
            completed ? new Date(submittedMs + hours * 3_600_000).toISOString() : null,
            dealer?.id ?? null, dealer ? licence(dealer) : null, ttcDays !== null ? day(recMs - ttcDays * 86_400_000) : null,
            'bench', `b:${id}`,
          ]),
        );
      }
      await copy(client, 'firearms', ['id', 'serial_raw', 'firearm_type', 'caliber', 'maker', 'obliterated', 'source_kind', 'source_ref'], firearms);
      await copy(client, 'person_records', ['id', 'role', 'given_name', 'surname', 'dob', 'source_kind', 'source_ref'], persons);
      await copy(
        client,
        'recoveries',
        ['id', 'firearm_id', 'agency_id', 'recovered_on', 'city', 'state', 'mx_state', 'country', 'lat', 'lon', 'ncic_code', 'possessor_record_id', 'source_kind', 'source_ref'],
        recoveries,
      );
      const tb = Date.now();
      await copy(
        client,
        'trace_requests',
        ['id', 'trace_number', 'agency_id', 'priority', 'urgent_justification', 'ncic_code', 'firearm_id', 'recovery_id', 'status', 'not_completed_reason',
          'submitted_at', 'due_at', 'completed_at', 'dealer_id', 'dealer_licence', 'sale_date', 'source_kind', 'source_ref'],
        traces,
      );
      return Date.now() - tb;
    },

    async finish(client) {
      for (const t of ['agencies', 'dealers', 'firearms', 'person_records', 'recoveries', 'trace_requests']) {
        await client.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
      }
    },
  };
}
