import type { Dimension, Point } from '../spaces/dimensions.ts';
import { BatchedSampler, type SamplerBaseOptions } from './batched.ts';
import { SALT, trialRng } from './rng.ts';
import { sampleUniformPoint } from './uniform.ts';

/**
 * Independent uniform sampling. Trial k depends on the seed and k only, so the sampler never
 * waits for results (unbounded batch).
 */
export class RandomSampler extends BatchedSampler {
  readonly name = 'random' as const;

  constructor(dims: readonly Dimension[], opts: SamplerBaseOptions) {
    super(dims, opts, Infinity);
  }

  protected propose(k: number): Point {
    return sampleUniformPoint(this.dims, trialRng(this.seed, SALT.random, k));
  }
}
