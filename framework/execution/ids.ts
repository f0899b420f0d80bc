/**
 * Deterministic client order ids: `${prefix}-${strategyId}-${counter}`, one counter per
 * strategy so adding a strategy does not renumber another one's orders. The same run gives the
 * same ids, which makes backtests reproducible and their order logs diffable.
 */
export class ClientOrderIdGenerator {
  private readonly counters = new Map<string, number>();

  /**
   * @param prefix first part of every id (e.g. the trader or run name); no '-' inside keeps ids parseable
   * @param start first counter value of every strategy (a "seed" that keeps two runs apart)
   */
  constructor(
    readonly prefix = 'O',
    private start = 1,
  ) {}

  // The last strategy's counter, also kept here: one Map lookup less per id (the counter in
  // `counters` is brought up to date whenever another strategy asks, or the state is read).
  private lastId: string | undefined;
  private lastNext = 0;
  /** `${prefix}-${lastId}-`, so an id is one concatenation. */
  private lastPrefix = '';

  next(strategyId = 'S'): string {
    let n: number;
    if (strategyId === this.lastId) n = this.lastNext;
    else {
      this.sync();
      n = this.counters.get(strategyId) ?? this.start;
      this.lastId = strategyId;
      this.lastPrefix = `${this.prefix}-${strategyId}-`;
    }
    this.lastNext = n + 1;
    return this.lastPrefix + n;
  }

  private sync(): void {
    if (this.lastId !== undefined) this.counters.set(this.lastId, this.lastNext);
  }

  /** Forget every counter; the next id of each strategy is `start` again (new backtest run). */
  reset(start = this.start): void {
    this.start = start;
    this.counters.clear();
    this.lastId = undefined;
  }

  /** Current counter state, to persist and resume a live session without reusing ids. */
  snapshot(): Record<string, number> {
    this.sync();
    return Object.fromEntries(this.counters);
  }

  restore(state: Record<string, number>): void {
    this.counters.clear();
    this.lastId = undefined;
    for (const [k, v] of Object.entries(state)) this.counters.set(k, v);
  }
}
