import { gridCount, gridValue, type Dimension, type ParamValue, type Point } from '../spaces/dimensions.ts';
import type { Rng } from './rng.ts';

/** One value drawn uniformly from a dimension: every grid point (or choice) equally likely. */
export function sampleUniform(dim: Dimension, rng: Rng): ParamValue {
  if (dim.kind === 'float' && dim.step === null) return dim.low + rng.float() * (dim.high - dim.low);
  return gridValue(dim, rng.int(gridCount(dim)));
}

/** A point drawn uniformly, dimensions in order (the order fixes which random numbers go where). */
export function sampleUniformPoint(dims: readonly Dimension[], rng: Rng): Point {
  const p: Point = {};
  for (const d of dims) p[d.name] = sampleUniform(d, rng);
  return p;
}
