import { UsageError } from '../../core/errors.ts';
import type { Dimension } from '../spaces/dimensions.ts';
import { GridSampler, type GridSamplerOptions } from './grid.ts';
import { Nsga2Sampler, type Nsga2Options } from './nsga2/sampler.ts';
import { RandomSampler } from './random.ts';
import { TpeSampler, type TpeOptions } from './tpe/sampler.ts';
import { SAMPLER_NAMES, type Sampler, type SamplerName } from './types.ts';

export * from './types.ts';
export { BatchedSampler, type Observation, type SamplerBaseOptions } from './batched.ts';
export { RandomSampler } from './random.ts';
export { GridSampler, gridAxis, type GridSamplerOptions } from './grid.ts';
export { TpeSampler, defaultGamma, DEFAULT_TPE_BATCH_SIZE, type TpeOptions } from './tpe/sampler.ts';
export { Nsga2Sampler, selectElite, DEFAULT_POPULATION_SIZE, type Nsga2Options } from './nsga2/sampler.ts';
export { dominates, nonDominatedSort, crowdingDistance, paretoFront, hypervolume2d } from './pareto.ts';
export { Rng, trialRng, hashInts } from './rng.ts';

/** Options of every sampler together; each sampler reads its own. */
export type SamplerOptions = TpeOptions & GridSamplerOptions & Nsga2Options;

/**
 * The sampler named on the command line (--sampler). Unknown names and a single-objective
 * sampler for a multi-objective loss are UsageErrors that list the choices.
 */
export function createSampler(name: string, dims: readonly Dimension[], opts: SamplerOptions): Sampler {
  switch (name as SamplerName) {
    case 'tpe':
      return new TpeSampler(dims, opts);
    case 'random':
      return new RandomSampler(dims, opts);
    case 'grid':
      return new GridSampler(dims, opts);
    case 'nsga2':
      return new Nsga2Sampler(dims, opts);
    default:
      throw new UsageError(`unknown sampler ${JSON.stringify(name)}: choose one of ${SAMPLER_NAMES.join(', ')}`);
  }
}
