/**
 * Profiling aid: EXPLAIN ANALYZE of detection's feature queries on a loaded database, with the settings a run uses
 * (JIT off, 128 MB work_mem). Usage:
 *   npx tsx bench/detection/explain.ts --db interdict_det_border_baseline_1_1 reports traces tips links
 */
import { parseArgs } from 'node:util';
import { sql, type RawBuilder } from 'kysely';
import { openDatabase } from '../../src/db/connect.js';
import { linkGroupsQuery, reportsQuery, tipsQuery, tracesQuery } from '../../src/features/detection/features.repository.js';

const { values: a, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true });

async function main(): Promise<void> {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const u = new URL(base);
  u.pathname = `/${a.db}`;
  const d = await openDatabase({ databaseUrl: u.href });
  const queries: Record<string, RawBuilder<unknown>> = {
    reports: reportsQuery(false), traces: tracesQuery(false), tips: tipsQuery(false), links: linkGroupsQuery(12, false),
  };
  try {
    await d.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL jit = off`.execute(tx);
      await sql`SET LOCAL work_mem = '128MB'`.execute(tx);
      for (const k of positionals.length ? positionals : Object.keys(queries)) {
        if (!queries[k]) throw new Error(`unknown query ${k}; one of ${Object.keys(queries).join(', ')}`);
        const t = Date.now();
        const r = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE) ${queries[k]}`.execute(tx);
        console.log(`== ${k} ${Date.now() - t} ms`);
        console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
      }
    });
  } finally {
    await d.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
