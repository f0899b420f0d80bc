/**
 * TA-Lib's numeric conventions, kept in one place because results depend on them.
 *
 * TA-Lib treats |v| < TA_EPSILON as zero in a few divisions (RSI, DI/ADX, NATR, ULTOSC, KAMA)
 * and a BBANDS/STDDEV variance below it as zero. TA-Lib 0.4 used 1e-8, which zeroed
 * legitimate values on low-priced assets; TA-Lib 0.6 (the version of our reference files)
 * uses 1e-14. We follow 0.6.
 *
 * Hot loops test `!(Math.abs(v) < TA_EPSILON)` inline instead of calling these helpers: V8
 * did not always inline them there, and a non-inlined call per row cost 3x in speed.
 */
export const TA_EPSILON = 1e-14;

/** TA_IS_ZERO: -eps < v < eps, written as |v| < eps (same truth table, NaN included). */
export function isZero(v: number): boolean {
  return Math.abs(v) < TA_EPSILON;
}

export function isZeroOrNeg(v: number): boolean {
  return v < TA_EPSILON;
}

/** TA-Lib's PER_TO_K: the EMA smoothing factor 2 / (period + 1). */
export function perToK(period: number): number {
  return 2.0 / (period + 1.0);
}

/** Wilder's true range of bar i given the previous close, computed in TA-Lib's order. */
export function trueRangeAt(high: number, low: number, prevClose: number): number {
  let greatest = high - low;
  const v2 = Math.abs(prevClose - high);
  if (v2 > greatest) greatest = v2;
  const v3 = Math.abs(low - prevClose);
  if (v3 > greatest) greatest = v3;
  return greatest;
}
