import { beforeAll, describe, expect, it } from 'vitest';
import { Linker, linkRecords, type LinkResult } from './linker.js';
import { generatePeople } from './synthetic.js';
import type { PersonInput } from './types.js';

// A synthetic background population, so that EM has something to learn from.
const background = generatePeople(3000, 11).records.map(({ hispanicNoise: _h, ...r }) => r);

const home = { street_number: '412', street: 'Calle Hidalgo', city: 'Nogales', state: 'AZ', postcode: '85621', phone: '520-555-0143' };
const family: PersonInput[] = [
  { id: 'father', given_name: 'Juan', surname: 'García', maternal_surname: 'Hernández', dob: '1961-04-09', sex: 'M', id_number: 'G7734120', ...home },
  { id: 'son', given_name: 'Luis', surname: 'García', maternal_surname: 'López', dob: '1988-11-23', sex: 'M', ...home },
  { id: 'daughter', given_name: 'Rosa', surname: 'García', maternal_surname: 'López', dob: '1991-02-14', sex: 'F', ...home },
  { id: 'mother', given_name: 'María', surname: 'López', maternal_surname: 'Ruiz', dob: '1963-07-30', sex: 'F', ...home },
  // The father again, as a dealer wrote him: maternal surname dropped, day and month swapped.
  { id: 'father-2', given_name: 'JUAN', surname: 'GARCIA', dob: '1961-09-04', sex: 'M', street_number: '412', street: 'CALLE HIDALGO', city: 'NOGALES', state: 'AZ', postcode: '85621' },
  // The son again, by nickname-free typo and a transposed birth date.
  { id: 'son-2', given_name: 'Luiz', surname: 'Garcia Lopez', dob: '1988-11-32', sex: 'M', phone: '5205550143' },
];
// Many different people named García Hernández: a common surname pair.
const common: PersonInput[] = ['Pedro', 'Ana', 'Jorge', 'Lucía', 'Raúl', 'Elena', 'Mario', 'Sofía', 'Pedro'].map((g, k) => ({
  id: `gh${k}`,
  given_name: g,
  surname: 'García Hernández',
  dob: `19${50 + k * 4}-0${1 + (k % 9)}-1${k}`,
}));
const rare: PersonInput[] = [
  { id: 'w1', given_name: 'Tadeusz', surname: 'Wojciechowski', dob: '1970-01-01', city: 'Tucson' },
  { id: 'w2', given_name: 'Tadeusz', surname: 'Wojciechowski', dob: '1971-06-01', city: 'Tucson' },
];

describe('Linker on a population with a family', () => {
  let linker: Linker;
  let result: LinkResult;
  const clusterOf = (id: string): string => result.clusterIds[result.recordIds.indexOf(id)];

  beforeAll(() => {
    ({ linker, result } = linkRecords([...background, ...family, ...common, ...rare]));
  });

  it('keeps family members who share surname, address and phone apart', () => {
    const people = ['father', 'son', 'daughter', 'mother'].map(clusterOf);
    expect(new Set(people).size).toBe(4);
  });

  it('joins the same person written differently', () => {
    expect(clusterOf('father-2')).toBe(clusterOf('father'));
    expect(clusterOf('son-2')).toBe(clusterOf('son'));
  });

  it('explains a link field by field, in words', () => {
    const e = linker.explain('father', 'father-2');
    expect(e.probability).toBeGreaterThan(0.5);
    const texts = e.fields.map((f) => f.text).join('\n');
    expect(texts).toMatch(/birth dates with day and month swapped \(\+\d/);
    expect(texts).toMatch(/maternal surname dropped, paternal identical.*\(\+\d/);
    expect(e.summary).toMatch(/probability 0\.9|probability 1\.0/);
  });

  it('explains why family members are not one person', () => {
    const e = linker.explain('father', 'son');
    expect(e.probability).toBeLessThan(0.5);
    expect(e.householdRule || e.identityRule).toBe(true);
    expect(e.summary).toMatch(/household|two people/);
  });

  it('counts a common surname for less than a rare one', () => {
    const rareW = linker.explain('w1', 'w2').fields.find((f) => f.field === 'surname')!;
    const commonW = linker.explain('gh0', 'gh8').fields.find((f) => f.field === 'surname')!;
    expect(rareW.level).toBe('exact');
    expect(commonW.level).toBe('exact');
    expect(rareW.termFrequencyAdjusted && commonW.termFrequencyAdjusted).toBe(true);
    // At least nine records carry García Hernández, two Wojciechowski: the evidence differs by at
    // least log2(9/2) bits.
    expect(rareW.weight - commonW.weight).toBeGreaterThanOrEqual(Math.log2(9 / 2) - 1e-9);
  });

  it('trains without labels and reports its sessions', () => {
    const t = linker.model.training;
    expect(t.sessions.length).toBeGreaterThanOrEqual(2);
    expect(t.sessions.every((s) => s.converged)).toBe(true);
    expect(result.stats.candidatePairs).toBeGreaterThan(0);
    expect(result.stats.blocking.some((r) => r.rule.startsWith('sorted neighbourhood'))).toBe(true);
  });

  it('resolves new records incrementally against existing clusters', () => {
    const before = new Map(result.recordIds.map((id, i) => [id, result.clusterIds[i]]));
    const inc = linker.add([
      { id: 'father-3', given_name: 'Juan', surname: 'Garcia Hernandez', dob: '1961-04-09', id_number: 'G7734121', city: 'Nogales' },
      { id: 'stranger', given_name: 'Zacarías', surname: 'Quintanilla Ybarra', dob: '1999-12-12' },
    ]);
    const at = (id: string): string => inc.clusterIds[inc.recordIds.indexOf(id)];
    expect(at('father-3')).toBe(before.get('father'));
    expect(at('stranger')).toBe('stranger');
    let changed = 0;
    for (const [id, c] of before) if (at(id) !== c) changed++;
    expect(changed).toBe(0);
    expect(inc.stats.candidatePairs).toBeLessThan(1000);
  });
});

describe('review decisions bind the clustering', () => {
  it('a rejected link is undone and a confirmed one made, and ids stay stable', () => {
    const records = [...background.slice(0, 1500), ...family];
    const first = linkRecords(records).result;
    const id = (r: LinkResult, x: string): string => r.clusterIds[r.recordIds.indexOf(x)];
    expect(id(first, 'father')).toBe(id(first, 'father-2'));
    const previous = new Map(first.recordIds.map((x, i) => [x, first.clusterIds[i]]));
    const second = linkRecords(records, {
      previous,
      constraints: [
        { a: 'father', b: 'father-2', decision: 'rejected' },
        { a: 'son', b: 'daughter', decision: 'confirmed' },
      ],
    }).result;
    expect(id(second, 'father')).not.toBe(id(second, 'father-2'));
    expect(id(second, 'son')).toBe(id(second, 'daughter'));
    // The father keeps his person id; everyone untouched keeps theirs.
    expect(id(second, 'father')).toBe(id(first, 'father'));
    let same = 0;
    for (let i = 0; i < 1500; i++) if (second.clusterIds[i] === first.clusterIds[i]) same++;
    expect(same).toBe(1500);
    expect(second.review.every((r) => !(r.a === 'father' && r.b === 'father-2'))).toBe(true);
  });
});
