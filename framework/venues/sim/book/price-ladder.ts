/**
 * The active prices of one side of a book, kept sorted so that the BEST price is the LAST
 * element: activity concentrates at the touch, so inserting or removing a level near the
 * touch shifts only a few entries, and taking the best level is a pop.
 *
 * Keys are `price` for bids and `-price` for asks, which makes both sides ascending with the
 * best at the end. Each key carries an int32 value (the book stores its level slot there).
 * Prices are integer ticks held in a Float64Array (exact up to 2^53).
 */
export class PriceLadder {
  keys: Float64Array;
  values: Int32Array;
  size = 0;
  /** +1 for bids (key = price), -1 for asks (key = -price). */
  readonly sign: 1 | -1;

  constructor(sign: 1 | -1, capacity = 64) {
    this.sign = sign;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
  }

  /**
   * Position of `price` if present, else -(insertion position) - 1. Scans a few entries back
   * from the touch first (where almost every lookup lands), then falls back to binary search.
   */
  find(price: number): number {
    const key = this.sign * price;
    const keys = this.keys;
    let hi = this.size - 1;
    const stop = hi - 8 > 0 ? hi - 8 : 0;
    for (; hi >= stop; hi--) {
      const k = keys[hi]!;
      if (k === key) return hi;
      if (k < key) return -(hi + 1) - 1;
    }
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  /** Insert at a position returned (encoded) by find: `pos` is the decoded insertion index. */
  insertAt(pos: number, price: number, value: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const values = this.values;
    if (pos < this.size) {
      keys.copyWithin(pos + 1, pos, this.size);
      values.copyWithin(pos + 1, pos, this.size);
    }
    keys[pos] = this.sign * price;
    values[pos] = value;
    this.size++;
  }

  removeAt(pos: number): void {
    const last = this.size - 1;
    if (pos < last) {
      this.keys.copyWithin(pos, pos + 1, this.size);
      this.values.copyWithin(pos, pos + 1, this.size);
    }
    this.size = last;
  }

  /** Price at rank r from the touch (0 = best); NaN past the end. */
  priceAt(rank: number): number {
    const i = this.size - 1 - rank;
    return i >= 0 ? this.sign * this.keys[i]! : NaN;
  }

  /** Value at rank r from the touch (0 = best); -1 past the end. */
  valueAt(rank: number): number {
    const i = this.size - 1 - rank;
    return i >= 0 ? this.values[i]! : -1;
  }

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const values = new Int32Array(this.values.length * 2);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
