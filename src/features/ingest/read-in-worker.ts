// The importer's side of the read worker (read-worker.ts): starts it, takes its batches in order as an async
// generator like readBatches, and hands back file problems (an unclosed quote on line 9,000) as the FileProblem they
// were, after the whole batches read before them, exactly as reading on the importer's thread would.
import type { ImportKind } from '../../formats/index.js';
import { startWorker } from '../../lib/worker-thread.js';
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

/** Reads `job.path` in a worker thread; yields its batches in file order. Ends the worker when left early. */
export async function* readInWorker(job: WorkerIn): AsyncGenerator<ReadBatch, ReadResult> {
  const w = startWorker(import.meta.url, './read-worker', job);
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
