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

  next(strategyId = 'S'): string {
    const n = this.counters.get(strategyId) ?? this.start;
    this.counters.set(strategyId, n + 1);
    return `${this.prefix}-${strategyId}-${n}`;
  }

  /** Forget every counter; the next id of each strategy is `start` again (new backtest run). */
  reset(start = this.start): void {
    this.start = start;
    this.counters.clear();
  }

  /** Current counter state, to persist and resume a live session without reusing ids. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  restore(state: Record<string, number>): void {
    this.counters.clear();
    for (const [k, v] of Object.entries(state)) this.counters.set(k, v);
  }
}
