/**
 * Traversals of the full graph in TypeScript (never recursive SQL: Citus runs those inside one shard only).
 * People are joined through linking nodes (a shared phone, the same gun, one case) or directly (associations);
 * a dealer links nobody, so no walk passes through one. A step from a person to a linking node costs half of
 * 1/weight, so a walk person-phone-person costs 1 and person-address-person costs 2: strong links are "shorter".
 */
import { DIRECT_LINK_WEIGHT, linkOf } from './model.js';
import type { FullGraph } from './graph.js';

/** Binary min-heap of (cost, node). */
export class MinHeap {
  private costs: number[] = [];
  private items: string[] = [];
  get size(): number {
    return this.items.length;
  }
  push(cost: number, item: string): void {
    this.costs.push(cost);
    this.items.push(item);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.costs[parent] <= this.costs[i]) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): [number, string] | undefined {
    if (this.items.length === 0) return undefined;
    const top: [number, string] = [this.costs[0], this.items[0]];
    const lastCost = this.costs.pop()!;
    const lastItem = this.items.pop()!;
    if (this.items.length > 0) {
      this.costs[0] = lastCost;
      this.items[0] = lastItem;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.costs.length && this.costs[l] < this.costs[m]) m = l;
        if (r < this.costs.length && this.costs[r] < this.costs[m]) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
  private swap(a: number, b: number): void {
    [this.costs[a], this.costs[b]] = [this.costs[b], this.costs[a]];
    [this.items[a], this.items[b]] = [this.items[b], this.items[a]];
  }
}

/** Cost of stepping from `from` to `to`, or null when the walk may not go there (a dealer, a non-linking node). */
export function stepCost(g: FullGraph, from: string, to: string): number | null {
  const ft = g.getNodeAttribute(from, 'type');
  const tt = g.getNodeAttribute(to, 'type');
  if (ft === 'person' && tt === 'person') return 1 / DIRECT_LINK_WEIGHT;
  const linking = ft === 'person' ? tt : ft;
  const decl = linkOf(linking);
  return decl ? 0.5 / decl.weight : null;
}

export interface WalkResult {
  dist: Map<string, number>;
  prev: Map<string, string>;
  /** True when the walk stopped at maxVisited before exhausting maxCost. */
  capped: boolean;
}

/** Dijkstra from `source`, bounded by cost and by the number of settled nodes; stops early once `stopAt` are all settled. */
export function walk(g: FullGraph, source: string, o: { maxCost: number; maxVisited: number; stopAt?: ReadonlySet<string> }): WalkResult {
  const dist = new Map<string, number>([[source, 0]]);
  const prev = new Map<string, string>();
  const done = new Set<string>();
  const heap = new MinHeap();
  heap.push(0, source);
  let remaining = o.stopAt ? new Set([...o.stopAt].filter((x) => x !== source)).size : -1;
  let capped = false;
  while (heap.size > 0) {
    const [d, node] = heap.pop()!;
    if (done.has(node)) continue;
    done.add(node);
    if (o.stopAt?.has(node) && node !== source && --remaining === 0) break;
    if (done.size >= o.maxVisited) {
      capped = true;
      break;
    }
    // Only people and linking nodes pass a walk on; others (dealers) are never entered.
    g.forEachNeighbor(node, (next) => {
      if (done.has(next)) return;
      const c = stepCost(g, node, next);
      if (c === null) return;
      const nd = d + c;
      if (nd > o.maxCost + 1e-9) return;
      const cur = dist.get(next);
      // Ties keep the first way found, so results do not depend on heap order.
      if (cur === undefined || nd < cur - 1e-12) {
        dist.set(next, nd);
        prev.set(next, node);
        heap.push(nd, next);
      }
    });
  }
  // Nodes reached but not settled may carry a non-final distance: keep only the settled ones.
  for (const k of [...dist.keys()]) {
    if (!done.has(k)) {
      dist.delete(k);
      prev.delete(k);
    }
  }
  return { dist, prev, capped };
}

/** The node sequence from the walk's source to `target`, or null when it was not reached. */
export function pathTo(w: WalkResult, target: string): string[] | null {
  if (!w.dist.has(target)) return null;
  const out = [target];
  for (let cur = w.prev.get(target); cur !== undefined; cur = w.prev.get(cur)) out.push(cur);
  return out.reverse();
}
