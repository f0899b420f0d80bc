import type { IStrategy } from '../../strategy/strategy.ts';
import type { Trade } from './trade.ts';

/**
 * Exit prices of Freqtrade's backtest (_get_close_rate_for_stoploss / _get_close_rate_for_roi).
 * Candle values are passed as numbers; NaN from closeRateForRoi means "no ROI exit on this
 * candle" (Freqtrade raises for an ROI on the entry candle of a custom-priced entry that the
 * candle's direction makes impossible).
 */

/** Stop exits: the stop price, or the open when the whole candle is beyond it; trailing on the entry candle: the worst realistic price. */
export function closeRateForStoploss(
  strategy: IStrategy,
  trade: Trade,
  trailing: boolean,
  tradeDur: number,
  open: number,
  high: number,
  low: number,
): number {
  const stop = trade.stopLoss;
  if (trade.isShort ? stop < low : stop > high) return open;
  if (trailing && tradeDur === 0) {
    const side = trade.isShort ? -1 : 1;
    const lev = trade.leverage;
    let rate: number;
    if (
      !strategy.useCustomStoploss &&
      strategy.trailingStop &&
      strategy.trailingOnlyOffsetIsReached &&
      strategy.trailingStopPositive
    ) {
      // Worst case: the price just reaches the offset, then falls to the positive trail.
      rate = open * (1 + side * Math.abs(strategy.trailingStopPositiveOffset) - side * Math.abs(strategy.trailingStopPositive / lev));
    } else {
      // Worst case: the price ticks above the open and falls straight to the stop distance.
      rate = open * (1 - side * Math.abs((trade.stopLossPct ?? 0) / lev));
    }
    return trade.isShort ? Math.min(high, rate) : Math.max(low, rate);
  }
  return stop;
}

/**
 * ROI exits: the price at which the profit after both fees is exactly `roi`, clamped into the
 * candle; the open when a new ROI step starts on this candle's open and the open is already
 * past the target; the open for an ROI of -1 at a candle boundary.
 */
export function closeRateForRoi(
  trade: Trade,
  roiEntry: number,
  roi: number,
  tradeDur: number,
  timeframeMinutes: number,
  open: number,
  high: number,
  low: number,
  close: number,
): number {
  if (roi === -1 && roiEntry % timeframeMinutes === 0) return open;
  const side = trade.isShort ? -1 : 1;
  const roiRate = (trade.openRate * roi) / trade.leverage;
  const openFeeRate = side * trade.openRate * (1 + side * trade.feeOpen);
  const rate = -(roiRate + openFeeRate) / (trade.feeClose - side * 1);
  const isNewRoi = trade.isShort ? open < rate : open > rate;
  if (tradeDur > 0 && tradeDur === roiEntry && roiEntry % timeframeMinutes === 0 && isNewRoi) return open;
  if (
    tradeDur === 0 &&
    ((trade.isShort && open < close && trade.openRate > open && rate < close) ||
      (!trade.isShort && open > close && trade.openRate < open && rate > close))
  ) {
    return Number.NaN;
  }
  return Math.min(Math.max(rate, low), high);
}
