import { invokeCallback } from '../../strategy/callbacks.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import { priceToPrecision, ROUND_DOWN, ROUND_UP } from './freqtrade-precision.ts';
import type { Trade } from './trade.ts';

/**
 * Freqtrade's stop loss: the trade's adjust_stop_loss, the strategy's ft_stoploss_adjust
 * (custom stoploss and trailing, evaluated at the candle's favourable extreme) and
 * ft_stoploss_reached (stop >= low for longs). Shorts mirror everything.
 */

export const STOP_NONE = 0;
export const STOP_LOSS_HIT = 1;
export const TRAILING_STOP_HIT = 2;

/**
 * Trade.adjust_stop_loss: move the stop to `price` x (1 - |stoploss| / leverage) (longs),
 * rounded to the price tick UP for longs and DOWN for shorts, only in the trade's favour
 * unless `allowRefresh`. `initial` sets it only when no stop exists yet.
 */
export function adjustStopLoss(
  trade: Trade,
  price: number,
  stoploss: number | undefined,
  tick: number | undefined,
  initial = false,
  allowRefresh = false,
): void {
  if (stoploss === undefined || (initial && trade.stopLoss !== 0)) return;
  const ratio = Math.abs(stoploss / trade.leverage);
  const raw = trade.isShort ? price * (1 + ratio) : price * (1 - ratio);
  if (trade.initialStopLossPct !== undefined && !allowRefresh && tick !== undefined && tick > 0) {
    // The rounded stop lies within one tick of `raw`: when that cannot beat the current stop,
    // skip the decimal rounding (this runs every candle of a trailing trade).
    if (trade.isShort ? raw - tick >= trade.stopLoss : raw + tick <= trade.stopLoss) return;
  }
  const norm = priceToPrecision(raw, tick, trade.isShort ? ROUND_DOWN : ROUND_UP);
  const pct = -Math.abs(stoploss);
  if (trade.initialStopLossPct === undefined) {
    trade.stopLoss = norm;
    trade.stopLossPct = pct;
    trade.initialStopLoss = norm;
    trade.initialStopLossPct = pct;
    return;
  }
  const higher = norm > trade.stopLoss;
  const lower = norm < trade.stopLoss;
  if (allowRefresh || (higher && !trade.isShort) || (lower && trade.isShort)) {
    if (!allowRefresh) trade.isStopLossTrailing = true;
    trade.stopLoss = norm;
    trade.stopLossPct = pct;
  }
}

export interface StopContext {
  strategy: IStrategy;
  tick: number | undefined;
  /** Whether customStoploss is called (useCustomStoploss and the method exists). */
  useCustom: boolean;
}

/**
 * IStrategy.ft_stoploss_adjust. `low` / `high` are the candle's extremes in a backtest (NaN
 * when evaluating at a single price, e.g. right after a fill); custom stoploss and trailing see
 * the favourable extreme (high for longs). `currentProfit` (the profit at currentRate) may be
 * NaN: it is then computed, only when there is no candle extreme to use instead.
 */
export function stoplossAdjust(
  ctx: StopContext,
  trade: Trade,
  currentRate: number,
  currentTime: number,
  currentProfit: number,
  low: number,
  high: number,
  afterFill: boolean,
): void {
  const s = ctx.strategy;
  if (afterFill && !ctx.useCustom) return;
  let stopValue = s.stoploss;
  adjustStopLoss(trade, trade.openRate, stopValue, ctx.tick, true);
  const dirCorrect = trade.isShort ? trade.stopLoss > (high === high ? high : currentRate) : trade.stopLoss < (low === low ? low : currentRate);
  if (!dirCorrect) return;
  const bound = trade.isShort ? low : high;
  const hasBound = bound === bound && bound !== 0;
  const boundRate = hasBound ? bound : currentRate;
  // currentProfit may be NaN ("not computed") when the caller has the candle: it is only needed without one.
  const boundProfit = hasBound ? trade.calcProfitRatio(bound) : currentProfit === currentProfit ? currentProfit : trade.calcProfitRatio(currentRate);
  if (ctx.useCustom) {
    const v = invokeCallback(
      s,
      'customStoploss',
      { pair: trade.pair, trade, currentTime, currentRate: boundRate, currentProfit: boundProfit, afterFill },
      undefined,
      trade.cbOpts,
    );
    // Freqtrade ignores 0, NaN and infinities (falsy or invalid) and keeps the stop.
    if (typeof v === 'number' && v !== 0 && Number.isFinite(v)) {
      stopValue = v;
      adjustStopLoss(trade, boundRate, v, ctx.tick, false, afterFill);
    }
  }
  if (s.trailingStop) {
    const offset = s.trailingStopPositiveOffset;
    if (!(s.trailingOnlyOffsetIsReached && boundProfit < offset)) {
      if (s.trailingStopPositive !== undefined && boundProfit > offset) stopValue = s.trailingStopPositive;
      adjustStopLoss(trade, boundRate, stopValue, ctx.tick);
    }
  }
}

/** IStrategy.ft_stoploss_reached after the adjustment: the stop touched by the adverse extreme. */
export function stoplossReached(trade: Trade, currentRate: number, low: number, high: number): number {
  const hit = trade.isShort
    ? trade.stopLoss <= (high === high ? high : currentRate)
    : trade.stopLoss >= (low === low ? low : currentRate);
  if (!hit) return STOP_NONE;
  return trade.isStopLossTrailing ? TRAILING_STOP_HIT : STOP_LOSS_HIT;
}
