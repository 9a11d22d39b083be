import { Command } from 'commander';
import { cliActor, UsageError, withContext } from '../../cli/context.js';
import { evaluateResolution, formatEvaluation, loadTruthPersons, TruthFileError } from './evaluate.js';
import { ResolutionBusyError, runResolution, type ResolveProgress, type ResolveSummary } from './resolve.service.js';

function probability(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!(n > 0 && n < 1)) throw new UsageError(`${name} must be a probability between 0 and 1, got "${v}"`);
    return n;
  };
}

function printSummary(s: ResolveSummary): void {
  if (s.path === 'noop') {
    process.stdout.write(`Nothing new to resolve since run ${s.basedOn}: no new records, no new review answers.\n`);
    return;
  }
  const n = (x: number) => x.toLocaleString('en-US');
  process.stdout.write(
    `Resolution run ${s.runId} (${s.mode}, ${s.path === 'full' ? 'model trained' : s.path === 'warm' ? 'linker held in memory' : 'model reloaded'}): ` +
      `${n(s.records)} records -> ${n(s.persons)} persons; ${n(s.newRecords)} new records, ${n(s.recordsChanged)} records changed person, ` +
      `${n(s.personsTouched)} persons rewritten, ${n(s.personsRetired)} retired.\n` +
      `Candidate pairs ${n(s.candidatePairs)}, links above threshold ${n(s.linksAboveThreshold)}; review queue ${n(s.reviewPending)} pending ` +
      `(+${n(s.reviewAdded)} -${n(s.reviewRemoved)})${s.conflicts.length ? `; ${s.conflicts.length} review answers conflict (a rejection wins)` : ''}.\n` +
      `Timings (ms): ${Object.entries(s.timingsMs).map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
  );
}

function progressLine(p: ResolveProgress): string {
  const count = p.done !== undefined ? ` ${p.done.toLocaleString('en-US')}${p.total ? ` / ${p.total.toLocaleString('en-US')}` : ''}` : '';
  return `${p.phase}${count}${p.message ? ` ${p.message}` : ''}`;
}

export function resolutionCommands(): Command[] {
  const resolve = new Command('resolve')
    .description('Resolve who is who across every person record (buyers, possessors, associates, subjects, tips). ' +
      'Incremental by default: new records against the existing persons with the last model; --full re-trains and resolves everything. Person ids stay stable.')
    .option('--full', 're-train the model (EM, no labels) and resolve every record again')
    .option('--threshold <p>', 'match probability at which records are joined (full runs; default 0.5)', probability('--threshold'))
    .option('--truth <file>', "afterwards, measure pairwise precision and recall against a simulated world's truth.json")
    .option('--evaluate-only', 'with --truth: measure the latest run without running')
    .option('--json', 'print the run summary (and the evaluation) as JSON')
    .action(async (o: { full?: boolean; threshold?: number; truth?: string; evaluateOnly?: boolean; json?: boolean }) => {
      if (o.evaluateOnly && !o.truth) throw new UsageError('--evaluate-only needs --truth FILE');
      let truth: Map<string, string> | undefined;
      if (o.truth) {
        try {
          truth = await loadTruthPersons(o.truth);
        } catch (err) {
          if (err instanceof TruthFileError) throw new UsageError(err.message);
          throw err;
        }
      }
      await withContext(async (ctx) => {
        const started = Date.now();
        let summary: ResolveSummary | undefined;
        if (!o.evaluateOnly) {
          const tty = process.stderr.isTTY;
          let last = 0;
          try {
            summary = await runResolution(ctx.db, {
              mode: o.full ? 'full' : 'incremental', trigger: 'cli', actor: cliActor(), threshold: o.threshold,
              onProgress: (p) => {
                const now = Date.now();
                if (tty) {
                  if (now - last > 200 || p.phase === 'done') process.stderr.write(`\r${progressLine(p)}`.padEnd(72));
                } else if (p.phase !== 'loading' || now - last > 5000) process.stderr.write(`${progressLine(p)}\n`);
                last = now;
              },
            });
          } catch (err) {
            if (err instanceof ResolutionBusyError) throw new UsageError(err.message);
            throw err;
          }
          if (tty) process.stderr.write('\n');
        }
        const evaluation = truth ? await evaluateResolution(ctx.db, truth) : undefined;
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ run: summary ?? null, evaluation: evaluation ?? null, wallMs: Date.now() - started, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2)}\n`);
          return;
        }
        if (summary) printSummary(summary);
        if (evaluation) process.stdout.write(formatEvaluation(evaluation));
      });
    });
  return [resolve];
}
