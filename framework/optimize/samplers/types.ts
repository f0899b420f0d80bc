import type { Point } from '../spaces/dimensions.ts';

/**
 * The ask/tell interface every sampler implements.
 *
 * Determinism rule ("same seed -> same trials, whatever the number of workers"): trials are
 * numbered 0, 1, 2, ... in the order they are asked, and grouped into batches of
 * `batchSize` consecutive numbers. The parameters of trial k depend only on
 *   - the seed,
 *   - the results told for every trial of the earlier batches (numbers < the first number of
 *     k's batch), and
 *   - the parameters of the trials before k in its own batch.
 * So `ask()` hands out trials of the current batch freely, but returns null for the first
 * trial of the next batch until every trial of the current batch has been told. A worker pool
 * honours the rule by asking whenever a worker is free and ask() gives a trial, and by
 * waiting for a result when it gives null. With any number of workers the same trials come
 * out, only the timing differs. (Random and grid samplers never wait: their batch is
 * unbounded.)
 *
 * Resume: write each epoch to the results file before telling it, then replay the file into
 * a new sampler with the same seed and options (`replay`), which re-derives and checks every
 * trial and re-issues the asked-but-untold ones first.
 */

export interface Trial {
  /** 0-based trial number (the epoch number is number + 1). */
  number: number;
  params: Point;
}

/** What a results file holds about one trial, for replay. */
export interface TrialRecord {
  number: number;
  params: Point;
  /** The loss value(s); null, NaN or ±Infinity mark a failed trial (left out of the model). */
  values: number | readonly number[] | null;
}

export interface Sampler {
  readonly name: SamplerName;
  /** Size of the batches of the determinism rule (Infinity: never waits). */
  readonly batchSize: number;
  /** Number of values each trial must be told (the loss function's objectives). */
  readonly objectives: number;
  /**
   * The next trial, or null when none can be given now: either the batch barrier is not
   * reached yet (tell the running trials first) or the space is exhausted (`exhausted`).
   */
  ask(): Trial | null;
  /**
   * The result of a trial: one number, or one per objective. A non-finite value (NaN,
   * Infinity) marks the trial as failed: it counts for the batch barrier but the model
   * ignores it. Telling a trial twice, or one never asked, throws.
   */
  tell(trial: Trial | number, values: number | readonly number[]): void;
  /** True once every trial the sampler can give has been asked (grid only). */
  readonly exhausted: boolean;
  /** Trials asked and not told yet. */
  readonly running: number;
  /** Trials told. */
  readonly told: number;
  /**
   * Rebuild the state of an interrupted run from its results (any order; sorted inside).
   * Throws a UsageError when a recorded trial's parameters differ from what this sampler
   * proposes for that number (another seed, space or sampler made the file).
   */
  replay(history: readonly TrialRecord[]): void;
}

export const SAMPLER_NAMES = ['tpe', 'random', 'grid', 'nsga2'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];
