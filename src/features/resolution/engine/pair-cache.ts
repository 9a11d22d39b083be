// A fixed-size cache from a pair of small integers (dictionary ids) to a small value, in typed
// arrays with open addressing. A JavaScript Map keyed by a*2^24+b boxes the key as a heap number
// and costs more than the string comparison it saves; this costs a multiply and a probe or two.

export class PairCache {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private vals: Int8Array;
  private size = 0;
  private readonly mask: number;

  constructor(bits = 20) {
    const cap = 1 << bits;
    this.mask = cap - 1;
    this.keysA = new Int32Array(cap);
    this.keysB = new Int32Array(cap);
    this.vals = new Int8Array(cap);
  }

  private slot(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 0;
  }

  /** The cached value for (a, b) (a, b > 0), or -1. */
  get(a: number, b: number): number {
    let h = this.slot(a, b) & this.mask;
    for (;;) {
      const ka = this.keysA[h];
      if (ka === 0) return -1;
      if (ka === a && this.keysB[h] === b) return this.vals[h];
      h = (h + 1) & this.mask;
    }
  }

  set(a: number, b: number, v: number): void {
    // Past half full the table is emptied: a cache, not a store.
    if (this.size * 2 > this.mask) {
      this.keysA.fill(0);
      this.size = 0;
    }
    let h = this.slot(a, b) & this.mask;
    while (this.keysA[h] !== 0) {
      if (this.keysA[h] === a && this.keysB[h] === b) {
        this.vals[h] = v;
        return;
      }
      h = (h + 1) & this.mask;
    }
    this.keysA[h] = a;
    this.keysB[h] = b;
    this.vals[h] = v;
    this.size++;
  }
}
