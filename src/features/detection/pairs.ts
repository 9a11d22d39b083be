import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

/**
 * Pair events grow with the square of a busy window (a buyer with many guns at a dealer where many others bought):
 * on the benchmark world one subject had 1,433 Mexico-pair events. The indicators need only the first-known event
 * per partner (to count partners as of each day) and per own record (to say which of the buyer's records are
 * involved), so each subject keeps just those.
 */
export function firstPerPartnerAndOwn<E extends { knownDay: number; other: number }>(events: E[], own: (e: E) => number): E[] {
  if (events.length <= 1) return events;
  const sorted = [...events].sort((a, b) => a.knownDay - b.knownDay);
  const partners = new Set<number>();
  const owns = new Set<number>();
  const out: E[] = [];
  for (const e of sorted) {
    const o = own(e);
    if (partners.has(e.other) && owns.has(o)) continue;
    partners.add(e.other);
    owns.add(o);
    out.push(e);
  }
  return out;
}

/**
 * Every pair of items of different subjects that a sliding window brings together, as an event of each side
 * (`event(a, b)` is a's event about partner b), kept to the first per partner and per own record. `items` must be in
 * window order; `expired(a, b)` says that the earlier `a` is too far behind `b` to pair with it or anything after it,
 * and `accept` filters the pairs inside the window.
 */
export function pairInWindow<T, E extends { knownDay: number; other: number }>(
  items: readonly T[],
  o: { subject: (t: T) => number; expired: (a: T, b: T) => boolean; accept?: (a: T, b: T) => boolean; event: (a: T, b: T) => E; own: (e: E) => number },
): Map<number, E[]> {
  const out = new Map<number, E[]>();
  const push = (a: T, b: T) => {
    const e = o.event(a, b);
    const list = out.get(o.subject(a));
    if (list) list.push(e);
    else out.set(o.subject(a), [e]);
  };
  let lo = 0;
  for (let hi = 0; hi < items.length; hi++) {
    const b = items[hi];
    while (lo < hi && o.expired(items[lo], b)) lo++;
    for (let i = lo; i < hi; i++) {
      const a = items[i];
      if (o.subject(a) === o.subject(b) || (o.accept && !o.accept(a, b))) continue;
      push(a, b);
      push(b, a);
    }
  }
  for (const [subject, list] of out) out.set(subject, firstPerPartnerAndOwn(list, o.own));
  return out;
}

/**
 * Incremental runs: the partners of every subject in det_scope are rescored too (their counts change).
 */
export async function addPartnersToScope(tx: Tx, events: ReadonlyMap<number, ReadonlyArray<{ other: number }>>): Promise<void> {
  if (events.size === 0) return;
  const inScope = await sql<{ subject_id: number }>`
    SELECT subject_id::int FROM det_scope WHERE subject_id = ANY (${[...events.keys()]}::bigint[])`.execute(tx);
  const partners = new Set<number>();
  for (const r of inScope.rows) for (const e of events.get(r.subject_id) ?? []) partners.add(e.other);
  if (partners.size === 0) return;
  await sql`INSERT INTO det_scope SELECT unnest(${[...partners]}::bigint[]) ON CONFLICT DO NOTHING`.execute(tx);
}
