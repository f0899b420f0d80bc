import { UsageError } from '../../core/errors.ts';

/**
 * Shared argument checks for the kernels. Kernels take an optional `out` so callers that
 * recompute the same column every candle (live mode) can reuse one buffer instead of
 * allocating; this module validates it once per call, never per element.
 */
export function prepareOut(
  fn: string,
  x: Float64Array,
  out: Float64Array | undefined,
  allowAlias: boolean,
): Float64Array {
  if (out === undefined) return new Float64Array(x.length);
  if (out.length !== x.length) {
    throw new UsageError(`${fn}: out has length ${out.length}, expected ${x.length} (the input length)`);
  }
  if (!allowAlias && overlaps(x, out)) {
    // Sliding-window kernels read x[i - window] after writing out[i - window].
    throw new UsageError(`${fn}: out must not share memory with the input`);
  }
  return out;
}

function overlaps(a: Float64Array, b: Float64Array): boolean {
  if (a.buffer !== b.buffer) return false;
  const aEnd = a.byteOffset + a.byteLength;
  const bEnd = b.byteOffset + b.byteLength;
  return a.byteOffset < bEnd && b.byteOffset < aEnd;
}

/** pandas raises on window < 1 and on min_periods > window; so do we (as UsageError). */
export function checkWindow(fn: string, window: number, minPeriods: number): void {
  if (!Number.isInteger(window) || window < 1) {
    throw new UsageError(`${fn}: window must be an integer >= 1, got ${window}`);
  }
  if (!Number.isInteger(minPeriods) || minPeriods < 0 || minPeriods > window) {
    throw new UsageError(`${fn}: minPeriods must be an integer in [0, window=${window}], got ${minPeriods}`);
  }
}

export function checkPeriods(fn: string, periods: number): void {
  if (!Number.isInteger(periods)) {
    throw new UsageError(`${fn}: periods must be an integer, got ${periods}`);
  }
}
