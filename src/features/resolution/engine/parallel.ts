// Scoring candidate pairs on two threads. The main thread scores its share while one worker scores
// the rest into shared memory; the main thread then waits on an Atomics flag, so the API stays
// synchronous. Only worth it for large inputs: starting a worker and copying the store costs
// about a second.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scorer } from './model.js';
import type { Store } from './store.js';

export interface ParallelOptions {
  /** Threads in all, the main one included (this machine: 2). */
  threads: number;
  /** Below this many pairs, one thread. */
  minPairs: number;
  log?: (msg: string) => void;
}

let bundled: string | undefined;

/**
 * The worker's code. From compiled JavaScript it is score-worker.js. From TypeScript sources (tsx)
 * it is bundled once with esbuild (tsx's own compiler) into one script: tsx's loader cannot serve
 * a worker while the main thread is blocked waiting for it.
 */
function workerSource(): { source: string } | { url: URL } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./score-worker.js', here) };
  if (bundled === undefined) {
    const require = createRequire(here);
    const esbuild = require('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({ entryPoints: [fileURLToPath(new URL('./score-worker.ts', here))], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
    bundled = out.outputFiles[0].text;
  }
  return { source: bundled };
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
  const done = new SharedArrayBuffer(4);
  const flag = new Int32Array(done);
  // The worker starts late (module loading, store copy): it takes the smaller share.
  const split = Math.floor(count * 0.55);
  const src = workerSource();
  const workerData = { snapshot: s.snapshot(), model: scorer.model, identityFloor: scorer.identityFloor, a: sa, b: sb, out: outBuf, lo: split, hi: count, done };
  const w = 'source' in src ? new Worker(src.source, { eval: true, workerData }) : new Worker(src.url, { workerData });
  let failure: string | undefined;
  w.on('message', (m: { error?: string }) => (failure = m.error));
  w.on('error', (e) => (failure = String(e)));
  for (let p = 0; p < split; p++) out[p] = scorer.weight(s, a[p], b[p]);
  // Wait for the worker; if it never started (an error before its first line), score its share here.
  const waitMs = 600_000;
  const r = Atomics.wait(flag, 0, 0, waitMs);
  if (r === 'timed-out' || Atomics.load(flag, 0) !== 1) {
    opts.log?.(`scoring worker failed (${failure ?? r}); scoring its share on the main thread`);
    for (let p = split; p < count; p++) out[p] = scorer.weight(s, a[p], b[p]);
  }
  void w.terminate();
  return out;
}
