import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.js';
import { buildApp } from '../server/app.js';
import { closeContext, createContext } from '../server/boot.js';
import type { AppContext } from '../server/context.js';
import { SYSTEM_ACTOR } from '../features/audit/audit.service.js';
import { createTestDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Creates (once) a user with these roles in this agency and returns an Authorization header for it. */
  as(username: string, roles: string[], agencyOri?: string, extra?: { supervisor?: string; dealerLicence?: string }): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/** The real application on its own copy of the migrated test database (PGlite or TEST_DATABASE_URL). */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ INTERDICT_DATA: '/nonexistent', LOG_LEVEL: 'silent', INTERDICT_DEMO: '0' });
  const ctx = await createContext(config, database);
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  const tokens = new Map<string, string>();
  return {
    app,
    ctx,
    async as(username, roles, agencyOri = 'AZ0070000', extra = {}) {
      let token = tokens.get(username);
      if (!token) {
        // No password: tests authenticate with API tokens, which skips the deliberately slow password hash.
        await ctx.auth.createUser(SYSTEM_ACTOR, {
          username, roles, agencyOri, password: null, supervisorUsername: extra.supervisor, dealerLicence: extra.dealerLicence,
        });
        token = (await ctx.auth.createApiToken(SYSTEM_ACTOR, username, 'test')).token;
        tokens.set(username, token);
      }
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      await closeContext(ctx);
    },
  };
}
