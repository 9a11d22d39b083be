// `npm run bench`: runs every bench/<name>/run.ts, or the ones named (`npm run bench -- ingest`), each in its own
// process so that one benchmark's memory and time never count against another's. Arguments after `--` that are not
// benchmark names go to the benchmarks (`npm run bench -- ingest --rows 100000`).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(BENCH, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(BENCH, d.name, 'run.ts')))
  .map((d) => d.name)
  .sort();

const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const names = firstOption === -1 ? args : args.slice(0, firstOption);
const passOn = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  process.stderr.write(`bench: no benchmark ${unknown.join(', ')} (available: ${available.join(', ') || 'none'})\n`);
  process.exit(2);
}
const chosen = names.length > 0 ? names : available;

function run(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    process.stderr.write(`\n=== bench ${name} ===\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH, name, 'run.ts'), ...passOn], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const failed: string[] = [];
for (const name of chosen) {
  const code = await run(name);
  if (code !== 0) failed.push(`${name} (exit ${code})`);
}
if (failed.length > 0) {
  process.stderr.write(`bench: failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
