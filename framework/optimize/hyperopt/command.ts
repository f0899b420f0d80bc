import { randomInt } from 'node:crypto';
import path from 'node:path';
import type { KeelConfig } from '../../config/schema.ts';
import { UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import { redact } from '../../core/redact.ts';
import { parseTimerange } from '../../core/timerange.ts';
import { buildBacktestResult } from '../../reports/export.ts';
import { showBacktestResults } from '../../reports/text.ts';
import { loadStrategy } from '../../strategy/loader.ts';
import { parameterFilePath, writeParameterFile } from '../../strategy/parameter-file.ts';
import { findBuiltinLoss } from '../losses/builtin.ts';
import { exportParameters } from '../spaces/apply.ts';
import { normalizeSpaceNames } from '../spaces/search-space.ts';
import { EpochRunner } from './epoch-runner.ts';
import { installIndicatorCache } from './indicators.ts';
import { pairDerivedFromShared } from './shared-data.ts';
import { epochSummary } from './list.ts';
import { paramsText } from './params-text.ts';
import type { EpochLine } from './results-file.ts';
import { resolveResultsFile } from './results-file.ts';
import { defaultWorkers, runHyperopt, type RunResult } from './run.ts';
import type { HyperoptRunSpec } from './run-spec.ts';
import { backtestSettings, type BacktestChoices } from './settings-from-config.ts';
import { newRunSpec, prepareResume, prepareRun, type PreparedRun } from './setup.ts';

/**
 * What `run.ts hyperopt` does once its flags are parsed and the config resolved (the
 * registration in cli/hyperopt.ts stays light). New run or --resume, then the best epoch's full
 * backtest report and the parameter file export.
 */

/** Flags that define what a run searches and how it backtests (compared with the run on --resume). */
export interface SearchFlags {
  strategy?: string;
  spaces?: string[];
  loss?: string;
  sampler?: string;
  seed?: number;
  minTrades?: number;
  timerange?: string;
  timeframe?: string;
  pairs?: string[];
  fee?: number;
  stakeAmount?: number | 'unlimited';
  maxOpenTrades?: number;
  startingBalance?: number;
  enableProtections?: boolean;
}

export interface HyperoptRequest extends SearchFlags {
  config: KeelConfig;
  timeframeExplicit: boolean;
  epochs?: number;
  jobs?: number;
  earlyStop?: number;
  resume?: string;
  disableParamExport?: boolean;
  /** --markets, absolute. */
  markets?: string;
  progress: boolean;
  out: NodeJS.WritableStream;
}

export const DEFAULT_EPOCHS = 100;
export const DEFAULT_LOSS = 'ShortTradeDurHyperOptLoss';
export const DEFAULT_SAMPLER = 'tpe';
export const DEFAULT_MIN_TRADES = 1;

/** Load the strategy, build the spec of a new run and prepare its data. */
export async function prepareNewRun(req: HyperoptRequest, overrides: Partial<BacktestChoices> = {}): Promise<PreparedRun> {
  const { config } = req;
  const name = req.strategy ?? config.strategy.name;
  if (!name) throw new UsageError('no strategy selected: pass --strategy <ClassName> or set strategy.name in the config');
  const strategy = await loadStrategy(name, { dir: config.strategy.path, parameterOverrides: config.strategy.parameters });
  const backtest = backtestSettings(config, strategy.strategy, {
    timeframeExplicit: req.timeframeExplicit,
    ...(req.fee !== undefined ? { fee: req.fee } : {}),
    ...(req.maxOpenTrades !== undefined ? { maxOpenTrades: req.maxOpenTrades } : {}),
    ...(req.enableProtections ? { enableProtections: true } : {}),
    ...(req.markets !== undefined ? { markets: req.markets } : {}),
    ...overrides,
  });
  const seed = req.seed ?? randomInt(2 ** 31);
  if (req.seed === undefined) getLogger('hyperopt').info({ seed }, `no --random-state given: using ${seed}`);
  const spec = await newRunSpec({
    strategy,
    strategyDir: config.strategy.path,
    parameterOverrides: config.strategy.parameters,
    spaces: req.spaces ?? [],
    loss: req.loss ?? DEFAULT_LOSS,
    lossDirectory: path.resolve('user_data/hyperopts'),
    sampler: req.sampler ?? DEFAULT_SAMPLER,
    seed,
    minTrades: req.minTrades ?? DEFAULT_MIN_TRADES,
    backtest,
    configResolved: configForLoss(config),
  });
  return prepareRun(spec, strategy);
}

/**
 * The config as loss functions see it (LossInput.config). It is written into the results
 * header, so the exchange credentials are left out and every secret-looking key is masked.
 */
export function configForLoss(config: KeelConfig): Record<string, unknown> {
  const { key: _k, secret: _s, password: _p, uid: _u, ...exchange } = config.exchange;
  return redact({ ...config, exchange }) as unknown as Record<string, unknown>;
}

/** With --resume, any search flag given must match the run (a different value would mix runs). */
export function checkResumeFlags(spec: HyperoptRunSpec, f: SearchFlags, file: string): void {
  const diffs: string[] = [];
  const b = spec.backtest;
  const same = (a: unknown, c: unknown): boolean => JSON.stringify(a) === JSON.stringify(c);
  const cmp = (flag: string, given: unknown, recorded: unknown, equal = same(given, recorded)): void => {
    if (given !== undefined && !equal) diffs.push(`${flag} ${JSON.stringify(given)} (the run has ${JSON.stringify(recorded)})`);
  };
  cmp('--strategy', f.strategy, spec.strategy.name);
  if (f.spaces !== undefined) cmp('--spaces', normalizeSpaceNames(f.spaces).join(' '), spec.spaces.join(' '));
  if (f.loss !== undefined) cmp('--hyperopt-loss', f.loss, spec.loss.name, (findBuiltinLoss(f.loss)?.name ?? f.loss) === spec.loss.name);
  cmp('--sampler', f.sampler, spec.sampler.name);
  cmp('--random-state', f.seed, spec.sampler.seed);
  cmp('--min-trades', f.minTrades, spec.minTrades);
  if (f.timerange !== undefined) cmp('--timerange', f.timerange, b.timerange, same(parseTimerange(f.timerange), b.timerange));
  cmp('--timeframe', f.timeframe, b.timeframe);
  cmp('--pairs', f.pairs, b.pairs);
  cmp('--fee', f.fee, b.fee);
  cmp('--stake-amount', f.stakeAmount, b.stake.amount);
  cmp('--max-open-trades', f.maxOpenTrades, b.maxOpenTrades);
  cmp('--starting-balance', f.startingBalance, b.stake.startingBalance);
  cmp('--enable-protections', f.enableProtections, b.enableProtections);
  if (diffs.length > 0) {
    throw new UsageError(
      `--resume ${path.basename(file)} continues that run as it was started; these flags differ from it: ${diffs.join('; ')}. ` +
        'Leave them out (or start a new run without --resume)',
    );
  }
}

export async function hyperoptCommand(req: HyperoptRequest): Promise<void> {
  const out = req.out;
  let prep: PreparedRun;
  let result: RunResult;
  const resultsDir = req.config.hyperopt.results_directory;
  const signalCacheBytes = Math.round(req.config.hyperopt.signal_cache_mb * 1024 * 1024);
  const workers = req.jobs ?? defaultWorkers();
  if (!Number.isSafeInteger(workers) || workers < 1) throw new UsageError(`-j must be a whole number >= 1, got ${workers}`);

  if (req.resume !== undefined) {
    const file = resolveResultsFile(req.resume, resultsDir);
    const { results, prepared } = await prepareResume(file);
    checkResumeFlags(prepared.spec, req, file);
    prep = prepared;
    const epochs = req.epochs ?? results.header.epochs;
    if (results.skippedLastLine !== null) {
      out.write(`Resuming ${file}: skipping the partial last line ${results.skippedLastLine} (cut off when the run stopped)\n`);
    }
    out.write(`Resuming ${path.basename(file)}: ${results.epochs.length} epochs recorded, running to ${epochs}\n`);
    result = await runHyperopt(prep, {
      epochs,
      workers,
      earlyStop: req.earlyStop ?? 0,
      resultsDir,
      resume: results,
      progress: req.progress,
      signalCacheBytes,
    });
  } else {
    const epochs = req.epochs ?? DEFAULT_EPOCHS;
    prep = await prepareNewRun(req);
    result = await runHyperopt(prep, { epochs, workers, earlyStop: req.earlyStop ?? 0, resultsDir, progress: req.progress, signalCacheBytes });
  }
  await reportRun(prep, result, { out, exportParams: req.disableParamExport !== true });
}

/** The end of a run: what happened, the best epoch (with its full backtest report) and the export. */
export async function reportRun(prep: PreparedRun, result: RunResult, o: { out: NodeJS.WritableStream; exportParams: boolean }): Promise<void> {
  const { out } = o;
  const { outcome, file } = result;
  const { spec } = prep;
  const total = Math.max(outcome.epochs.length, ...outcome.epochs.map((e) => e.epoch));
  const shown = path.relative(process.cwd(), file) || file;
  out.write(`\n${outcome.newEpochs} epochs run (${outcome.epochs.length} in ${shown})`);
  out.write(outcome.elapsedMs > 0 && outcome.newEpochs > 0 ? `, ${((outcome.newEpochs * 60000) / outcome.elapsedMs).toFixed(1)} epochs/min\n` : '\n');
  if (outcome.ended === 'interrupted') {
    out.write(`Interrupted (${outcome.interruptReason}): the epochs in flight were dropped. Continue with: hyperopt --resume ${path.basename(file)}\n`);
    process.exitCode = outcome.interruptReason === 'SIGTERM' ? 143 : 130;
  } else if (outcome.ended === 'early-stop') out.write('Stopped early: no improvement within --early-stop epochs.\n');
  else if (outcome.ended === 'exhausted') out.write(`The ${spec.sampler.name} sampler has tried every point of the search space.\n`);

  const best = outcome.best;
  if (!best) {
    out.write('No epoch produced a usable result (every epoch failed); nothing exported.\n');
    return;
  }
  out.write(`\nBest result:\n\n    ${epochSummary(best, total, spec.backtest.stakeCurrency)}\n\n${paramsText(best.paramsDetails)}\n`);
  const report = await bestEpochReport(prep, best);
  out.write(report.text);
  if (o.exportParams) {
    const target = await exportBest(prep, best);
    out.write(`Parameters of epoch ${best.epoch} exported to ${path.relative(process.cwd(), target) || target}\n`);
  }
}

/** Re-run one epoch in this thread and render the full backtest report (same tables as `backtest`). */
export async function bestEpochReport(prep: PreparedRun, epoch: EpochLine): Promise<{ text: string }> {
  installIndicatorCache(prep.strategy.strategy, prep.strategy.parameters, prep.indicators, prep.loaded, prep.spec.backtest.timeframe);
  const runner = new EpochRunner(prep.spec, prep.strategy, prep.loaded, prep.loss, pairDerivedFromShared(prep.shared));
  const r = await runner.run(epoch.params);
  const text = showBacktestResults(buildBacktestResult([r.run]));
  const recorded = epoch.loss;
  const now = r.loss?.values[0];
  if (recorded !== null && now !== undefined && Math.abs(now - recorded) > 1e-9 * Math.max(1, Math.abs(recorded))) {
    getLogger('hyperopt').warn({ epoch: epoch.epoch, recorded, now }, `epoch ${epoch.epoch} gives loss ${now} now, ${recorded} when it ran`);
  }
  return { text };
}

/** Write the epoch's parameters to the strategy's JSON parameter file (Freqtrade's format). */
export async function exportBest(prep: PreparedRun, epoch: EpochLine): Promise<string> {
  const { spec, strategy } = prep;
  const params = exportParameters(strategy.strategy, strategy.parameters, spec.searchSpace, epoch.params, {
    stakeAmount: spec.backtest.stake.amount,
    configMaxOpenTrades: spec.backtest.configMaxOpenTrades,
  });
  const target = parameterFilePath(strategy.file);
  await writeParameterFile(target, strategy.name, params);
  return target;
}
