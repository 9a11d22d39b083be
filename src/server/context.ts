import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import type { AuthService } from '../features/auth/auth.service.js';
import type { JobRunner } from '../jobs/runner.js';

/** What every feature plugin receives. Features build their own services from it; there is no global service bag. */
export interface AppContext {
  database: Database;
  db: Kysely<DB>;
  config: Config;
  auth: AuthService;
  jobs: JobRunner;
}
