/**
 * One statistics request against the benchmark database, timed, by the service and through HTTP:
 *   npx tsx bench/stats/probe.ts [state=TX&from=...]
 * For looking into a slow figure after `run.ts --keep`; prints times, writes nothing.
 */
import { openDatabase } from '../../src/db/connect.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/server/app.js';
import { closeContext, createContext } from '../../src/server/boot.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { createStatsService } from '../../src/features/stats/stats.service.js';

const qs = process.argv[2] ?? '';
const database = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/interdict_bench_stats', poolSize: 4 });
const svc = createStatsService(database.db);
const scope = Object.fromEntries(new URLSearchParams(qs));
for (let i = 0; i < 3; i++) {
  const t = Date.now();
  await svc.stats({ actor: SYSTEM_ACTOR }, scope);
  process.stderr.write(`service ${Date.now() - t} ms\n`);
}
const ctx = await createContext(loadConfig({ INTERDICT_DATA: '/nonexistent', LOG_LEVEL: 'silent', INTERDICT_DEMO: '0' }), database);
const app = await buildApp(ctx, { logger: false, serveWeb: false });
const uname = `probe-${Date.now()}`;
await ctx.auth.createUser(SYSTEM_ACTOR, { username: uname, roles: ['analyst'], agencyOri: 'ATFNTC000', password: null });
const token = (await ctx.auth.createApiToken(SYSTEM_ACTOR, uname, 'probe')).token;
for (let i = 0; i < 3; i++) {
  const t = Date.now();
  const r = await app.inject({ method: 'GET', url: `/api/v1/stats?${qs}`, headers: { authorization: `Bearer ${token}` } });
  process.stderr.write(`http ${r.statusCode} ${Date.now() - t} ms ${r.statusCode === 200 ? (r.json() as { scope: { national: boolean } }).scope.national : r.body.slice(0, 100)}\n`);
}
await app.close();
await closeContext(ctx);
