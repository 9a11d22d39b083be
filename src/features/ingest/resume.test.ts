// Kill and resume, through the real CLI in a child process: an import killed with SIGKILL in the middle leaves only
// whole committed batches, and the same command run again completes it with no duplicates. On PGlite (a data
// directory) by default, on PostgreSQL (a scratch database) when TEST_DATABASE_URL is set.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/connect.js';
import { withDatabase } from '../../testing/global-setup.js';
import { csvOf, dealerRow, writeMultipleSalesCsv } from './fixtures.js';
import { WORKER_MIN_BYTES } from './importer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'src/cli/main.ts');
const ROWS = 12_000;
const BATCH = 1000;

let dir: string;
let env: NodeJS.ProcessEnv;
let scratchDb: { url: string; name: string } | null = null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-resume-'));
  env = { ...process.env, INTERDICT_DEMO: '0', LOG_LEVEL: 'silent' };
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const name = `interdict_resume_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    scratchDb = { url: withDatabase(server, name), name };
    env.DATABASE_URL = scratchDb.url;
  } else {
    env.INTERDICT_DATA = path.join(dir, 'data');
    delete env.DATABASE_URL;
  }
  fs.writeFileSync(path.join(dir, 'dealers.csv'), csvOf('dealers', Array.from({ length: 50 }, (_, i) => dealerRow(i))));
  await writeMultipleSalesCsv(path.join(dir, 'sales.csv'), ROWS);
  // Large enough to be read in the worker thread (read-worker.ts), the path every large import takes.
  expect(fs.statSync(path.join(dir, 'sales.csv')).size).toBeGreaterThan(WORKER_MIN_BYTES);
});

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (scratchDb && process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${scratchDb.name} WITH (FORCE)`);
    await admin.end();
  }
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; with `killAfterOk`, SIGKILLs it once its progress shows that many rows committed. */
function cli(args: string[], killAfterOk?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    // node with the tsx loader, not the tsx wrapper: the wrapper runs the script in a grandchild that SIGKILL would miss.
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (killAfterOk === undefined) return;
      const ok = [...stderr.matchAll(/progress: sales\.csv line \d+\/\d+, (\d+) ok/g)].map((m) => Number(m[1]));
      if (ok.length > 0 && Math.max(...ok) >= killAfterOk && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function open(): Promise<Database> {
  return scratchDb ? openDatabase({ databaseUrl: scratchDb.url, poolSize: 2 }) : openDatabase({ dataDir: env.INTERDICT_DATA });
}

async function counts(database: Database) {
  const n = async (t: 'firearms' | 'multiple_sale_items' | 'multiple_sale_reports' | 'sales' | 'person_records') =>
    Number((await database.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    firearms: await n('firearms'),
    items: await n('multiple_sale_items'),
    reports: await n('multiple_sale_reports'),
    sales: await n('sales'),
    persons: await n('person_records'),
  };
}

describe(`kill and resume (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite data directory'})`, () => {
  it('leaves whole batches when killed, and the same command completes the file with no duplicates', { timeout: 900_000 }, async () => {
    const dealers = await cli(['import', path.join(dir, 'dealers.csv'), '--no-detect']);
    expect(dealers.code, dealers.stderr).toBe(0);

    const args = ['import', path.join(dir, 'sales.csv'), '--batch-size', String(BATCH), '--no-detect'];
    const killed = await cli(args, 3 * BATCH);
    expect(killed.signal, killed.stderr.slice(-2000)).toBe("SIGKILL");

    // What the killed run left: whole batches only, and the cursor at the end of the last one.
    const mid = await open();
    const batch = await mid.db.selectFrom('import_batches').selectAll().where('file_name', '=', 'sales.csv').executeTakeFirstOrThrow();
    const c1 = await counts(mid);
    await mid.close();
    expect(batch.status).toBe('running');
    expect(c1.items % BATCH).toBe(0);
    expect(c1.items).toBe(batch.rows_ok);
    expect(batch.last_line_committed).toBe(c1.items + 1);
    expect(c1.items).toBeLessThan(ROWS);
    expect(c1.firearms).toBe(c1.items);
    expect(c1.sales).toBe(c1.items);

    const again = await cli(args);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    if (batch.last_line_committed > 0) expect(again.stdout).toMatch(new RegExp(`resumed after line ${batch.last_line_committed}`));

    const end = await open();
    const c2 = await counts(end);
    // The completed import was followed by entity resolution: every buyer record is linked to a person.
    const linked = await end.db.selectFrom('person_links').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const done = await end.db.selectFrom('import_batches').selectAll().where('id', '=', batch.id).executeTakeFirstOrThrow();
    const distinct = await end.db
      .selectFrom('firearms')
      .select((eb) => eb.fn.count<number>('source_ref').distinct().as('n'))
      .where('source_kind', '=', 'multiple_sale')
      .executeTakeFirstOrThrow();
    await end.close();
    expect(c2).toEqual({ firearms: ROWS, items: ROWS, reports: ROWS / 3, sales: ROWS, persons: ROWS / 3 });
    expect(Number(distinct.n)).toBe(ROWS);
    expect(Number(linked.n)).toBe(ROWS / 3);
    expect(done).toMatchObject({ status: 'completed', rows_ok: ROWS, rows_total: ROWS, rows_rejected: 0, rows_duplicate: 0, last_line_committed: ROWS + 1 });

    // And a third run adds nothing.
    const third = await cli(args);
    expect(third.stdout).toMatch(/already imported/);
  });
});
