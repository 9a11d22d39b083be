// `interdict import PATH...`: files or folders, the kind from each header or --kind, progress on stderr, a summary on
// stdout, exit 1 when a file failed or was refused.
import path from 'node:path';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { IMPORT_KINDS, isImportKind, type ImportKind } from '../../formats/index.js';
import { cliActor, UsageError, withContext } from '../../cli/context.js';
import { applyPendingStats } from '../stats/refresh.js';
import { afterImport } from './after-import.js';
import { DEFAULT_BATCH_SIZE, importFile, type ImportProgress, type ImportSummary } from './importer.js';
import { MissingPathError, filesToImport } from './discover.js';

interface ImportCliOptions {
  kind?: string;
  strict?: boolean;
  rejects?: string;
  batchSize?: string;
  format?: 'csv' | 'ndjson';
  detect: boolean;
  resolve: boolean;
}

function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** A progress bar on a terminal; on anything else one line per committed batch, which logs and tests can read. */
function progressReporter(): { update(p: ImportProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: '{file} [{bar}] {percentage}% | {rows} rows ({rejected} rejected) | {rate} rows/s | {eta} left',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = {
          file: p.file, rows: p.rowsOk + p.rowsRejected + p.rowsDuplicate, rejected: p.rowsRejected, rate: Math.round(p.rate),
          eta: formatDuration(p.etaMs),
        };
        if (!started) {
          bar.start(Math.max(1, p.linesTotal), p.linesDone, payload);
          started = true;
        } else {
          bar.setTotal(Math.max(1, p.linesTotal));
          bar.update(p.linesDone, payload);
        }
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = '';
  return {
    update(p) {
      if (p.phase !== 'importing') return;
      const line = `progress: ${p.file} line ${p.linesDone}/${p.linesTotal}, ${p.rowsOk} ok, ${p.rowsRejected} rejected, ${p.rowsDuplicate} duplicate, ${Math.round(p.rate)} rows/s, ${formatDuration(p.etaMs)} left`;
      if (line !== last) process.stderr.write(`${line}\n`);
      last = line;
    },
    stop() {},
  };
}

function printSummary(s: ImportSummary): void {
  const mark = s.outcome === 'completed' ? (s.counts.rowsRejected > 0 ? 'done, with rejects' : 'done') : s.outcome.replace('_', ' ');
  process.stdout.write(`[${mark}] ${s.message} (${formatDuration(s.elapsedMs)})\n`);
  for (const e of s.errors.slice(0, 10)) process.stdout.write(`    ${e}\n`);
  if (s.errors.length > 10 || s.counts.rowsRejected > s.errors.length) {
    process.stdout.write(`    ... ${s.counts.rowsRejected} rejected rows in all\n`);
  }
  if (s.rejectsPath) process.stdout.write(`    rejected rows with reasons: ${s.rejectsPath}\n`);
}

export function importCommand(): Command {
  return new Command('import')
    .description('Import files of lawful records (dealers, multiple-sale reports, tips, thefts, ...): CSV or NDJSON, files or folders')
    .argument('<paths...>', 'files or folders (folders: every .csv, .ndjson and .jsonl file in them)')
    .addOption(new Option('--kind <kind>', 'the kind of records, when the header does not tell').choices([...IMPORT_KINDS]))
    .option('--strict', 'import nothing from a file that has any bad row')
    .option('--rejects <dir>', 'where to write <file>.rejects.csv (default: beside each file)')
    .addOption(new Option('--format <format>', 'csv or ndjson, when the file name does not tell').choices(['csv', 'ndjson']))
    .addOption(new Option('--batch-size <n>', 'rows per committed batch').default(String(DEFAULT_BATCH_SIZE)).hideHelp())
    .option('--no-resolve', 'do not run entity resolution (nor detection, which needs it) after the import')
    .option('--no-detect', 'do not rescore detection after the import')
    .action(async (paths: string[], o: ImportCliOptions) => {
      if (o.kind !== undefined && !isImportKind(o.kind)) throw new UsageError(`--kind ${o.kind} is not a kind (${IMPORT_KINDS.join(', ')})`);
      const batchSize = Number(o.batchSize ?? DEFAULT_BATCH_SIZE);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch-size must be a positive whole number');
      let ordered: string[];
      try {
        ordered = await filesToImport(paths, (m) => process.stderr.write(`${m}\n`));
      } catch (err) {
        if (err instanceof MissingPathError) throw new UsageError(err.message);
        throw err;
      }
      if (ordered.length === 0) throw new UsageError(`no .csv, .ndjson or .jsonl files to import in ${paths.join(', ')}`);
      const summaries: ImportSummary[] = [];
      await withContext(async (ctx) => {
        for (const file of ordered) {
          const progress = progressReporter();
          try {
            const s = await importFile(ctx.database, {
              path: file,
              kind: o.kind as ImportKind | undefined,
              strict: Boolean(o.strict),
              rejectsDir: o.rejects ? path.resolve(o.rejects) : undefined,
              format: o.format,
              batchSize,
              actor: cliActor(),
              agencyId: null,
              source: 'cli',
              onProgress: (p) => progress.update(p),
            });
            progress.stop();
            printSummary(s);
            summaries.push(s);
          } finally {
            progress.stop();
          }
        }
        const imported = summaries.filter((s) => s.outcome === 'completed' && s.run.rowsOk > 0);
        // The statistics hook: facts and summaries for every file at once, set-based.
        if (imported.length > 0) await applyPendingStats(ctx.db);
        if (o.resolve && imported.length > 0) {
          process.stderr.write(`resolving the new person records${o.detect ? ', then rescoring detection' : ''}...\n`);
          const after = await afterImport(ctx.db, imported.map((s) => s.batchId), cliActor(), { detect: o.detect });
          for (const [what, r] of Object.entries(after)) {
            if (r && typeof r.error === 'string') {
              process.stderr.write(`${what} after the import failed (the import itself stands): ${r.error}\n`);
              process.exitCode = 1;
            }
          }
        }
      });
      const bad = summaries.filter((s) => s.outcome === 'failed' || s.outcome === 'refused');
      const total = summaries.reduce((n, s) => n + s.run.rowsOk, 0);
      const rejected = summaries.reduce((n, s) => n + s.run.rowsRejected, 0);
      process.stdout.write(
        `${summaries.length} file${summaries.length === 1 ? '' : 's'}: ${total} rows imported, ${rejected} rejected` +
          (bad.length > 0 ? `; ${bad.length} file${bad.length === 1 ? '' : 's'} failed or refused` : '') + '\n',
      );
      if (bad.length > 0) process.exitCode = 1;
    });
}
