import type { CategoricalDimension, Dimension, FloatDimension, IntDimension } from '../../spaces/dimensions.ts';
import { gridCount, snapNumeric } from '../../spaces/dimensions.ts';
import type { Rng } from '../rng.ts';
import { logGaussMass, ndtr, ndtri } from './normal.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Optuna's univariate Parzen estimator (optuna/samplers/_tpe/parzen_estimator.py), one per
 * parameter: a mixture of one kernel per observation plus a prior kernel.
 *
 * Numeric dimensions: truncated normal kernels. Kernel i sits on observation x_i; its width is
 * the larger gap to its neighbours once the observations and the prior's centre are sorted
 * between the range ends (at the two outermost points only the inner gap counts, Optuna's
 * consider_endpoints=false), clipped to [range / min(100, n_kernels + 1), range] (the "magic
 * clip"). The prior kernel is centred on the middle of the range with width = the range. A
 * discrete dimension (int, decimal) extends the range by half a step on each side, draws on it
 * and rounds to the grid; its probability of grid value v is the kernel's mass on
 * [v - step/2, v + step/2].
 *
 * Categorical dimensions: kernel i puts weight 1 + prior/n_kernels on its observed choice and
 * prior/n_kernels on every choice, normalised; the prior kernel is uniform.
 *
 * Mixture weights: Optuna's default_weights for the observations (all 1 below 25 of them;
 * beyond that the oldest get a linear ramp from 1/n up to 1, the newest 25 weigh 1), plus
 * `priorWeight` for the prior kernel, normalised.
 */

export interface ParzenOptions {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
}

/** Optuna's default_weights(n). */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n < 25) return w;
  const ramp = n - 25;
  // numpy.linspace(1/n, 1, num=ramp)
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}

export interface ParzenEstimator {
  /** `count` draws from the mixture (values of the dimension: numbers, or choice indices for categorical). */
  sample(rng: Rng, count: number): Float64Array;
  /** log density (numeric continuous) or log probability (discrete, categorical) of each value. */
  logPdf(xs: Float64Array): Float64Array;
}

/** Mixture weights: observation weights (chronological order) then the prior, normalised. */
function mixtureWeights(n: number, priorWeight: number): Float64Array {
  const w = new Float64Array(n + 1);
  w.set(defaultWeights(n));
  w[n] = priorWeight;
  let s = 0;
  for (let i = 0; i <= n; i++) s += w[i]!;
  for (let i = 0; i <= n; i++) w[i]! /= s;
  return w;
}

function logSumExp(terms: Float64Array, count: number): number {
  let m = -Infinity;
  for (let i = 0; i < count; i++) if (terms[i]! > m) m = terms[i]!;
  if (m === -Infinity) return -Infinity;
  // Terms more than e^-40 below the largest add nothing a double can hold: skip their exp.
  const floor = m - 40;
  let s = 0;
  for (let i = 0; i < count; i++) if (terms[i]! > floor) s += Math.exp(terms[i]! - m);
  return m + Math.log(s);
}

class NumericParzen implements ParzenEstimator {
  private readonly mus: Float64Array;
  private readonly sigmas: Float64Array;
  private readonly weights: Float64Array;
  private readonly logWeights: Float64Array;
  /** log of each kernel's mass inside the support (its truncation constant). */
  private readonly logZ: Float64Array;
  /** Support of the kernels: the range, extended by half a step for a discrete dimension. */
  private readonly lo: number;
  private readonly hi: number;
  private readonly step: number | null;

  constructor(
    private readonly dim: IntDimension | FloatDimension,
    observations: Float64Array,
    opts: ParzenOptions,
  ) {
    this.step = dim.step;
    this.lo = dim.step === null ? dim.low : dim.low - dim.step / 2;
    this.hi = dim.step === null ? dim.high : dim.high + dim.step / 2;
    const n = observations.length;
    const range = this.hi - this.lo;
    const mus = new Float64Array(n + 1);
    mus.set(observations);
    mus[n] = 0.5 * (this.lo + this.hi);
    const sigmas = new Float64Array(n + 1);
    if (n > 0) {
      // Sort observations and the prior centre together, with the range ends as outer neighbours.
      const order = Array.from({ length: n + 1 }, (_, i) => i).sort((a, b) => mus[a]! - mus[b]! || a - b);
      const ext = new Float64Array(n + 3);
      ext[0] = this.lo;
      for (let i = 0; i <= n; i++) ext[i + 1] = mus[order[i]!]!;
      ext[n + 2] = this.hi;
      const sorted = new Float64Array(n + 1);
      for (let i = 0; i <= n; i++) sorted[i] = Math.max(ext[i + 1]! - ext[i]!, ext[i + 2]! - ext[i + 1]!);
      if (!opts.considerEndpoints) {
        // The outermost points take the inner gap only (the range ends do not widen them).
        sorted[0] = ext[2]! - ext[1]!;
        sorted[n] = ext[n + 1]! - ext[n]!;
      }
      const minSigma = opts.considerMagicClip ? range / Math.min(100, 1 + (n + 1)) : 1e-12;
      for (let i = 0; i <= n; i++) sigmas[order[i]!] = Math.min(range, Math.max(minSigma, sorted[i]!));
    }
    sigmas[n] = range;
    this.mus = mus;
    this.sigmas = sigmas;
    this.weights = mixtureWeights(n, opts.priorWeight);
    this.logWeights = this.weights.map((w) => Math.log(w));
    this.logZ = new Float64Array(n + 1);
    for (let k = 0; k <= n; k++) this.logZ[k] = logGaussMass((this.lo - mus[k]!) / sigmas[k]!, (this.hi - mus[k]!) / sigmas[k]!);
  }

  sample(rng: Rng, count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const k = rng.weighted(this.weights, 1);
      const x = truncNormSample(rng, this.mus[k]!, this.sigmas[k]!, this.lo, this.hi);
      out[i] = this.step === null ? Math.min(this.dim.high, Math.max(this.dim.low, x)) : snapNumeric(this.dim, x);
    }
    return out;
  }

  logPdf(xs: Float64Array): Float64Array {
    return this.step === null ? this.logPdfContinuous(xs) : this.logPdfDiscrete(xs, this.step);
  }

  private logPdfContinuous(xs: Float64Array): Float64Array {
    const nk = this.mus.length;
    // term_k(x) = log w_k - log σ_k - log Z_k + log φ((x - μ_k) / σ_k)
    const c = new Float64Array(nk);
    for (let k = 0; k < nk; k++) c[k] = this.logWeights[k]! - Math.log(this.sigmas[k]!) - this.logZ[k]! - LOG_SQRT_2PI;
    const terms = new Float64Array(nk);
    const out = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      for (let k = 0; k < nk; k++) {
        const z = (x - this.mus[k]!) / this.sigmas[k]!;
        terms[k] = c[k]! - 0.5 * z * z;
      }
      out[i] = logSumExp(terms, nk);
    }
    return out;
  }

  /**
   * term_k(v) = log w_k - log Z_k + log(Φ(b) - Φ(a)), [a, b] = ([v - step/2, v + step/2] - μ_k) / σ_k.
   * The exact mass needs two CDFs per kernel; kernels that cannot matter are skipped: the mass
   * is at most (b - a)·φ(distance from 0 to [a, b]), and a kernel whose bound is e^-45 below a
   * term already computed changes the sum by less than one part in 10^19.
   */
  private logPdfDiscrete(xs: Float64Array, step: number): Float64Array {
    const nk = this.mus.length;
    const base = new Float64Array(nk);
    const boundConst = new Float64Array(nk);
    for (let k = 0; k < nk; k++) {
      base[k] = this.logWeights[k]! - this.logZ[k]!;
      boundConst[k] = base[k]! + Math.log(step / this.sigmas[k]!) - LOG_SQRT_2PI;
    }
    const bounds = new Float64Array(nk);
    const terms = new Float64Array(nk);
    const out = new Float64Array(xs.length);
    // Candidates drawn near the good region of a grid often repeat: each value is computed once.
    const seen = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const known = seen.get(x);
      if (known !== undefined) {
        out[i] = known;
        continue;
      }
      const lo = Math.max(x - step / 2, this.lo);
      const hi = Math.min(x + step / 2, this.hi);
      let best = 0;
      for (let k = 0; k < nk; k++) {
        const s = this.sigmas[k]!;
        const a = (lo - this.mus[k]!) / s;
        const b = (hi - this.mus[k]!) / s;
        const d = a > 0 ? a : b < 0 ? -b : 0;
        bounds[k] = Math.min(base[k]!, boundConst[k]! - 0.5 * d * d);
        if (bounds[k]! > bounds[best]!) best = k;
      }
      const exact = (k: number): number => {
        const s = this.sigmas[k]!;
        return base[k]! + logGaussMass((lo - this.mus[k]!) / s, (hi - this.mus[k]!) / s);
      };
      const floor = exact(best) - 45;
      let n = 0;
      for (let k = 0; k < nk; k++) if (bounds[k]! >= floor) terms[n++] = exact(k);
      out[i] = logSumExp(terms, n);
      seen.set(x, out[i]!);
    }
    return out;
  }
}

/** A draw from N(mu, sigma) truncated to [lo, hi], by inverting the CDF (mirrored to stay in the accurate lower tail). */
export function truncNormSample(rng: Rng, mu: number, sigma: number, lo: number, hi: number): number {
  const a = (lo - mu) / sigma;
  const b = (hi - mu) / sigma;
  const u = rng.floatOpen();
  let z: number;
  if (a >= 0) {
    const pa = ndtr(-b);
    const pb = ndtr(-a);
    z = -ndtri(pa + u * (pb - pa));
  } else {
    const pa = ndtr(a);
    const pb = ndtr(b);
    z = ndtri(pa + u * (pb - pa));
  }
  const x = mu + sigma * z;
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : mu;
}

class CategoricalParzen implements ParzenEstimator {
  /** Probability of each choice under the whole mixture. */
  private readonly probs: Float64Array;

  constructor(dim: CategoricalDimension, observations: Float64Array, opts: ParzenOptions) {
    const nc = dim.choices.length;
    const n = observations.length;
    this.probs = new Float64Array(nc);
    if (n === 0) {
      this.probs.fill(1 / nc);
      return;
    }
    const w = mixtureWeights(n, opts.priorWeight);
    const nKernels = n + 1;
    const base = opts.priorWeight / nKernels;
    // Observation kernel rows: base everywhere, +1 on the observed choice, normalised.
    const rowSum = base * nc + 1;
    for (let k = 0; k < n; k++) {
      const c = observations[k]!;
      for (let j = 0; j < nc; j++) this.probs[j]! += (w[k]! * (base + (j === c ? 1 : 0))) / rowSum;
    }
    // Prior kernel: uniform (a zero prior weight leaves it without mass).
    for (let j = 0; j < nc; j++) this.probs[j]! += w[n]! / nc;
  }

  sample(rng: Rng, count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = rng.weighted(this.probs);
    return out;
  }

  logPdf(xs: Float64Array): Float64Array {
    return xs.map((c) => Math.log(this.probs[c]!));
  }
}

/** The estimator for one dimension; observations are dimension values (choice indices for categorical), oldest first. */
export function parzenEstimator(dim: Dimension, observations: Float64Array, opts: ParzenOptions): ParzenEstimator {
  if (dim.kind === 'categorical') return new CategoricalParzen(dim, observations, opts);
  if (gridCount(dim) === 1 || dim.low === dim.high) throw new Error(`dimension ${dim.name} has a single value: nothing to estimate`);
  return new NumericParzen(dim, observations, opts);
}
