import type { Point } from '../spaces/dimensions.ts';
import type { EpochMetrics } from './epoch-metrics.ts';
import type { PrecomputedIndicators } from './indicators.ts';
import type { HyperoptRunSpec } from './run-spec.ts';
import type { SharedLoadedData } from './shared-data.ts';

/** Messages between the hyperopt main thread and its workers (structured clone; shared memory by reference). */

export interface WorkerInit {
  index: number;
  spec: HyperoptRunSpec;
  data: SharedLoadedData;
  indicators: PrecomputedIndicators;
  /** Byte budget of a worker's per-value indicator cache. */
  cacheBytes: number;
  /** Byte budget of a worker's signal cache (signal-cache.ts); 0 turns it off. */
  signalCacheBytes: number;
}

export type MainToWorker = { kind: 'trial'; number: number; params: Point } | { kind: 'stop' };

/** A worker's memory figures (process-wide RSS is shared by all threads; the heap is the worker's own). */
export interface WorkerUsage {
  index: number;
  epochs: number;
  /** Peak of the worker's own V8 heap (used), MB. */
  peakHeapMb: number;
  /** Peak process RSS seen by this worker, MB (all threads together). */
  peakProcessRssMb: number;
  indicatorsComputed: number;
  /** Entry / exit hook runs, and the ones whose columns came from the signal cache instead. */
  hooksComputed: number;
  hooksReused: number;
  /** Time spent in epochs, ms (wall clock inside the worker). */
  busyMs: number;
  /**
   * Time the worker had nothing to run between its first and its last epoch, ms: it waited for
   * the main thread (or for the sampler's batch barrier).
   */
  idleMs: number;
}

export interface TrialResult {
  number: number;
  /** One per objective; NaN for a failed epoch. */
  values: number[];
  failed: boolean;
  belowMinTrades: boolean;
  metrics: EpochMetrics | null;
  /** The error of an epoch whose backtest threw. */
  error?: string;
  durationMs: number;
  worker: number;
}

export type WorkerToMain =
  | { kind: 'ready'; index: number }
  | { kind: 'result'; result: TrialResult; usage: WorkerUsage }
  | { kind: 'fatal'; index: number; error: string; usage?: WorkerUsage }
  | { kind: 'stopped'; usage: WorkerUsage };
