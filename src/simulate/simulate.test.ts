import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, IMPORT_KINDS, SIMULATOR_TRUTH_KIND, isSimulatorTruth, looksLikeRetailSales } from '../formats/index.js';
import { type SimulateResult, simulate } from './simulate.js';
import { validateWorld, type FileCheck } from './validate.js';

interface Truth {
  strawBuyers: string[];
  strawBuyersObserved: string[];
  rings: { id: string; skill: string; members: string[]; recruiters: string[]; trafficker: string; guns: string[]; trafficked: string[]; startedBuying: string; spent: number; events?: Record<string, unknown>[] }[];
  window: { start: string; end: string };
  stats: SimulateResult['stats'];
  records: { file: string; count: number };
}

let root: string;
const worlds: Record<string, { dir: string; result: SimulateResult; checks: FileCheck[]; keys: Map<string, Set<string>>; truth: Truth }> = {};

async function world(name: string, scenario: string, seed: number, scale: number) {
  const dir = join(root, name);
  const result = await simulate({ scenario, seed, scale, outDir: dir });
  const keys = new Map<string, Set<string>>(IMPORT_KINDS.map((k) => [k, new Set<string>()]));
  const checks = await validateWorld(dir, (kind, row) => keys.get(kind)?.add((FORMATS[kind].key as (r: unknown) => string)(row)));
  const truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')) as Truth;
  worlds[name] = { dir, result, checks, keys, truth };
}

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'interdict-sim-'));
  await world('baseline', 'border-baseline', 11, 0.15);
  await world('phoenix', 'phoenix-2010', 11, 0.02);
}, 300_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.each(['baseline', 'phoenix'])('%s world', (name) => {
  it('writes only the import kinds and the truth, never a retail-sales file', async () => {
    const files = (await readdir(worlds[name].dir)).sort();
    expect(files).toEqual([...IMPORT_KINDS.map((k) => `${k}.csv`), 'truth-records.ndjson', 'truth.json'].sort());
    for (const c of worlds[name].checks) expect(looksLikeRetailSales(FORMATS[c.kind].columns)).toBeUndefined();
  });

  it('every row it writes validates against its schema, with a unique key, in a file whose kind is detected', () => {
    for (const c of worlds[name].checks) {
      expect(c.errors, c.kind).toEqual([]);
      expect(c.invalid, c.kind).toBe(0);
      expect(c.duplicateKeys, c.kind).toBe(0);
      // Every referral names a case of cases.csv, of its agency, opened by the referral's day.
      expect(c.badReferences, c.kind).toBe(0);
      expect(c.detected, c.kind).toBe(c.kind);
      expect(c.rows, c.kind).toBe(worlds[name].result.files[c.kind].rows);
    }
    // No file is a header alone (the importer refuses one): every kind has rows.
    for (const kind of IMPORT_KINDS) expect(worlds[name].result.files[kind].rows, kind).toBeGreaterThan(0);
    // Recoveries not yet traced: about two weeks of US recoveries at the end of the world.
    expect(worlds[name].result.stats.recoveriesUntraced).toBeGreaterThanOrEqual(1);
    expect(worlds[name].result.stats.cases).toBe(worlds[name].result.files.cases.rows);
  });

  it('truth names the person behind every person record, with keys that exist in the files', async () => {
    const { dir, keys, truth } = worlds[name];
    const [header, ...lines] = (await readFile(join(dir, truth.records.file), 'utf8')).trim().split('\n');
    // The header line marks the file as ground truth (never imported); then one line per record.
    expect(JSON.parse(header)).toMatchObject({ kind: SIMULATOR_TRUTH_KIND });
    expect(isSimulatorTruth(await readFile(join(dir, 'truth.json'), 'utf8'))).toBe(true);
    expect(lines.length).toBe(truth.records.count);
    let persons = 0;
    for (const line of lines) {
      const r = JSON.parse(line) as { source: string; key: string; role: string; person?: string };
      const key = r.role === 'associate' ? r.key.replace(/#associate\d+$/, '') : r.key;
      expect(keys.get(r.source)?.has(key), `${r.source} ${r.key}`).toBe(true);
      if (r.person) {
        expect(r.person).toMatch(/^P\d{7}$/);
        persons++;
      }
    }
    // Every multiple-sale row has its buyer in the truth.
    expect(lines.filter((l) => l.includes('"multiple_sales"') && l.includes('"person"')).length).toBe(keys.get('multiple_sales')?.size);
    expect(persons).toBeGreaterThan(0);
  });

  it('rings have a trafficker, recruiters and 2 to 40 straw buyers, all of them in strawBuyers', () => {
    const { truth } = worlds[name];
    expect(truth.rings.length).toBeGreaterThan(0);
    const straw = new Set(truth.strawBuyers);
    for (const r of truth.rings) {
      expect(r.members.length).toBeGreaterThanOrEqual(2);
      expect(r.members.length).toBeLessThanOrEqual(r.skill === 'phoenix' ? 44 : 40);
      expect(r.recruiters.length).toBeGreaterThanOrEqual(1);
      expect(r.trafficker).toMatch(/^P/);
      expect(r.guns.length).toBeGreaterThan(0);
      expect(r.trafficked.length).toBeLessThanOrEqual(r.guns.length);
      expect(r.startedBuying >= truth.window.start && r.startedBuying <= truth.window.end).toBe(true);
      expect(r.members.filter((m) => straw.has(m)).length).toBeGreaterThan(0);
    }
    // Those some file shows: a subset, and most of them.
    expect(truth.strawBuyersObserved.every((k) => straw.has(k))).toBe(true);
    expect(truth.strawBuyersObserved.length).toBeGreaterThan(0.6 * truth.strawBuyers.length);
  });
});

describe('distributions (border-baseline)', () => {
  it('time-to-crime is close to DOMAIN.md: ~25% under 1 year, ~46% 3 years or less, mean ~6 years', () => {
    const t = worlds.baseline.truth.stats.ttc;
    expect(t.traces).toBeGreaterThan(2000);
    expect(t.underOneYear).toBeGreaterThan(0.2);
    expect(t.underOneYear).toBeLessThan(0.32);
    expect(t.threeYearsOrLess).toBeGreaterThan(0.4);
    expect(t.threeYearsOrLess).toBeLessThan(0.54);
    expect(t.meanYears).toBeGreaterThan(4.5);
    expect(t.meanYears).toBeLessThan(7.5);
  });

  it('time-to-crime read back from the files (sale date of the retail hop, recovery date of the request) is the one the statistics give', async () => {
    const { dir, truth } = worlds.baseline;
    const rows = async (file: string) => parse(await readFile(join(dir, file)), { columns: true }) as Record<string, string>[];
    const recovered = new Map((await rows('trace_requests.csv')).map((r) => [r.request_id, r.recovery_date]));
    const days = (await rows('trace_results.csv'))
      .filter((r) => r.role === 'retailer' && r.sale_date)
      .map((r) => (Date.parse(recovered.get(r.request_id)!) - Date.parse(r.sale_date)) / 86_400_000);
    const t = truth.stats.ttc;
    expect(days.length).toBe(t.traces);
    expect(days.every((d) => d >= 0)).toBe(true);
    expect(days.filter((d) => d < 365).length / days.length).toBeCloseTo(t.underOneYear, 2);
    expect(days.filter((d) => d < 1095).length / days.length).toBeCloseTo(t.threeYearsOrLess, 2);
    expect(days.reduce((a, b) => a + b, 0) / days.length / 365.25).toBeCloseTo(t.meanYears, 1);
    expect(days.filter((d) => d < 91).length).toBe(t.brackets.under_3_months);
  });

  it('few lawful buyers appear in multiple-sale reports (most buy one gun)', () => {
    const s = worlds.baseline.truth.stats;
    expect(s.lawfulShareInMultipleSales).toBeGreaterThan(0.01);
    expect(s.lawfulShareInMultipleSales).toBeLessThan(0.05);
    expect(s.lawfulBuyersInMultipleSales).toBeGreaterThan(100);
  });

  it('about 77% of traces complete, each stopped one with exactly one reason', () => {
    const s = worlds.baseline.truth.stats;
    const stopped = Object.values(s.notCompleted).reduce((a, b) => a + b, 0);
    expect(s.tracesCompleted + stopped + s.tracesInProgress).toBe(s.traceRequests);
    const share = s.tracesCompleted / (s.tracesCompleted + stopped);
    expect(share).toBeGreaterThan(0.72);
    expect(share).toBeLessThan(0.82);
  });

  it('applies identity noise at the configured rates', () => {
    const { noise } = worlds.baseline.truth.stats;
    for (const [k, s] of Object.entries(noise)) {
      if (s.eligible < 1000) continue;
      const rate = (worlds.baseline.truth as unknown as { noise: Record<string, number> }).noise[k];
      const sd = Math.sqrt((rate * (1 - rate)) / s.eligible);
      expect(Math.abs(s.applied / s.eligible - rate), k).toBeLessThan(4 * sd + 0.002);
    }
  });

  it('rings of every skill, careful ones leaving fewer reports per gun than bold ones', () => {
    const rings = worlds.baseline.truth.rings as unknown as { skill: string; guns: string[]; reportedInMultipleSales: number }[];
    const share = (skill: string) => {
      const rs = rings.filter((r) => r.skill === skill);
      return rs.reduce((t, r) => t + r.reportedInMultipleSales, 0) / Math.max(1, rs.reduce((t, r) => t + r.guns.length, 0));
    };
    expect(new Set(rings.map((r) => r.skill))).toEqual(new Set(['bold', 'moderate', 'careful']));
    expect(share('careful')).toBeLessThan(0.05);
    expect(share('bold')).toBeGreaterThan(0.5);
  });
});

describe('phoenix-2010 replays the public facts', () => {
  it('one ring of more than 40 buyers, about 2,000 guns for about $1.5 million, the dated events', () => {
    const ring = worlds.phoenix.truth.rings.find((r) => r.id === 'phoenix-2010');
    expect(ring).toBeDefined();
    if (!ring) return;
    expect(ring.members.length).toBeGreaterThan(40);
    expect(ring.guns.length).toBeGreaterThan(1900);
    expect(ring.guns.length).toBeLessThan(2100);
    expect(ring.spent).toBeGreaterThan(1_300_000);
    expect(ring.spent).toBeLessThan(1_700_000);
    const ev = Object.fromEntries((ring.events ?? []).map((e) => [e.event, e]));
    expect(ev.naco).toMatchObject({ date: '2009-11-20', guns: 42, boughtTheDayBefore: 20 });
    expect(ev.el_paso).toMatchObject({ bought: '2009-12-24', recovered: '2010-01-13', guns: 40 });
    expect(ev.border_patrol_scene).toMatchObject({ recovered: '2010-12-14' });
    expect((ev.border_patrol_scene.guns as string[]).length).toBe(2);
    expect(ev.burst).toMatchObject({ akRifles: 72 });
  });

  it('rifle reports are switched on (the counterfactual): F 3310.12 rows in 2009-2010', async () => {
    const text = await readFile(join(worlds.phoenix.dir, 'multiple_sales.csv'), 'utf8');
    expect(text).toMatch(/,3310\.12,2009-1\d-\d\d,/);
  });
});

describe('determinism', () => {
  it('writes the same bytes twice for a seed, other bytes for another seed', async () => {
    const a = join(root, 'det-a');
    const b = join(root, 'det-b');
    const c = join(root, 'det-c');
    await simulate({ scenario: 'border-baseline', seed: 5, scale: 0.01, outDir: a });
    await simulate({ scenario: 'border-baseline', seed: 5, scale: 0.01, outDir: b });
    await simulate({ scenario: 'border-baseline', seed: 6, scale: 0.01, outDir: c });
    const ha = await hashes(a);
    expect(Object.keys(ha)).toHaveLength(IMPORT_KINDS.length + 2);
    expect(await hashes(b)).toEqual(ha);
    expect((await hashes(c))['multiple_sales.csv']).not.toBe(ha['multiple_sales.csv']);
  }, 120_000);
});

describe('the smallest worlds', () => {
  // A kind with no rows would be a header-only file, which the importer refuses: even a world of a few dozen buyers
  // has recoveries not yet traced, a referral and its case, a tip and a theft.
  it.each([
    ['border-baseline', 1],
    ['border-baseline', 4],
    ['phoenix-2010', 2],
  ] as const)('%s seed %i at scale 0.0005 writes rows of every kind, every referral with its case', async (scenario, seed) => {
    const dir = join(root, `tiny-${scenario}-${seed}`);
    const r = await simulate({ scenario, seed, scale: 0.0005, outDir: dir });
    for (const kind of IMPORT_KINDS) expect(r.files[kind].rows, kind).toBeGreaterThan(0);
    for (const c of await validateWorld(dir)) expect({ kind: c.kind, invalid: c.invalid, bad: c.badReferences, errors: c.errors }).toEqual({ kind: c.kind, invalid: 0, bad: 0, errors: [] });
  }, 120_000);
});

describe('bad options', () => {
  it('refuses an unknown scenario, a bad seed or scale', async () => {
    const dir = join(root, 'bad');
    await expect(simulate({ scenario: 'atlantis', seed: 1, outDir: dir })).rejects.toThrow(/unknown scenario "atlantis"/);
    await expect(simulate({ scenario: 'border-baseline', seed: -1, outDir: dir })).rejects.toThrow(/seed/);
    await expect(simulate({ scenario: 'border-baseline', seed: 1, scale: 0, outDir: dir })).rejects.toThrow(/scale/);
  });
});
