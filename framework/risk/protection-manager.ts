import { getLogger, type Logger } from '../core/logger.ts';
import type { Timeframe } from '../core/timeframe.ts';
import type { TradeRecord } from '../portfolio/trade-record.ts';
import type { PairLock } from '../strategy/context.ts';
import type { ProtectionSpec } from '../strategy/types.ts';
import type { PairLockRegistry } from './pair-locks.ts';
import { globalStop, resolveProtection, stopPerPair, tradeSide, type Protection, type ProtectionLock } from './protections.ts';

/**
 * Freqtrade's ProtectionManager for one set of trades (a strategy, or the whole account): after
 * each closed trade, every protection's stop_per_pair for the trade's pair and side, then every
 * global_stop, each lock added to the registry unless a lock already covers its end time.
 */
export class ProtectionManager {
  private list: readonly Protection[] = [];
  /** Closed trades in close-date order. */
  private readonly trades: TradeRecord[] = [];
  private readonly log: Logger;
  private readonly where: string;

  constructor(
    specs: readonly ProtectionSpec[],
    private readonly timeframe: Timeframe,
    private readonly locks: PairLockRegistry,
    options: { name?: string; logger?: Logger } = {},
  ) {
    this.where = options.name ? `protection of ${options.name}` : 'protection';
    this.log = options.logger ?? getLogger('risk');
    this.setProtections(specs);
  }

  get protections(): readonly Protection[] {
    return this.list;
  }

  /** Replace the protections (hot reload, a strategy registered later); the trades seen so far stay. */
  setProtections(specs: readonly ProtectionSpec[]): void {
    this.list = specs.map((s, i) => resolveProtection(s, this.timeframe, `${this.where} #${i + 1}`));
  }

  get tradeCount(): number {
    return this.trades.length;
  }

  /** Record a closed trade and run the protections at `now` (default its close date); returns the locks added. */
  onTradeClosed(trade: TradeRecord, now: number = trade.closeDate): PairLock[] {
    this.insert(trade);
    if (this.list.length === 0) return [];
    const side = tradeSide(trade);
    const added: PairLock[] = [];
    for (const p of this.list) {
      const lock = stopPerPair(p, this.trades, trade.pair, now, side);
      if (lock) this.apply(lock, now, added);
    }
    for (const p of this.list) {
      const lock = globalStop(p, this.trades, now, side);
      if (lock) this.apply(lock, now, added);
    }
    return added;
  }

  /** Forget the trades (a new backtest run); locks live in the registry. */
  reset(): void {
    this.trades.length = 0;
  }

  private insert(trade: TradeRecord): void {
    const t = this.trades;
    let i = t.length;
    while (i > 0 && t[i - 1]!.closeDate > trade.closeDate) i--;
    if (i === t.length) t.push(trade);
    else t.splice(i, 0, trade);
  }

  private apply(lock: ProtectionLock, now: number, added: PairLock[]): void {
    if (this.locks.coveredAt(lock.pair, lock.until, lock.side)) return;
    const made = this.locks.lockPair(lock.pair, lock.until, lock.reason, lock.side);
    added.push(made);
    this.log.info(
      { protection: lock.method, pair: lock.pair, side: lock.side, until: made.until, at: now },
      `protection ${lock.method} locked ${lock.pair === '*' ? 'all pairs' : lock.pair}${lock.side === '*' ? '' : ` (${lock.side})`} until ${new Date(made.until).toISOString()}: ${lock.reason}`,
    );
  }
}
