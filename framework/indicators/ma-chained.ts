/**
 * Averages built from chained TA-Lib EMAs. Each EMA in the chain is seeded with the SMA of
 * the first `period` values of its own input (as TA-Lib does), so the warm-up grows by
 * period - 1 per stage:
 *   DEMA = 2*e1 - e2                       warm-up 2(p-1)
 *   TEMA = 3*e1 - 3*e2 + e3                warm-up 3(p-1)
 *   TRIX = 100 * (e3[i] / e3[i-1] - 1)     warm-up 3(p-1) + 1
 */
import { withPeriod, type Series } from './input.ts';
import { perToK } from './talib-math.ts';

/**
 * Up to three chained TA-Lib EMAs in one pass, no intermediate arrays. Stage s (1-based)
 * gets its first value, the SMA of its input's first `period` values, at row s * (p - 1).
 * `combine` picks the output: 2 = DEMA, 3 = TEMA, 0 = TRIX (ROC of the third EMA).
 */
function emaChainInto(x: Float64Array, period: number, combine: 0 | 2 | 3, out: Float64Array): void {
  const n = x.length;
  const lb = period - 1;
  const stages = combine === 2 ? 2 : 3;
  const first = stages * lb + (combine === 0 ? 1 : 0);
  if (first >= n) return;
  const k = perToK(period);
  let e1 = 0;
  let e2 = 0;
  let e3 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (i < lb) {
      e1 += v;
      continue;
    }
    if (i === lb) e1 = (e1 + v) / period;
    else e1 = (v - e1) * k + e1;
    if (i < 2 * lb) {
      e2 += e1;
      continue;
    }
    if (i === 2 * lb) e2 = (e2 + e1) / period;
    else e2 = (e1 - e2) * k + e2;
    if (combine === 2) {
      out[i] = 2.0 * e1 - e2;
      continue;
    }
    if (i < 3 * lb) {
      e3 += e2;
      continue;
    }
    const prev3 = e3;
    if (i === 3 * lb) e3 = (e3 + e2) / period;
    else e3 = (e2 - e3) * k + e3;
    if (combine === 3) out[i] = e3 + (3.0 * e1 - 3.0 * e2);
    else if (i > 3 * lb) out[i] = prev3 !== 0.0 ? (e3 / prev3 - 1.0) * 100.0 : 0.0;
  }
}

export function demaInto(x: Float64Array, period: number, out: Float64Array): void {
  emaChainInto(x, period, 2, out);
}

export function temaInto(x: Float64Array, period: number, out: Float64Array): void {
  emaChainInto(x, period, 3, out);
}

export function trixInto(x: Float64Array, period: number, out: Float64Array): void {
  emaChainInto(x, period, 0, out);
}

/** Double EMA (TA-Lib DEMA). */
export function dema(real: Series, period = 30): Float64Array {
  return withPeriod('dema', real, period, 2, demaInto);
}

/** Triple EMA (TA-Lib TEMA). */
export function tema(real: Series, period = 30): Float64Array {
  return withPeriod('tema', real, period, 2, temaInto);
}

/** 1-bar rate of change (percent) of a triple EMA (TA-Lib TRIX). */
export function trix(real: Series, period = 30): Float64Array {
  return withPeriod('trix', real, period, 1, trixInto);
}
