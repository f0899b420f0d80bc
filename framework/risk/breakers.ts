import { fmt, pct, REL_EPS } from './format.ts';
import type { InstrumentTable } from './instruments.ts';
import type { BreakerAction, BreakerReset } from './limits.ts';
import type { RiskScope } from './scope.ts';
import type { BreakerName, Trip } from './trading-state.ts';

/**
 * The circuit breakers evaluated once per engine cycle on a scope's value (the account's
 * equity, or a strategy's start equity + PnL): the UTC day roll with its next_day resets, max
 * daily loss, max drawdown from the peak, and stale market data. Consecutive losses and the
 * order rate trip where their events happen (risk-manager.ts).
 */

export interface BreakerHost {
  trip(scope: RiskScope, breaker: BreakerName, action: BreakerAction, reset: BreakerReset, now: number, message: string, figures: Trip['figures']): void;
  /** A trip was removed: recompute and log the scope's state. */
  cleared(scope: RiskScope, now: number, cause: string): void;
}

/** First cycle of a UTC day: the day starts from `value`; next_day trips clear (and the loss streak with its trip). */
export function rollDay(scope: RiskScope, value: number, day: number, now: number, host: BreakerHost): void {
  if (scope.day === day) return;
  const first = Number.isNaN(scope.day);
  scope.day = day;
  scope.dayStart = value;
  if (first) return;
  const cleared = scope.state.removeByReset('next_day');
  if (cleared.includes('consecutive_losses')) scope.lossStreak = 0;
  if (cleared.length > 0) host.cleared(scope, now, `new UTC day: reset ${cleared.join(', ')}`);
}

/** Daily loss (abs and ratio of the day's start) and drawdown from the peak, on a finite value. */
export function checkEquity(scope: RiskScope, value: number, now: number, host: BreakerHost): void {
  if (!Number.isFinite(value)) return;
  const b = scope.limits.breakers;
  if (Number.isNaN(scope.dayStart)) scope.dayStart = value;
  scope.value = value;
  if (!(scope.peak >= value)) scope.peak = value;
  const loss = scope.dayStart - value;
  const lossRatio = loss / scope.dayStart;
  if (loss > 0 && (loss >= b.dailyLossAbs * (1 - REL_EPS) || lossRatio >= b.dailyLossRatio * (1 - REL_EPS))) {
    host.trip(
      scope,
      'daily_loss',
      b.dailyLossAction,
      b.dailyLossReset,
      now,
      `equity ${fmt(value)} is ${fmt(loss)} (${pct(lossRatio)}) below the day's start ${fmt(scope.dayStart)} (limits: ${b.dailyLossAbs === Infinity ? '-' : fmt(b.dailyLossAbs)} / ${b.dailyLossRatio === Infinity ? '-' : pct(b.dailyLossRatio)})`,
      { equity: value, dayStart: scope.dayStart, loss, lossRatio },
    );
  }
  const dd = scope.peak > 0 ? (scope.peak - value) / scope.peak : 0;
  if (dd > 0 && dd >= b.drawdownRatio * (1 - REL_EPS)) {
    host.trip(scope, 'drawdown', b.drawdownAction, b.drawdownReset, now, `equity ${fmt(value)} is ${pct(dd)} below its peak ${fmt(scope.peak)} (limit ${pct(b.drawdownRatio)})`, {
      equity: value,
      peak: scope.peak,
      drawdown: dd,
    });
  }
}

/**
 * Instruments that had a price and got none for longer than the limit (for a strategy: only
 * those it has a position or an open order in). Trips, or clears an 'auto' trip when none is.
 */
export function checkStale(scope: RiskScope, table: InstrumentTable, now: number, host: BreakerHost): void {
  const b = scope.limits.breakers;
  if (b.staleDataMs === Infinity) return;
  const stale: string[] = [];
  let oldest = now;
  for (let i = 0; i < table.size; i++) {
    const ts = table.priceTs[i]!;
    if (Number.isNaN(ts)) continue;
    if (!scope.isAccount && (scope.pos[i] ?? 0) === 0 && (scope.pendBuy[i] ?? 0) === 0 && (scope.pendSell[i] ?? 0) === 0) continue;
    if (now - ts > b.staleDataMs) {
      stale.push(table.ids[i]!);
      if (ts < oldest) oldest = ts;
    }
  }
  if (stale.length > 0) {
    host.trip(
      scope,
      'stale_data',
      b.staleDataAction,
      b.staleDataReset,
      now,
      `no price for ${stale.join(', ')} for ${fmt((now - oldest) / 1000)} s (limit ${fmt(b.staleDataMs / 1000)} s)`,
      { instruments: stale.join(','), silentSeconds: (now - oldest) / 1000, limitSeconds: b.staleDataMs / 1000 },
    );
    return;
  }
  const trip = scope.state.trip('stale_data');
  if (trip && trip.reset === 'auto') {
    scope.state.removeTrip('stale_data');
    host.cleared(scope, now, 'prices fresh again: stale_data cleared');
  }
}
