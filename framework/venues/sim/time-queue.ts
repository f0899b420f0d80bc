/**
 * Items due at a time, popped in (time, insertion) order: the in-flight requests and the
 * delayed reports of the latency model. Sorted array with binary insertion; the queues are
 * short (what is in flight within a few latencies), so this beats a heap on constants.
 */
export class TimeQueue<T> {
  private readonly at: number[] = [];
  private readonly items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  /** Time of the earliest item, Infinity when empty. */
  peekAt(): number {
    return this.head < this.at.length ? this.at[this.head]! : Infinity;
  }

  push(at: number, item: T): void {
    // After all items due at the same time (FIFO among equals).
    let lo = this.head;
    let hi = this.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    this.at.splice(lo, 0, at);
    this.items.splice(lo, 0, item);
  }

  /** The earliest item if due at or before `t`. */
  popDue(t: number): T | undefined {
    if (this.head >= this.at.length || this.at[this.head]! > t) return undefined;
    const item = this.items[this.head]!;
    this.head++;
    if (this.head > 64 && this.head * 2 > this.at.length) {
      this.at.splice(0, this.head);
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }
}
