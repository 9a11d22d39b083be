// Trace submission with matching against a large register and many held traces: p50/p99 latency at the server
// (Fastify inject: routing, validation, the whole transaction) and throughput.
// Run: npx tsx bench/tracing/run.ts [--suspects 200000] [--traces 1000000] [--requests 500]
//      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/tracing/run.ts   (a scratch database is created)
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { buildApp } from '../../src/server/app.js';
import { closeContext, createContext } from '../../src/server/boot.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const N_SUSPECTS = arg('suspects', 200_000);
const N_TRACES = arg('traces', 1_000_000);
const N_REQUESTS = arg('requests', 500);
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { database: await openDatabase({ inMemory: true }), drop: async () => undefined };
  const name = `interdict_bench_tracing_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    database: await openDatabase({ databaseUrl: u.href }),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const { database, drop } = await open();
const config = loadConfig({ INTERDICT_DATA: '/nonexistent', LOG_LEVEL: 'silent', INTERDICT_DEMO: '0' });
const ctx = await createContext(config, database);
const db = ctx.db;
try {
  const t0 = performance.now();
  const agency = await db.insertInto('agencies').values({ ori: 'AZ0070000', name: 'Bench County' }).returning('id').executeTakeFirstOrThrow();
  const c = await db.insertInto('cases').values({ case_number: 'BENCH-1', agency_id: agency.id, title: 'bench', opened_on: '2024-01-01' }).returning('id').executeTakeFirstOrThrow();
  // Register: serials SG + 9 digits (synthetic), every 20th with two unknown positions.
  log(`loading ${N_SUSPECTS} suspect guns`);
  await sql`
    INSERT INTO firearms (serial_raw, serial_norm, serial_key, serial_partial, maker, source_kind, source_ref)
    SELECT CASE WHEN g % 20 = 0 THEN 'SG' || substr(lpad(g::text, 9, '0'), 1, 7) || '??' ELSE 'SG' || lpad(g::text, 9, '0') END,
           CASE WHEN g % 20 = 0 THEN '5G' || substr(lpad(g::text, 9, '0'), 1, 7) || '??' ELSE '5G' || lpad(g::text, 9, '0') END,
           CASE WHEN g % 20 = 0 THEN '56' || substr(lpad(g::text, 9, '0'), 1, 7) || '??' ELSE '56' || lpad(g::text, 9, '0') END,
           g % 20 = 0, 'Romarm', 'bench_suspect', 'g' || g
    FROM generate_series(1, ${N_SUSPECTS}) g`.execute(db);
  await sql`
    INSERT INTO suspect_guns (case_id, firearm_id, reason, status, review_on, agency_id, serial_key, serial_partial, key_len, maker, source_kind, source_ref)
    SELECT ${c.id}, id, 'trafficking', 'approved', '2030-01-01', ${agency.id}, serial_key, serial_partial, length(serial_key), maker, 'bench', source_ref
    FROM firearms WHERE source_kind = 'bench_suspect'`.execute(db);
  await sql`
    INSERT INTO suspect_serial_variants (variant, suspect_gun_id)
    SELECT serial_key, id FROM suspect_guns WHERE NOT serial_partial
    UNION ALL
    SELECT substr(serial_key, 1, i - 1) || substr(serial_key, i + 1), id
    FROM suspect_guns, generate_series(1, 11) i WHERE NOT serial_partial AND i <= length(serial_key)`.execute(db);
  log(`loading ${N_TRACES} held traces`);
  for (let from = 1; from <= N_TRACES; from += 250_000) {
    const to = Math.min(N_TRACES, from + 249_999);
    await sql`
      INSERT INTO firearms (serial_raw, serial_norm, serial_key, maker, source_kind, source_ref)
      SELECT 'HT' || lpad(g::text, 9, '0'), 'HT' || lpad(g::text, 9, '0'), 'HT' || lpad(g::text, 9, '0'), 'Glock', 'bench_trace', 'g' || g
      FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
    await sql`
      INSERT INTO recoveries (firearm_id, agency_id, recovered_on, state, country, source_kind, source_ref)
      SELECT id, ${agency.id}, '2023-06-01', 'AZ', 'US', 'bench', source_ref FROM firearms WHERE source_kind = 'bench_trace' AND id > coalesce((SELECT max(firearm_id) FROM recoveries), 0)`.execute(db);
    await sql`
      INSERT INTO trace_requests (trace_number, request_ref, agency_id, firearm_id, recovery_id, status, due_at, source_kind, source_ref)
      SELECT 'B' || r.id, 'B' || r.id, ${agency.id}, r.firearm_id, r.id, 'completed', now(), 'bench', r.source_ref
      FROM recoveries r WHERE r.id > coalesce((SELECT max(recovery_id) FROM trace_requests), 0)`.execute(db);
    log(`  ${to} traces`);
  }
  await sql`ANALYZE`.execute(db);
  const loadSeconds = (performance.now() - t0) / 1000;
  log(`loaded in ${loadSeconds.toFixed(0)} s`);

  await ctx.auth.createUser(SYSTEM_ACTOR, { username: 'bench', roles: ['requester'], agencyOri: 'AZ0070000', password: null });
  const token = (await ctx.auth.createApiToken(SYSTEM_ACTOR, 'bench', 'bench')).token;
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  const body = (i: number) => {
    // One request in ten names a flagged gun, read with confusable characters (S for 5, O for 0).
    const hit = i % 10 === 0;
    const n = hit ? 1 + ((i * 7919) % N_SUSPECTS) : N_TRACES + 1000 + i;
    const serial = hit ? `SG${String(n).padStart(9, '0')}`.replace(/0/g, 'O') : `NW${String(n).padStart(9, '0')}`;
    return {
      request_id: `BR-${i}`, request_date: '2024-03-05', priority: 'routine', requester_ori: 'AZ0070000', ncic_code: '5212',
      manufacturer: hit ? 'Cugir' : 'Glock', importer: hit ? 'Century Arms' : 'Glock Inc', country_of_origin: hit ? 'RO' : 'AT', model: hit ? 'WASR-10' : '19',
      caliber: hit ? '7.62x39' : '9mm', type: hit ? 'rifle' : 'pistol', serial, recovery_date: '2024-03-01', recovery_city: 'Nogales', recovery_state: 'AZ',
      recovery_country: 'US', possessor_surname: 'Ejemplo', possessor_given_name: 'Juan', possessor_dob: '1990-04-02',
    };
  };
  // Warm-up (plans, caches), not measured.
  for (let i = 0; i < 20; i++) await app.inject({ method: 'POST', url: '/api/v1/traces', headers: { authorization: `Bearer ${token}` }, payload: body(-1 - i) });
  const lat: number[] = [];
  let matched = 0;
  const w0 = performance.now();
  for (let i = 1; i <= N_REQUESTS; i++) {
    const s = performance.now();
    const r = await app.inject({ method: 'POST', url: '/api/v1/traces', headers: { authorization: `Bearer ${token}` }, payload: body(i) });
    lat.push(performance.now() - s);
    if (r.statusCode !== 201) throw new Error(`request ${i}: ${r.statusCode} ${r.body}`);
  }
  const wall = (performance.now() - w0) / 1000;
  matched = Number((await db.selectFrom('suspect_matches').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  lat.sort((a, b) => a - b);
  const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] * 100) / 100;
  const result = {
    engine: database.kind, suspects: N_SUSPECTS, heldTraces: N_TRACES, requests: N_REQUESTS, matchedRequests: matched,
    p50ms: q(0.5), p90ms: q(0.9), p99ms: q(0.99), maxMs: Math.round(lat[lat.length - 1] * 100) / 100,
    throughputPerSec: Math.round((N_REQUESTS / wall) * 10) / 10, loadSeconds: Math.round(loadSeconds), at: new Date().toISOString(),
    note: 'sequential requests through Fastify inject (the whole server path, one transaction each); machine shared with other work',
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const file = path.resolve('bench/results/tracing.json');
  const prev = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...prev, [database.kind]: result }, null, 2)}\n`);
  await app.close();
} finally {
  await closeContext(ctx);
  await drop();
}
