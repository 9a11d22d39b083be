// Explanations an analyst reads: each field's comparison level in words, with its weight.
import { NULL_LEVEL } from './comparisons.js';
import { probabilityOf, type Scorer } from './model.js';
import type { Store } from './store.js';

export interface FieldExplanation {
  field: string;
  level: string;
  /** log2 Bayes factor contributed by this field (0 when missing). */
  weight: number;
  termFrequencyAdjusted: boolean;
  text: string;
}

export interface PairExplanation {
  a: string;
  b: string;
  /** log2 odds that the two records are one person, prior included. */
  matchWeight: number;
  probability: number;
  priorWeight: number;
  fields: FieldExplanation[];
  /** The household rule capped the weight (see Scorer). */
  householdRule: boolean;
  /** The identity rule discarded the address and phone evidence (see Scorer). */
  identityRule: boolean;
  summary: string;
}

const signed = (w: number): string => (w >= 0 ? `+${w.toFixed(1)}` : w.toFixed(1));

export function explainPair(s: Store, scorer: Scorer, i: number, j: number): PairExplanation {
  const contributions = scorer.contributions(s, i, j);
  const householdRule = scorer.householdApplies();
  const contextPositive = contributions.some((c, k) => scorer.comps[k].context === true && c.weight > 0);
  const identityRule = !householdRule && scorer.identityRuleApplies() && contextPositive;
  const raw = contributions.reduce((t, c) => t + c.weight, 0);
  const fieldsWeight = scorer.weight(s, i, j);
  const matchWeight = fieldsWeight + scorer.priorWeight;
  const fields: FieldExplanation[] = contributions.map((c, k) => {
    const comp = scorer.comps[k];
    if (c.level === NULL_LEVEL) {
      return { field: comp.name, level: 'null', weight: 0, termFrequencyAdjusted: false, text: `${comp.label}: missing on one side (0.0)` };
    }
    const lv = comp.levels[c.level];
    let words = comp.describe?.(s, i, j, c.level) ?? lv.text;
    if (c.tf) words += c.weight < scorer.w[k][c.level] ? ' (a common value, counts for less)' : ' (a rare value, counts for more)';
    return { field: comp.name, level: lv.code, weight: c.weight, termFrequencyAdjusted: c.tf, text: `${words} (${signed(c.weight)})` };
  });
  const shown = fields.filter((f) => f.level !== 'null').sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  let summary = shown.map((f) => f.text).join('; ');
  if (identityRule) {
    summary += `; names, birth date and identifiers on their own point to two people (${signed(scorer.lastIdentity)}): a shared address or phone cannot make them one`;
  }
  if (householdRule) {
    summary += `; given names and birth dates both differ: household members, not one person (capped from ${signed(raw)} to ${signed(fieldsWeight)})`;
  }
  summary += `; prior ${signed(scorer.priorWeight)}; total ${signed(matchWeight)}, probability ${probabilityOf(matchWeight).toFixed(3)}`;
  return {
    a: s.ids[i],
    b: s.ids[j],
    matchWeight,
    probability: probabilityOf(matchWeight),
    priorWeight: scorer.priorWeight,
    fields,
    householdRule,
    identityRule,
    summary,
  };
}
