// Runs the real CLI (bin/interdict.js) as a user would, against a fresh embedded data directory or a fresh
// PostgreSQL database made for the calling test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/interdict.js');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export function runCli(args: string[], env: Record<string, string | undefined>): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: undefined, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export interface CliEnv {
  env: Record<string, string | undefined>;
  cleanup(): Promise<void>;
}

/** A fresh, empty database for the CLI: a PGlite data directory, or a new database on the test server. */
export async function freshCliEnv(): Promise<CliEnv> {
  const tpl = inject('dbTemplate');
  if (tpl.kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-cli-'));
    return { env: { INTERDICT_DATA: path.join(dir, 'data') }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `interdict_cli_${process.pid}_${Date.now()}`;
  const c = new pg.Client({ connectionString: tpl.url });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  const u = new URL(tpl.url);
  u.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: u.href },
    cleanup: async () => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
