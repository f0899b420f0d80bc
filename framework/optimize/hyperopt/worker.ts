/**
 * A hyperopt worker thread: loads the strategy itself, reads the candles and indicator columns
 * the main thread shared, then runs one epoch per `trial` message (in the order they come, one
 * at a time) and answers with the loss values and the epoch's metrics (a few hundred bytes; the
 * trades stay here).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../core/errors.ts';
import { resolveLoss } from '../losses/index.ts';
import { EpochRunner, loadRunStrategy } from './epoch-runner.ts';
import { installIndicatorCache } from './indicators.ts';
import { installSignalCache } from './signal-cache.ts';
import type { MainToWorker, TrialResult, WorkerInit, WorkerToMain, WorkerUsage } from './protocol.ts';
import { loadedFromShared, pairDerivedFromShared } from './shared-data.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const MB = 1024 * 1024;
const usage: WorkerUsage = { index: init.index, epochs: 0, peakHeapMb: 0, peakProcessRssMb: 0, indicatorsComputed: 0, hooksComputed: 0, hooksReused: 0, busyMs: 0, idleMs: 0 };

function sampleMemory(): void {
  usage.peakHeapMb = Math.max(usage.peakHeapMb, getHeapStatistics().used_heap_size / MB);
  usage.peakProcessRssMb = Math.max(usage.peakProcessRssMb, process.memoryUsage.rss() / MB);
}

const post = (m: WorkerToMain): void => port.postMessage(m);

type TrialMessage = Extract<MainToWorker, { kind: 'trial' }>;

async function main(): Promise<void> {
  const { spec } = init;
  const strategy = await loadRunStrategy(spec, 'ignore');
  const loaded = loadedFromShared(init.data);
  const cache = installIndicatorCache(strategy.strategy, strategy.parameters, init.indicators, loaded, spec.backtest.timeframe, init.cacheBytes);
  const signals = installSignalCache(strategy.strategy, strategy.parameters, spec.searchSpace, init.indicators.valueDependent, init.signalCacheBytes);
  const loss = await resolveLoss(spec.loss.name, { directory: spec.loss.directory });
  const runner = new EpochRunner(spec, strategy, loaded, loss, pairDerivedFromShared(init.data));
  sampleMemory();

  // The main thread may send the next trial before this one is done (so the worker never
  // waits for it): trials queue here and run one at a time (an epoch mutates the strategy).
  const queue: TrialMessage[] = [];
  let running = false;
  let idleSince: number | null = null;

  const runOne = async (m: TrialMessage): Promise<void> => {
    const t0 = performance.now();
    let result: TrialResult;
    try {
      const r = await runner.run(m.params);
      const l = r.loss!;
      result = { number: m.number, values: l.values, failed: l.failed, belowMinTrades: l.belowMinTrades, metrics: r.metrics, durationMs: 0, worker: init.index };
    } catch (err) {
      result = {
        number: m.number,
        values: new Array<number>(spec.loss.objectives).fill(NaN),
        failed: true,
        belowMinTrades: false,
        metrics: null,
        error: errorMessage(err),
        durationMs: 0,
        worker: init.index,
      };
    }
    const t1 = performance.now();
    result.durationMs = t1 - t0;
    usage.epochs++;
    usage.busyMs += t1 - t0;
    usage.indicatorsComputed = cache.computed;
    usage.hooksComputed = signals.entry.computed + signals.exit.computed;
    usage.hooksReused = signals.entry.hits + signals.exit.hits;
    sampleMemory();
    post({ kind: 'result', result, usage });
  };

  const drain = async (): Promise<void> => {
    running = true;
    for (let m = queue.shift(); m !== undefined; m = queue.shift()) await runOne(m);
    running = false;
    idleSince = performance.now();
  };

  port.on('message', (m: MainToWorker) => {
    if (m.kind === 'stop') {
      usage.indicatorsComputed = cache.computed;
      post({ kind: 'stopped', usage });
      port.close();
      return;
    }
    queue.push(m);
    if (running) return;
    if (idleSince !== null) usage.idleMs += performance.now() - idleSince;
    void drain();
  });
  post({ kind: 'ready', index: init.index });
}

main().catch((err: unknown) => post({ kind: 'fatal', index: init.index, error: errorMessage(err), usage }));
