import { UsageError } from '../../core/errors.ts';

/**
 * Splitting a parent quantity into child quantities, in whole lots (integers), so every child
 * is on the instrument's lot grid and the children add up to the parent exactly.
 */

/** n equal slices of floor(total / n) lots; the last slice takes the remainder. */
export function evenSlices(totalLots: number, n: number): number[] {
  if (!Number.isInteger(totalLots) || totalLots <= 0) throw new UsageError(`evenSlices: total ${totalLots} must be a positive whole number of lots`);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`evenSlices: slice count ${n} must be a positive integer`);
  const each = Math.floor(totalLots / n);
  const out = new Array<number>(n).fill(each);
  out[n - 1] = totalLots - each * (n - 1);
  return out;
}

/**
 * Slices proportional to `weights`, by rounding the cumulative target: slice k gets
 * round(total * W_k / W) - round(total * W_{k-1} / W) lots, where W_k is the sum of the first
 * k+1 weights. Each slice is within one lot of its exact share and the sum is exact.
 * Slices below `minLots` (but not zero) are carried into the next slice; a carry left at the
 * end goes to the last non-empty slice. Zero-weight periods get zero lots.
 */
export function weightedSlices(totalLots: number, weights: ArrayLike<number>, minLots = 1): number[] {
  if (!Number.isInteger(totalLots) || totalLots <= 0) throw new UsageError(`weightedSlices: total ${totalLots} must be a positive whole number of lots`);
  const n = weights.length;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const w = weights[k]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new UsageError(`weightedSlices: weight ${k} is ${w}; expected a finite number >= 0`);
    sum += w;
  }
  if (!(sum > 0)) throw new UsageError('weightedSlices: the weights sum to 0; nothing to follow');
  const out = new Array<number>(n).fill(0);
  let cum = 0;
  let prevTarget = 0;
  let carry = 0;
  let lastNonEmpty = -1;
  for (let k = 0; k < n; k++) {
    cum += weights[k]!;
    const target = k === n - 1 ? totalLots : Math.round((totalLots * cum) / sum);
    let lots = target - prevTarget + carry;
    prevTarget = target;
    carry = 0;
    if (lots > 0 && lots < minLots) {
      carry = lots;
      lots = 0;
    }
    out[k] = lots;
    if (lots > 0) lastNonEmpty = k;
  }
  if (carry > 0) {
    if (lastNonEmpty >= 0) out[lastNonEmpty] = out[lastNonEmpty]! + carry;
    else out[n - 1] = carry; // the whole quantity is below the minimum: one slice, which the engine will judge
  }
  return out;
}
