import { tradeDurationMinutes } from '../../portfolio/trade-record.ts';
import type { HyperoptLoss, LossInput } from './types.ts';

/** Freqtrade's ShortTradeDurHyperOptLoss constants (freqtrade/optimize/hyperopt_loss/hyperopt_loss_short_trade_dur.py). */
export const TARGET_TRADES = 600;
export const EXPECTED_MAX_PROFIT = 3.0;
export const MAX_ACCEPTED_TRADE_DURATION = 300;

/**
 * Freqtrade's default loss:
 *   trade_loss    = 1 - 0.25 · exp(-(trade_count - 600)² / 10^5.8)
 *   profit_loss   = max(0, 1 - Σ profit_ratio / 3.0)
 *   duration_loss = 0.4 · min(mean duration in minutes / 300, 1)
 *   loss          = trade_loss + profit_loss + duration_loss
 */
export const ShortTradeDurHyperOptLoss: HyperoptLoss = {
  name: 'ShortTradeDurHyperOptLoss',
  objectives: 1,
  compute(input: LossInput): number {
    let totalProfit = 0;
    let duration = 0;
    for (const t of input.trades) {
      totalProfit += t.profitRatio;
      duration += tradeDurationMinutes(t);
    }
    // pandas' mean of an empty column is NaN, and Python's min(nan, 1) keeps the NaN.
    const meanDuration = input.trades.length > 0 ? duration / input.trades.length : NaN;
    const tradeLoss = 1 - 0.25 * Math.exp(-((input.tradeCount - TARGET_TRADES) ** 2) / 10 ** 5.8);
    const profitLoss = Math.max(0, 1 - totalProfit / EXPECTED_MAX_PROFIT);
    const ratio = meanDuration / MAX_ACCEPTED_TRADE_DURATION;
    const durationLoss = 0.4 * (Number.isNaN(ratio) ? NaN : Math.min(ratio, 1));
    return tradeLoss + profitLoss + durationLoss;
  },
};

/** Freqtrade's OnlyProfitHyperOptLoss: loss = -Σ profit_abs. */
export const OnlyProfitHyperOptLoss: HyperoptLoss = {
  name: 'OnlyProfitHyperOptLoss',
  objectives: 1,
  compute(input: LossInput): number {
    let total = 0;
    for (const t of input.trades) total += t.profitAbs;
    return -total;
  },
};
