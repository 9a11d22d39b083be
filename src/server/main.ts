import { loadConfig, ConfigError } from '../config.js';
import { DatabaseError, redact } from '../db/connect.js';
import { buildApp } from './app.js';
import { closeContext, createContext } from './boot.js';
import { loadDemoIfEmpty } from './demo.js';

/** `npm start` / `interdict serve`: config, database, migrations, first admin, demo world, HTTP. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const where = config.databaseUrl ? `PostgreSQL ${redact(config.databaseUrl)}` : `embedded PGlite in ${config.dataDir}`;
  process.stdout.write(`Interdict: opening ${where}\n`);
  const ctx = await createContext(config);
  const admin = await ctx.auth.bootstrapAdmin(config.adminPassword);
  if (admin.generatedPassword) {
    process.stdout.write(
      `\n  First start: created user "admin" with password:  ${admin.generatedPassword}\n` +
        `  (shown once; set INTERDICT_ADMIN_PASSWORD to choose it)\n\n`,
    );
  }
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  ctx.jobs.start();
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await closeContext(ctx);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(`Interdict listening on http://${config.host}:${config.port}/  (API docs: /api/docs)\n`);
  // The demo world loads after the server answers, so a first start is usable at once and fills in within a minute.
  if (config.demo) {
    void loadDemoIfEmpty(ctx, config.adminPassword ?? admin.generatedPassword).catch((err: unknown) =>
      app.log.error({ err }, 'demo world could not be loaded'),
    );
  }
}

export function reportFatal(err: unknown): never {
  if (err instanceof ConfigError || err instanceof DatabaseError) {
    process.stderr.write(`interdict: ${err.message}\n`);
  } else {
    process.stderr.write(`interdict: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exit(1);
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\/src\//, '/src/'));
if (isMain) serve().catch(reportFatal);
