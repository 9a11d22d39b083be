// Pairwise precision, recall and F1 of a clustering against the truth: a cluster of k records
// stands for k(k-1)/2 pairs.

export interface PairMetrics {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

const pairs = (k: number): number => (k * (k - 1)) / 2;

function sizes(labels: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

export function pairwiseMetrics(predicted: readonly string[], truth: readonly string[]): PairMetrics {
  if (predicted.length !== truth.length) throw new Error('predicted and truth differ in length');
  let predictedPairs = 0;
  for (const k of sizes(predicted).values()) predictedPairs += pairs(k);
  let truePairs = 0;
  for (const k of sizes(truth).values()) truePairs += pairs(k);
  const both = sizes(predicted.map((p, i) => `${p}\u0000${truth[i]}`));
  let tp = 0;
  for (const k of both.values()) tp += pairs(k);
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, truePositives: tp, precision, recall, f1 };
}

/** Share of true pairs among the candidate pairs (blocking recall). */
export function blockingRecall(a: Uint32Array, b: Uint32Array, count: number, truth: readonly string[]): { recall: number; truePairs: number; kept: number } {
  let truePairs = 0;
  for (const k of sizes(truth).values()) truePairs += pairs(k);
  let kept = 0;
  for (let p = 0; p < count; p++) if (truth[a[p]] === truth[b[p]]) kept++;
  return { recall: truePairs === 0 ? 1 : kept / truePairs, truePairs, kept };
}
