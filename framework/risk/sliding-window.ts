/**
 * Counts events in a sliding time window with a fixed cap: a ring of the last `limit` event
 * times. "At most `limit` events in any `windowMs`" holds as long as a new event is recorded
 * only when `allows(t)` says so. O(1), no allocation after construction.
 */
export class SlidingWindowCounter {
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.times = new Float64Array(Math.max(1, limit));
  }

  /** Whether one more event at time t keeps the window within the limit. */
  allows(t: number): boolean {
    if (this.size < this.limit) return true;
    // Full ring: the oldest of the last `limit` events must have left the window (t - windowMs, t].
    return this.times[this.head]! <= t - this.windowMs;
  }

  record(t: number): void {
    const cap = this.times.length;
    this.times[this.head] = t;
    this.head = this.head + 1 === cap ? 0 : this.head + 1;
    if (this.size < cap) this.size++;
  }

  /** Events recorded in (t - windowMs, t], at most `limit`. */
  countAt(t: number): number {
    let n = 0;
    const cap = this.times.length;
    for (let k = 0; k < this.size; k++) {
      const i = (this.head - 1 - k + 2 * cap) % cap;
      if (this.times[i]! > t - this.windowMs) n++;
      else break;
    }
    return n;
  }

  /** The oldest event still counted at t (for messages), or NaN. */
  oldestAt(t: number): number {
    let oldest = Number.NaN;
    const cap = this.times.length;
    for (let k = 0; k < this.size; k++) {
      const i = (this.head - 1 - k + 2 * cap) % cap;
      if (this.times[i]! > t - this.windowMs) oldest = this.times[i]!;
      else break;
    }
    return oldest;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
