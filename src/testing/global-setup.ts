import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

/**
 * Migrates one template per test run; every test file then gets its own copy (PGlite: a dumped data directory
 * loaded afresh; PostgreSQL: CREATE DATABASE ... TEMPLATE). Test files never share state.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `interdict_tpl_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const tplUrl = withDatabase(url, name);
    const database = await openDatabase({ databaseUrl: tplUrl, poolSize: 1 });
    await migrateToLatest(database.db);
    await database.close();
    project.provide('dbTemplate', { kind: 'postgres', url, template: name });
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const database = await openDatabase({ inMemory: true });
  await migrateToLatest(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-tpl-')), 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('dbTemplate', { kind: 'pglite', file });
  return async () => {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.href;
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: { kind: 'postgres'; url: string; template: string } | { kind: 'pglite'; file: string };
  }
}
