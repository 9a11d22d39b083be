import type { AppContext } from './context.js';
import { loadDemoWorld } from './demo-world.js';

/**
 * On an empty database, loads a small synthetic world so that a new user sees a populated application at once
 * (INTERDICT_DEMO=0 turns it off). Demo accounts get the admin password when it is known at this start.
 */
export async function loadDemoIfEmpty(ctx: AppContext, password: string | undefined): Promise<void> {
  const any = await ctx.db.selectFrom('dealers').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const log = (m: string) => process.stdout.write(`demo: ${m}\n`);
  log('empty database: loading a synthetic demo world (no real person data)');
  await loadDemoWorld(ctx, { password: password ?? '', log });
}
