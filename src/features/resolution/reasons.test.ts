import { beforeAll, describe, expect, it } from 'vitest';
import { linkRecords, type Linker, type LinkResult } from './engine/linker.js';
import { generatePeople } from './engine/synthetic.js';
import type { PersonInput } from './engine/types.js';
import { explainPerson, pairKey } from './reasons.js';

const background = generatePeople(2000, 5).records.map(({ hispanicNoise: _h, ...r }) => r);
const ana: PersonInput[] = [
  { id: 'ana-1', given_name: 'Ana', surname: 'Quintero', maternal_surname: 'Salas', dob: '1990-03-12', id_number: 'D1234567', street_number: '2215', street: 'N 67TH AVE', city: 'Phoenix', state: 'AZ' },
  { id: 'ana-2', given_name: 'ANA', surname: 'QUINTERO', dob: '1990-12-03', street_number: '2215', street: 'N 67TH AVE', city: 'PHOENIX', state: 'AZ' },
  { id: 'ana-3', given_name: 'Ana', surname: 'Quinteros Salas', dob: '1990-03-12', id_number: 'D1234567' },
];
const stranger: PersonInput = { id: 'zed', given_name: 'Zacarias', surname: 'Ybarra', dob: '1951-07-07' };

describe('explainPerson', () => {
  let linker: Linker;
  let result: LinkResult;
  beforeAll(() => {
    ({ linker, result } = linkRecords([...background, ...ana, stranger]));
  });

  it('builds a tree rooted at the oldest record with a scored, explained link for each other record', () => {
    const at = (id: string) => result.clusterIds[result.recordIds.indexOf(id)];
    expect(new Set(ana.map((r) => at(r.id))).size).toBe(1);
    const links = explainPerson(linker, ana.map((r) => r.id), { threshold: 0.5, confirmed: new Set() });
    expect(links[0]).toMatchObject({ recordId: 'ana-1', linkedTo: null, basis: 'founding' });
    for (const l of links.slice(1)) {
      expect(l.basis).toBe('scored');
      expect(l.linkedTo).toMatch(/^ana-/);
      expect(l.probability!).toBeGreaterThanOrEqual(0.5);
      expect(l.reason!.fields.length).toBeGreaterThan(0);
      expect(l.reason!.fields.every((f) => /\([+-]\d/.test(f.text))).toBe(true);
    }
    const two = links.find((l) => l.recordId === 'ana-2')!;
    expect(two.reason!.fields.map((f) => f.text).join('; ')).toMatch(/day and month swapped/);
  });

  it('marks a weak pair an analyst confirmed as confirmed', () => {
    const links = explainPerson(linker, ['ana-1', 'zed'], { threshold: 0.5, confirmed: new Set([pairKey('zed', 'ana-1')]) });
    expect(links[1]).toMatchObject({ recordId: 'zed', linkedTo: 'ana-1', basis: 'confirmed' });
    expect(links[1].probability!).toBeLessThan(0.5);
  });

  it('connects large persons through neighbour windows', () => {
    const ids = [...ana.map((r) => r.id), ...background.slice(0, 60).map((r) => r.id)];
    const links = explainPerson(linker, ids, { threshold: 0.5, confirmed: new Set(), allPairsUpTo: 10, neighbours: 3 });
    expect(links).toHaveLength(ids.length);
    expect(links.filter((l) => l.linkedTo === null)).toHaveLength(1);
    expect(links.every((l) => l.recordId === ids[links.indexOf(l)])).toBe(true);
  });
});
