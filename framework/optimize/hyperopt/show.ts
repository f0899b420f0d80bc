import { UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import { buildBacktestResult } from '../../reports/export.ts';
import { showBacktestResults } from '../../reports/text.ts';
import type { BacktestRun } from '../../reports/types.ts';
import { resolveLoss } from '../losses/index.ts';
import { bestEpoch } from './best.ts';
import { EpochRunner, loadRunStrategy } from './epoch-runner.ts';
import { epochSummary } from './list.ts';
import { paramsText } from './params-text.ts';
import type { EpochLine, ResultsFile } from './results-file.ts';

/**
 * hyperopt-show: the full backtest report of one epoch. The results file keeps the epoch's
 * point and the run's spec, so the epoch is backtested again, exactly as the run did (same
 * strategy base values, settings and data; a changed strategy file or changed candles are
 * reported as warnings, since the report may then differ from the recorded figures).
 */

export function pickEpoch(results: ResultsFile, n: number | undefined, best: boolean): EpochLine {
  if (best || n === undefined) {
    const b = bestEpoch(results.epochs);
    if (!b) throw new UsageError(`hyperopt results ${results.file}: no epoch has a usable result (all ${results.epochs.length} failed)`);
    return b;
  }
  const found = results.epochs.find((e) => e.epoch === n);
  if (!found) {
    const have = results.epochs.map((e) => e.epoch).sort((a, b) => a - b);
    const span = have.length > 0 ? `epochs ${have[0]}..${have[have.length - 1]} (${have.length} recorded)` : 'no epochs';
    throw new UsageError(`hyperopt results ${results.file}: no epoch ${n}; the file has ${span}`);
  }
  return found;
}

export interface ShownEpoch {
  epoch: EpochLine;
  run: BacktestRun;
  text: string;
}

export async function showEpoch(results: ResultsFile, epoch: EpochLine): Promise<ShownEpoch> {
  const log = getLogger('hyperopt');
  const spec = results.header.spec;
  const strategy = await loadRunStrategy(spec, 'warn', 'backtest');
  const loss = await resolveLoss(spec.loss.name, { directory: spec.loss.directory });
  const r = await new EpochRunner(spec, strategy, undefined, loss).run(epoch.params);
  for (const [key, hash] of Object.entries(results.header.dataHashes)) {
    const now = r.outcome.dataHashes[key];
    if (now !== undefined && now !== hash) log.warn({ key }, `the candles of ${key} changed since the run: the report may differ from the recorded epoch`);
  }
  const total = Math.max(results.header.epochs, ...results.epochs.map((e) => e.epoch));
  const text =
    `Epoch details (${spec.strategy.name}, ${spec.loss.name}, ${spec.sampler.name} seed ${spec.sampler.seed}):\n\n` +
    `    ${epochSummary(epoch, total, spec.backtest.stakeCurrency)}\n\n${paramsText(epoch.paramsDetails)}\n` +
    showBacktestResults(buildBacktestResult([r.run]));
  return { epoch, run: r.run, text };
}
