import { UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import type { LoadedData } from '../../engine/backtest/prepare-data.ts';
import { runBacktest, type BacktestOutcome } from '../../engine/backtest/runner.ts';
import { calculateMarketChange } from '../../reports/market-change.ts';
import type { BacktestRun } from '../../reports/types.ts';
import { loadStrategy, type LoadedStrategy } from '../../strategy/loader.ts';
import { evaluateLoss, type LossResult } from '../losses/evaluate.ts';
import { lossInputFromRun } from '../losses/input.ts';
import type { HyperoptLoss } from '../losses/types.ts';
import type { Point } from '../spaces/dimensions.ts';
import { applyPoint, type ApplyContext } from '../spaces/apply.ts';
import { markSearchedParameters } from '../spaces/search-space.ts';
import { applyBaseParams } from './base-params.ts';
import { EpochAnalysis } from './epoch-analysis.ts';
import { epochMetrics, type EpochMetrics } from './epoch-metrics.ts';
import type { HyperoptRunSpec } from './run-spec.ts';
import { backtestOptions, backtestRun } from './settings.ts';

/**
 * One epoch: put the point on the strategy, backtest on the loaded data, score it. The same
 * code runs in the workers, for the final report of the best epoch, in hyperopt-show and for the
 * out-of-sample windows of a walk-forward run.
 */

export interface EpochResult {
  outcome: BacktestOutcome;
  run: BacktestRun;
  metrics: EpochMetrics;
  /** Absent when the runner has no loss (a plain backtest of a point). */
  loss?: LossResult;
}

/**
 * Load the run's strategy the way every epoch sees it: the loader (parameter file, config
 * overrides), then the run's base values, then (mode 'hyperopt') hyperopt mode for the searched
 * parameters, whose `.range` then covers every value. Mode 'backtest' leaves `.range` at the
 * current value, for a single backtest of a point (hyperopt-show, walk-forward OOS windows).
 * `source`: what to do when the strategy file changed since the run started.
 */
export async function loadRunStrategy(
  spec: HyperoptRunSpec,
  source: 'error' | 'warn' | 'ignore',
  mode: 'hyperopt' | 'backtest' = 'hyperopt',
): Promise<LoadedStrategy> {
  const l = await loadStrategy(spec.strategy.name, { dir: spec.strategy.dir, parameterOverrides: spec.strategy.parameterOverrides });
  if (l.sourceHash !== spec.strategy.sourceHash && source !== 'ignore') {
    const msg = `strategy ${spec.strategy.name}: ${l.file} changed since the hyperopt run started (source hash ${l.sourceHash.slice(0, 12)}, the run has ${spec.strategy.sourceHash.slice(0, 12)})`;
    if (source === 'error') throw new UsageError(`${msg}; results of different code cannot be mixed: start a new run`);
    getLogger('hyperopt').warn(`${msg}: results may differ from the recorded ones`);
  }
  applyBaseParams(l.strategy, l.parameters, spec.strategy.baseParams);
  if (mode === 'hyperopt') markSearchedParameters(spec.searchSpace, l.parameters);
  return l;
}

/**
 * With `loaded` (a hyperopt run: workers, the best epoch's report) the strategy sees
 * dp.runmode 'hyperopt' (Freqtrade's RunMode.HYPEROPT) and the point-independent preparation
 * (instruments, data hashes, OHLC layout) is done once for all epochs (epoch-analysis.ts).
 * Without it (hyperopt-show, walk-forward out-of-sample windows) each run is a plain backtest.
 */
export class EpochRunner {
  private marketChange: number | null = null;
  private readonly applyCtx: ApplyContext;
  private readonly reuse: EpochAnalysis | null;

  constructor(
    private readonly spec: HyperoptRunSpec,
    private readonly strategy: LoadedStrategy,
    private readonly loaded: LoadedData | undefined,
    private readonly loss: HyperoptLoss | null,
    /** Per pair OHLC layout and data hash computed once for the run (shared-data.ts). */
    derived?: ReadonlyMap<string, { ohlc: Float64Array; dataHash: string }>,
  ) {
    this.applyCtx = { stakeAmount: spec.backtest.stake.amount, configMaxOpenTrades: spec.backtest.configMaxOpenTrades };
    this.reuse = loaded ? new EpochAnalysis(spec.backtest, loaded, strategy.strategy, derived) : null;
  }

  async run(point: Point | null): Promise<EpochResult> {
    const { spec, strategy: l } = this;
    const s = l.strategy;
    if (point !== null) applyPoint(s, l.parameters, spec.searchSpace, point, this.applyCtx);
    const mot = spec.searchSpace.spaces.includes('trades') ? (s.maxOpenTrades ?? -1) : spec.backtest.maxOpenTrades;
    const opts = backtestOptions(spec.backtest, s, l.name, this.loaded, mot);
    if (this.reuse) {
      opts.reuse = this.reuse;
      opts.runmode = 'hyperopt';
    }
    const outcome = await runBacktest(opts);
    // The market change depends on the data only: once per runner.
    this.marketChange ??= calculateMarketChange(outcome.candles, outcome.startDate);
    const run = backtestRun(outcome, spec.backtest, {
      maxOpenTrades: mot,
      marketChange: this.marketChange,
      strategySourceHash: l.sourceHash,
      configResolved: spec.configResolved,
    });
    const metrics = epochMetrics(outcome.trades, spec.backtest.stake.startingBalance);
    const result: EpochResult = { outcome, run, metrics };
    if (this.loss) result.loss = evaluateLoss(this.loss, lossInputFromRun(run), spec.minTrades);
    return result;
  }
}
