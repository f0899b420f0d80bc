/**
 * A hyperopt worker thread: loads the strategy itself, reads the candles and indicator columns
 * the main thread shared, then runs one epoch per `trial` message and answers with the loss
 * values and the epoch's metrics (a few hundred bytes; the trades stay here).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../core/errors.ts';
import { resolveLoss } from '../losses/index.ts';
import { EpochRunner, loadRunStrategy } from './epoch-runner.ts';
import { installIndicatorCache } from './indicators.ts';
import type { MainToWorker, WorkerInit, WorkerToMain, WorkerUsage } from './protocol.ts';
import { loadedFromShared } from './shared-data.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const MB = 1024 * 1024;
const usage: WorkerUsage = { index: init.index, epochs: 0, peakHeapMb: 0, peakProcessRssMb: 0, indicatorsComputed: 0 };

function sampleMemory(): void {
  usage.peakHeapMb = Math.max(usage.peakHeapMb, getHeapStatistics().used_heap_size / MB);
  usage.peakProcessRssMb = Math.max(usage.peakProcessRssMb, process.memoryUsage.rss() / MB);
}

const post = (m: WorkerToMain): void => port.postMessage(m);

async function main(): Promise<void> {
  const { spec } = init;
  const strategy = await loadRunStrategy(spec, 'ignore');
  const loaded = loadedFromShared(init.data);
  const cache = installIndicatorCache(strategy.strategy, strategy.parameters, init.indicators, loaded, spec.backtest.timeframe, init.cacheBytes);
  const loss = await resolveLoss(spec.loss.name, { directory: spec.loss.directory });
  const runner = new EpochRunner(spec, strategy, loaded, loss);
  sampleMemory();

  port.on('message', (m: MainToWorker) => {
    if (m.kind === 'stop') {
      usage.indicatorsComputed = cache.computed;
      post({ kind: 'stopped', usage });
      port.close();
      return;
    }
    const t0 = performance.now();
    runner.run(m.params).then(
      (r) => {
        usage.epochs++;
        usage.indicatorsComputed = cache.computed;
        sampleMemory();
        const l = r.loss!;
        post({
          kind: 'result',
          result: {
            number: m.number,
            values: l.values,
            failed: l.failed,
            belowMinTrades: l.belowMinTrades,
            metrics: r.metrics,
            durationMs: performance.now() - t0,
            worker: init.index,
          },
          usage,
        });
      },
      (err: unknown) => {
        usage.epochs++;
        post({
          kind: 'result',
          result: {
            number: m.number,
            values: new Array<number>(spec.loss.objectives).fill(NaN),
            failed: true,
            belowMinTrades: false,
            metrics: null,
            error: errorMessage(err),
            durationMs: performance.now() - t0,
            worker: init.index,
          },
          usage,
        });
      },
    );
  });
  post({ kind: 'ready', index: init.index });
}

main().catch((err: unknown) => post({ kind: 'fatal', index: init.index, error: errorMessage(err), usage }));
