import { ConfigError } from '../core/errors.ts';
import type { Pair } from '../core/pair.ts';
import { timeframeToMinutes, type Timeframe } from '../core/timeframe.ts';
import type { TradeRecord } from '../portfolio/trade-record.ts';
import type { ProtectionSpec, Side } from '../strategy/types.ts';

/**
 * Freqtrade's protections (freqtrade/plugins/protections/*.py), same semantics, evaluated on
 * closed TradeRecords:
 *
 * - the window is the trades closed strictly after `now - lookback` (get_trades_proxy's
 *   close_date filter); CooldownPeriod looks back stop_duration instead of lookback_period;
 * - a lock lasts from the latest close date of the trades that caused it plus stop_duration
 *   (calculate_lock_end); the registry rounds that up to the next candle;
 * - durations in candles are timeframe minutes x candles; defaults are Freqtrade's: 60 minute
 *   stop and lookback, trade_limit 10 (StoplossGuard) or 1 (MaxDrawdown, LowProfitPairs),
 *   required_profit 0, max_allowed_drawdown 0.
 *
 * These functions are pure: the protection manager decides when to run them and locks pairs.
 */

export type ProtectionMethod = ProtectionSpec['method'];

/** A protection with every default filled in and durations in ms. */
export interface Protection {
  method: ProtectionMethod;
  stopDurationMs: number;
  lookbackMs: number;
  tradeLimit: number;
  onlyPerPair: boolean;
  onlyPerSide: boolean;
  requiredProfit: number;
  maxAllowedDrawdown: number;
  /** "60 minutes" / "3 candles", for lock reasons (Freqtrade's stop_duration_str). */
  stopText: string;
  lookbackText: string;
}

/** A lock a protection asks for; `until` is not yet rounded to the candle grid. */
export interface ProtectionLock {
  method: ProtectionMethod;
  pair: Pair | '*';
  until: number;
  side: Side | '*';
  reason: string;
}

/** Exit reasons StoplossGuard counts (Freqtrade's ExitType values). */
export const STOPLOSS_EXIT_REASONS: ReadonlySet<string> = new Set(['trailing_stop_loss', 'stop_loss', 'stoploss_on_exchange', 'liquidation']);

const MINUTE = 60_000;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Fill in Freqtrade's defaults; `timeframe` converts the *_candles durations. */
export function resolveProtection(spec: ProtectionSpec, timeframe: Timeframe, where = 'protection'): Protection {
  if (spec.stopDuration !== undefined && spec.stopDurationCandles !== undefined) {
    throw new ConfigError(`${where} ${spec.method}: give stopDuration or stopDurationCandles, not both`);
  }
  if (spec.lookbackPeriod !== undefined && spec.lookbackPeriodCandles !== undefined) {
    throw new ConfigError(`${where} ${spec.method}: give lookbackPeriod or lookbackPeriodCandles, not both`);
  }
  const tfMin = timeframeToMinutes(timeframe);
  const stopMin = spec.stopDurationCandles !== undefined ? tfMin * spec.stopDurationCandles : (spec.stopDuration ?? 60);
  const lookMin = spec.lookbackPeriodCandles !== undefined ? tfMin * spec.lookbackPeriodCandles : (spec.lookbackPeriod ?? 60);
  return {
    method: spec.method,
    stopDurationMs: stopMin * MINUTE,
    lookbackMs: lookMin * MINUTE,
    tradeLimit: spec.tradeLimit ?? (spec.method === 'StoplossGuard' ? 10 : 1),
    onlyPerPair: spec.onlyPerPair ?? false,
    onlyPerSide: spec.onlyPerSide ?? false,
    requiredProfit: spec.requiredProfit ?? 0,
    maxAllowedDrawdown: spec.maxAllowedDrawdown ?? 0,
    stopText: spec.stopDurationCandles !== undefined ? plural(spec.stopDurationCandles, 'candle', 'candles') : plural(stopMin, 'minute', 'minutes'),
    lookbackText:
      spec.lookbackPeriodCandles !== undefined ? plural(spec.lookbackPeriodCandles, 'candle', 'candles') : plural(lookMin, 'minute', 'minutes'),
  };
}

/** Freqtrade's config keys (snake_case) to the strategy's ProtectionSpec (camelCase). */
export function protectionSpecFromConfig(p: {
  method: ProtectionMethod;
  stop_duration?: number | undefined;
  stop_duration_candles?: number | undefined;
  lookback_period?: number | undefined;
  lookback_period_candles?: number | undefined;
  trade_limit?: number | undefined;
  only_per_pair?: boolean | undefined;
  only_per_side?: boolean | undefined;
  required_profit?: number | undefined;
  max_allowed_drawdown?: number | undefined;
}): ProtectionSpec {
  const spec: ProtectionSpec = { method: p.method };
  if (p.stop_duration !== undefined) spec.stopDuration = p.stop_duration;
  if (p.stop_duration_candles !== undefined) spec.stopDurationCandles = p.stop_duration_candles;
  if (p.lookback_period !== undefined) spec.lookbackPeriod = p.lookback_period;
  if (p.lookback_period_candles !== undefined) spec.lookbackPeriodCandles = p.lookback_period_candles;
  if (p.trade_limit !== undefined) spec.tradeLimit = p.trade_limit;
  if (p.only_per_pair !== undefined) spec.onlyPerPair = p.only_per_pair;
  if (p.only_per_side !== undefined) spec.onlyPerSide = p.only_per_side;
  if (p.required_profit !== undefined) spec.requiredProfit = p.required_profit;
  if (p.max_allowed_drawdown !== undefined) spec.maxAllowedDrawdown = p.max_allowed_drawdown;
  return spec;
}

/** Trade direction as Freqtrade names it (trade_direction). */
export function tradeSide(t: TradeRecord): Side {
  return t.isShort ? 'short' : 'long';
}

/**
 * Closed trades (of `pair`, or all when undefined) with closeDate > since, from a list sorted by
 * close date: walks back from the end, so the cost is the window, not the history.
 */
export function tradesClosedAfter(sorted: readonly TradeRecord[], since: number, pair?: Pair): TradeRecord[] {
  const out: TradeRecord[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const t = sorted[i]!;
    if (!(t.closeDate > since)) break;
    if (t.isOpen) continue;
    if (pair !== undefined && t.pair !== pair) continue;
    out.push(t);
  }
  return out.reverse();
}

function lockEnd(trades: readonly TradeRecord[], stopMs: number): number {
  let max = -Infinity;
  for (const t of trades) if (t.closeDate > max) max = t.closeDate;
  return max + stopMs;
}

/**
 * Freqtrade's drawdown of a profit column (calculate_max_drawdown, absolute): cumulative sum in
 * close-date order with a zero row in front, high water mark max(0, running max), largest
 * high - cumulative. 0 for no trades.
 */
export function maxDrawdownOfRatios(trades: readonly TradeRecord[]): number {
  const sorted = [...trades].sort((a, b) => a.closeDate - b.closeDate);
  let cum = 0;
  let high = 0;
  let dd = 0;
  for (const t of sorted) {
    cum += t.profitRatio;
    if (cum > high) high = cum;
    if (high - cum > dd) dd = high - cum;
  }
  return dd;
}

function cooldown(p: Protection, trades: readonly TradeRecord[], pair: Pair, now: number): ProtectionLock | null {
  const recent = tradesClosedAfter(trades, now - p.stopDurationMs, pair);
  if (recent.length === 0) return null;
  return { method: p.method, pair, until: lockEnd(recent, p.stopDurationMs), side: '*', reason: `Cooldown period for ${p.stopText}.` };
}

function stoplossGuard(p: Protection, trades: readonly TradeRecord[], pair: Pair | undefined, now: number, side: Side): ProtectionLock | null {
  let hits = tradesClosedAfter(trades, now - p.lookbackMs, pair).filter(
    // `close_profit and close_profit < limit` in Freqtrade: a profit of exactly 0 never counts.
    (t) => STOPLOSS_EXIT_REASONS.has(t.exitReason) && t.profitRatio !== 0 && t.profitRatio < p.requiredProfit,
  );
  if (p.onlyPerSide) hits = hits.filter((t) => tradeSide(t) === side);
  if (hits.length < p.tradeLimit) return null;
  return {
    method: p.method,
    pair: pair ?? '*',
    until: lockEnd(hits, p.stopDurationMs),
    side: p.onlyPerSide ? side : '*',
    reason: `${p.tradeLimit} stoplosses in ${p.lookbackMs / MINUTE} min, locking for ${p.stopDurationMs / MINUTE} min.`,
  };
}

function maxDrawdown(p: Protection, trades: readonly TradeRecord[], now: number): ProtectionLock | null {
  const recent = tradesClosedAfter(trades, now - p.lookbackMs);
  if (recent.length < p.tradeLimit || recent.length === 0) return null;
  const dd = maxDrawdownOfRatios(recent);
  if (!(dd > p.maxAllowedDrawdown)) return null;
  return {
    method: p.method,
    pair: '*',
    until: lockEnd(recent, p.stopDurationMs),
    side: '*',
    reason: `${dd} passed ${p.maxAllowedDrawdown} in ${p.lookbackText}, locking for ${p.stopText}.`,
  };
}

function lowProfit(p: Protection, trades: readonly TradeRecord[], pair: Pair, now: number, side: Side): ProtectionLock | null {
  const recent = tradesClosedAfter(trades, now - p.lookbackMs, pair);
  // Freqtrade counts every trade of the window against trade_limit, the side filter only sums.
  if (recent.length < p.tradeLimit || recent.length === 0) return null;
  let profit = 0;
  for (const t of recent) if (!p.onlyPerSide || tradeSide(t) === side) profit += t.profitRatio;
  if (!(profit < p.requiredProfit)) return null;
  return {
    method: p.method,
    pair,
    until: lockEnd(recent, p.stopDurationMs),
    side: p.onlyPerSide ? side : '*',
    reason: `${profit} < ${p.requiredProfit} in ${p.lookbackText}, locking for ${p.stopText}.`,
  };
}

/** Freqtrade's stop_per_pair: the lock for `pair` after a `side` trade closed, or null. */
export function stopPerPair(p: Protection, trades: readonly TradeRecord[], pair: Pair, now: number, side: Side): ProtectionLock | null {
  switch (p.method) {
    case 'CooldownPeriod':
      return cooldown(p, trades, pair, now);
    case 'StoplossGuard':
      return stoplossGuard(p, trades, pair, now, side);
    case 'LowProfitPairs':
      return lowProfit(p, trades, pair, now, side);
    case 'MaxDrawdown':
      return null;
  }
}

/** Freqtrade's global_stop: the lock for all pairs ('*'), or null. */
export function globalStop(p: Protection, trades: readonly TradeRecord[], now: number, side: Side): ProtectionLock | null {
  switch (p.method) {
    case 'StoplossGuard':
      return p.onlyPerPair ? null : stoplossGuard(p, trades, undefined, now, side);
    case 'MaxDrawdown':
      return maxDrawdown(p, trades, now);
    case 'CooldownPeriod':
    case 'LowProfitPairs':
      return null;
  }
}
