/**
 * Row-offset kernels with pandas semantics: shift(p) moves values p rows later (p < 0:
 * earlier) and fills the vacated rows with NaN; diff(p) = x[i] - x[i-p];
 * pctChange(p) = x[i] / x[i-p] - 1 (no forward fill of NaN, as pandas 3 / fill_method=None;
 * x/0 gives ±Infinity, 0/0 gives NaN, as numpy does).
 * All three are safe in place (out === x): they walk in the direction that never reads a
 * cell already overwritten.
 */
import { checkPeriods, prepareOut } from './out.ts';

export function shift(x: Float64Array, periods: number, out?: Float64Array): Float64Array {
  checkPeriods('shift', periods);
  const o = prepareOut('shift', x, out, true);
  const n = x.length;
  if (periods >= 0) {
    for (let i = n - 1; i >= periods && i >= 0; i--) o[i] = x[i - periods]!;
    for (let i = Math.min(periods, n) - 1; i >= 0; i--) o[i] = NaN;
  } else {
    const p = -periods;
    for (let i = 0; i < n - p; i++) o[i] = x[i + p]!;
    for (let i = Math.max(n - p, 0); i < n; i++) o[i] = NaN;
  }
  return o;
}

export function diff(x: Float64Array, periods = 1, out?: Float64Array): Float64Array {
  checkPeriods('diff', periods);
  const o = prepareOut('diff', x, out, true);
  const n = x.length;
  if (periods >= 0) {
    for (let i = n - 1; i >= periods && i >= 0; i--) o[i] = x[i]! - x[i - periods]!;
    for (let i = Math.min(periods, n) - 1; i >= 0; i--) o[i] = NaN;
  } else {
    const p = -periods;
    for (let i = 0; i < n - p; i++) o[i] = x[i]! - x[i + p]!;
    for (let i = Math.max(n - p, 0); i < n; i++) o[i] = NaN;
  }
  return o;
}

export function pctChange(x: Float64Array, periods = 1, out?: Float64Array): Float64Array {
  checkPeriods('pctChange', periods);
  const o = prepareOut('pctChange', x, out, true);
  const n = x.length;
  if (periods >= 0) {
    for (let i = n - 1; i >= periods && i >= 0; i--) o[i] = x[i]! / x[i - periods]! - 1;
    for (let i = Math.min(periods, n) - 1; i >= 0; i--) o[i] = NaN;
  } else {
    const p = -periods;
    for (let i = 0; i < n - p; i++) o[i] = x[i]! / x[i + p]! - 1;
    for (let i = Math.max(n - p, 0); i < n; i++) o[i] = NaN;
  }
  return o;
}
