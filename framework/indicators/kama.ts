/**
 * Kaufman adaptive moving average, TA-Lib semantics: efficiency ratio er = |x[i] -
 * x[i-period]| / sum(|x[j] - x[j-1]|) over the window (1 when the sum is not above the
 * change or is zero), sc = (er * (2/3 - 2/31) + 2/31)^2, kama += sc * (x - kama), starting
 * from x[period - 1]. Warm-up: period rows.
 */
import { withPeriod, type Series } from './input.ts';
import { isZero } from './talib-math.ts';

export function kamaInto(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  if (n <= period) return;
  const constMax = 2.0 / (30.0 + 1.0);
  const constDiff = 2.0 / (2.0 + 1.0) - constMax;
  let sumRoc1 = 0;
  let today = 0;
  let trailing = 0;
  for (let i = period; i > 0; i--) {
    let t = x[today++]!;
    t -= x[today]!;
    sumRoc1 += Math.abs(t);
  }
  let prevKama = x[today - 1]!;
  let tempReal = x[today]!;
  let tempReal2 = x[trailing++]!;
  let periodRoc = tempReal - tempReal2;
  let trailingValue = tempReal2;
  let er = sumRoc1 <= periodRoc || isZero(sumRoc1) ? 1.0 : Math.abs(periodRoc / sumRoc1);
  let sc = er * constDiff + constMax;
  sc *= sc;
  prevKama = (x[today++]! - prevKama) * sc + prevKama;
  out[period] = prevKama;
  while (today < n) {
    tempReal = x[today]!;
    tempReal2 = x[trailing++]!;
    periodRoc = tempReal - tempReal2;
    sumRoc1 -= Math.abs(trailingValue - tempReal2);
    sumRoc1 += Math.abs(tempReal - x[today - 1]!);
    trailingValue = tempReal2;
    er = sumRoc1 <= periodRoc || isZero(sumRoc1) ? 1.0 : Math.abs(periodRoc / sumRoc1);
    sc = er * constDiff + constMax;
    sc *= sc;
    prevKama = (x[today++]! - prevKama) * sc + prevKama;
    out[today - 1] = prevKama;
  }
}

/** Kaufman adaptive moving average (TA-Lib KAMA). */
export function kama(real: Series, period = 30): Float64Array {
  return withPeriod('kama', real, period, 2, kamaInto);
}
