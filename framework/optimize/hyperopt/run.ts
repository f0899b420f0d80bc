import fs from 'node:fs';
import os from 'node:os';
import { getLogger } from '../../core/logger.ts';
import { startProgress } from '../../core/progress.ts';
import { pyFixed } from '../../reports/py-format.ts';
import { epochSummary } from './list.ts';
import { optimize, StopSignal, type OptimizeOutcome } from './optimizer.ts';
import { newResultsPath, ResultsWriter, RESULTS_KIND, RESULTS_VERSION, type ResultsFile, type ResultsHeader } from './results-file.ts';
import { configHash } from './run-spec.ts';
import { samplerFor, type PreparedRun } from './setup.ts';

/**
 * One hyperopt run end to end on a prepared run: the results file (new, or reopened for
 * --resume), the worker pool and loop, a progress bar with the best epoch so far on a terminal
 * (a log line per new best otherwise), and SIGINT / SIGTERM ending the run cleanly (the epochs
 * in flight are dropped; everything written stays, and --resume continues).
 */

export interface RunOptions {
  /** Total epochs (a resumed run counts its recorded epochs). */
  epochs: number;
  /** Worker threads; default: the number of cores. */
  workers?: number;
  earlyStop?: number;
  resultsDir: string;
  /** Reopen this results file instead of starting one. */
  resume?: ResultsFile;
  /** Show a progress bar (quiet anyway without a terminal). */
  progress?: boolean;
  /** Suffix of a new results file's name (walk-forward windows). */
  nameSuffix?: string;
  /** Catch SIGINT / SIGTERM while the run goes (default true). */
  handleSignals?: boolean;
  stop?: StopSignal;
  /** Byte budget of each worker's cache of entry / exit hook columns (default 256 MB; 0: off). */
  signalCacheBytes?: number;
}

export interface RunResult {
  file: string;
  outcome: OptimizeOutcome;
}

function removeIfNoEpochs(file: string): void {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    if (lines.length <= 1) fs.rmSync(file);
  } catch {
    // Nothing to clean up.
  }
}

export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export async function runHyperopt(prep: PreparedRun, o: RunOptions): Promise<RunResult> {
  const log = getLogger('hyperopt');
  const { spec } = prep;
  let writer: ResultsWriter;
  if (o.resume) writer = ResultsWriter.resume(o.resume);
  else {
    const batch = samplerFor(spec).batchSize;
    const header: ResultsHeader = {
      kind: RESULTS_KIND,
      version: RESULTS_VERSION,
      createdAt: new Date().toISOString(),
      epochs: o.epochs,
      spec,
      configHash: configHash(spec),
      dataHashes: prep.dataHashes,
      samplerBatchSize: Number.isFinite(batch) ? batch : null,
      node: process.version,
    };
    const name = `${spec.strategy.name}${o.nameSuffix ?? ''}`;
    writer = ResultsWriter.create(newResultsPath(o.resultsDir, name), header);
  }
  const history = o.resume?.epochs ?? [];
  const stop = o.stop ?? new StopSignal();
  const onSignal = (sig: NodeJS.Signals): void => {
    log.warn(`${sig}: stopping hyperopt; the epochs in flight are dropped, the others are in ${writer.file}`);
    stop.stop(sig);
  };
  if (o.handleSignals !== false) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  const bar = o.progress ? startProgress('Hyperopt', o.epochs) : null;
  // startProgress is silent without a terminal; then a log line per new best shows progress instead.
  const tty = o.progress === true && process.stderr.isTTY === true && !process.env['CI'];
  bar?.update(history.length, { detail: '' });
  const stake = spec.backtest.stakeCurrency;
  let lastBest: number | null = null;
  try {
    const outcome = await optimize(prep, {
      epochs: o.epochs,
      workers: o.workers ?? defaultWorkers(),
      earlyStop: o.earlyStop ?? 0,
      ...(o.signalCacheBytes !== undefined ? { signalCacheBytes: o.signalCacheBytes } : {}),
      writer,
      history,
      stop,
      onEpoch: (_line, best, done) => {
        const isNew = best !== null && best.epoch !== lastBest;
        if (best) lastBest = best.epoch;
        const detail = best?.metrics
          ? `| best: epoch ${best.epoch}, ${pyFixed(best.metrics.profitTotal * 100, 2)}% profit, objective ${best.loss === null ? 'nan' : pyFixed(best.loss, 5)}`
          : '';
        bar?.update(done, { detail });
        if (isNew && !tty) log.info({ epoch: best!.epoch, loss: best!.loss }, `new best: ${epochSummary(best!, o.epochs, stake)}`);
      },
    });
    return { file: writer.file, outcome };
  } catch (err) {
    // A run that failed before its first epoch leaves no header-only file behind.
    if (!o.resume) {
      writer.close();
      removeIfNoEpochs(writer.file);
    }
    throw err;
  } finally {
    bar?.stop();
    writer.close();
    if (o.handleSignals !== false) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
