import { Command } from 'commander';
import { cliActor, UsageError, withContext } from '../../cli/context.js';
import { withConfig } from './config.js';
import { runDetection, type RunSummary } from './detect.service.js';
import { evaluate, formatEvaluation } from './evaluate.js';
import { loadTruth, TruthError } from './truth.js';
import { complianceFindings } from '../sales/compliance.service.js';

function number(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number, got "${v}"`);
    return n;
  };
}

function printSummary(s: RunSummary): void {
  process.stdout.write(
    `Detection run ${s.runId} (${s.mode}${s.mode === 'incremental' && !s.scoped ? ', no earlier run: everything' : ''}): ` +
      `${s.subjectsScored.toLocaleString('en-US')} people scored, ${s.flagged.toLocaleString('en-US')} flagged, ` +
      `${s.alertsRaised} new alerts; ${s.dealersScored} dealers scored, ${s.dealersHigh} high; ` +
      `${s.findings} unreported multiple sales found.\n` +
      `Timings (ms): ${Object.entries(s.timingsMs).map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
  );
}

export function detectionCommands(): Command[] {
  const detect = new Command('detect')
    .description('Score every person and dealer for trafficking risk, find unreported multiple sales, and raise alerts')
    .option('--incremental', 'rescore only what changed since the last run (and linked people)')
    .option('--threshold <points>', 'score at which a person is flagged and alerted on', number('--threshold'))
    .option('--no-alerts', 'score without raising alerts')
    .option('--json', 'print the run summary as JSON')
    .action(async (o: { incremental?: boolean; threshold?: number; alerts: boolean; json?: boolean }) => {
      await withContext(async (ctx) => {
        const started = Date.now();
        const s = await runDetection(ctx.db, {
          mode: o.incremental ? 'incremental' : 'full',
          trigger: 'cli',
          actor: cliActor(),
          alerts: o.alerts,
          config: withConfig(o.threshold !== undefined ? { threshold: o.threshold } : {}),
          findings: complianceFindings,
          concurrentReads: ctx.database.kind === 'postgres',
          onProgress: (p) => process.stderr.write(`\r${p.phase}${p.done ? ` ${p.done.toLocaleString('en-US')}` : ''}`.padEnd(40)),
        });
        process.stderr.write('\n');
        if (o.json) process.stdout.write(`${JSON.stringify({ ...s, wallMs: Date.now() - started, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2)}\n`);
        else printSummary(s);
      });
    });

  const evaluateCmd = new Command('evaluate')
    .description('Measure the latest detection run against a simulated world\'s truth: precision, recall, F1, time to flag')
    .requiredOption('--truth <file>', 'truth.json written by interdict simulate (truth-records.ndjson beside it)')
    .option('--json', 'print the figures as JSON')
    .action(async (o: { truth: string; json?: boolean }) => {
      let truth;
      try {
        truth = await loadTruth(o.truth);
      } catch (err) {
        if (err instanceof TruthError) throw new UsageError(err.message);
        throw err;
      }
      await withContext(async (ctx) => {
        const e = await evaluate(ctx.db, truth);
        if (e.runId === null) throw new UsageError('no completed detection run: run `interdict detect` first');
        process.stdout.write(o.json ? `${JSON.stringify(e, null, 2)}\n` : formatEvaluation(e));
      });
    });

  return [detect, evaluateCmd];
}
