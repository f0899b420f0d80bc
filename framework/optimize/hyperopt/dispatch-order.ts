import type { Dimension, Point } from '../spaces/dimensions.ts';

/**
 * Which asked trial a free worker gets first. The sampler hands out a batch of trials (8 for
 * TPE) and then waits until all of them are told (the batch barrier, samplers/types.ts): while
 * the last ones run, the other workers have nothing to do. Running the longest trials first and
 * the short ones last (LPT scheduling) leaves the least such idle time. How long a trial takes
 * is not known before it runs, but it mostly follows its parameters (they decide the number of
 * trades), so it is estimated as the duration of the nearest finished epoch in the search
 * space. The order never changes a trial or its result, only which worker runs it and when.
 */
export class DurationEstimator {
  private readonly done: Array<{ x: Float64Array; ms: number }> = [];

  constructor(private readonly dimensions: readonly Dimension[]) {}

  /** Record a finished epoch. */
  add(point: Point, durationMs: number): void {
    if (Number.isFinite(durationMs)) this.done.push({ x: this.coords(point), ms: durationMs });
  }

  /** Duration of the nearest finished epoch (mean of the nearest when tied); NaN before any. */
  estimate(point: Point): number {
    if (this.done.length === 0) return NaN;
    const x = this.coords(point);
    let best = Infinity;
    let sum = 0;
    let count = 0;
    for (const d of this.done) {
      let dist = 0;
      for (let i = 0; i < x.length; i++) dist += Math.abs(x[i]! - d.x[i]!);
      if (dist < best - 1e-12) {
        best = dist;
        sum = d.ms;
        count = 1;
      } else if (Math.abs(dist - best) <= 1e-12) {
        sum += d.ms;
        count++;
      }
    }
    return sum / count;
  }

  /** Each dimension scaled to 0..1 (a categorical: the index of its choice, scaled the same way). */
  private coords(point: Point): Float64Array {
    const x = new Float64Array(this.dimensions.length);
    this.dimensions.forEach((d, i) => {
      const v = point[d.name];
      if (d.kind === 'categorical') x[i] = d.choices.length > 1 ? d.choices.indexOf(v as never) / (d.choices.length - 1) : 0;
      else x[i] = d.high > d.low ? ((v as number) - d.low) / (d.high - d.low) : 0;
    });
    return x;
  }
}

/**
 * Index of the trial to run next among `waiting`: the longest estimated; trials without an
 * estimate (nothing finished yet) go in the order the sampler gave them.
 */
export function nextToRun(waiting: ReadonlyArray<{ number: number; params: Point }>, estimator: DurationEstimator): number {
  let pick = 0;
  let longest = -Infinity;
  for (let i = 0; i < waiting.length; i++) {
    const e = estimator.estimate(waiting[i]!.params);
    if (Number.isNaN(e)) return 0;
    if (e > longest) {
      longest = e;
      pick = i;
    }
  }
  return pick;
}
