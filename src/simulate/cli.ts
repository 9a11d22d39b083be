// `interdict simulate --scenario NAME --seed N [--scale K] [--noise X] --out DIR`, registered by src/cli.
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SCENARIO_NAMES } from './scenarios.js';
import { simulate } from './simulate.js';

function wholeNumber(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError(`"${v}" is not a whole number >= 0`);
  return Number(v);
}

function positive(max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!(n > 0 && n <= max)) throw new InvalidArgumentError(`"${v}" is not a number above 0 and at most ${max}`);
    return n;
  };
}

function nonNegative(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 20)) throw new InvalidArgumentError(`"${v}" is not a number from 0 to 20`);
  return n;
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description(
      'Write a synthetic world with ground truth: one CSV per import kind (docs/data-formats.md), truth.json and ' +
        'truth-records.ndjson. Deterministic for a seed. Scale 1 is about 50,000 multiple-sale items and 26,000 ' +
        'traces (border-baseline); scale 21 passes 1,000,000 items and 500,000 traces.',
    )
    .addOption(new Option('--scenario <name>', 'the world to write').choices(SCENARIO_NAMES).makeOptionMandatory())
    .requiredOption('--seed <n>', 'random seed (same seed, same bytes)', wholeNumber)
    .option('--scale <k>', 'volume multiplier', positive(1000), 1)
    .option('--noise <x>', 'identity-noise multiplier (0 = clean records, 1 = default rates)', nonNegative, 1)
    .requiredOption('--out <dir>', 'output directory (created if missing; files in it are replaced)')
    .option('--quiet', 'no progress bar')
    .action(async (o: { scenario: string; seed: number; scale: number; noise: number; out: string; quiet?: boolean }) => {
      const bar = new SingleBar(
        { format: 'simulate {phase} [{bar}] {percentage}% | {value}/{total} units | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      let started = false;
      const started_at = Date.now();
      const result = await simulate({
        scenario: o.scenario,
        seed: o.seed,
        scale: o.scale,
        noise: o.noise,
        outDir: o.out,
        onProgress: o.quiet
          ? undefined
          : (p) => {
              if (!started) {
                bar.start(p.total, 0, { phase: p.phase });
                started = true;
              }
              bar.update(p.done, { phase: p.phase.padEnd(13) });
            },
      });
      if (started) bar.stop();
      const seconds = (Date.now() - started_at) / 1000;
      const rows = Object.values(result.files).reduce((t, f) => t + f.rows, 0);
      const lines = Object.entries(result.files).map(([k, f]) => `  ${k.padEnd(15)} ${String(f.rows).padStart(10)}  ${f.path}`);
      process.stdout.write(
        `Wrote ${o.scenario} (seed ${o.seed}, scale ${o.scale}) in ${seconds.toFixed(1)} s: ${rows} rows, ${result.truthRecords} truth records\n` +
          `${lines.join('\n')}\n  truth           ${result.truthPath}\n`,
      );
    });
}
