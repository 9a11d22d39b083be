// Worker side of parallel scoring: rebuilds the store from a snapshot and scores its share of the
// candidate pairs into shared memory.
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
  lo: number;
  hi: number;
  done: SharedArrayBuffer;
}

const job = workerData as Job;
const done = new Int32Array(job.done);
try {
  const s = Store.fromSnapshot(job.snapshot);
  const scorer = new Scorer(job.model, job.identityFloor);
  const a = new Uint32Array(job.a);
  const b = new Uint32Array(job.b);
  const out = new Float32Array(job.out);
  for (let p = job.lo; p < job.hi; p++) out[p] = scorer.weight(s, a[p], b[p]);
  Atomics.store(done, 0, 1);
} catch (e) {
  // The main thread is blocked waiting: report the failure through the flag and a message.
  parentPort?.postMessage({ error: (e as Error).stack ?? String(e) });
  Atomics.store(done, 0, 2);
}
Atomics.notify(done, 0);
