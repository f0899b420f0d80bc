import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DataError, UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import { timeframeToMs } from '../../core/timeframe.ts';
import { CandleStore } from '../../data/parquet-store.ts';
import { loadData } from '../../engine/backtest/prepare-data.ts';
import { loadStrategy } from '../../strategy/loader.ts';
import { resolveLoss } from '../losses/index.ts';
import type { Point } from '../spaces/dimensions.ts';
import { DEFAULT_EPOCHS, prepareNewRun, type HyperoptRequest } from '../hyperopt/command.ts';
import { EpochRunner, loadRunStrategy } from '../hyperopt/epoch-runner.ts';
import { epochSummary } from '../hyperopt/list.ts';
import { StopSignal } from '../hyperopt/optimizer.ts';
import { defaultWorkers, runHyperopt } from '../hyperopt/run.ts';
import type { HyperoptRunSpec } from '../hyperopt/run-spec.ts';
import { backtestSettings } from '../hyperopt/settings-from-config.ts';
import { spanText, summarizeWalkForward, walkForwardText, type WalkForwardSummary, type WindowResult } from './report.ts';
import { parseWalkForward, walkForwardWindows, type WalkForwardWindow } from './windows.ts';

/**
 * `hyperopt --walk-forward ...`: for each window, a full hyperopt run on the in-sample range
 * (its own results file, `<strategy>_wf<k>of<N>_<time>.jsonl`), then a backtest of the best
 * epoch's parameters on the out-of-sample range that follows, then the report (report.ts) and a
 * JSON summary beside the results. Nothing is exported to the strategy's parameter file: which
 * window's parameters to trade is the user's call after reading the report.
 */

const DAY = 86_400_000;

export async function walkForwardCommand(req: HyperoptRequest & { walkForward: string }): Promise<WalkForwardSummary> {
  const log = getLogger('hyperopt');
  const out = req.out;
  const wf = parseWalkForward(req.walkForward);
  const { config } = req;
  const name = req.strategy ?? config.strategy.name;
  if (!name) throw new UsageError('no strategy selected: pass --strategy <ClassName> or set strategy.name in the config');
  const seed = req.seed ?? randomInt(2 ** 31);
  const epochs = req.epochs ?? DEFAULT_EPOCHS;
  const resultsDir = config.hyperopt.results_directory;

  // The data's span inside --timerange decides where the windows fall.
  const probe = await loadStrategy(name, { dir: config.strategy.path, parameterOverrides: config.strategy.parameters });
  const settings = backtestSettings(config, probe.strategy, { timeframeExplicit: req.timeframeExplicit });
  const data = await loadData(probe.strategy, {
    store: new CandleStore(settings.dataDir, settings.exchange, settings.tradingMode),
    pairs: settings.pairs,
    timeframe: settings.timeframe,
    timerange: settings.timerange,
    startupCandles: 0,
    canShort: false,
    load: settings.load,
  });
  let first = Infinity;
  let last = -Infinity;
  for (const p of data.pairs) {
    const ts = p.candles.timestamp;
    if (ts.length === 0) continue;
    first = Math.min(first, ts[0]!);
    last = Math.max(last, ts[ts.length - 1]!);
  }
  if (!Number.isFinite(first)) throw new DataError(`--walk-forward: no candles for ${settings.pairs.join(', ')} ${settings.timeframe} in the timerange`);
  const tfMs = timeframeToMs(settings.timeframe);
  const windows = walkForwardWindows(wf, first, last, tfMs);
  out.write(
    `Walk-forward: ${windows.length} window(s), ${wf.anchored ? 'anchored' : 'rolling'}, ${epochs} epochs each, seed ${seed}\n` +
      windows.map((w) => `  window ${w.index}: in-sample ${spanText(w.inSample)}, out-of-sample ${spanText(w.outOfSample)}\n`).join(''),
  );

  const stop = new StopSignal();
  const onSignal = (sig: NodeJS.Signals): void => stop.stop(sig);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const results: WindowResult[] = [];
  let spec: HyperoptRunSpec | null = null;
  try {
    for (const w of windows) {
      const prep = await prepareNewRun({ ...req, seed }, { timerange: w.inSample });
      spec = prep.spec;
      const run = await runHyperopt(prep, {
        epochs,
        workers: req.jobs ?? defaultWorkers(),
        earlyStop: req.earlyStop ?? 0,
        resultsDir,
        progress: req.progress,
        nameSuffix: `_wf${w.index}of${windows.length}`,
        handleSignals: false,
        stop,
      });
      const best = run.outcome.best;
      const result: WindowResult = {
        index: w.index,
        inSample: w.inSample,
        outOfSample: w.outOfSample,
        resultsFile: run.file,
        epochs: run.outcome.epochs.length,
        bestEpoch: best?.epoch ?? null,
        params: best?.params ?? null,
        is: best?.metrics ? { metrics: best.metrics, loss: best.loss, days: spanDays(w.inSample, tfMs) } : null,
        oos: null,
      };
      if (best) {
        out.write(`Window ${w.index} in-sample best: ${epochSummary(best, epochs, prep.spec.backtest.stakeCurrency)}\n`);
        result.oos = await outOfSample(prep.spec, w, best.params, tfMs);
      }
      results.push(result);
      if (run.outcome.ended === 'interrupted') {
        out.write(`Interrupted (${run.outcome.interruptReason}) in window ${w.index}; the report covers the windows done so far.\n`);
        process.exitCode = run.outcome.interruptReason === 'SIGTERM' ? 143 : 130;
        break;
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const summary = summarizeWalkForward(results, spec?.searchSpace.dimensions ?? []);
  const stake = settings.stakeCurrency;
  out.write(`\n${walkForwardText(summary, stake, `WALK-FORWARD ${spec?.strategy.name ?? name} (${spec?.loss.name ?? ''})`)}`);
  const file = path.join(resultsDir, `${spec?.strategy.name ?? name}_walk-forward_${new Date().toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-')}.json`);
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ kind: 'keel-walk-forward', version: 1, spec: wf, seed, epochs, summary }, null, 1)}\n`);
  out.write(`Walk-forward summary written to ${path.relative(process.cwd(), file) || file}\n`);
  log.info({ file, muchWorse: summary.verdict.muchWorse }, 'walk-forward done');
  return summary;
}

function spanDays(r: { startMs: number; endMs: number }, tfMs: number): number {
  return (r.endMs - r.startMs + tfMs) / DAY;
}

/** Backtest the parameters on the window's out-of-sample range (a plain backtest: ranges at the values). */
async function outOfSample(spec: HyperoptRunSpec, w: WalkForwardWindow, params: Point, tfMs: number): Promise<WindowResult['oos']> {
  const oosSpec: HyperoptRunSpec = { ...spec, backtest: { ...spec.backtest, timerange: w.outOfSample } };
  const strategy = await loadRunStrategy(oosSpec, 'ignore', 'backtest');
  const loss = await resolveLoss(spec.loss.name, { directory: spec.loss.directory });
  const r = await new EpochRunner(oosSpec, strategy, undefined, loss).run(params);
  const days = (r.outcome.endDate - r.outcome.startDate + tfMs) / DAY;
  const v = r.loss?.values[0];
  return { metrics: r.metrics, loss: v !== undefined && Number.isFinite(v) ? v : null, days };
}
