import { calculateMaxDrawdown } from '../../reports/drawdown.ts';
import { calculateExpectancy } from '../../reports/ratios.ts';
import type { HyperoptLoss, LossInput } from './types.ts';

/** Freqtrade's MultiMetricHyperOptLoss constants (hyperopt_loss_multi_metric.py). */
export const MULTI_METRIC = {
  /** Smaller penalizes drawdown more. */
  DRAWDOWN_MULT: 0.055,
  /** Below this many trades the result is scaled down (never below 0.1). */
  TARGET_TRADE_AMOUNT: 50,
  EXPECTANCY_CONST: 2.0,
  PF_CONST: 1.0,
  WINRATE_CONST: 1.2,
} as const;

/**
 * A product of profit, drawdown, profit factor, expectancy, win rate and trade count:
 *   P   = Σ profit_abs;  D = relative account drawdown (vs starting balance)
 *   pf  = gross win / (|gross loss| + 1e-6);            log_pf = ln(pf + 1)
 *   er  = expectancy ratio (reports/ratios.ts);         log_er = ln(min(10, er) + 2)
 *   wr  = winning trades / trades;                      log_wr = ln(1.2 + wr)
 *   pen = 1 if trades >= 50 else max(1 - |trades - 50| / 50, 0.1)
 *   loss = -((P - D·P·(1 - 0.055)) · log_pf · log_er · log_wr · pen)
 */
export const MultiMetricHyperOptLoss: HyperoptLoss = {
  name: 'MultiMetricHyperOptLoss',
  objectives: 1,
  compute(input: LossInput): number {
    const c = MULTI_METRIC;
    let total = 0;
    let win = 0;
    let loss = 0;
    let winners = 0;
    for (const t of input.trades) {
      total += t.profitAbs;
      if (t.profitAbs > 0) {
        win += t.profitAbs;
        winners++;
      } else if (t.profitAbs < 0) loss += t.profitAbs;
    }
    const profitFactor = win / (Math.abs(loss) + 1e-6);
    const logProfitFactor = Math.log(profitFactor + c.PF_CONST);
    const { expectancyRatio } = calculateExpectancy(input.trades);
    const logExpectancyRatio = Math.log(Math.min(10, expectancyRatio) + c.EXPECTANCY_CONST);
    // len(results) == 0 makes Freqtrade divide by zero; an empty epoch only gets here with --min-trades 0.
    const winrate = winners / input.trades.length;
    const logWinrate = Math.log(c.WINRATE_CONST + winrate);
    const dd = calculateMaxDrawdown(input.trades, { value: 'profitAbs', startingBalance: input.startingBalance });
    const relative = dd?.relativeAccountDrawdown ?? 0;
    let penalty = 1;
    if (input.tradeCount < c.TARGET_TRADE_AMOUNT) {
      penalty = Math.max(1 - Math.abs(input.tradeCount - c.TARGET_TRADE_AMOUNT) / c.TARGET_TRADE_AMOUNT, 0.1);
    }
    const profitDraw = total - relative * total * (1 - c.DRAWDOWN_MULT);
    return -1 * (profitDraw * logProfitFactor * logExpectancyRatio * logWinrate * penalty);
  },
};
