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
