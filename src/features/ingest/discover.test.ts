// How `interdict import DIR` picks and orders a folder's files: kinds in import order (dealers, then cases before the
// referrals naming them), rejects of earlier runs left out, the simulator's ground truth recognised by its content
// and skipped with a notice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, SIMULATOR_TRUTH_KIND } from '../../formats/index.js';
import { MissingPathError, filesToImport, isSimulatorTruthFile } from './discover.js';
import { csvOf } from './fixtures.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-discover-'));
  const put = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  put('a-referrals.csv', csvOf('suspect_guns', []));
  put('b-thefts.csv', csvOf('theft_reports', []));
  put('c-cases.csv', csvOf('cases', []));
  put('d-dealers.csv', csvOf('dealers', []));
  put('d-dealers.csv.rejects.csv', 'line,field,reason\n');
  put('notes.txt', 'not input');
  // Ground truth, under names that do not give it away: found by what it holds.
  put('records.ndjson', `${JSON.stringify({ kind: SIMULATOR_TRUTH_KIND, file: 'truth-records' })}\n{"source":"dealers","key":"x","role":"gun"}\n`);
  put('world.jsonl', `{\n "kind": "${SIMULATOR_TRUTH_KIND}",\n "scenario": "border-baseline"\n}\n`);
  // A data file that merely mentions the marker later is data.
  put('tips.ndjson', `${JSON.stringify({ tip_id: 'T1', narrative: `said ${SIMULATOR_TRUTH_KIND}` })}\n`);
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('filesToImport', () => {
  it('orders a folder by kind, dealers and cases first, and skips rejects and the ground truth with a notice each', async () => {
    const notices: string[] = [];
    const files = await filesToImport([dir], (m) => notices.push(m));
    expect(files.map((f) => path.basename(f))).toEqual(['d-dealers.csv', 'c-cases.csv', 'a-referrals.csv', 'tips.ndjson', 'b-thefts.csv']);
    expect(notices).toEqual([
      `${path.join(dir, 'records.ndjson')}: skipped: the simulator's ground truth, never imported`,
      `${path.join(dir, 'world.jsonl')}: skipped: the simulator's ground truth, never imported`,
    ]);
  });

  it('keeps a file named on its own (the importer refuses ground truth itself) and names a missing path', async () => {
    const truth = path.join(dir, 'records.ndjson');
    expect(await filesToImport([truth])).toEqual([truth]);
    expect(await isSimulatorTruthFile(truth)).toBe(true);
    expect(await isSimulatorTruthFile(path.join(dir, 'tips.ndjson'))).toBe(false);
    await expect(filesToImport([path.join(dir, 'nope')])).rejects.toThrow(MissingPathError);
  });

  it('puts cases before every kind that can name a case', () => {
    const kinds = Object.keys(FORMATS);
    expect(kinds.indexOf('cases')).toBeLessThan(kinds.indexOf('suspect_guns'));
    expect(kinds[0]).toBe('dealers');
  });
});
