import type { BreakerAction, BreakerReset } from './limits.ts';

/**
 * Trading states, per strategy and for the whole account:
 * - ACTIVE: every check applies, nothing more.
 * - REDUCING: only orders that reduce exposure pass.
 * - HALTED: nothing new passes (cancels always do; the kill switch's own flatten orders too).
 *
 * A scope's state is the worst of its active trips (one per breaker that tripped and has not
 * reset) and the state set by hand (setState). An order is judged against the worse of the
 * account's and its strategy's state.
 */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export const STATE_RANK: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

export type BreakerName = 'daily_loss' | 'drawdown' | 'consecutive_losses' | 'order_rate' | 'stale_data' | 'kill_switch';

export interface Trip {
  breaker: BreakerName;
  /** 'account' or the strategy id. */
  scope: string;
  state: Exclude<TradingState, 'ACTIVE'>;
  reset: BreakerReset;
  /** Engine time of the trip. */
  at: number;
  /** One sentence with the figures. */
  message: string;
  figures: Record<string, number | string>;
}

export interface StateTransition {
  scope: string;
  from: TradingState;
  to: TradingState;
  at: number;
  /** What caused it: the trip's message, 'reset <breaker>', 'set by hand', ... */
  cause: string;
}

export function actionState(a: BreakerAction): Exclude<TradingState, 'ACTIVE'> {
  return a === 'halted' ? 'HALTED' : 'REDUCING';
}

export class ScopeState {
  private readonly trips = new Map<BreakerName, Trip>();
  private manual: TradingState = 'ACTIVE';
  /** Current state; recompute() keeps it in step with trips and the manual state. */
  state: TradingState = 'ACTIVE';

  constructor(readonly scope: string) {}

  activeTrips(): Trip[] {
    return [...this.trips.values()];
  }

  trip(name: BreakerName): Trip | undefined {
    return this.trips.get(name);
  }

  addTrip(t: Trip): void {
    this.trips.set(t.breaker, t);
  }

  removeTrip(name: BreakerName): boolean {
    return this.trips.delete(name);
  }

  /** Remove every trip whose reset mode is `reset`; returns the names removed. */
  removeByReset(reset: BreakerReset): BreakerName[] {
    const out: BreakerName[] = [];
    for (const [name, t] of this.trips) {
      if (t.reset === reset) {
        this.trips.delete(name);
        out.push(name);
      }
    }
    return out;
  }

  setManual(s: TradingState): void {
    this.manual = s;
  }

  get manualState(): TradingState {
    return this.manual;
  }

  /** The worst of the trips and the manual state. */
  computed(): TradingState {
    let s = this.manual;
    for (const t of this.trips.values()) if (STATE_RANK[t.state] > STATE_RANK[s]) s = t.state;
    return s;
  }

  /** Why the scope is in its state (for denial messages). */
  cause(): string {
    let worst: Trip | undefined;
    for (const t of this.trips.values()) if (!worst || STATE_RANK[t.state] > STATE_RANK[worst.state]) worst = t;
    if (worst && STATE_RANK[worst.state] >= STATE_RANK[this.manual]) return worst.message;
    return this.manual === 'ACTIVE' ? 'no trip' : `set to ${this.manual} by hand`;
  }
}
