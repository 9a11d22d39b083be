import { describe, expect, it } from 'vitest';
import { runLink, type LinkIO } from './link-cli.js';
import { generatePeople } from './engine/synthetic.js';

function memoryIO(files: Record<string, string>): LinkIO & { files: Record<string, string>; err: string[]; out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  return {
    files,
    err,
    out,
    readFile: async (p) => {
      if (!(p in files)) throw new Error('ENOENT: no such file');
      return files[p];
    },
    writeFile: async (p, d) => {
      files[p] = d;
    },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  };
}

/** A CSV with other column names and US dates, as a user might bring. */
function peopleCsv(n: number): string {
  const { records } = generatePeople(n, 5);
  const lines = ['person_no,first,last,born,addr,town,tel'];
  for (const r of records) {
    const [y, m, d] = (r.dob ?? '').split('-');
    const born = r.dob ? `${m}/${d}/${y}` : '';
    const q = (v: string | null | undefined): string => `"${(v ?? '').replace(/"/g, '""')}"`;
    lines.push([r.id, q(r.given_name), q(`${r.surname ?? ''} ${r.maternal_surname ?? ''}`.trim()), born, q(`${r.street_number} ${r.street}`), q(r.city), q(r.phone)].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('runLink', () => {
  it('links a CSV with a column map and MM/DD/YYYY dates, writing id,cluster', async () => {
    const io = memoryIO({ 'people.csv': peopleCsv(1500) });
    const res = await runLink(
      { file: 'people.csv', id: 'person_no', map: 'given_name=first,surname=last,dob=born,street=addr,city=town,phone=tel', out: 'clusters.csv', reviewOut: 'review.csv' },
      io,
    );
    expect(res.exitCode).toBe(0);
    expect(io.err.join('')).toContain('dates as MM/DD/YYYY');
    const lines = io.files['clusters.csv'].trim().split('\n');
    expect(lines[0]).toBe('id,cluster');
    expect(lines).toHaveLength(1501);
    expect(res.clusters).toBeLessThan(1500);
    expect(io.files['review.csv'].split('\n')[0]).toBe('a,b,probability');
  });

  it('applies review decisions and keeps earlier cluster ids', async () => {
    const csv = peopleCsv(800);
    const io = memoryIO({ 'p.csv': csv });
    const map = 'given_name=first,surname=last,dob=born,city=town';
    await runLink({ file: 'p.csv', id: 'person_no', map, out: 'c1.csv' }, io);
    const first = io.files['c1.csv'].trim().split('\n').slice(1).map((l) => l.split(','));
    const byCluster = new Map<string, string[]>();
    for (const [id, c] of first) byCluster.set(c, [...(byCluster.get(c) ?? []), id]);
    const pair = [...byCluster.values()].find((m) => m.length >= 2)!;
    io.files['d.csv'] = `a,b,decision\n${pair[0]},${pair[1]},rejected\n`;
    io.files['prev.csv'] = io.files['c1.csv'];
    const res = await runLink({ file: 'p.csv', id: 'person_no', map, out: 'c2.csv', decisions: 'd.csv', previous: 'prev.csv' }, io);
    expect(res.exitCode).toBe(0);
    const second = new Map(io.files['c2.csv'].trim().split('\n').slice(1).map((l) => l.split(',') as [string, string]));
    expect(second.get(pair[0])).not.toBe(second.get(pair[1]));
    const kept = first.filter(([id, c]) => second.get(id) === c).length;
    expect(kept / first.length).toBeGreaterThan(0.99);
  });

  it('detects YYYYMMDD dates and maps columns named like the fields by default', async () => {
    const io = memoryIO({ 'f.csv': 'rec,given_name,surname,dob\n1,Ana,Ruiz,19800512\n2,Ana,Ruiz,19800512\n3,Beto,Lara,19700101\n' });
    const res = await runLink({ file: 'f.csv', id: 'rec' }, io);
    expect(res.exitCode).toBe(0);
    expect(io.err.join('')).toContain('dates as YYYYMMDD');
    expect(io.out.join('').split('\n')[0]).toBe('id,cluster');
  });

  it.each([
    [{ file: 'f.csv', id: 'nope' }, 2, /id column "nope" not found/],
    [{ file: 'f.csv', id: 'rec', map: 'shoe_size=x' }, 2, /unknown field "shoe_size"/],
    [{ file: 'f.csv', id: 'rec', map: 'dob=born' }, 2, /column "born" \(for dob\) not found/],
    [{ file: 'missing.csv', id: 'rec' }, 1, /cannot read missing.csv/],
    [{ file: 'dup.csv', id: 'rec' }, 2, /duplicate id "1"/],
    [{ file: 'f.csv', id: 'rec', threshold: 1.5 }, 2, /threshold/],
  ])('refuses bad usage %j with exit %i', async (opts, code, msg) => {
    const io = memoryIO({ 'f.csv': 'rec,given_name\n1,Ana\n', 'dup.csv': 'rec,given_name\n1,Ana\n1,Bea\n' });
    const res = await runLink(opts, io);
    expect(res.exitCode).toBe(code);
    expect(io.err.join('')).toMatch(msg);
  });
});
