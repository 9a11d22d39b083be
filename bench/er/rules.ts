// What each blocking rule contributes on synthetic people: the pairs it emits (after the earlier
// rules), the true pairs among them, and the true pairs no other rule keys together (what would be
// lost without it). Blocking only, no scoring; used to trim low-yield rules.
// Run: npx tsx bench/er/rules.ts [records | dataset name, e.g. febrl_dataset3]
import { DEFAULT_RULES, defaultSorted, generateCandidates } from '../../src/features/resolution/engine/blocking.js';
import { Store } from '../../src/features/resolution/engine/store.js';
import { generatePeople } from '../../src/features/resolution/engine/synthetic.js';
import { allDatasets } from './datasets.js';

const arg = process.argv[2] ?? '100000';
const gen = /^\d+$/.test(arg) ? generatePeople(Number(arg), 2024) : allDatasets().find((d) => d.name === arg);
if (!gen) throw new Error(`no dataset named ${arg}`);
const n = gen.records.length;
const s = new Store();
s.add(gen.records);
const t0 = performance.now();
const sorted = defaultSorted(4);
const cand = generateCandidates(s, { rules: DEFAULT_RULES, sorted, cap: 200 });
const blockMs = performance.now() - t0;

const truth = gen.truth;
const ruleCount = DEFAULT_RULES.length + sorted.length;
// Pairs and true pairs as emitted (each pair is credited to the first rule that finds it).
const emitted = cand.rules.map((r) => r.pairs);
const emittedTrue = new Array<number>(ruleCount).fill(0);
let p = 0;
for (let r = 0; r < ruleCount; r++) {
  for (let k = 0; k < emitted[r]; k++, p++) if (truth[cand.a[p]] === truth[cand.b[p]]) emittedTrue[r]++;
}
// For every true pair: which rules key it together (caps ignored), and which sorted windows hold it.
const positions = sorted.map((sr) => {
  const keys = sr.sortKeys(s);
  const idx: number[] = [];
  for (let i = 0; i < s.n; i++) if (!Number.isNaN(keys[i])) idx.push(i);
  const ord = Uint32Array.from(idx).sort((x, y) => keys[x] - keys[y]);
  const pos = new Int32Array(s.n).fill(-1);
  ord.forEach((i, x) => (pos[i] = x));
  return { pos, window: sr.window };
});
const byPerson = new Map<string, number[]>();
truth.forEach((t, i) => (byPerson.get(t) ?? byPerson.set(t, []).get(t)!).push(i));
const only = new Array<number>(ruleCount).fill(0);
const covering = new Array<number>(ruleCount).fill(0);
let truePairs = 0;
let uncovered = 0;
const hit = new Uint8Array(ruleCount);
for (const members of byPerson.values()) {
  for (let x = 0; x < members.length; x++)
    for (let y = x + 1; y < members.length; y++) {
      const i = members[x];
      const j = members[y];
      truePairs++;
      let c = 0;
      for (let r = 0; r < DEFAULT_RULES.length; r++) {
        const keys = cand.blocks[r].keys;
        const partial = DEFAULT_RULES[r].partial;
        hit[r] = keys[i] !== 0 && keys[i] === keys[j] && (!partial || partial(s, i) || partial(s, j)) ? 1 : 0;
        c += hit[r];
      }
      positions.forEach((q, k) => {
        const r = DEFAULT_RULES.length + k;
        hit[r] = q.pos[i] >= 0 && q.pos[j] >= 0 && Math.abs(q.pos[i] - q.pos[j]) <= q.window ? 1 : 0;
        c += hit[r];
      });
      if (c === 0) uncovered++;
      for (let r = 0; r < ruleCount; r++) {
        covering[r] += hit[r];
        if (c === 1 && hit[r]) only[r]++;
      }
    }
}
console.log(`records ${n}; candidate pairs ${cand.count}; blocking ${Math.round(blockMs)} ms; true pairs ${truePairs}; no rule keys ${uncovered}`);
console.log('| rule | pairs emitted | true among them | true pairs keyed | only this rule | largest block | capped blocks |');
console.log('|---|---|---|---|---|---|---|');
cand.rules.forEach((r, k) =>
  console.log(`| ${r.rule} | ${r.pairs} | ${emittedTrue[k]} | ${covering[k]} | ${only[k]} | ${r.largestBlock} | ${r.cappedBlocks} |`),
);
