// The importer's side of the read worker (read-worker.ts): starts it, takes its batches in order as an async
// generator like readBatches, and hands back file problems (an unclosed quote on line 9,000) as the FileProblem they
// were, after the whole batches read before them, exactly as reading on the importer's thread would.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportKind } from '../../formats/index.js';
import type { ReadBatch, ReadResult } from './batcher.js';
import { FileProblem, type FileProblemCode } from './problems.js';
import type { FileFormat } from './prescan.js';

export interface WorkerIn {
  path: string;
  format: FileFormat;
  kind: ImportKind;
  maxRecordBytes: number;
  resumeAfter: number;
  batchSize: number;
  /** Batches the worker may read ahead of the importer. */
  ahead: number;
}

export type WorkerOut =
  | { type: 'batch'; batch: ReadBatch }
  | { type: 'done'; recordsSeen: number }
  | { type: 'error'; message: string; stack: string | null; problem: { code: FileProblemCode; line: number | null } | null };

let bundled: string | undefined;

/**
 * The worker's code. From compiled JavaScript it is read-worker.js. From TypeScript sources (tsx, vitest) it is
 * bundled once with esbuild (tsx's own compiler) into one script, as src/features/resolution/engine/parallel.ts does:
 * a worker thread does not inherit the loader that runs the sources.
 */
function workerSource(): { source: string } | { url: URL } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./read-worker.js', here) };
  if (bundled === undefined) {
    const require = createRequire(here);
    const esbuild = require('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({
      entryPoints: [fileURLToPath(new URL('./read-worker.ts', here))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    });
    bundled = out.outputFiles[0].text;
  }
  return { source: bundled };
}

/** Reads `job.path` in a worker thread; yields its batches in file order. Ends the worker when left early. */
export async function* readInWorker(job: WorkerIn): AsyncGenerator<ReadBatch, ReadResult> {
  const src = workerSource();
  const w = 'source' in src ? new Worker(src.source, { eval: true, workerData: job }) : new Worker(src.url, { workerData: job });
  const queue: WorkerOut[] = [];
  let wake: (() => void) | null = null;
  let exitError: Error | null = null;
  const push = (m: WorkerOut) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  w.on('message', push);
  w.on('error', (err) => push({ type: 'error', message: err.message, stack: err.stack ?? null, problem: null }));
  w.on('exit', (code) => {
    if (code !== 0) exitError = new Error(`the read worker stopped (exit code ${code}) before the end of the file`);
    wake?.();
    wake = null;
  });
  try {
    for (;;) {
      while (queue.length === 0) {
        if (exitError) throw exitError;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const m = queue.shift()!;
      if (m.type === 'done') return { recordsSeen: m.recordsSeen };
      if (m.type === 'error') {
        if (m.problem) throw new FileProblem(m.problem.code, m.message, m.problem.line ?? undefined);
        const err = new Error(`reading the file failed: ${m.message}`);
        if (m.stack) err.stack = m.stack;
        throw err;
      }
      w.postMessage('more');
      yield m.batch;
    }
  } finally {
    await w.terminate();
  }
}
