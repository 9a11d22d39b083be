import { z } from 'zod';
import path from 'node:path';

/** Configuration comes from the environment only, and is validated once at boot with messages a person can act on. */
const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .refine((u) => /^postgres(ql)?:\/\/[^\s]+$/.test(u), 'must look like postgres://user@host:5432/dbname')
    .optional(),
  adminPassword: z.string().min(8, 'must be at least 8 characters').optional(),
  demo: z.boolean(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  bodyLimitBytes: z.coerce.number().int().positive(),
  sessionTtlHours: z.coerce.number().positive(),
  webhookUrl: z.string().url().optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const ENV_NAMES: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'INTERDICT_DATA',
  databaseUrl: 'DATABASE_URL',
  adminPassword: 'INTERDICT_ADMIN_PASSWORD',
  demo: 'INTERDICT_DEMO',
  logLevel: 'LOG_LEVEL',
  bodyLimitBytes: 'INTERDICT_BODY_LIMIT',
  sessionTtlHours: 'INTERDICT_SESSION_TTL_HOURS',
  webhookUrl: 'INTERDICT_ALERT_WEBHOOK',
};

function parseBool(name: string, v: string | undefined, dflt: boolean, problems: string[]): boolean {
  if (v === undefined || v === '') return dflt;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  problems.push(`${name}: "${v}" is not a boolean (use 1 or 0)`);
  return dflt;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const raw = {
    port: env.PORT ?? '8080',
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.INTERDICT_DATA ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.INTERDICT_ADMIN_PASSWORD || undefined,
    demo: parseBool('INTERDICT_DEMO', env.INTERDICT_DEMO, true, problems),
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimitBytes: env.INTERDICT_BODY_LIMIT ?? String(10 * 1024 * 1024),
    sessionTtlHours: env.INTERDICT_SESSION_TTL_HOURS ?? '12',
    webhookUrl: env.INTERDICT_ALERT_WEBHOOK || undefined,
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof Config;
      const name = ENV_NAMES[key] ?? String(key);
      problems.push(`${name}: ${issue.message} (got "${String(raw[key])}")`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}
