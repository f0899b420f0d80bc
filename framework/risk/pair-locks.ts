import type { Pair } from '../core/pair.ts';
import type { PairLock, PairLocks } from '../strategy/context.ts';
import type { Side } from '../strategy/types.ts';

/**
 * Pair locks (Freqtrade's PairLocks): a lock on a pair (or '*' for all pairs) and a side (or
 * '*' for both) blocks new entries until its end time. Used by protections, manual locks and
 * strategies (through their context).
 */
export class PairLockRegistry implements PairLocks {
  private locks: PairLock[] = [];

  lockPair(pair: Pair | '*', until: number, reason = '', side: Side | '*' = '*'): void {
    this.locks.push({ pair, until, reason, side });
  }

  unlockPair(pair: Pair | '*', side: Side | '*' = '*'): void {
    this.locks = this.locks.filter((l) => !(l.pair === pair && (side === '*' || l.side === side)));
  }

  isPairLocked(pair: Pair, at: number, side?: Side): boolean {
    for (const l of this.locks) {
      if (l.until <= at) continue;
      if (l.pair !== '*' && l.pair !== pair) continue;
      if (side !== undefined && l.side !== '*' && l.side !== side) continue;
      return true;
    }
    return false;
  }

  activeLocks(at: number): PairLock[] {
    return this.locks.filter((l) => l.until > at);
  }
}
