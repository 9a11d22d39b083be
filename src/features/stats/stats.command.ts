/**
 * `interdict report ...`: the state and Mexico trace reports, the statistics for any scope, and the refresh of
 * the statistics facts. The CLI acts with the machine's authority (national scope) and is audited as such.
 */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { cliActor, UsageError, withContext } from '../../cli/context.js';
import { AppError } from '../../server/errors.js';
import { reportToCsv, type ReportKind } from './report.js';
import { statsScopeSchema } from './scope.js';
import { createStatsService } from './stats.service.js';
import { DEFAULT_MIN_CELL } from './suppress.js';

function write(out: string | undefined, text: string): void {
  if (out) {
    fs.writeFileSync(out, text);
    process.stderr.write(`Wrote ${out}\n`);
  } else {
    process.stdout.write(text);
  }
}

function intOption(v: string, name: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${name} must be a whole number (got "${v}")`);
  return Number(v);
}

/** Bad input named by the service (400) is a usage error here: exit 2 with its message. */
async function asUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && e.status < 500) throw new UsageError(e.message);
    throw e;
  }
}

interface ReportOpts {
  year: string;
  format: 'csv' | 'json';
  out?: string;
  release?: boolean;
  minCell: string;
}

function reportCommand(kind: ReportKind): Command {
  const cmd = new Command(kind)
    .description(
      kind === 'state'
        ? "A state's annual trace report in the form of ATF's: interdict report state TX --year 2023"
        : 'The annual Mexico trace report, for Mexico or one Mexican state: interdict report mexico [SON] --year 2023',
    )
    .argument(kind === 'state' ? '<place>' : '[place]', kind === 'state' ? 'US state code or name' : 'Mexican state (ISO code or name); omit for all of Mexico')
    .requiredOption('--year <year>', 'calendar year of recovery')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--release', 'hide small counts, for release outside law enforcement')
    .option('--min-cell <n>', 'with --release: counts below this are shown as "<n"', String(DEFAULT_MIN_CELL))
    .action(async (place: string | undefined, o: ReportOpts) => {
      const year = intOption(o.year, '--year');
      const minCell = intOption(o.minCell, '--min-cell');
      await withContext(async (ctx) => {
        const svc = createStatsService(ctx.db);
        const rep = await asUsage(() => svc.report({ actor: cliActor() }, { kind, place, year, release: !!o.release, minCell, format: o.format }));
        write(o.out, o.format === 'csv' ? reportToCsv(rep) : `${JSON.stringify(rep, null, 2)}\n`);
      });
    });
  return cmd;
}

export function statsCommands(): Command[] {
  const report = new Command('report').description('Trace statistics and reports (ATF-style state and Mexico reports)');
  report.addCommand(reportCommand('state'));
  report.addCommand(reportCommand('mexico'));
  report
    .command('stats')
    .description('Statistics for any scope, as JSON: totals, types, calibers, makers, time-to-crime, sources, cities, crimes, ages, outcomes, turnaround')
    .option('--agency <ORI>')
    .option('--state <state>', 'US state of recovery')
    .option('--mx-state <state>', 'Mexican state of recovery')
    .option('--country <code>', 'country of recovery (US, MX, ...)')
    .option('--dealer <licence>', 'source dealer licence number')
    .option('--case <number>', 'case number')
    .option('--from <YYYY-MM-DD>')
    .option('--to <YYYY-MM-DD>')
    .option('--top <n>', 'rows kept in top lists', '15')
    .option('--out <file>')
    .action(async (o: Record<string, string | undefined>) => {
      const parsed = statsScopeSchema.safeParse({
        agency: o.agency, state: o.state, mxState: o.mxState, country: o.country, dealer: o.dealer, case: o.case, from: o.from, to: o.to,
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
      const top = intOption(o.top ?? '15', '--top');
      await withContext(async (ctx) => {
        const r = await asUsage(() => createStatsService(ctx.db).stats({ actor: cliActor() }, parsed.data, { top }));
        write(o.out, `${JSON.stringify(r, null, 2)}\n`);
      });
    });
  report
    .command('refresh')
    .description('Bring the statistics facts up to date after a load with triggers off (--full rebuilds them all)')
    .option('--full', 'recompute every fact')
    .action(async (o: { full?: boolean }) => {
      await withContext(async (ctx) => {
        const r = await createStatsService(ctx.db).refresh(!!o.full);
        process.stdout.write(`Statistics facts ${r.mode === 'full' ? 'rebuilt' : 'caught up'}: ${r.rows} rows written.\n`);
      });
    });
  return [report];
}
