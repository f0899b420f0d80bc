import { invokeCustomStoploss } from '../../strategy/callbacks.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import type { CustomStoplossArgs, TradeView } from '../../strategy/types.ts';
import { priceToPrecision, ROUND_DOWN, ROUND_UP } from './freqtrade-precision.ts';
import type { Trade } from './trade.ts';

/**
 * Freqtrade's stop loss: the trade's adjust_stop_loss, the strategy's ft_stoploss_adjust
 * (custom stoploss and trailing, evaluated at the candle's favourable extreme) and
 * the STOP_* results of ft_stoploss_reached (stop >= low for longs; the test itself is written out
 * in TradeManager's exit check). Shorts mirror everything.
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
  const a = ADJUST;
  a.price = price;
  a.stoploss = stoploss;
  // NaN stands for "no tick" (as undefined does below): the field stays a plain number field.
  a.tick = tick === undefined ? Number.NaN : tick;
  a.allowRefresh = allowRefresh;
  adjustStopLossBy(trade, a);
}

/** adjustStopLoss's inputs as fields (a double passed to a call V8 does not inline is boxed: this runs per candle). */
export interface StopAdjustment {
  price: number;
  stoploss: number;
  /** The price tick; NaN (or undefined) for none. */
  tick: number | undefined;
  allowRefresh: boolean;
}

const ADJUST: StopAdjustment = { price: Number.NaN, stoploss: Number.NaN, tick: Number.NaN, allowRefresh: false };

/** adjustStopLoss (not initial, stoploss given) with the inputs in `a`. */
export function adjustStopLossBy(trade: Trade, a: StopAdjustment): void {
  const price = a.price;
  const stoploss = a.stoploss;
  const tick = a.tick;
  const allowRefresh = a.allowRefresh;
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
  /**
   * customStoploss's argument object, refilled for every call (it runs on every candle of every
   * open trade: one object for the run, not one per call). See newStoplossArgs.
   */
  args: CustomStoplossArgs;
  // The prices stoplossAdjust works on, set by the caller before each call. Fields rather than
  // arguments: V8 boxes a double passed to a call it does not inline (an allocation per candle).
  /** The current rate (candle open, or the fill price right after a fill). */
  rate: number;
  /** Event time (epoch ms). */
  time: number;
  /** Profit at `rate`, or NaN when not computed (then computed here only if needed). */
  profit: number;
  /** The candle's low and high; NaN when evaluating at a single price (right after a fill). */
  low: number;
  high: number;
  /** stoplossAdjust's own adjustStopLossBy inputs. */
  adjust: StopAdjustment;
}

/** A customStoploss argument object to reuse (StopContext.args); every field is set before each call. */
export function newStoplossArgs(): CustomStoplossArgs {
  return { pair: '', trade: undefined as unknown as TradeView, currentTime: Number.NaN, currentRate: Number.NaN, currentProfit: Number.NaN, afterFill: false };
}

/**
 * IStrategy.ft_stoploss_adjust at ctx.rate / ctx.time. ctx.low / ctx.high are the candle's
 * extremes in a backtest (NaN when evaluating at a single price, e.g. right after a fill);
 * custom stoploss and trailing see the favourable extreme (high for longs). ctx.profit (the
 * profit at ctx.rate) may be NaN: it is then computed, only when there is no candle extreme to
 * use instead.
 */
export function stoplossAdjust(ctx: StopContext, trade: Trade, afterFill: boolean): void {
  const s = ctx.strategy;
  if (afterFill && !ctx.useCustom) return;
  const currentRate = ctx.rate;
  const currentTime = ctx.time;
  const currentProfit = ctx.profit;
  const low = ctx.low;
  const high = ctx.high;
  let stopValue = s.stoploss;
  // adjustStopLoss(..., initial = true) only sets a stop when there is none yet.
  if (trade.stopLoss === 0) adjustStopLoss(trade, trade.openRate, stopValue, ctx.tick, true);
  const dirCorrect = trade.isShort ? trade.stopLoss > (high === high ? high : currentRate) : trade.stopLoss < (low === low ? low : currentRate);
  if (!dirCorrect) return;
  const bound = trade.isShort ? low : high;
  const hasBound = bound === bound && bound !== 0;
  const boundRate = hasBound ? bound : currentRate;
  // currentProfit may be NaN ("not computed") when the caller has the candle: it is only needed without one.
  let boundProfit = currentProfit;
  if (hasBound || currentProfit !== currentProfit) {
    trade.probeRate = hasBound ? bound : currentRate;
    trade.probeProfit();
    boundProfit = trade.probeResult;
  }
  const adjust = ctx.adjust;
  adjust.price = boundRate;
  adjust.tick = ctx.tick;
  if (ctx.useCustom) {
    const args = ctx.args;
    args.pair = trade.pair;
    args.trade = trade;
    args.currentTime = currentTime;
    args.currentRate = boundRate;
    args.currentProfit = boundProfit;
    args.afterFill = afterFill;
    const v = invokeCustomStoploss(s, args, trade.cbOpts);
    // Freqtrade ignores 0, NaN and infinities (falsy or invalid) and keeps the stop.
    if (typeof v === 'number' && v !== 0 && Number.isFinite(v)) {
      stopValue = v;
      adjust.stoploss = v;
      adjust.allowRefresh = afterFill;
      adjustStopLossBy(trade, adjust);
    }
  }
  if (s.trailingStop) {
    const offset = s.trailingStopPositiveOffset;
    if (!(s.trailingOnlyOffsetIsReached && boundProfit < offset)) {
      if (s.trailingStopPositive !== undefined && boundProfit > offset) stopValue = s.trailingStopPositive;
      if (stopValue !== undefined) {
        adjust.stoploss = stopValue;
        adjust.allowRefresh = false;
        adjustStopLossBy(trade, adjust);
      }
    }
  }
}
