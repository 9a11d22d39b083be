import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { eventDay } from './testing/expected.js';
import { insertWorld, makeWorld } from './testing/world.js';

const BIN = path.resolve(import.meta.dirname, '../../../bin/interdict.js');

function run(args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: undefined, INTERDICT_DEMO: '0', ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A fresh embedded data directory or PostgreSQL database, loaded with a fixture world, for the real CLI. */
async function loadedEnv(): Promise<{ env: Record<string, string | undefined>; dir: string; cleanup(): Promise<void> }> {
  const tpl = inject('dbTemplate');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-stats-cli-'));
  const world = makeWorld(11, 150);
  if (tpl.kind === 'pglite') {
    const dataDir = path.join(dir, 'data');
    const d = await openDatabase({ dataDir });
    await migrateToLatest(d.db);
    await d.db.transaction().execute((tx) => insertWorld(tx, world));
    // PGlite serves one process at a time: the CLI opens the directory after this one has let go.
    await d.close();
    return { env: { INTERDICT_DATA: dataDir }, dir, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `interdict_stcli_${process.pid}_${Date.now()}`;
  const c = new pg.Client({ connectionString: tpl.url });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  const u = new URL(tpl.url);
  u.pathname = `/${name}`;
  const d = await openDatabase({ databaseUrl: u.href, poolSize: 2 });
  await migrateToLatest(d.db);
  await d.db.transaction().execute((tx) => insertWorld(tx, world));
  await d.close();
  return {
    env: { DATABASE_URL: u.href },
    dir,
    cleanup: async () => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Each case spawns the real CLI (tsx compiling on start): slow on a loaded machine, never a unit-test budget.
describe('interdict report', { timeout: 600_000 }, () => {
  it('writes state and Mexico reports as CSV and JSON, statistics for a scope, and refuses bad places', async () => {
    const { env, dir, cleanup } = await loadedEnv();
    const world = makeWorld(11, 150);
    try {
      const csv = run(['report', 'state', 'Texas', '--year', '2022'], env);
      expect(csv.code, csv.err).toBe(0);
      const n = world.traces.filter((t) => t.recovery?.state === 'TX' && eventDay(t).startsWith('2022')).length;
      expect(csv.out).toContain(`headline,"Firearms recovered and traced in Texas, 2022",${n},`);
      expect(csv.out).toContain('do not constitute a random sample');

      const out = path.join(dir, 'mx.json');
      const js = run(['report', 'mexico', '--year', '2022', '--format', 'json', '--release', '--min-cell', '3', '--out', out], env);
      expect(js.code, js.err).toBe(0);
      const rep = JSON.parse(fs.readFileSync(out, 'utf8')) as { title: string; release: boolean; minCell: number };
      expect(rep).toMatchObject({ title: 'Firearms Trace Data: Mexico, 2022', release: true, minCell: 3 });

      const st = run(['report', 'stats', '--country', 'MX'], env);
      expect(st.code, st.err).toBe(0);
      expect(JSON.parse(st.out).figures.totals.traces).toBe(world.traces.filter((t) => t.recovery?.country === 'MX').length);

      const bad = run(['report', 'state', 'Narnia', '--year', '2022'], env);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/"Narnia" is not a US state/);
      expect(run(['report', 'state', 'TX', '--year', 'last'], env).code).toBe(2);

      const refresh = run(['report', 'refresh', '--full'], env);
      expect(refresh.code, refresh.err).toBe(0);
      expect(refresh.out).toBe(`Statistics facts rebuilt: ${world.traces.length} rows written.\n`);

      const audit = run(['audit', 'verify'], env);
      expect(audit.code, audit.err).toBe(0);
      expect(audit.out).toMatch(/Audit log intact: 2 events verified/);
    } finally {
      await cleanup();
    }
  });
});
