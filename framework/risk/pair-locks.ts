import type { Pair } from '../core/pair.ts';
import { floorToTimeframe, timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import type { PairLock, PairLocks } from '../strategy/context.ts';
import type { Side } from '../strategy/types.ts';

export interface PairLockRegistryOptions {
  /**
   * Candle timeframe: every lock end is rounded up to the open of the next candle, as
   * Freqtrade's PairLocks.lock_pair does (timeframe_to_next_date), so a lock never ends inside
   * a candle. Without it, ends are kept as given.
   */
  timeframe?: Timeframe;
}

/**
 * Pair locks (Freqtrade's PairLocks): a lock on a pair (or '*' for all pairs) and a side (or
 * '*' for both) blocks new entries until its end time (exclusive). Used by protections, manual
 * locks and strategies (through their context).
 */
export class PairLockRegistry implements PairLocks {
  private locks: PairLock[] = [];
  private readonly timeframeMs: number;

  constructor(options: PairLockRegistryOptions = {}) {
    this.timeframeMs = options.timeframe === undefined ? 0 : timeframeToMs(options.timeframe);
  }

  /**
   * Freqtrade's timeframe_to_next_date: the open of the candle after the one containing `until`
   * (a time exactly on a candle open moves a whole candle on). Identity without a timeframe.
   */
  lockEnd(until: number): number {
    if (this.timeframeMs === 0) return until;
    return floorToTimeframe(until, this.timeframeMs) + this.timeframeMs;
  }

  lockPair(pair: Pair | '*', until: number, reason = '', side: Side | '*' = '*'): PairLock {
    const lock: PairLock = { pair, until: this.lockEnd(until), reason, side };
    this.locks.push(lock);
    return lock;
  }

  unlockPair(pair: Pair | '*', side: Side | '*' = '*'): void {
    this.locks = this.locks.filter((l) => !(l.pair === pair && (side === '*' || l.side === side)));
  }

  /** Remove every lock with this reason (Freqtrade's unlock_reason). */
  unlockReason(reason: string): void {
    this.locks = this.locks.filter((l) => l.reason !== reason);
  }

  isPairLocked(pair: Pair, at: number, side?: Side): boolean {
    const locks = this.locks;
    for (let i = 0; i < locks.length; i++) {
      const l = locks[i]!;
      if (l.until <= at) continue;
      if (l.pair !== '*' && l.pair !== pair) continue;
      if (side !== undefined && l.side !== '*' && l.side !== side) continue;
      return true;
    }
    return false;
  }

  /** A lock on all pairs ('*') active at `at` for `side` (any side when omitted). */
  isGlobalLock(at: number, side?: Side): boolean {
    for (const l of this.locks) {
      if (l.pair === '*' && l.until > at && (side === undefined || l.side === '*' || l.side === side)) return true;
    }
    return false;
  }

  /**
   * Freqtrade's duplicate guard before a protection locks: is `pair` ('*' = the global lock)
   * already locked at time `at`, end inclusive, by a lock of `side`? A '*' side matches only '*'
   * locks, a concrete side matches its own and '*' locks; a pair query also sees global locks.
   */
  coveredAt(pair: Pair | '*', at: number, side: Side | '*'): boolean {
    for (const l of this.locks) {
      if (l.until < at) continue;
      if (l.pair !== pair && !(pair !== '*' && l.pair === '*')) continue;
      if (l.side !== '*' && l.side !== side) continue;
      return true;
    }
    return false;
  }

  activeLocks(at: number): PairLock[] {
    return this.locks.filter((l) => l.until > at);
  }

  /** Every lock, expired ones included (until pruned), for reports. */
  allLocks(): readonly PairLock[] {
    return this.locks;
  }

  /** Drop locks that ended at or before `at` (keeps the lookups short in long runs). */
  prune(at: number): void {
    if (this.locks.some((l) => l.until <= at)) this.locks = this.locks.filter((l) => l.until > at);
  }

  clear(): void {
    this.locks = [];
  }
}
