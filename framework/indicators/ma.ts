/**
 * Moving averages as TA-Lib computes them, operation for operation, so results agree with
 * TA-Lib to the last bit (not just to a tolerance):
 *  - SMA: running sum; add the new value, divide, then subtract the trailing one.
 *  - EMA: seeded with the SMA of the first `period` values, then prev + k * (x - prev),
 *    k = 2 / (period + 1).
 *  - WMA: weights 1..period (newest heaviest), running weighted sum.
 * The kernels (…Into) write only the rows TA-Lib outputs; callers pre-fill with NaN.
 */
import { withPeriod, type Series } from './input.ts';
import { perToK } from './talib-math.ts';

/** SMA of x; first value at row period - 1. */
export function smaInto(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  if (n < period) return;
  let total = 0;
  for (let i = 0; i < period - 1; i++) total += x[i]!;
  let trailing = 0;
  for (let i = period - 1; i < n; i++) {
    total += x[i]!;
    const t = total;
    total -= x[trailing++]!;
    out[i] = t / period;
  }
}

/**
 * TA-Lib's internal EMA (TA_INT_EMA) started at row `start`: seeded there with the SMA of
 * x[start - period + 1 .. start]. MACD starts its fast EMA later than period - 1, which is
 * why `start` is a parameter.
 */
export function emaInto(x: Float64Array, period: number, k: number, start: number, out: Float64Array): void {
  const n = x.length;
  if (start >= n || start < period - 1) return;
  let today = start - period + 1;
  let sum = 0;
  for (let i = 0; i < period; i++) sum += x[today++]!;
  let prev = sum / period;
  out[start] = prev;
  while (today < n) {
    prev = (x[today]! - prev) * k + prev;
    out[today++] = prev;
  }
}

/** WMA with weights 1..period; first value at row period - 1. */
export function wmaInto(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  if (n < period) return;
  const divider = (period * (period + 1)) / 2;
  let periodSub = 0;
  let periodSum = 0;
  let idx = 0;
  for (let w = 1; idx < period - 1; idx++, w++) {
    const v = x[idx]!;
    periodSub += v;
    periodSum += v * w;
  }
  let trailingValue = 0;
  let trailing = 0;
  for (; idx < n; idx++) {
    const v = x[idx]!;
    periodSub += v;
    periodSub -= trailingValue;
    periodSum += v * period;
    trailingValue = x[trailing++]!;
    out[idx] = periodSum / divider;
    periodSum -= periodSub;
  }
}

/** Simple moving average (TA-Lib SMA). Warm-up: period - 1 rows. */
export function sma(real: Series, period = 30): Float64Array {
  return withPeriod('sma', real, period, 1, smaInto);
}

/** Exponential moving average seeded with the SMA of the first period values (TA-Lib EMA). */
export function ema(real: Series, period = 30): Float64Array {
  return withPeriod('ema', real, period, 1, (x, p, o) => emaInto(x, p, perToK(p), p - 1, o));
}

/** Linearly weighted moving average (TA-Lib WMA). Warm-up: period - 1 rows. */
export function wma(real: Series, period = 30): Float64Array {
  return withPeriod('wma', real, period, 1, wmaInto);
}
