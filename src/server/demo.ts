import type { AppContext } from './context.js';

/**
 * Loads a small synthetic world into an empty database so that a new user sees a populated application at once.
 * Each capability adds its part of the demo through DEMO_LOADERS (the simulator and the importer provide the data).
 */
export const DEMO_LOADERS: Array<(ctx: AppContext, log: (msg: string) => void) => Promise<void>> = [];

export async function loadDemoIfEmpty(ctx: AppContext): Promise<void> {
  const any = await ctx.db.selectFrom('dealers').select('id').limit(1).executeTakeFirst();
  if (any) return;
  for (const load of DEMO_LOADERS) await load(ctx, (m) => process.stdout.write(`demo: ${m}\n`));
}
