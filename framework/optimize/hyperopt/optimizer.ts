import { getLogger } from '../../core/logger.ts';
import { KeelError } from '../../core/errors.ts';
import { dominates } from '../samplers/pareto.ts';
import type { Trial, TrialRecord } from '../samplers/types.ts';
import type { Point } from '../spaces/dimensions.ts';
import { pointDetails, type ApplyContext } from '../spaces/apply.ts';
import { EarlyStop, bestEpoch } from './best.ts';
import type { TrialResult, WorkerUsage } from './protocol.ts';
import type { EpochLine, ResultsWriter } from './results-file.ts';
import { samplerFor, type PreparedRun } from './setup.ts';
import { DurationEstimator, nextToRun } from './dispatch-order.ts';
import { WorkerPool } from './worker-pool.ts';

/**
 * The hyperopt loop (main thread). The sampler lives here; workers only backtest.
 *
 *   ask the sampler while a worker is free (it may say "wait": the batch rule), hand the trial
 *   to the worker; when a result arrives, append its line to the results file (fsync) and only
 *   then tell the sampler.
 *
 * So the same seed gives the same trials with any number of workers (samplers/types.ts), and a
 * result the sampler has learned from is always on disk: a run stopped at any moment loses at
 * most the epochs in flight, and --resume replays the file into a fresh sampler.
 */

export class HyperoptAbortError extends KeelError {
  constructor(message: string) {
    super('HYPEROPT_ABORTED', message);
  }
}

/** Set `requested` (e.g. from a signal handler) to end the run now; epochs in flight are dropped. */
export class StopSignal {
  requested: string | null = null;
  private wake: (() => void) | null = null;
  readonly promise: Promise<void>;
  constructor() {
    this.promise = new Promise((resolve) => (this.wake = resolve));
  }
  stop(reason: string): void {
    if (this.requested !== null) return;
    this.requested = reason;
    this.wake?.();
  }
}

export interface OptimizeOptions {
  /** Total epochs the run should reach (epochs already in `history` count). */
  epochs: number;
  workers: number;
  /** Stop after this many epochs without improvement (0: never). */
  earlyStop: number;
  writer: ResultsWriter;
  /** Epochs already in the results file (resume). */
  history: readonly EpochLine[];
  stop?: StopSignal;
  /** After each epoch is written. */
  onEpoch?: (line: EpochLine, best: EpochLine | null, done: number) => void;
  /** Byte budget of each worker's per-value indicator cache. */
  cacheBytes?: number;
  /** Byte budget of each worker's cache of entry / exit hook columns (0: off). */
  signalCacheBytes?: number;
}

export interface OptimizeOutcome {
  /** Every epoch of the run, history included, in epoch order. */
  epochs: EpochLine[];
  best: EpochLine | null;
  newEpochs: number;
  /** Why the run ended before `epochs`: a signal, early stop, or the sampler ran out (grid). */
  ended: 'completed' | 'interrupted' | 'early-stop' | 'exhausted';
  interruptReason: string | null;
  workers: WorkerUsage[];
  elapsedMs: number;
}

/** Failed epochs in a row from the start of a run after which it is aborted (the strategy is broken, not the point). */
const ABORT_AFTER_FAILURES = 3;

export async function optimize(prep: PreparedRun, opts: OptimizeOptions): Promise<OptimizeOutcome> {
  const log = getLogger('hyperopt');
  const { spec } = prep;
  const t0 = performance.now();
  const sampler = samplerFor(spec);
  if (opts.history.length > 0) sampler.replay(opts.history.map(toTrialRecord));
  const applyCtx: ApplyContext = { stakeAmount: spec.backtest.stake.amount, configMaxOpenTrades: spec.backtest.configMaxOpenTrades };
  const epochs = [...opts.history];
  const early = new EarlyStop(opts.earlyStop);
  for (const e of [...opts.history].sort((a, b) => a.epoch - b.epoch)) early.add(e);
  let best = bestEpoch(epochs);
  let ended: OptimizeOutcome['ended'] = 'completed';
  let newEpochs = 0;
  let errors = 0;
  const stop = opts.stop ?? new StopSignal();

  const remaining = opts.epochs - epochs.length;
  if (remaining <= 0 || sampler.exhausted) {
    return { epochs: sortByEpoch(epochs), best, newEpochs: 0, ended: remaining <= 0 ? 'completed' : 'exhausted', interruptReason: null, workers: [], elapsedMs: 0 };
  }
  const pool = await WorkerPool.start(Math.max(1, Math.min(opts.workers, remaining)), {
    spec,
    data: prep.shared,
    indicators: prep.indicators,
    cacheBytes: opts.cacheBytes ?? 512 * 1024 * 1024,
    signalCacheBytes: opts.signalCacheBytes ?? 256 * 1024 * 1024,
  });
  let usage: WorkerUsage[] = [];
  let failed = false;
  let asking = true;
  const inFlight = new Map<number, Point>();
  // Trials asked and not yet handed to a worker: the sampler is asked ahead up to its batch
  // barrier, so that the trials can be run longest first (dispatch-order.ts).
  const waiting: Trial[] = [];
  const estimator = new DurationEstimator(spec.searchSpace.dimensions);
  for (const e of opts.history) if (!e.failed) estimator.add(e.params, e.durationMs);
  const lookahead = Math.max(pool.capacity, Number.isFinite(sampler.batchSize) ? sampler.batchSize : 0);
  /** Ask and hand out trials while workers have room; `pending`: results received but not recorded yet. */
  const fill = (pending: number): void => {
    // Whether the sampler could give more trials now (not at its batch barrier, not at the end).
    let more = true;
    for (;;) {
      if (!asking || stop.requested !== null || epochs.length + pending + pool.running + waiting.length >= opts.epochs) {
        more = false;
        break;
      }
      if (waiting.length + pool.running >= lookahead) break;
      const trial = sampler.ask();
      if (trial === null) {
        more = false;
        break;
      }
      // The point is recorded as the sampler gave it (resume checks it value for value).
      inFlight.set(trial.number, trial.params);
      waiting.push(trial);
    }
    while (asking && stop.requested === null && pool.free > 0 && waiting.length > 0) {
      const t = waiting.splice(nextToRun(waiting, estimator), 1)[0]!;
      // Near the barrier (or the end) the last trials go to whichever worker is done first
      // rather than queue behind a running epoch.
      pool.submit(t.number, t.params, more || waiting.length >= pool.size);
    }
  };
  try {
    for (;;) {
      fill(0);
      if (stop.requested !== null || pool.running === 0) break;
      const result = await Promise.race([pool.next(), stop.promise.then(() => null)]);
      if (result === null) break;
      const params = inFlight.get(result.number)!;
      inFlight.delete(result.number);
      const line = epochLine(prep, result, params, applyCtx);
      if (!result.failed) estimator.add(params, result.durationMs);
      if (early.add(line) && asking) {
        asking = false;
        ended = 'early-stop';
        log.info({ patience: opts.earlyStop }, `early stop: no improvement in ${opts.earlyStop} epochs; finishing the epochs in flight`);
      }
      // Workers get their next trials before this result is written (fsync) and told: asking
      // does not need it (within a batch; at the batch barrier ask() waits for the tell below).
      fill(1);
      opts.writer.append(line);
      sampler.tell(result.number, result.values);
      epochs.push(line);
      newEpochs++;
      if (result.error !== undefined) {
        errors++;
        log.warn({ epoch: line.epoch, params: line.params }, `epoch ${line.epoch} failed: ${result.error}`);
        if (errors >= ABORT_AFTER_FAILURES && errors === newEpochs) {
          throw new HyperoptAbortError(`hyperopt stopped: the first ${errors} epochs all failed; the first error: ${firstError(epochs)}`);
        }
      }
      // Incremental (a full bestEpoch per epoch would cost O(n log n) each); exact at the end.
      if (isBetter(line, best)) best = line;
      opts.onEpoch?.(line, best, epochs.length);
    }
    if (stop.requested !== null) ended = 'interrupted';
    else if (ended === 'completed' && epochs.length < opts.epochs && sampler.exhausted) ended = 'exhausted';
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    if (stop.requested !== null || failed) {
      usage = pool.usage();
      await pool.terminate();
    } else {
      usage = await pool.stop().catch(() => pool.usage());
    }
  }
  return {
    epochs: sortByEpoch(epochs),
    best: bestEpoch(epochs),
    newEpochs,
    ended,
    interruptReason: stop.requested,
    workers: usage,
    elapsedMs: performance.now() - t0,
  };
}

function epochLine(prep: PreparedRun, r: TrialResult, params: Point, ctx: ApplyContext): EpochLine {
  const { spec } = prep;
  const loss = r.values[0];
  const line: EpochLine = {
    kind: 'epoch',
    epoch: r.number + 1,
    params,
    paramsDetails: pointDetails(prep.strategy.strategy, spec.searchSpace, params, ctx),
    loss: loss !== undefined && Number.isFinite(loss) ? loss : null,
    values: r.values.map((v) => (Number.isFinite(v) ? v : null)),
    failed: r.failed,
    belowMinTrades: r.belowMinTrades,
    metrics: r.metrics,
    seed: spec.sampler.seed,
    durationMs: Math.round(r.durationMs),
    worker: r.worker,
    finishedAt: new Date().toISOString(),
  };
  if (r.error !== undefined) line.error = r.error;
  return line;
}

/** Lower first objective wins; on a tie the epoch that dominates, else the earlier epoch. Failed epochs never win. */
function isBetter(a: EpochLine, b: EpochLine | null): boolean {
  if (a.failed || a.loss === null || a.values.some((v) => v === null)) return false;
  if (b === null) return true;
  if (a.loss !== b.loss) return a.loss < b.loss!;
  const av = a.values as number[];
  const bv = b.values as number[];
  if (dominates(av, bv)) return true;
  if (dominates(bv, av)) return false;
  return a.epoch < b.epoch;
}

function toTrialRecord(e: EpochLine): TrialRecord {
  return { number: e.epoch - 1, params: e.params, values: e.values.map((v) => (v === null ? NaN : v)) };
}

function sortByEpoch(epochs: EpochLine[]): EpochLine[] {
  return epochs.sort((a, b) => a.epoch - b.epoch);
}

function firstError(epochs: readonly EpochLine[]): string {
  return epochs.find((e) => e.error !== undefined)?.error ?? 'unknown';
}
