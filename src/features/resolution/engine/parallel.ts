// Scoring candidate pairs on two threads. The main thread and one worker claim chunks of pairs from
// a shared counter and score them into shared memory; the main thread then waits on an Atomics flag, so the API stays
// synchronous. Only worth it for large inputs: starting a worker and copying the store costs
// about a second.
import { startWorker } from '../../../lib/worker-thread.js';
import type { Scorer } from './model.js';
import type { Store } from './store.js';

export interface ParallelOptions {
  /** Threads in all, the main one included (this machine: 2). */
  threads: number;
  /** Below this many pairs, one thread. */
  minPairs: number;
  log?: (msg: string) => void;
}

export function scoreAll(s: Store, scorer: Scorer, a: Uint32Array, b: Uint32Array, count: number, opts: ParallelOptions): Float32Array {
  if (opts.threads <= 1 || count < opts.minPairs) {
    const out = new Float32Array(count);
    for (let p = 0; p < count; p++) out[p] = scorer.weight(s, a[p], b[p]);
    return out;
  }
  const sa = new SharedArrayBuffer(count * 4);
  const sb = new SharedArrayBuffer(count * 4);
  new Uint32Array(sa).set(a.subarray(0, count));
  new Uint32Array(sb).set(b.subarray(0, count));
  const outBuf = new SharedArrayBuffer(count * 4);
  const out = new Float32Array(outBuf);
  // Both threads claim chunks from one counter until none are left, so neither waits long for the
  // other however late the worker starts or however uneven the chunks' cost.
  const chunk = 1 << 16;
  const chunks = Math.ceil(count / chunk);
  const controlBuf = new SharedArrayBuffer(8);
  const control = new Int32Array(controlBuf);
  const scoredBuf = new SharedArrayBuffer(chunks);
  const scored = new Uint8Array(scoredBuf);
  const workerData = { snapshot: s.snapshot(), model: scorer.model, identityFloor: scorer.identityFloor, a: sa, b: sb, out: outBuf, count, chunk, control: controlBuf, scored: scoredBuf };
  const w = startWorker(import.meta.url, './score-worker', workerData);
  let failure: string | undefined;
  w.on('message', (m: { error?: string }) => (failure = m.error));
  w.on('error', (e) => (failure = String(e)));
  const scoreChunk = (c: number): void => {
    const hi = Math.min(count, (c + 1) * chunk);
    for (let p = c * chunk; p < hi; p++) out[p] = scorer.weight(s, a[p], b[p]);
  };
  let mine = 0;
  for (let c = Atomics.add(control, 0, 1); c < chunks; c = Atomics.add(control, 0, 1)) {
    scoreChunk(c);
    scored[c] = 1;
    mine++;
  }
  // The worker finishes the chunk it holds. If it never started (an error before its first line),
  // claimed nothing, or failed mid-way, the chunks it did not finish are scored here.
  const claimedByWorker = chunks - mine;
  const r = claimedByWorker === 0 ? 'ok' : Atomics.wait(control, 1, 0, 600_000);
  if (claimedByWorker > 0 && (r === 'timed-out' || Atomics.load(control, 1) !== 1)) {
    opts.log?.(`scoring worker failed (${failure ?? r}); scoring its unfinished chunks on the main thread`);
    for (let c = 0; c < chunks; c++) if (!scored[c]) scoreChunk(c);
  }
  opts.log?.(`scoring: ${mine} of ${chunks} chunks on the main thread`);
  void w.terminate();
  return out;
}
