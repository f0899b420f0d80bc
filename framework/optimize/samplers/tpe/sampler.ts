import { UsageError } from '../../../core/errors.ts';
import { gridCount, type Dimension, type ParamValue, type Point } from '../../spaces/dimensions.ts';
import { BatchedSampler, type Observation, type SamplerBaseOptions } from '../batched.ts';
import { SALT, trialRng, type Rng } from '../rng.ts';
import { sampleUniformPoint } from '../uniform.ts';
import { parzenEstimator, type ParzenEstimator, type ParzenOptions } from './parzen.ts';

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011) as Optuna's TPESampler does it by
 * default (independent, univariate):
 *
 *  1. The first `nStartupTrials` trials are drawn uniformly at random.
 *  2. Then the n trials with a result are split by loss: the best γ(n) = min(ceil(0.1 n), 25)
 *     form the "good" set, the rest the "bad" set.
 *  3. For each parameter, a Parzen estimator l(x) is fitted to the good values and g(x) to the
 *     bad values (parzen.ts).
 *  4. `nEiCandidates` (24) candidates are drawn from l(x); the one with the largest
 *     l(x)/g(x) is chosen (maximizing the ratio maximizes expected improvement under TPE's
 *     model).
 *
 * Batches (the determinism rule in ../types.ts): trials of one batch see the results of the
 * earlier batches only. So that a batch does not propose the same point over and over, the
 * trials already proposed in the batch are added to the bad set while they run (Optuna's
 * constant_liar: a running trial counts as a very bad result), which pushes later proposals
 * of the batch elsewhere.
 *
 * Failed trials (non-finite loss) are left out, as Optuna leaves out FAIL trials.
 */

export interface TpeOptions extends SamplerBaseOptions {
  /** Trials per batch (default 8); the same seed and batch size give the same trials with any number of workers. */
  batchSize?: number;
  /** Random trials before the model is used (Optuna's default 10; Freqtrade passes 30). */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per parameter (default 24). */
  nEiCandidates?: number;
  /** Size of the good set for n results (default min(ceil(0.1 n), 25)). */
  gamma?: (n: number) => number;
  priorWeight?: number;
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  /** Count trials running in the current batch as bad results (default true). */
  constantLiar?: boolean;
}

export const DEFAULT_TPE_BATCH_SIZE = 8;

/** Optuna's default_gamma. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** A dimension's value as the estimator sees it: the number itself, or the index of the choice. */
function encode(dim: Dimension, v: ParamValue): number {
  return dim.kind === 'categorical' ? dim.choices.indexOf(v) : (v as number);
}

function decode(dim: Dimension, x: number): ParamValue {
  return dim.kind === 'categorical' ? dim.choices[x]! : x;
}

export class TpeSampler extends BatchedSampler {
  readonly name = 'tpe' as const;
  private readonly nStartup: number;
  private readonly nEi: number;
  private readonly gamma: (n: number) => number;
  private readonly parzen: ParzenOptions;
  private readonly constantLiar: boolean;
  /** Per batch: the good estimator of each dimension and the bad observations (oldest first). */
  private batchModel: { good: Array<ParzenEstimator | null>; badValues: Float64Array[] } | null = null;

  constructor(dims: readonly Dimension[], opts: TpeOptions) {
    super(dims, opts, opts.batchSize ?? DEFAULT_TPE_BATCH_SIZE);
    if (this.objectives !== 1) throw new UsageError(`the tpe sampler optimizes one objective; the loss has ${this.objectives}: use --sampler nsga2`);
    this.nStartup = opts.nStartupTrials ?? 10;
    this.nEi = opts.nEiCandidates ?? 24;
    this.gamma = opts.gamma ?? defaultGamma;
    this.parzen = {
      priorWeight: opts.priorWeight ?? 1,
      considerMagicClip: opts.considerMagicClip ?? true,
      considerEndpoints: opts.considerEndpoints ?? false,
    };
    this.constantLiar = opts.constantLiar ?? true;
    if (!Number.isInteger(this.nStartup) || this.nStartup < 0) throw new UsageError(`tpe: n_startup_trials must be a whole number >= 0, got ${this.nStartup}`);
    if (!Number.isInteger(this.nEi) || this.nEi < 1) throw new UsageError(`tpe: n_ei_candidates must be a whole number >= 1, got ${this.nEi}`);
    if (!(this.parzen.priorWeight >= 0)) throw new UsageError(`tpe: prior_weight must be >= 0, got ${this.parzen.priorWeight}`);
  }

  protected override onBatchStart(_batch: number, batchStart: number): void {
    const obs = this.observations(batchStart);
    if (obs.length < this.nStartup || obs.length === 0) {
      this.batchModel = null;
      return;
    }
    const { good, bad } = splitObservations(obs, this.gamma(obs.length));
    this.batchModel = {
      good: this.dims.map((d) => (isConstant(d) ? null : parzenEstimator(d, valuesOf(d, good), this.parzen))),
      badValues: this.dims.map((d) => valuesOf(d, bad)),
    };
  }

  protected propose(k: number, batchStart: number): Point {
    if (this.batchModel === null) return sampleUniformPoint(this.dims, trialRng(this.seed, SALT.random, k));
    const rng = trialRng(this.seed, SALT.tpe, k);
    const pending = this.constantLiar ? this.proposedBetween(batchStart, k) : [];
    const point: Point = {};
    this.dims.forEach((d, i) => {
      const good = this.batchModel!.good[i];
      if (!good) {
        point[d.name] = constantValue(d);
        return;
      }
      let badValues = this.batchModel!.badValues[i]!;
      if (pending.length > 0) {
        const withPending = new Float64Array(badValues.length + pending.length);
        withPending.set(badValues);
        pending.forEach((p, j) => (withPending[badValues.length + j] = encode(d, p[d.name]!)));
        badValues = withPending;
      }
      const bad = parzenEstimator(d, badValues, this.parzen);
      point[d.name] = decode(d, chooseCandidate(good, bad, rng, this.nEi));
    });
    return point;
  }
}

/** Draw candidates from l(x) and keep the first with the largest log l(x) - log g(x). */
function chooseCandidate(good: ParzenEstimator, bad: ParzenEstimator, rng: Rng, n: number): number {
  const candidates = good.sample(rng, n);
  const lg = good.logPdf(candidates);
  const lb = bad.logPdf(candidates);
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = lg[i]! - lb[i]!;
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return candidates[best]!;
}

/** Good = the `nGood` lowest losses (ties: earlier trial first); both sets back in trial order. */
export function splitObservations(obs: readonly Observation[], nGood: number): { good: Observation[]; bad: Observation[] } {
  const ranked = [...obs].sort((a, b) => a.values[0]! - b.values[0]! || a.number - b.number);
  const byNumber = (a: Observation, b: Observation): number => a.number - b.number;
  return { good: ranked.slice(0, nGood).sort(byNumber), bad: ranked.slice(nGood).sort(byNumber) };
}

function valuesOf(d: Dimension, obs: readonly Observation[]): Float64Array {
  const out = new Float64Array(obs.length);
  obs.forEach((o, i) => (out[i] = encode(d, o.params[d.name]!)));
  return out;
}

function isConstant(d: Dimension): boolean {
  return gridCount(d) === 1 || (d.kind !== 'categorical' && d.low === d.high);
}

function constantValue(d: Dimension): ParamValue {
  return d.kind === 'categorical' ? d.choices[0]! : d.low;
}
