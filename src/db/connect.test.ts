import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../testing/db.js';
import { openDatabase, DatabaseError, type Database } from './connect.js';
import { splitSqlScript } from './sql-script.js';

describe('test database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('is migrated and has the fuzzy-matching extensions', async () => {
    const r = await sql<{ sim: number; lev: number }>`
      SELECT similarity('R01234S678', 'RO1234S678') AS sim, levenshtein('GARCIA', 'GARSIA') AS lev`.execute(database.db);
    expect(r.rows[0].lev).toBe(1);
    expect(r.rows[0].sim).toBeGreaterThan(0.3);
    const tables = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('trace_requests','audit_events')`.execute(database.db);
    expect(tables.rows[0].n).toBe(2);
  });

  it('refuses to change a recorded decision', async () => {
    await expect(sql`UPDATE decisions SET action = 'seize'`.execute(database.db)).resolves.toBeDefined();
    await expect(sql`DELETE FROM audit_events`.execute(database.db)).resolves.toBeDefined();
    // With rows present the trigger fires:
    await sql`INSERT INTO audit_events (at, actor_label, action, target_type, prev_hash, hash) VALUES (now(), 'x', 'a', 't', '', 'h')`.execute(database.db);
    await expect(sql`DELETE FROM audit_events`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});

describe('openDatabase', () => {
  it('gives a clear error for an unreachable server', async () => {
    await expect(openDatabase({ databaseUrl: 'postgres://nobody:secret@127.0.0.1:1/none' })).rejects.toThrow(
      /Cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/,
    );
  });
  it('refuses a data directory that holds something else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-notdb-'));
    fs.writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DatabaseError);
    expect(fs.readFileSync(path.join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });
});

describe('splitSqlScript', () => {
  it.each([
    ['SELECT 1; SELECT 2;', 2],
    ["SELECT ';'; SELECT 2", 2],
    ['CREATE FUNCTION f() RETURNS int AS $x$ BEGIN RETURN 1; END $x$ LANGUAGE plpgsql; SELECT 1', 2],
    ['-- a comment; with semicolon\nSELECT 1', 1],
  ])('%s -> %i statements', (script, n) => {
    expect(splitSqlScript(script)).toHaveLength(n);
  });
});
