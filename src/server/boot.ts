import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createAuthService } from '../features/auth/auth.service.js';
import { JobRunner } from '../jobs/runner.js';
import type { AppContext } from './context.js';
import { JOB_REGISTRATIONS } from './features.js';

/** Opens the database, migrates it, and assembles the context the server, the CLI and the tests share. */
export async function createContext(config: Config, database?: Database): Promise<AppContext> {
  const db = database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(db.db);
  const ctx: AppContext = {
    database: db,
    db: db.db,
    config,
    auth: createAuthService(db.db, { sessionTtlHours: config.sessionTtlHours }),
    jobs: new JobRunner(db.db),
  };
  for (const register of JOB_REGISTRATIONS) register(ctx);
  return ctx;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.stop();
  await ctx.database.close();
}
