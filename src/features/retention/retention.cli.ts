import { Command } from 'commander';
import { cliActor, UsageError, withContext } from '../../cli/context.js';
import { purgeMultipleSaleBuyers } from './retention.service.js';

export function retentionCommand(): Command {
  const cmd = new Command('retention').description('Retention and purge');
  cmd
    .command('run')
    .description('Purge multiple-sale buyer data untraced after 2 years (skips legal holds); logs each deletion with a hash of what was removed')
    .option('--as-of <date>', 'the day to apply the rules as of (YYYY-MM-DD)', new Date().toISOString().slice(0, 10))
    .option('--dry-run', 'report what would be purged; change nothing', false)
    .action(async (o: { asOf: string; dryRun: boolean }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(o.asOf)) throw new UsageError('--as-of must be YYYY-MM-DD');
      await withContext(async (ctx) => {
        const r = await purgeMultipleSaleBuyers(ctx.db, cliActor(), {
          asOf: o.asOf,
          dryRun: o.dryRun,
          onProgress: (n) => process.stderr.write(`\rpurged ${n} reports`),
        });
        process.stderr.write('\n');
        const verb = r.dryRun ? 'Would purge' : 'Purged';
        process.stdout.write(`${verb} buyer data of ${r.reports} multiple-sale reports (${r.personRecords} person records) dated on or before ${r.cutoff}.\n`);
      });
    });
  return cmd;
}
