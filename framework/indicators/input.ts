/**
 * Argument handling shared by every indicator: inputs become Float64Array (no copy when they
 * already are), periods are checked once per call, and outputs are allocated full length and
 * NaN-filled so that a kernel only writes the rows where TA-Lib outputs a value.
 *
 * Leading NaNs: ta-lib-python (what Freqtrade users call) starts TA-Lib at the first row where
 * every input is non-NaN and pads the front with NaN, so `sma(rsi(close, 14), 5)` works. We do
 * the same: kernels run on zero-copy views that start at that row (`runFrom`).
 */
import { UsageError } from '../core/errors.ts';
import type { HasValues } from '../frame/operand.ts';

/**
 * What an indicator accepts: a Float64Array (used as is), a frame Series / anything with a
 * Float64Array `values` (its values, no copy), or any array-like of numbers (copied once).
 */
export type Series = Float64Array | HasValues | ArrayLike<number>;

export function toF64(x: Series, fn: string, name: string): Float64Array {
  if (x instanceof Float64Array) return x;
  if (x !== null && typeof x === 'object') {
    const v = (x as Partial<HasValues>).values;
    if (v instanceof Float64Array) return v;
    if (typeof (x as ArrayLike<number>).length === 'number') return Float64Array.from(x as ArrayLike<number>);
  }
  throw new UsageError(`${fn}: ${name} must be a Float64Array, a frame Series or an array of numbers`);
}

/** Integer period in [min, 100000] (TA-Lib's upper bound). */
export function checkPeriod(fn: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > 100000) {
    throw new UsageError(`${fn}: ${name} must be an integer in [${min}, 100000], got ${value}`);
  }
}

/** Several integer periods of one indicator with the same minimum, named by their keys. */
export function checkPeriods(fn: string, periods: Record<string, number>, min: number): void {
  for (const [name, value] of Object.entries(periods)) checkPeriod(fn, name, value, min);
}

export function checkReal(fn: string, name: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new UsageError(`${fn}: ${name} must be a finite number >= ${min}, got ${value}`);
  }
}

export function checkSameLength(fn: string, names: readonly string[], arrays: readonly Float64Array[]): void {
  const n = arrays[0]!.length;
  for (let i = 1; i < arrays.length; i++) {
    if (arrays[i]!.length !== n) {
      throw new UsageError(
        `${fn}: ${names[i]} has length ${arrays[i]!.length}, expected ${n} (the length of ${names[0]})`,
      );
    }
  }
}

export function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/** First row where every array is non-NaN; the length when there is none. */
export function firstValid(arrays: readonly Float64Array[]): number {
  const n = arrays[0]!.length;
  outer: for (let i = 0; i < n; i++) {
    for (let k = 0; k < arrays.length; k++) {
      const v = arrays[k]![i]!;
      if (v !== v) continue outer;
    }
    return i;
  }
  return n;
}

/** Views of `arrays` from row `begin` on (zero-copy). */
export function viewsFrom(arrays: readonly Float64Array[], begin: number): Float64Array[] {
  return arrays.map((a) => a.subarray(begin));
}

/**
 * Allocate `count` NaN outputs of the input length, find the first all-valid row and call
 * `kernel` with views of inputs and outputs that start there.
 *
 * `dense`: the kernel writes every row of its output views (NaN in its own warm-up), so only
 * the rows before the first valid one are NaN-filled here. Saves a write pass over each
 * output, which is measurable for kernels that cost a few ms per million rows.
 */
export function runFrom(
  inputs: readonly Float64Array[],
  count: number,
  kernel: (ins: Float64Array[], outs: Float64Array[]) => void,
  dense = false,
): Float64Array[] {
  const n = inputs[0]!.length;
  const begin = firstValid(inputs);
  const outs: Float64Array[] = [];
  for (let k = 0; k < count; k++) outs.push(dense ? new Float64Array(n).fill(NaN, 0, begin) : nanArray(n));
  if (begin < n) kernel(viewsFrom(inputs, begin), viewsFrom(outs, begin));
  return outs;
}

/** Single-input, single-output convenience over `runFrom`. */
export function run1(x: Float64Array, kernel: (x: Float64Array, out: Float64Array) => void): Float64Array {
  return runFrom([x], 1, (ins, outs) => kernel(ins[0]!, outs[0]!))[0]!;
}

/** Several inputs of one indicator, converted and checked for equal length. */
export function toF64s(fn: string, names: readonly string[], series: readonly Series[]): Float64Array[] {
  const arrays = series.map((s, i) => toF64(s, fn, names[i]!));
  checkSameLength(fn, names, arrays);
  return arrays;
}

/**
 * The usual one-input indicator: `period` checked against `min`, `real` converted, `kernel`
 * run from the first valid row into one NaN-filled output.
 */
export function withPeriod(
  fn: string,
  real: Series,
  period: number,
  min: number,
  kernel: (x: Float64Array, period: number, out: Float64Array) => void,
): Float64Array {
  checkPeriod(fn, 'period', period, min);
  return run1(toF64(real, fn, 'real'), (x, o) => kernel(x, period, o));
}

/**
 * High, low and close converted and checked, `kernel` run from the first row where all three
 * are valid into `count` outputs (`dense`: see runFrom).
 */
export function runHlc(
  fn: string,
  high: Series,
  low: Series,
  close: Series,
  count: number,
  kernel: (h: Float64Array, l: Float64Array, c: Float64Array, outs: Float64Array[]) => void,
  dense = false,
): Float64Array[] {
  const ins = toF64s(fn, ['high', 'low', 'close'], [high, low, close]);
  return runFrom(ins, count, ([h, l, c], outs) => kernel(h!, l!, c!, outs), dense);
}

/** The usual high / low / close indicator with one period and one output (see withPeriod). */
export function hlcWithPeriod(
  fn: string,
  high: Series,
  low: Series,
  close: Series,
  period: number,
  min: number,
  kernel: (h: Float64Array, l: Float64Array, c: Float64Array, period: number, out: Float64Array) => void,
): Float64Array {
  checkPeriod(fn, 'period', period, min);
  return runHlc(fn, high, low, close, 1, (h, l, c, [o]) => kernel(h, l, c, period, o!))[0]!;
}
