// Checks a written world without a database: every row of every file against its import schema in src/formats
// (streaming), unique keys, the kind detected from the header, each referral's case present. Exit 1 on any problem.
// Usage: npx tsx bench/simulate/validate.ts DIR [--json bench/results/NAME.json]
import { writeFile } from 'node:fs/promises';
import { validateWorld } from '../../src/simulate/validate.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx bench/simulate/validate.ts DIR [--json FILE]\n');
  process.exit(2);
}
const jsonAt = process.argv.indexOf('--json');
const t0 = Date.now();
const checks = await validateWorld(dir);
const seconds = (Date.now() - t0) / 1000;
let bad = 0;
for (const c of checks) {
  bad += c.invalid + c.duplicateKeys + c.badReferences + (c.detected === c.kind ? 0 : 1);
  process.stdout.write(`${c.kind.padEnd(15)} ${String(c.rows).padStart(10)} rows  ${c.invalid} invalid  ${c.duplicateKeys} duplicate keys  ${c.badReferences} bad references  detected as ${c.detected}\n`);
  for (const e of c.errors) process.stdout.write(`    line ${e.line}: ${e.messages.join('; ')}\n`);
}
const rows = checks.reduce((n, c) => n + c.rows, 0);
process.stdout.write(`${rows} rows in ${seconds.toFixed(1)} s: ${bad === 0 ? 'all valid' : `${bad} problems`}\n`);
if (jsonAt > 0 && process.argv[jsonAt + 1]) {
  const report = {
    check: 'simulate-validate',
    dir,
    date: new Date().toISOString(),
    seconds: Math.round(seconds),
    rows,
    files: Object.fromEntries(checks.map((c) => [c.kind, { rows: c.rows, invalid: c.invalid, duplicateKeys: c.duplicateKeys, badReferences: c.badReferences, detected: c.detected, errors: c.errors }])),
  };
  await writeFile(process.argv[jsonAt + 1], `${JSON.stringify(report, null, 2)}\n`);
}
if (bad > 0) process.exitCode = 1;
