// Trace submission with matching against a large register and many held traces: p50/p99 latency at the server
// (Fastify inject: routing, validation, the whole transaction) and throughput.
// Run: npx tsx bench/tracing/run.ts [--suspects 200000] [--traces 1000000] [--requests 500] [--profile] [--explain]
//      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/tracing/run.ts   (a scratch database is created)
// Setup and measurement apart (the load is untimed work, the requests the timed part):
//      npx tsx bench/tracing/run.ts --db /tmp/bench-tracing-pglite --setup-only        (PGlite: --db is a data directory)
//      npx tsx bench/tracing/run.ts --db /tmp/bench-tracing-pglite --reuse --requests 500
//      DATABASE_URL=... npx tsx bench/tracing/run.ts --db bench_tracing --setup-only     (PostgreSQL: --db is a database name)
//      DATABASE_URL=... npx tsx bench/tracing/run.ts --db bench_tracing --reuse --requests 500
// A reused database keeps the requests of earlier runs; each run draws its own request ids, samples and new serials.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { buildApp } from '../../src/server/app.js';
import { closeContext, createContext } from '../../src/server/boot.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { normalizeCaliber } from '../../src/domain/calibers.js';
import { oneEditNeighbourhood, probeKeys } from '../../src/features/suspects/candidates.js';
import { normalizeSerial, serialMatchKey } from '../../src/domain/serial.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const N_SUSPECTS = arg('suspects', 200_000);
const N_TRACES = arg('traces', 1_000_000);
const N_REQUESTS = arg('requests', 500);
const flag = (name: string) => process.argv.includes(`--${name}`);
const DB_NAME = (() => {
  const i = process.argv.indexOf('--db');
  return i > 0 ? process.argv[i + 1] : undefined;
})();
const SETUP_ONLY = flag('setup-only');
const REUSE = flag('reuse');
if ((SETUP_ONLY || REUSE) && !DB_NAME) throw new Error('--setup-only and --reuse need --db NAME (a PGlite data directory or a PostgreSQL database name)');
/** Tells this run's requests, user and samples from those of earlier runs on a reused database. */
const RUN_TAG = Date.now().toString(36);
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  const keep = async () => undefined;
  if (!url) {
    // On disk, as the server runs it (a million traces would also crowd the WebAssembly heap in memory).
    if (DB_NAME) {
      if (!REUSE) fs.rmSync(DB_NAME, { recursive: true, force: true });
      else if (!fs.existsSync(DB_NAME)) throw new Error(`--reuse: no prepared database at ${DB_NAME} (run with --setup-only first)`);
      return { database: await openDatabase({ dataDir: DB_NAME }), drop: keep };
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-bench-tracing-'));
    return { database: await openDatabase({ dataDir: dir }), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = DB_NAME ?? `interdict_bench_tracing_${process.pid}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--db ${name}: a PostgreSQL database name is lower-case letters, digits and _`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  if (REUSE) {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) throw new Error(`--reuse: no prepared database ${name} (run with --setup-only first)`);
  } else {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    database: await openDatabase({ databaseUrl: u.href }),
    drop: DB_NAME
      ? keep
      : async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
  };
}

const L = 'chr(65 + floor(random() * 26)::int)';
const D = (n: number) => `lpad(floor(random() * 1e${n})::bigint::text, ${n}, '0')`;
/** Serial formats of real makers (shape only; every value random). */
const FORMATS = [
  { maker: 'Glock', importer: 'Glock Inc', model: '19', caliber: '9mm', type: 'pistol', country: 'AT', serial: `${L} || ${L} || ${L} || ${D(3)}` },
  { maker: 'Smith & Wesson', importer: null, model: 'M&P9', caliber: '9mm', type: 'pistol', country: 'US', serial: `${L} || ${L} || ${L} || ${D(4)}` },
  { maker: 'Sturm Ruger', importer: null, model: 'LCP', caliber: '.380 ACP', type: 'pistol', country: 'US', serial: `${D(3)} || '-' || ${D(5)}` },
  { maker: 'Taurus', importer: 'Taurus International', model: 'G2C', caliber: '9mm', type: 'pistol', country: 'BR', serial: `${L} || ${L} || ${D(6)}` },
  { maker: 'SIG Sauer', importer: null, model: 'P365', caliber: '9mm', type: 'pistol', country: 'US', serial: `${D(2)} || ${L} || ${D(6)}` },
  { maker: 'Romarm', importer: 'Century Arms', model: 'WASR-10', caliber: '7.62x39', type: 'rifle', country: 'RO', serial: `'RO' || ${D(4)} || '-' || ${D(4)}` },
  { maker: 'Hi-Point', importer: null, model: 'C9', caliber: '9mm', type: 'pistol', country: 'US', serial: `'P' || ${D(7)}` },
  { maker: 'Springfield Armory', importer: 'Springfield Inc', model: 'XD', caliber: '.45 ACP', type: 'pistol', country: 'HR', serial: `${L} || ${L} || ' ' || ${D(6)}` },
] as const;
const q = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
const pick = (col: (f: (typeof FORMATS)[number]) => string | null) => `CASE g % ${FORMATS.length} ${FORMATS.map((f, i) => `WHEN ${i} THEN ${q(col(f))}`).join(' ')} END`;

/** Guns g = from..to of one kind; on the register every 20th has two unreadable positions. */
function insertGuns(kind: string, from: number, to: number, partials: boolean): string {
  const raw = `CASE g % ${FORMATS.length} ${FORMATS.map((f, i) => `WHEN ${i} THEN ${f.serial}`).join(' ')} END`;
  const withUnknown = partials ? `CASE WHEN g % 20 = 0 THEN overlay(s placing '??' from 3 for 2) ELSE s END` : 's';
  return `
    INSERT INTO firearms (serial_raw, serial_norm, serial_key, serial_partial, maker_raw, maker, importer_raw, importer, model, caliber_raw, caliber,
                          firearm_type, country_of_origin, source_kind, source_ref)
    SELECT raw, norm, translate(norm, 'OILSBZG', '0115826'), strpos(norm, '?') > 0, maker, maker, importer, importer, model, caliber, caliber,
           type, country, '${kind}', 'g' || g
    FROM (SELECT g, raw, upper(regexp_replace(raw, '[[:space:]./-]+', '', 'g')) AS norm, maker, importer, model, caliber, type, country
          FROM (SELECT g, ${withUnknown} AS raw, ${pick((f) => f.maker)} AS maker, ${pick((f) => f.importer)} AS importer,
                       ${pick((f) => f.model)} AS model, ${pick((f) => normalizeCaliber(f.caliber).canonical)} AS caliber,
                       ${pick((f) => f.type)} AS type, ${pick((f) => f.country)} AS country
                FROM (SELECT g, ${raw} AS s FROM generate_series(${from}, ${to}) g) x) y) z`;
}

/** Each register entry's search keys, as storeVariants writes them (deletion variants; anchors for partial keys). */
const VARIANTS_SQL = `
  INSERT INTO suspect_serial_variants (variant, suspect_gun_id)
  SELECT serial_key, id FROM suspect_guns WHERE NOT serial_partial
  UNION
  SELECT substr(serial_key, 1, i - 1) || substr(serial_key, i + 1), id
  FROM suspect_guns, generate_series(1, 20) i WHERE NOT serial_partial AND i <= length(serial_key) AND length(serial_key) >= 4
  UNION
  SELECT CASE WHEN length(prefix) >= length(suffix) THEN '^' || length(serial_key) || ':' || prefix
              ELSE '$' || length(serial_key) || ':' || suffix END, id
  FROM (SELECT id, serial_key, split_part(serial_key, '?', 1) AS prefix, reverse(split_part(reverse(serial_key), '?', 1)) AS suffix
        FROM suspect_guns WHERE serial_partial) k`;

/** The trigram indexes are built once after the bulk load (as CREATE INDEX on a loaded table), not row by row. */
const TRGM_INDEXES = ['firearms_serial_key_trgm', 'suspect_guns_serial_key_trgm'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A serial in format `i`, made in TypeScript the way the SQL above makes one. */
function randomSerial(i: number, rnd: () => number): string {
  const l = () => String.fromCharCode(65 + Math.floor(rnd() * 26));
  const d = (n: number) => String(Math.floor(rnd() * 10 ** n)).padStart(n, '0');
  return [
    () => l() + l() + l() + d(3), () => l() + l() + l() + d(4), () => `${d(3)}-${d(5)}`, () => l() + l() + d(6),
    () => d(2) + l() + d(6), () => `RO${d(4)}-${d(4)}`, () => `P${d(7)}`, () => `${l()}${l()} ${d(6)}`,
  ][i]();
}

/** The keys written in SQL must be the keys serialMatchKey makes, or the benchmark measures the wrong search. */
async function checkKeys(): Promise<void> {
  const rows = await sql<{ serial_raw: string; serial_norm: string; serial_key: string }>`
    SELECT serial_raw, serial_norm, serial_key FROM firearms WHERE source_kind LIKE 'bench_%' ORDER BY id LIMIT 2000`.execute(db);
  for (const r of rows.rows) {
    if (r.serial_norm !== normalizeSerial(r.serial_raw) || r.serial_key !== serialMatchKey(r.serial_raw)) {
      throw new Error(`bench serial ${r.serial_raw}: SQL made ${r.serial_norm}/${r.serial_key}, the code makes ${normalizeSerial(r.serial_raw)}/${serialMatchKey(r.serial_raw)}`);
    }
  }
}

/** --profile: time every statement of the measured requests by its SQL text (the client side of each round trip). */
const PROFILE = process.argv.includes('--profile');
const profile = new Map<string, { n: number; ms: number; max: number }>();
let profiling = false;
if (PROFILE) {
  const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string })?.text ?? '?');
    const t = performance.now();
    const r = orig.apply(this, a);
    if (profiling && r instanceof Promise) {
      void r.then(() => {
        const k = text.replace(/\s+/g, ' ').slice(0, 160);
        const e = profile.get(k) ?? { n: 0, ms: 0, max: 0 };
        const ms = performance.now() - t;
        e.n++;
        e.ms += ms;
        e.max = Math.max(e.max, ms);
        profile.set(k, e);
      }, () => undefined);
    }
    return r;
  };
}

const { database, drop } = await open();
const config = loadConfig({ INTERDICT_DATA: '/nonexistent', LOG_LEVEL: 'silent', INTERDICT_DEMO: '0' });
const ctx = await createContext(config, database);
const db = ctx.db;
/** Loads the register and the held traces (untimed setup). */
async function load(): Promise<number> {
  const t0 = performance.now();
  const agency = await db.insertInto('agencies').values({ ori: 'AZ0070000', name: 'Bench County' }).returning('id').executeTakeFirstOrThrow();
  const c = await db.insertInto('cases').values({ case_number: 'BENCH-1', agency_id: agency.id, title: 'bench', opened_on: '2024-01-01' }).returning('id').executeTakeFirstOrThrow();
  // Serials are sparse and random in the formats real makers stamp (letters and digits, dashes and spaces), so a
  // one-edit or trigram neighbour is as rare as it is in the field; dense sequential serials would make every key
  // a neighbour of ten others and the candidate search look far worse than it is. Generated in SQL (the same on
  // both engines, seeded), with the key computed as serialMatchKey does (checked on a sample below).
  const trgm = (await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE indexname = ANY(${TRGM_INDEXES}::text[])`.execute(db)).rows;
  for (const name of TRGM_INDEXES) await sql.raw(`DROP INDEX ${name}`).execute(db);
  log(`loading ${N_SUSPECTS} suspect guns`);
  await sql`SELECT setseed(0.42)`.execute(db);
  await sql.raw(insertGuns('bench_suspect', 1, N_SUSPECTS, true)).execute(db);
  await sql`
    INSERT INTO suspect_guns (case_id, firearm_id, reason, status, review_on, agency_id, serial_key, serial_partial, key_len, maker, source_kind, source_ref)
    SELECT ${c.id}, id, 'trafficking', 'approved', '2030-01-01', ${agency.id}, serial_key, serial_partial, length(serial_key), maker, 'bench', source_ref
    FROM firearms WHERE source_kind = 'bench_suspect'`.execute(db);
  await sql.raw(VARIANTS_SQL).execute(db);
  log(`loading ${N_TRACES} held traces`);
  for (let from = 1; from <= N_TRACES; from += 250_000) {
    const to = Math.min(N_TRACES, from + 249_999);
    await sql.raw(insertGuns('bench_trace', from, to, false)).execute(db);
    await sql`
      INSERT INTO recoveries (firearm_id, agency_id, recovered_on, state, country, source_kind, source_ref)
      SELECT id, ${agency.id}, '2023-06-01', 'AZ', 'US', 'bench', source_ref FROM firearms WHERE source_kind = 'bench_trace' AND id > coalesce((SELECT max(firearm_id) FROM recoveries), 0)`.execute(db);
    await sql`
      INSERT INTO trace_requests (trace_number, request_ref, agency_id, firearm_id, recovery_id, status, due_at, source_kind, source_ref)
      SELECT 'B' || r.id, 'B' || r.id, ${agency.id}, r.firearm_id, r.id, 'completed', now(), 'bench', r.source_ref
      FROM recoveries r WHERE r.id > coalesce((SELECT max(recovery_id) FROM trace_requests), 0)`.execute(db);
    log(`  ${to} traces`);
  }
  await checkKeys();
  log('building the trigram indexes');
  for (const r of trgm) await sql.raw(r.indexdef).execute(db);
  await sql`ANALYZE`.execute(db);
  const loadSeconds = (performance.now() - t0) / 1000;
  log(`loaded in ${loadSeconds.toFixed(0)} s`);
  return loadSeconds;
}

/** The timed part: requests through the whole server path, one at a time. */
async function measure(loadSeconds: number | null): Promise<void> {

  const user = REUSE ? `bench-${RUN_TAG}` : 'bench';
  await ctx.auth.createUser(SYSTEM_ACTOR, { username: user, roles: ['requester'], agencyOri: 'AZ0070000', password: null });
  const token = (await ctx.auth.createApiToken(SYSTEM_ACTOR, user, 'bench')).token;
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  // The requests: 8 in 10 name a gun never seen (random serial in a maker's format), 1 in 10 a gun already held
  // (answered from the earlier trace), 1 in 10 a flagged gun as a person reads it off the frame: confusable
  // characters (O for 0, S for 5, I for 1, B for 8), separators changed, and one request in four with a character
  // misread as well; flagged serials with unreadable positions get those positions filled in.
  // A fresh database gets the same requests every time; a reused one new ones per run (ids, samples, serials).
  const rnd = mulberry32(REUSE ? parseInt(RUN_TAG, 36) % 2 ** 31 : 7);
  const salt = REUSE ? RUN_TAG : '';
  const sample = async (kind: string, n: number) =>
    (await sql<{ serial_raw: string; g: number }>`
      SELECT serial_raw, substr(source_ref, 2)::int AS g FROM firearms WHERE source_kind = ${kind} ORDER BY md5(source_ref || ${salt}) LIMIT ${n}`.execute(db)).rows;
  const flagged = await sample('bench_suspect', N_REQUESTS / 10 + 40);
  const held = await sample('bench_trace', N_REQUESTS / 10 + 40);
  const misread = (serial: string) => {
    let out = serial.replace(/\?/g, () => String(Math.floor(rnd() * 10))).replace(/[0518]/g, (d) => (rnd() < 0.5 ? { 0: 'O', 5: 'S', 1: 'I', 8: 'B' }[d]! : d));
    out = out.replace(/[- ]/g, rnd() < 0.5 ? ' ' : '').replace(/^(..)(.)/, rnd() < 0.3 ? '$1-$2' : '$1$2');
    if (rnd() < 0.25) {
      const at = out.length - 1 - Math.floor(rnd() * 3);
      const c = out[at];
      out = out.slice(0, at) + (/\d/.test(c) ? String((Number(c) + 3) % 10) : 'X') + out.slice(at + 1);
    }
    return out;
  };
  const expectHit = new Set<number>();
  const body = (i: number) => {
    const kind = i % 10 === 0 ? 'flagged' : i % 10 === 5 ? 'held' : 'new';
    let g: number;
    let serial: string;
    if (kind === 'flagged') {
      const f = flagged[Math.floor(i / 10) % flagged.length];
      g = f.g;
      serial = misread(f.serial_raw);
      if (i <= N_REQUESTS) expectHit.add(i);
    } else if (kind === 'held') {
      const h = held[Math.floor(i / 10) % held.length];
      g = h.g;
      serial = h.serial_raw;
    } else {
      g = Math.floor(rnd() * 1e6);
      serial = randomSerial(g % FORMATS.length, rnd);
    }
    const f = FORMATS[g % FORMATS.length];
    return {
      request_id: REUSE ? `BR-${RUN_TAG}-${i}` : `BR-${i}`, request_date: '2024-03-05', priority: 'routine', requester_ori: 'AZ0070000', ncic_code: '5212',
      manufacturer: f.maker === 'Romarm' ? 'Cugir' : f.maker, ...(f.importer ? { importer: f.importer } : {}), country_of_origin: f.country,
      model: f.model, caliber: f.caliber, type: f.type, serial, recovery_date: '2024-03-01', recovery_city: 'Nogales', recovery_state: 'AZ',
      recovery_country: 'US', possessor_surname: 'Ejemplo', possessor_given_name: 'Juan', possessor_dob: '1990-04-02',
    };
  };
  const matchesBefore = Number((await db.selectFrom('suspect_matches').select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.val(0)).as('m')).executeTakeFirstOrThrow()).m);
  // Warm-up (plans, caches), not measured.
  for (let i = 0; i < 20; i++) await app.inject({ method: 'POST', url: '/api/v1/traces', headers: { authorization: `Bearer ${token}` }, payload: body(N_REQUESTS + 1 + i) });
  const lat: number[] = [];
  const hitIds: number[] = [];
  const w0 = performance.now();
  profiling = PROFILE;
  for (let i = 1; i <= N_REQUESTS; i++) {
    const s = performance.now();
    const r = await app.inject({ method: 'POST', url: '/api/v1/traces', headers: { authorization: `Bearer ${token}` }, payload: body(i) });
    lat.push(performance.now() - s);
    if (r.statusCode !== 201) throw new Error(`request ${i}: ${r.statusCode} ${r.body}`);
    if (expectHit.has(i)) hitIds.push((r.json() as { id: number }).id);
  }
  const wall = (performance.now() - w0) / 1000;
  profiling = false;
  if (PROFILE) {
    for (const [k, v] of [...profile.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
      log(`${(v.ms / N_REQUESTS).toFixed(2).padStart(7)} ms/req  n=${String(v.n).padStart(5)}  max ${v.max.toFixed(1).padStart(7)}  ${k}`);
    }
  }
  // The requester is not told about matches (they go to the case's people): read them from the database.
  const hitsFound = Number(
    (await db.selectFrom('suspect_matches').select((eb) => eb.fn.count<number>('trace_id').distinct().as('n')).where('trace_id', 'in', hitIds.length ? hitIds : [-1]).executeTakeFirstOrThrow()).n,
  );
  const matched = Number((await db.selectFrom('suspect_matches').select((eb) => eb.fn.countAll().as('n')).where('id', '>', matchesBefore).executeTakeFirstOrThrow()).n);
  lat.sort((a, b) => a - b);
  const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] * 100) / 100;
  const result = {
    engine: database.kind, suspects: N_SUSPECTS, heldTraces: N_TRACES, requests: N_REQUESTS, flaggedRequests: expectHit.size, flaggedFound: hitsFound, matchesRecorded: matched,
    p50ms: q(0.5), p90ms: q(0.9), p99ms: q(0.99), maxMs: Math.round(lat[lat.length - 1] * 100) / 100,
    throughputPerSec: Math.round((N_REQUESTS / wall) * 10) / 10, loadSeconds: loadSeconds === null ? 'reused' : Math.round(loadSeconds), loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), cpus: os.cpus().length, at: new Date().toISOString(),
    command: `npx tsx bench/tracing/run.ts ${process.argv.slice(2).join(' ')}`,
    note: 'sequential requests through Fastify inject (the whole server path, one transaction each); machine shared with other work',
  };
  if (process.argv.includes('--explain')) {
    // The plans of the latency-critical searches, on the loaded tables: one flagged serial as misread, one new gun.
    const explain = async (label: string, q: ReturnType<typeof sql>) => {
      const r = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${q.compile(db).sql}`).execute(db);
      log(`${label}\n${r.rows.map((x) => `    ${x['QUERY PLAN']}`).join('\n')}`);
    };
    const inline = (v: unknown) => (Array.isArray(v) ? `ARRAY[${v.map((x) => `'${String(x)}'`).join(',')}]` : `'${String(v)}'`);
    for (const [label, serial] of [['flagged, misread', misread(flagged[0].serial_raw)], ['new gun', randomSerial(3, rnd)]] as const) {
      const key = serialMatchKey(serial);
      const q = sql`
        SELECT sg.id FROM suspect_guns sg JOIN firearms f ON f.id = sg.firearm_id
        WHERE sg.id IN (SELECT suspect_gun_id FROM suspect_serial_variants WHERE variant = ANY(${sql.raw(inline(probeKeys(key)))}::text[]))
          AND sg.status IN ('pending', 'approved') AND (NOT sg.serial_partial OR ${sql.raw(inline(key))} LIKE replace(sg.serial_key, '?', '_'))`;
      await explain(`register search, ${label} (${serial})`, q);
      await explain(`held-gun search, ${label}`, sql`SELECT id FROM firearms WHERE serial_key = ANY(${sql.raw(inline(oneEditNeighbourhood(key)))}::text[])`);
    }
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const file = path.resolve('bench/results/tracing.json');
  const prev = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...prev, [database.kind]: result }, null, 2)}\n`);
  await app.close();
}

try {
  const loadSeconds = REUSE ? null : await load();
  if (SETUP_ONLY) log(`prepared; measure with --db ${DB_NAME} --reuse`);
  else await measure(loadSeconds);
} finally {
  await closeContext(ctx);
  await drop();
}
