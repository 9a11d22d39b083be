// Imports a simulated world into a fresh PostgreSQL database and prints the late trace results that disagree.
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/features/audit/audit.service.js';
import { filesToImport } from '../../src/features/ingest/discover.js';
import { importFile } from '../../src/features/ingest/importer.js';
const dir = process.argv[2];
const name = `simdiag_${process.pid}`;
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const database = await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:5432/${name}`, poolSize: 4 });
try {
  await migrateToLatest(database.db);
  for (const f of await filesToImport([dir], (m) => console.log(m))) {
    const t = Date.now();
    const s = await importFile(database, { path: f, actor: SYSTEM_ACTOR, agencyId: null, source: 'cli', rejectsDir: null });
    console.log(s.outcome, s.kind, s.counts.rowsTotal, 'ok', s.counts.rowsOk, 'dup', s.counts.rowsDuplicate, 'rej', s.counts.rowsRejected, `${(Date.now() - t) / 1000}s`, s.errors.slice(0, 3));
  }
  const r = await sql<{ request_ref: string; kind: string; conflicts: string[]; review_status: string; row_data: unknown }>`
    SELECT t.request_ref, l.kind, l.conflicts, l.review_status, l.row_data FROM trace_late_results l JOIN trace_requests t ON t.id = l.trace_id ORDER BY l.id`.execute(database.db);
  console.log('late results', r.rows.length, 'open', r.rows.filter((x) => x.review_status === 'open').length);
  for (const x of r.rows.filter((x) => x.review_status === 'open')) console.log(x.request_ref, x.kind, x.review_status, JSON.stringify(x.conflicts));
} finally {
  await database.close();
  await admin.query(`DROP DATABASE ${name}`);
  await admin.end();
}
