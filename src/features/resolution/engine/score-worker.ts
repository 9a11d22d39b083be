// Worker side of parallel scoring: rebuilds the store from a snapshot, then claims chunks of the
// candidate pairs from a shared counter (as the main thread does) and scores them into shared memory.
import { parentPort, workerData } from 'node:worker_threads';
import { Scorer, type ModelJson } from './model.js';
import { Store, type StoreSnapshot } from './store.js';

interface Job {
  snapshot: StoreSnapshot;
  model: ModelJson;
  identityFloor: number;
  a: SharedArrayBuffer;
  b: SharedArrayBuffer;
  out: SharedArrayBuffer;
  count: number;
  chunk: number;
  /** [0]: next chunk to claim; [1]: 1 done, 2 failed. */
  control: SharedArrayBuffer;
  /** Per chunk: 1 once the worker has scored it (the main thread rescores the rest after a failure). */
  scored: SharedArrayBuffer;
}

const job = workerData as Job;
const control = new Int32Array(job.control);
const scored = new Uint8Array(job.scored);
try {
  const s = Store.fromSnapshot(job.snapshot);
  const scorer = new Scorer(job.model, job.identityFloor);
  const a = new Uint32Array(job.a);
  const b = new Uint32Array(job.b);
  const out = new Float32Array(job.out);
  const chunks = Math.ceil(job.count / job.chunk);
  for (let c = Atomics.add(control, 0, 1); c < chunks; c = Atomics.add(control, 0, 1)) {
    const hi = Math.min(job.count, (c + 1) * job.chunk);
    for (let p = c * job.chunk; p < hi; p++) out[p] = scorer.weight(s, a[p], b[p]);
    scored[c] = 1;
  }
  Atomics.store(control, 1, 1);
} catch (e) {
  // The main thread may be blocked waiting: report the failure through the flag and a message.
  parentPort?.postMessage({ error: (e as Error).stack ?? String(e) });
  Atomics.store(control, 1, 2);
}
Atomics.notify(control, 1);
