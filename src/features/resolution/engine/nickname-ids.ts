import { areNicknames } from './nicknames.js';
import type { Store } from './store.js';

/** Nickname equivalence between two interned names (ids in the store's name dictionary). */
export function areNicknamesById(s: Store, a: number, b: number): boolean {
  return areNicknames(s.names.values[a], s.names.values[b]);
}
