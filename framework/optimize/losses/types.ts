import type { TradeRecord } from '../../portfolio/trade-record.ts';
import type { StrategyMetrics } from '../../reports/types.ts';

/**
 * Loss functions: what hyperopt minimizes. The interface mirrors Freqtrade's IHyperOptLoss
 * (hyperopt_loss_function(results, trade_count, min_date, max_date, config, processed,
 * backtest_stats, starting_balance)) with the arguments gathered in one object.
 */

/** Freqtrade's MAX_LOSS: the loss of an epoch with fewer trades than --min-trades. */
export const MAX_LOSS = 100_000;

export interface LossInput {
  /** The epoch's trades (Freqtrade's `results` frame), in the order the engine closed them. */
  trades: readonly TradeRecord[];
  /** Number of trades (Freqtrade's trade_count). */
  tradeCount: number;
  /** Open time of the first and last candle backtested, epoch ms (Freqtrade's min_date / max_date). */
  minDate: number;
  maxDate: number;
  /** The wallet the backtest started with (Freqtrade's starting_balance / dry_run_wallet). */
  startingBalance: number;
  /** The resolved config of the run. */
  config: Readonly<Record<string, unknown>>;
  /** The run's summary metrics (Freqtrade's backtest_stats). */
  readonly metrics: StrategyMetrics;
}

export interface HyperoptLoss {
  /** The class name users select it by (--hyperopt-loss). */
  readonly name: string;
  /** Number of values compute returns: 1 for every Freqtrade loss; more for a multi-objective loss (use --sampler nsga2). */
  readonly objectives: number;
  /** Smaller is better. One number, or `objectives` numbers. */
  compute(input: LossInput): number | number[];
}

/**
 * Base class for custom losses in user_data/hyperopts/*.ts:
 *
 *   import { IHyperoptLoss, type LossInput } from '../../framework/optimize/losses/index.ts';
 *   export class ProfitPerDayLoss extends IHyperoptLoss {
 *     compute(input: LossInput): number { ... }
 *   }
 *
 * The class name is the loss's name. Set `objectives` for a loss that returns several values.
 */
export abstract class IHyperoptLoss implements HyperoptLoss {
  objectives = 1;
  get name(): string {
    return this.constructor.name;
  }
  abstract compute(input: LossInput): number | number[];
}
