import { generateStrategyMetrics } from '../../reports/metrics.ts';
import type { BacktestRun, StrategyMetrics } from '../../reports/types.ts';
import type { LossInput } from './types.ts';

/**
 * The loss input of one epoch's backtest. `metrics` is computed on first read only (most
 * losses never read it) unless the caller already has it.
 */
export function lossInputFromRun(run: BacktestRun, metrics?: StrategyMetrics): LossInput {
  let cached = metrics;
  return {
    trades: run.trades,
    tradeCount: run.trades.length,
    minDate: run.timerange.start,
    maxDate: run.timerange.end,
    startingBalance: run.startingBalance,
    config: run.configResolved,
    get metrics(): StrategyMetrics {
      cached ??= generateStrategyMetrics(run);
      return cached;
    },
  };
}
