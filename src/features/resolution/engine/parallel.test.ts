import { describe, expect, it } from 'vitest';
import { generateCandidates } from './blocking.js';
import { comparisonsFor } from './comparisons.js';
import { Scorer, train } from './model.js';
import { scoreAll } from './parallel.js';
import { mulberry32 } from './random.js';
import { Store } from './store.js';
import { generatePeople } from './synthetic.js';

describe('scoreAll on two threads', () => {
  it('scores every pair exactly as one thread does, whichever thread claims its chunk', () => {
    const s = new Store();
    s.add(generatePeople(8000, 5).records);
    const scorer = new Scorer(train(s, comparisonsFor(s), mulberry32(1), { randomPairs: 20_000, trainingPairs: 20_000 }));
    const cand = generateCandidates(s);
    // More than one chunk (65,536 pairs), so that both threads take part.
    const n = Math.min(cand.count, 70_000);
    expect(n).toBeGreaterThan(1 << 16);
    const one = scoreAll(s, scorer, cand.a, cand.b, n, { threads: 1, minPairs: 0 });
    const two = scoreAll(s, scorer, cand.a, cand.b, n, { threads: 2, minPairs: 0 });
    expect(two.length).toBe(n);
    expect(Array.from(two)).toEqual(Array.from(one));
  }, 120_000);
});
