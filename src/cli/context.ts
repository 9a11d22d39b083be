import { loadConfig } from '../config.js';
import { closeContext, createContext } from '../server/boot.js';
import type { AppContext } from '../server/context.js';
import { SYSTEM_ACTOR, type Actor } from '../features/audit/audit.service.js';
import os from 'node:os';

/** Runs a CLI action with a migrated database, closing it afterwards whatever happens. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await createContext(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}

/** The CLI acts as the operating-system user, named in the audit log; it runs with the machine's own authority. */
export function cliActor(): Actor {
  return { ...SYSTEM_ACTOR, label: `cli:${os.userInfo().username}` };
}

/** Usage errors exit with 2, as the CLI contract says. */
export class UsageError extends Error {}
