/**
 * Network benchmark: build the graph of ~200,000 person records with their attributes, sales and traces, then
 * Louvain and sampled betweenness, and a few interactive queries; wall time and peak memory of each step.
 *
 *   node --expose-gc --import tsx bench/network/run.ts [--records 200000] [--seed 1] [--samples 256] [--pg]
 *
 * Default engine: embedded PGlite in memory (the database then lives in this process, so RSS includes it; the
 * heap figures isolate the graph). --pg uses a fresh database interdict_bench_network on the server of
 * BENCH_DATABASE_URL (default the local server). Writes bench/results/network-<engine>-<records>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createBulkInserter } from '../../src/features/ingest/bulk.js';
import { buildNetwork } from '../../src/features/network/builder.js';
import { assignCommunities } from '../../src/features/network/communities.js';
import { brokers } from '../../src/features/network/brokers.js';
import { neighbourhood } from '../../src/features/network/neighbourhood.js';
import { connectorsOf, DEFAULT_LIMITS, shortestPath } from '../../src/features/network/paths.js';
import { personNode, type NetworkGraph } from '../../src/features/network/graph.js';
import { NATIONAL } from '../../src/features/network/scope.js';
import { loadWorld, type WorldTruth } from './world.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const RECORDS = Number(arg('records', '200000'));
const SEED = Number(arg('seed', '1'));
const SAMPLES = Number(arg('samples', '256'));
const USE_PG = process.argv.includes('--pg');
const log = (s: string) => process.stderr.write(`${s}\n`);
const gc = (globalThis as { gc?: () => void }).gc;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const mb = (b: number) => Math.round(b / 1e6);
function heapNow(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

interface Step {
  ms: number;
  /** CPU time of this process (on PGlite it includes the embedded database): steadier than wall time on a busy machine. */
  cpuMs: number;
  peakRssMb: number;
  heapAfterMb: number;
}
const steps: Record<string, Step & Record<string, unknown>> = {};

async function step<T>(name: string, fn: () => Promise<T> | T, extra?: (v: T) => Record<string, unknown>): Promise<T> {
  peakRss = process.memoryUsage().rss;
  const t = performance.now();
  const c = process.cpuUsage();
  const v = await fn();
  const ms = Math.round(performance.now() - t);
  const cu = process.cpuUsage(c);
  const cpuMs = Math.round((cu.user + cu.system) / 1000);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  steps[name] = { ms, cpuMs, peakRssMb: mb(peakRss), heapAfterMb: mb(heapNow()), ...(extra?.(v) ?? {}) };
  log(`${name}: ${ms} ms (cpu ${cpuMs} ms), peak RSS ${mb(peakRss)} MB, heap after ${steps[name].heapAfterMb} MB`);
  return v;
}

async function openBenchDatabase(): Promise<Database> {
  if (!USE_PG) return openDatabase({ inMemory: true });
  const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const admin = new pg.Client({ connectionString: base.href });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS interdict_bench_network WITH (FORCE)');
  await admin.query('CREATE DATABASE interdict_bench_network');
  await admin.end();
  base.pathname = '/interdict_bench_network';
  return openDatabase({ databaseUrl: base.href, poolSize: 4 });
}

async function load(database: Database): Promise<{ truth: WorldTruth; agencies: number[] }> {
  await migrateToLatest(database.db);
  const agencies: number[] = [];
  for (let i = 0; i < 10; i++) {
    const a = await database.db.insertInto('agencies').values({ ori: `BENCH${String(i).padStart(4, '0')}`, name: `Bench agency ${i}` }).returning('id').executeTakeFirstOrThrow();
    agencies.push(a.id);
  }
  const client = await database.pool.connect();
  try {
    const bulk = createBulkInserter(database.kind, client);
    const truth = await loadWorld(bulk, { records: RECORDS, seed: SEED, agencies, onProgress: (n) => log(`  loaded ${n} person records`) });
    for (const t of Object.keys(truth.counts)) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
    }
    await client.query('ANALYZE');
    return { truth, agencies };
  } finally {
    client.release();
  }
}

/** How well communities hold rings: for each ring, the share of its people in the ring's most common community. */
function ringPurity(net: NetworkGraph, truth: WorldTruth): { meanPurity: number; ringsSplitAcrossMoreThanTwo: number } {
  const { of } = assignCommunities(net);
  let sum = 0;
  let split = 0;
  for (const ring of truth.rings) {
    const people = [ring.recruiter, ring.trafficker, ...ring.buyers].map((rec) => personNode(net.identity.personOf(rec)!));
    const counts = new Map<number, number>();
    for (const p of people) {
      const c = of.get(p) ?? -1;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    sum += Math.max(...counts.values()) / people.length;
    if (counts.size > 2) split++;
  }
  return { meanPurity: Math.round((sum / truth.rings.length) * 1000) / 1000, ringsSplitAcrossMoreThanTwo: split };
}

const database = await openBenchDatabase();
try {
  const { truth, agencies } = await step('load', () => load(database), (v) => ({ rows: v.truth.counts, rings: v.truth.rings.length }));
  const heapBefore = heapNow();
  const net = await step('build', () => buildNetwork(database.db, NATIONAL), (n) => ({ stats: n.stats, hubsDropped: n.hubs.length }));
  const graphHeapMb = mb(heapNow() - heapBefore);
  log(`graph retained on the heap: ${graphHeapMb} MB`);
  await step('louvain', () => assignCommunities(net), (c) => ({ modularity: Math.round(c.modularity * 1000) / 1000, communities: new Set(c.of.values()).size }));
  const purity = ringPurity(net, truth);
  const bc = await step(`betweenness_${SAMPLES}_samples`, () => brokers(net, { limit: 50, samples: SAMPLES }), (b) => ({ exact: b.exact, pivots: b.pivots, eligible: b.eligible }));
  const ringPeople = new Set(truth.rings.flatMap((r) => [r.recruiter, r.trafficker].map((rec) => personNode(net.identity.personOf(rec)!))));
  const brokersInRings = bc.brokers.filter((b) => ringPeople.has(b.id)).length;

  // Interactive queries a page makes, on the built graph.
  const ring = truth.rings.find((r) => r.buyers.length >= 8) ?? truth.rings[0];
  const seed = personNode(net.identity.personOf(ring.buyers[0])!);
  await step('neighbourhood_2_hops', () => neighbourhood(net, seed, { hops: 2, maxNodes: 250 }), (n) => ({ nodes: n.nodes.length, edges: n.edges.length }));
  await step('path_buyer_to_trafficker', () => shortestPath(net, seed, personNode(net.identity.personOf(ring.trafficker)!)), (p) => ({ found: p.found, steps: p.steps.length }));
  const flagged = truth.rings.slice(0, 20).flatMap((r) => r.buyers.slice(0, 5)).map((rec) => personNode(net.identity.personOf(rec)!));
  await step('connectors_of_100_flagged', () => connectorsOf(net, flagged.slice(0, 100), { ...DEFAULT_LIMITS, limit: 25 }), (c) => ({ pairsLinked: c.pairsLinked, groups: c.groups.length }));
  await step('build_one_agency', () => buildNetwork(database.db, { visibleAgencyIds: [agencies[0]] }), (n) => ({ persons: n.stats.persons, nodes: n.stats.nodes, edges: n.stats.edges }));

  clearInterval(sampler);
  const engine = USE_PG ? 'postgres' : 'pglite';
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person_records`.execute(database.db);
  const report = {
    benchmark: 'network',
    engine,
    date: new Date().toISOString(),
    node: process.version,
    personRecords: count.rows[0].n,
    seed: SEED,
    gcExposed: gc !== undefined,
    graphHeapMb,
    ringPurity: purity,
    topBrokersThatAreRecruitersOrTraffickers: `${brokersInRings} of ${bc.brokers.length}`,
    steps,
    note:
      engine === 'pglite'
        ? 'RSS includes the embedded database (PGlite runs in this process); heapAfterMb and graphHeapMb are the JavaScript heap.'
        : 'RSS is this process only; PostgreSQL runs in its own processes.',
  };
  const out = path.join(ROOT, 'bench/results', `network-${engine}-${RECORDS}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${out}`);
  process.stdout.write(`${JSON.stringify({ ...report, steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, { ms: v.ms, cpuMs: v.cpuMs, peakRssMb: v.peakRssMb, heapAfterMb: v.heapAfterMb }])) }, null, 2)}\n`);
} finally {
  clearInterval(sampler);
  await database.close();
}
