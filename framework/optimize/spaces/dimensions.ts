import { UsageError } from '../../core/errors.ts';

/**
 * One axis of a hyperopt search space. Three kinds cover every Freqtrade dimension:
 *
 *   int          low..high in `step`s (Freqtrade's Integer / IntParameter)
 *   float        low..high, either continuous (`step` null: RealParameter) or on a grid of
 *                `step` = 10^-decimals (Freqtrade's SKDecimal / DecimalParameter)
 *   categorical  a list of choices (CategoricalParameter; BooleanParameter is [true, false])
 *
 * Dimensions are plain data (no functions), so a space can be sent to worker threads and
 * written into a results file as it is.
 */

export type ParamValue = number | string | boolean;

/** Parameter values of one trial, by dimension name. */
export type Point = Record<string, ParamValue>;

export interface IntDimension {
  kind: 'int';
  name: string;
  low: number;
  high: number;
  step: number;
}

export interface FloatDimension {
  kind: 'float';
  name: string;
  low: number;
  high: number;
  /** Grid step (10^-decimals), or null for a continuous range. */
  step: number | null;
  /** Values are rounded to this many decimals (null when continuous). */
  decimals: number | null;
}

export interface CategoricalDimension {
  kind: 'categorical';
  name: string;
  choices: readonly ParamValue[];
}

export type Dimension = IntDimension | FloatDimension | CategoricalDimension;

/** An integer range, e.g. intDim('roi_t1', 10, 120). */
export function intDim(name: string, low: number, high: number, step = 1): IntDimension {
  return checkDimension({ kind: 'int', name, low, high, step });
}

/**
 * A decimal range on a grid of 10^-decimals, bounds rounded to that grid first (Freqtrade's
 * SKDecimal: `SKDecimal(-0.35, -0.02, decimals=3)` tries -0.350, -0.349, ..., -0.020).
 */
export function decimalDim(name: string, low: number, high: number, decimals = 3): FloatDimension {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 12) {
    throw new UsageError(`hyperopt dimension ${name}: decimals must be a whole number from 0 to 12, got ${decimals}`);
  }
  return checkDimension({ kind: 'float', name, low: roundTo(low, decimals), high: roundTo(high, decimals), step: 10 ** -decimals, decimals });
}

/** A continuous range (Freqtrade's RealParameter / FloatDistribution without step). */
export function realDim(name: string, low: number, high: number): FloatDimension {
  return checkDimension({ kind: 'float', name, low, high, step: null, decimals: null });
}

export function categoricalDim(name: string, choices: readonly ParamValue[]): CategoricalDimension {
  return checkDimension({ kind: 'categorical', name, choices: [...choices] });
}

/** Round half away from zero on the decimal value (what users expect of 0.0125 -> 0.013). */
export function roundTo(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale + (x >= 0 ? 1e-9 : -1e-9)) / scale;
}

/**
 * Check a dimension (from a strategy parameter or a strategy's space override) and return it;
 * a bad one is a UsageError naming the dimension and what was expected. `where` prefixes the
 * message, e.g. "strategy SmaCross: ".
 */
export function checkDimension<D extends Dimension>(dim: D, where = ''): D {
  const fail = (msg: string): never => {
    throw new UsageError(`${where}hyperopt dimension ${dim.name || '(unnamed)'}: ${msg}`);
  };
  if (typeof dim.name !== 'string' || dim.name === '') fail('needs a name');
  switch (dim.kind) {
    case 'int':
      if (!Number.isInteger(dim.low) || !Number.isInteger(dim.high)) fail(`range [${dim.low}, ${dim.high}] must be whole numbers`);
      if (dim.low > dim.high) fail(`range is empty: low ${dim.low} > high ${dim.high}`);
      if (!Number.isInteger(dim.step) || dim.step < 1) fail(`step must be a whole number >= 1, got ${dim.step}`);
      if ((dim.high - dim.low) % dim.step !== 0) fail(`range ${dim.low}..${dim.high} is not a whole number of steps of ${dim.step}`);
      break;
    case 'float':
      if (!Number.isFinite(dim.low) || !Number.isFinite(dim.high)) fail(`range [${dim.low}, ${dim.high}] must be finite numbers`);
      if (dim.low > dim.high) fail(`range is empty: low ${dim.low} > high ${dim.high}`);
      if (dim.step !== null && !(dim.step > 0)) fail(`step must be > 0, got ${dim.step}`);
      break;
    case 'categorical':
      if (!Array.isArray(dim.choices) || dim.choices.length === 0) fail('needs at least one choice');
      for (const c of dim.choices) {
        if (typeof c !== 'string' && typeof c !== 'boolean' && !(typeof c === 'number' && Number.isFinite(c))) {
          fail(`choice ${JSON.stringify(c)} is not a string, boolean or finite number`);
        }
      }
      if (new Set(dim.choices).size !== dim.choices.length) fail(`choices ${JSON.stringify(dim.choices)} repeat a value`);
      break;
    default:
      fail(`unknown kind ${JSON.stringify((dim as { kind: unknown }).kind)} (expected int, float or categorical)`);
  }
  return dim;
}

/** Number of grid points of a discrete dimension; Infinity for a continuous one. */
export function gridCount(dim: Dimension): number {
  switch (dim.kind) {
    case 'int':
      return (dim.high - dim.low) / dim.step + 1;
    case 'float':
      return dim.step === null ? Infinity : Math.round((dim.high - dim.low) / dim.step) + 1;
    case 'categorical':
      return dim.choices.length;
  }
}

/** The value at grid index i (0-based) of a discrete dimension. */
export function gridValue(dim: Dimension, i: number): ParamValue {
  switch (dim.kind) {
    case 'int':
      return dim.low + i * dim.step;
    case 'float':
      if (dim.step === null) throw new Error(`dimension ${dim.name} is continuous: it has no grid`);
      return dim.decimals !== null ? roundTo(dim.low + i * dim.step, dim.decimals) : dim.low + i * dim.step;
    case 'categorical':
      return dim.choices[i]!;
  }
}

/** Snap a numeric value onto the dimension (nearest grid point, clipped to the range). */
export function snapNumeric(dim: IntDimension | FloatDimension, x: number): number {
  const clipped = Math.min(dim.high, Math.max(dim.low, x));
  if (dim.step === null) return clipped;
  const n = gridCount(dim);
  const i = Math.min(n - 1, Math.max(0, Math.round((clipped - dim.low) / dim.step)));
  return gridValue(dim, i) as number;
}

/** True when `value` is a legal value of `dim` (used to check points read back from a results file). */
export function isValidValue(dim: Dimension, value: unknown): boolean {
  if (dim.kind === 'categorical') return dim.choices.includes(value as ParamValue);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (value < dim.low - 1e-12 || value > dim.high + 1e-12) return false;
  if (dim.step === null) return true;
  const steps = (value - dim.low) / dim.step;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/** "int 10..120", "float -0.35..-0.02 step 0.001", "categorical [true, false]" for logs and docs. */
export function describeDimension(dim: Dimension): string {
  switch (dim.kind) {
    case 'int':
      return `int ${dim.low}..${dim.high}${dim.step !== 1 ? ` step ${dim.step}` : ''}`;
    case 'float':
      return `float ${dim.low}..${dim.high}${dim.step !== null ? ` step ${roundTo(dim.step, 12)}` : ' (continuous)'}`;
    case 'categorical':
      return `categorical ${JSON.stringify(dim.choices)}`;
  }
}
