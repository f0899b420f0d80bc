import { UsageError } from '../../core/errors.ts';
import { gridCount, gridValue, type Dimension, type ParamValue, type Point } from '../spaces/dimensions.ts';
import { BatchedSampler, type SamplerBaseOptions } from './batched.ts';
import { SALT, hashInts } from './rng.ts';

/**
 * Every combination of the dimensions' values, each exactly once; the sampler is exhausted
 * after the last. Discrete dimensions contribute all their values; a continuous one is cut
 * into `continuousPoints` evenly spaced values, both ends included.
 *
 * Order: "ordered" walks the combinations like an odometer (last dimension fastest);
 * "shuffled" (default) visits them in a seeded stride order, index = (a*k + c) mod N with a
 * coprime to N, so a run stopped early (--epochs below the grid size) still spreads over every
 * dimension instead of only turning the last one. Both orders depend on the seed alone.
 */

export interface GridSamplerOptions extends SamplerBaseOptions {
  order?: 'shuffled' | 'ordered';
  /** Values per continuous dimension (default 10). */
  continuousPoints?: number;
}

export function gridAxis(dim: Dimension, continuousPoints = 10): ParamValue[] {
  const n = gridCount(dim);
  if (n !== Infinity) return Array.from({ length: n }, (_, i) => gridValue(dim, i));
  const d = dim as { low: number; high: number };
  if (d.low === d.high) return [d.low];
  return Array.from({ length: continuousPoints }, (_, i) => (i === continuousPoints - 1 ? d.high : d.low + ((d.high - d.low) * i) / (continuousPoints - 1)));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export class GridSampler extends BatchedSampler {
  readonly name = 'grid' as const;
  /** Number of combinations. */
  readonly size: number;
  private readonly axes: ParamValue[][];
  private readonly stride: bigint;
  private readonly offset: bigint;

  constructor(dims: readonly Dimension[], opts: GridSamplerOptions) {
    super(dims, opts, Infinity);
    const points = opts.continuousPoints ?? 10;
    if (!Number.isInteger(points) || points < 2) throw new UsageError(`grid: continuous points per dimension must be a whole number >= 2, got ${points}`);
    this.axes = dims.map((d) => gridAxis(d, points));
    let size = 1;
    for (const a of this.axes) size *= a.length;
    if (!Number.isSafeInteger(size)) {
      throw new UsageError(
        `grid: the search space has ${size.toExponential(2)} combinations (${this.axes.map((a, i) => `${dims[i]!.name}: ${a.length}`).join(', ')}); ` +
          'too many to enumerate: use --sampler tpe or random, or narrow the spaces',
      );
    }
    this.size = size;
    const N = BigInt(size);
    if ((opts.order ?? 'shuffled') === 'ordered' || size <= 2) {
      this.stride = 1n;
      this.offset = 0n;
    } else {
      const h1 = BigInt(hashInts([opts.seed, SALT.grid, 1]));
      const h2 = BigInt(hashInts([opts.seed, SALT.grid, 2]));
      const h3 = BigInt(hashInts([opts.seed, SALT.grid, 3]));
      // A stride near N * golden ratio spreads consecutive trials; nudge it until coprime with N.
      let a = ((N * 618_034n) / 1_000_000n + ((h1 << 32n) | h2) % N) % N;
      if (a === 0n) a = 1n;
      while (gcd(a, N) !== 1n) a = (a + 1n) % N || 1n;
      this.stride = a;
      this.offset = ((h3 << 32n) | h1) % N;
    }
  }

  protected override isExhausted(k: number): boolean {
    return k >= this.size;
  }

  /** Index of the k-th combination visited. */
  combinationIndex(k: number): number {
    return Number((this.stride * BigInt(k) + this.offset) % BigInt(this.size));
  }

  protected propose(k: number): Point {
    let idx = this.combinationIndex(k);
    const p: Point = {};
    for (let i = this.dims.length - 1; i >= 0; i--) {
      const axis = this.axes[i]!;
      p[this.dims[i]!.name] = axis[idx % axis.length]!;
      idx = Math.floor(idx / axis.length);
    }
    // Keys in dimension order (the loop above filled them backwards).
    const ordered: Point = {};
    for (const d of this.dims) ordered[d.name] = p[d.name]!;
    return ordered;
  }
}
