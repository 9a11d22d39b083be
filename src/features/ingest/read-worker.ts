// The read worker: reads, parses, validates and batches one file on its own thread (batcher.ts), so that the
// importer's thread is left to the database writes and the two overlap on two cores. Batches go to the importer as
// messages; the worker runs at most `ahead` batches ahead of what the importer has taken, so memory stays flat
// however large the file. Started by read-in-worker.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { FORMATS, type ImportFormat, type ImportKind } from '../../formats/index.js';
import { readBatches } from './batcher.js';
import { FileProblem } from './problems.js';
import { openRecords } from './records.js';
import type { WorkerIn, WorkerOut } from './read-in-worker.js';

const port = parentPort;
if (!port) throw new Error('read-worker.ts runs only as a worker thread');
const job = workerData as WorkerIn;
let credit = job.ahead;
let wake: (() => void) | null = null;
port.on('message', (m: 'more') => {
  if (m !== 'more') return;
  credit++;
  wake?.();
  wake = null;
});
const send = (m: WorkerOut) => port.postMessage(m);

async function run(): Promise<void> {
  const source = await openRecords(job.path, job.format, { maxRecordBytes: job.maxRecordBytes });
  try {
    const format = FORMATS[job.kind] as unknown as ImportFormat<ImportKind, Record<string, unknown>>;
    const it = readBatches(source.records, format, { resumeAfter: job.resumeAfter, batchSize: job.batchSize, yieldEvery: 0 });
    for (;;) {
      const r = await it.next();
      if (r.done) {
        send({ type: 'done', recordsSeen: r.value.recordsSeen });
        return;
      }
      while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      send({ type: 'batch', batch: r.value });
    }
  } finally {
    source.close();
  }
}

run().catch((err: unknown) => {
  const e = err instanceof Error ? err : new Error(String(err));
  send({
    type: 'error',
    message: e.message,
    stack: e.stack ?? null,
    problem: e instanceof FileProblem ? { code: e.code, line: e.line ?? null } : null,
  });
});
