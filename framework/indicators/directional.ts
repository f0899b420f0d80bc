/**
 * Wilder's directional movement system, TA-Lib semantics (PLUS_DI, MINUS_DI, ADX, ADXR).
 *
 * Per row i >= 1: up = high[i] - high[i-1], down = low[i-1] - low[i];
 * +DM = up if up > 0 and up > down, else 0; -DM = down if down > 0 and down > up, else 0;
 * TR = true range. Smoothing as TA-Lib: the first period - 1 values (rows 1..period-1) are
 * summed, then every row applies s = s - s / period + value (so the first smoothed value at
 * row `period` is not a plain sum of `period` values).
 *   +DI = 100 * +DMs / TRs, -DI = 100 * -DMs / TRs (0 when TRs is zero); first at row period.
 *   DX  = 100 * |+DI - -DI| / (+DI + -DI).
 *   ADX = mean of the first `period` DX (rows period..2*period-1), then Wilder; a row whose
 *         DX is undefined (TRs or DI sum zero) keeps the previous ADX. First at 2*period - 1.
 *   ADXR = (ADX[i] + ADX[i - (period - 1)]) / 2; first at 3*period - 2.
 */
import { hlcWithPeriod, type Series } from './input.ts';
import { TA_EPSILON, trueRangeAt } from './talib-math.ts';

/**
 * The directional move of a row that counts for +DM (which = 1) or -DM (which = 2), else 0:
 * +DM counts when the up move wins, -DM when the down move wins (never both). A branch-free
 * select through `sel` (sel[0] = 0): with compare branches mispredictions made the loops
 * much slower, and `which` as an index keeps a test on +/- out of the loop (with one, V8's
 * code for +DI-only calls ran 2x slower than for -DI).
 */
function directionalMove(up: number, down: number, which: number, sel: Float64Array): number {
  sel[1] = up;
  sel[2] = down;
  const upWins = +(up > 0) & +(up > down);
  const downWins = (+(down > 0) & +(up < down)) << 1;
  return sel[(upWins | downWins) & which]!;
}

/**
 * +DI (plus = true) or -DI (plus = false) from row `period` on. Lean loop on purpose (one
 * output): a generic all-outputs version was ~3x slower. Adding a 0 move leaves the sums
 * unchanged, so the arithmetic is TA-Lib's.
 */
export function diInto(
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  period: number,
  plus: boolean,
  out: Float64Array,
): void {
  const n = h.length;
  if (n <= period) return;
  let dm = 0;
  let tr = 0;
  const sel = new Float64Array(3);
  const which = plus ? 1 : 2;
  let prevHigh = h[0]!;
  let prevLow = l[0]!;
  let prevClose = c[0]!;
  for (let i = 1; i < n; i++) {
    const hi = h[i]!;
    const lo = l[i]!;
    const move = directionalMove(hi - prevHigh, prevLow - lo, which, sel);
    const t = trueRangeAt(hi, lo, prevClose);
    prevHigh = hi;
    prevLow = lo;
    prevClose = c[i]!;
    if (i < period) {
      dm += move;
      tr += t;
      continue;
    }
    dm = dm - dm / period + move;
    tr = tr - tr / period + t;
    out[i] = !(Math.abs(tr) < TA_EPSILON) ? 100.0 * (dm / tr) : 0.0;
  }
}

/** ADX from row 2 * period - 1 on. */
export function adxInto(h: Float64Array, l: Float64Array, c: Float64Array, period: number, out: Float64Array): void {
  const n = h.length;
  const first = 2 * period - 1;
  if (n <= first) return;
  let plusDm = 0;
  let minusDm = 0;
  let tr = 0;
  let sumDx = 0;
  let adx = 0;
  const w = period - 1;
  const sel = new Float64Array(3);
  let prevHigh = h[0]!;
  let prevLow = l[0]!;
  let prevClose = c[0]!;
  for (let i = 1; i < n; i++) {
    const hi = h[i]!;
    const lo = l[i]!;
    const diffP = hi - prevHigh;
    const diffM = prevLow - lo;
    const up = directionalMove(diffP, diffM, 1, sel);
    const down = directionalMove(diffP, diffM, 2, sel);
    const t = trueRangeAt(hi, lo, prevClose);
    prevHigh = hi;
    prevLow = lo;
    prevClose = c[i]!;
    if (i < period) {
      minusDm += down;
      plusDm += up;
      tr += t;
      continue;
    }
    minusDm = minusDm - minusDm / period + down;
    plusDm = plusDm - plusDm / period + up;
    tr = tr - tr / period + t;
    // A row with TR or DI sum at zero has no DX: the ADX keeps its previous value.
    let dx = NaN;
    if (!(Math.abs(tr) < TA_EPSILON)) {
      const minusDi = 100.0 * (minusDm / tr);
      const plusDi = 100.0 * (plusDm / tr);
      const diSum = minusDi + plusDi;
      if (!(Math.abs(diSum) < TA_EPSILON)) dx = 100.0 * (Math.abs(minusDi - plusDi) / diSum);
    }
    if (i < first) {
      if (dx === dx) sumDx += dx;
    } else if (i === first) {
      if (dx === dx) sumDx += dx;
      adx = sumDx / period;
      out[i] = adx;
    } else {
      if (dx === dx) adx = (adx * w + dx) / period;
      out[i] = adx;
    }
  }
}

export function adxrInto(adx: Float64Array, period: number, out: Float64Array): void {
  const first = 3 * period - 2;
  for (let i = first; i < adx.length; i++) out[i] = (adx[i]! + adx[i - (period - 1)]!) / 2.0;
}

/** Plus directional indicator (TA-Lib PLUS_DI). Warm-up: period rows. */
export function plusDi(high: Series, low: Series, close: Series, period = 14): Float64Array {
  return hlcWithPeriod('plusDi', high, low, close, period, 2, (h, l, c, p, o) => diInto(h, l, c, p, true, o));
}

/** Minus directional indicator (TA-Lib MINUS_DI). Warm-up: period rows. */
export function minusDi(high: Series, low: Series, close: Series, period = 14): Float64Array {
  return hlcWithPeriod('minusDi', high, low, close, period, 2, (h, l, c, p, o) => diInto(h, l, c, p, false, o));
}

/** Average directional movement index (TA-Lib ADX). Warm-up: 2 * period - 1 rows. */
export function adx(high: Series, low: Series, close: Series, period = 14): Float64Array {
  return hlcWithPeriod('adx', high, low, close, period, 2, adxInto);
}

/** ADX rating (TA-Lib ADXR). Warm-up: 3 * period - 2 rows. */
export function adxr(high: Series, low: Series, close: Series, period = 14): Float64Array {
  return hlcWithPeriod('adxr', high, low, close, period, 2, (h, l, c, p, o) => {
    const a = new Float64Array(h.length);
    adxInto(h, l, c, p, a);
    adxrInto(a, p, o);
  });
}
