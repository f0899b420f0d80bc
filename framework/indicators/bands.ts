/**
 * Bollinger Bands as TA-Lib's BBANDS with its default SMA middle band:
 *   middle = SMA(period); sd = sqrt(mean(x^2) - middle^2) over the window (population,
 *   ddof 0, from a running sum of squares, as TA_INT_stddev_using_precalc_ma does; a
 *   variance below TA_EPSILON counts as 0); upper = middle + nbDevUp * sd,
 *   lower = middle - nbDevDn * sd. Warm-up: period - 1 rows.
 * Only the SMA middle band is offered: it is what `ta.BBANDS` uses unless told otherwise.
 */
import { checkPeriod, checkReal, runFrom, toF64, type Series } from './input.ts';
import { smaInto } from './ma.ts';
import { isZeroOrNeg } from './talib-math.ts';

export interface BandsResult {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

export function bbandsInto(
  x: Float64Array,
  period: number,
  nbDevUp: number,
  nbDevDn: number,
  upper: Float64Array,
  middle: Float64Array,
  lower: Float64Array,
): void {
  const n = x.length;
  if (n < period) return;
  smaInto(x, period, middle);
  let total2 = 0;
  for (let i = 0; i < period - 1; i++) {
    const v = x[i]!;
    total2 += v * v;
  }
  let start = 0;
  for (let i = period - 1; i < n; i++, start++) {
    const v = x[i]!;
    total2 += v * v;
    let mean2 = total2 / period;
    const old = x[start]!;
    total2 -= old * old;
    const m = middle[i]!;
    mean2 -= m * m;
    const sd = !isZeroOrNeg(mean2) ? Math.sqrt(mean2) : 0.0;
    const up = sd * nbDevUp;
    const dn = sd * nbDevDn;
    upper[i] = m + up;
    lower[i] = m - dn;
  }
}

/** Bollinger Bands (TA-Lib BBANDS, SMA middle band, population standard deviation). */
export function bbands(real: Series, period = 5, nbDevUp = 2, nbDevDn = 2): BandsResult {
  checkPeriod('bbands', 'period', period, 2);
  checkReal('bbands', 'nbDevUp', nbDevUp, -3e37);
  checkReal('bbands', 'nbDevDn', nbDevDn, -3e37);
  const x = toF64(real, 'bbands', 'real');
  const [u, m, l] = runFrom([x], 3, ([v], [ou, om, ol]) =>
    bbandsInto(v!, period, nbDevUp, nbDevDn, ou!, om!, ol!),
  );
  return { upper: u!, middle: m!, lower: l! };
}
