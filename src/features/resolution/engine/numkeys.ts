// Open-addressing tables keyed by numbers up to 2^53, in typed arrays. Blocking keys and pair
// keys are past the small-integer range, so a Map or Set would box every one of millions of keys
// as a heap number; these do not allocate per key.

const hash = (k: number): number => {
  const lo = k >>> 0;
  const hi = (k / 4294967296) >>> 0;
  return (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ (lo >>> 15), 0x85ebca77)) >>> 0;
};

/** Key (non-zero) to a dense id 1, 2, 3... in order of first sight. */
export class DenseIds {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The id of key (> 0), assigning the next one when the key is new. */
  idOf(key: number): number {
    let h = hash(key) & this.mask;
    for (;;) {
      const k = this.keys[h];
      if (k === key) return this.ids[h];
      if (k === 0) break;
      h = (h + 1) & this.mask;
    }
    this.keys[h] = key;
    this.ids[h] = ++this.size;
    if (this.size * 2 > this.mask) this.grow();
    return this.size;
  }

  /** The id of key, or 0 when the key has none. */
  get(key: number): number {
    let h = hash(key) & this.mask;
    for (;;) {
      const k = this.keys[h];
      if (k === key) return this.ids[h];
      if (k === 0) return 0;
      h = (h + 1) & this.mask;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const ids = this.ids;
    const cap = keys.length * 2;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    for (let x = 0; x < keys.length; x++) {
      if (keys[x] === 0) continue;
      let h = hash(keys[x]) & this.mask;
      while (this.keys[h] !== 0) h = (h + 1) & this.mask;
      this.keys[h] = keys[x];
      this.ids[h] = ids[x];
    }
  }
}

/** A set of unordered record pairs. */
export class PairSet {
  private readonly ids = new DenseIds();
  private static readonly P = 2 ** 26;

  add(i: number, j: number): void {
    this.ids.idOf(i < j ? i * PairSet.P + j + 1 : j * PairSet.P + i + 1);
  }

  has(i: number, j: number): boolean {
    return this.ids.get(i < j ? i * PairSet.P + j + 1 : j * PairSet.P + i + 1) !== 0;
  }
}
