import type { Position } from '../portfolio/position.ts';
import type { ScopeLimits } from './limits.ts';
import type { PairLockRegistry } from './pair-locks.ts';
import type { ProtectionManager } from './protection-manager.ts';
import { SlidingWindowCounter } from './sliding-window.ts';
import { ScopeState } from './trading-state.ts';

/**
 * What the risk manager measures for one scope: the account, or one strategy. Positions and
 * open-order quantities are signed integer lots per instrument index (from fills and order
 * events through the engine), so sums never drift. `pendBuy` / `pendSell` count the remaining
 * quantity of open orders that can add exposure (reduce-only orders and contingent children,
 * which only ever reduce what their parent opens, are left out).
 */
export class RiskScope {
  readonly state: ScopeState;
  readonly pos: number[] = [];
  readonly pendBuy: number[] = [];
  readonly pendSell: number[] = [];
  /** Strategy scopes: one Position per instrument for the strategy's own PnL. */
  readonly positions: (Position | undefined)[] = [];

  limits!: ScopeLimits;
  ratePerSecond: SlidingWindowCounter | null = null;
  ratePerMinute: SlidingWindowCounter | null = null;
  /** Order attempts (denied ones too) for the order-rate breaker. */
  attempts: SlidingWindowCounter | null = null;

  /** Losing closed trades in a row. */
  lossStreak = 0;
  /** UTC day (epoch days) the day-start value belongs to. */
  day = Number.NaN;
  /** Equity (account) or capital base + PnL (strategy) at the first cycle of the UTC day. */
  dayStart = Number.NaN;
  peak = Number.NaN;
  /** Last value measured by a cycle. */
  value = Number.NaN;

  constructor(
    readonly id: string,
    readonly locks: PairLockRegistry,
    public protections: ProtectionManager,
    limits: ScopeLimits,
  ) {
    this.state = new ScopeState(id);
    this.setLimits(limits);
  }

  get isAccount(): boolean {
    return this.id === 'account';
  }

  setLimits(l: ScopeLimits): void {
    const prev = this.limits as ScopeLimits | undefined;
    this.limits = l;
    if (!prev || prev.maxOrdersPerSecond !== l.maxOrdersPerSecond) {
      this.ratePerSecond = Number.isFinite(l.maxOrdersPerSecond) ? new SlidingWindowCounter(l.maxOrdersPerSecond, 1000) : null;
    }
    if (!prev || prev.maxOrdersPerMinute !== l.maxOrdersPerMinute) {
      this.ratePerMinute = Number.isFinite(l.maxOrdersPerMinute) ? new SlidingWindowCounter(l.maxOrdersPerMinute, 60_000) : null;
    }
    if (!prev || prev.breakers.ordersPerMinute !== l.breakers.ordersPerMinute) {
      this.attempts = Number.isFinite(l.breakers.ordersPerMinute) ? new SlidingWindowCounter(l.breakers.ordersPerMinute, 60_000) : null;
    }
  }

  /** Make index i addressable. */
  ensure(i: number): void {
    while (this.pos.length <= i) {
      this.pos.push(0);
      this.pendBuy.push(0);
      this.pendSell.push(0);
      this.positions.push(undefined);
    }
  }

  /** Instruments with a position or an open order that can add to one. */
  openTradeCount(): number {
    let n = 0;
    for (let i = 0; i < this.pos.length; i++) if (this.pos[i] !== 0 || this.pendBuy[i] !== 0 || this.pendSell[i] !== 0) n++;
    return n;
  }
}
