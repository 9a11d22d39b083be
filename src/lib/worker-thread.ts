// Starting a worker thread from either compiled JavaScript or the TypeScript sources (tsx, vitest). A worker thread
// does not inherit the loader that runs the sources, and tsx's loader cannot serve a worker while the main thread is
// blocked waiting for it, so from sources the worker's entry is bundled once with esbuild (tsx's own compiler) into
// one script and run with `eval`.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const bundles = new Map<string, string>();

/**
 * Starts the worker whose entry is `relative` (without extension, e.g. './read-worker') next to the module at
 * `callerUrl` (the caller's import.meta.url).
 */
export function startWorker(callerUrl: string, relative: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`${relative}.js`, callerUrl), { workerData });
  const entry = fileURLToPath(new URL(`${relative}.ts`, callerUrl));
  let source = bundles.get(entry);
  if (source === undefined) {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
    source = out.outputFiles[0].text;
    bundles.set(entry, source);
  }
  return new Worker(source, { eval: true, workerData });
}
