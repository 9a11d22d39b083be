import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../db/connect.js';
import { withDatabase } from './global-setup.js';

/**
 * A fresh, migrated database for one test file: a copy of the run's template, on PGlite by default or on the
 * PostgreSQL server named by TEST_DATABASE_URL. Call close() in afterAll; PostgreSQL copies are dropped then.
 */
export async function createTestDatabase(): Promise<Database> {
  const tpl = inject('dbTemplate');
  if (tpl.kind === 'pglite') {
    const blob = new Blob([fs.readFileSync(tpl.file)]);
    return openDatabase({ loadDataDir: blob });
  }
  const name = `interdict_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: tpl.url });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl.template}`);
        break;
      } catch (err) {
        // Two workers copying the same template at once: PostgreSQL refuses the second; wait and retry.
        if (attempt > 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
      }
    }
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: withDatabase(tpl.url, name), poolSize: 4 });
  const close = database.close;
  return {
    ...database,
    close: async () => {
      await close();
      const c = new pg.Client({ connectionString: tpl.url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
