import { calculateCalmar, calculateSharpe, calculateSortino } from '../../reports/ratios.ts';
import type { HyperoptLoss, LossInput } from './types.ts';

/**
 * The ratio losses are minus Freqtrade's ratios from freqtrade/data/metrics.py, which
 * framework/reports/ratios.ts reproduces (per-trade returns profit_abs / starting balance over
 * the backtest's whole days, annualised with sqrt(365); -100 when the denominator is 0, 0 for
 * no trades).
 */

/** loss = -(Σ r / days) / std(r) · sqrt(365), r = profit_abs / starting balance, population std. */
export const SharpeHyperOptLoss: HyperoptLoss = {
  name: 'SharpeHyperOptLoss',
  objectives: 1,
  compute: (i: LossInput) => -calculateSharpe(i.trades, i.minDate, i.maxDate, i.startingBalance),
};

/** loss = -(Σ r / days) / std(r of losing trades) · sqrt(365). */
export const SortinoHyperOptLoss: HyperoptLoss = {
  name: 'SortinoHyperOptLoss',
  objectives: 1,
  compute: (i: LossInput) => -calculateSortino(i.trades, i.minDate, i.maxDate, i.startingBalance),
};

/** loss = -(Σ profit_abs / starting balance / days · 100) / max relative drawdown · sqrt(365). */
export const CalmarHyperOptLoss: HyperoptLoss = {
  name: 'CalmarHyperOptLoss',
  objectives: 1,
  compute: (i: LossInput) => -calculateCalmar(i.trades, i.minDate, i.maxDate, i.startingBalance),
};
