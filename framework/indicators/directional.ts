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
import { checkPeriod, runFrom, toF64s, type Series } from './input.ts';
import { TA_EPSILON } from './talib-math.ts';

/**
 * +DI (plus = true) or -DI (plus = false) from row `period` on. Lean loops on purpose (true
 * range inline, one output, the +DM/-DM choice as a branch-free select): a generic
 * all-outputs version was ~3x slower. Adding a 0 move leaves the sums unchanged, so the
 * arithmetic is TA-Lib's.
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
  let prevHigh = h[0]!;
  let prevLow = l[0]!;
  let prevClose = c[0]!;
  // Branch-free select of the move: sel = [0, up move, down move]; `which` (1 = +DM,
  // 2 = -DM) masks the two conditions, so no test on `plus` sits in the loop (with one,
  // V8's code for +DI-only calls ran 2x slower than for -DI).
  const sel = new Float64Array(3);
  const which = plus ? 1 : 2;
  for (let i = 1; i < n; i++) {
    const hi = h[i]!;
    const lo = l[i]!;
    const diffP = hi - prevHigh;
    const diffM = prevLow - lo;
    prevHigh = hi;
    prevLow = lo;
    let t = hi - lo;
    const v2 = Math.abs(prevClose - hi);
    if (v2 > t) t = v2;
    const v3 = Math.abs(lo - prevClose);
    if (v3 > t) t = v3;
    prevClose = c[i]!;
    // +DM counts when the up move wins, -DM when the down move wins (never both).
    sel[1] = diffP;
    sel[2] = diffM;
    const upWins = +(diffP > 0) & +(diffP > diffM);
    const downWins = (+(diffM > 0) & +(diffP < diffM)) << 1;
    const move = sel[(upWins | downWins) & which]!;
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
  let prevHigh = h[0]!;
  let prevLow = l[0]!;
  let prevClose = c[0]!;
  let sumDx = 0;
  let adx = 0;
  const w = period - 1;
  const sel = new Float64Array(3); // branch-free select: [0, up move, down move]
  for (let i = 1; i < n; i++) {
    const hi = h[i]!;
    const lo = l[i]!;
    const diffP = hi - prevHigh;
    const diffM = prevLow - lo;
    prevHigh = hi;
    prevLow = lo;
    let t = hi - lo;
    const v2 = Math.abs(prevClose - hi);
    if (v2 > t) t = v2;
    const v3 = Math.abs(lo - prevClose);
    if (v3 > t) t = v3;
    prevClose = c[i]!;
    sel[1] = diffP;
    sel[2] = diffM;
    const up = sel[+(diffP > 0) & +(diffP > diffM)]!;
    const down = sel[(+(diffM > 0) & +(diffP < diffM)) << 1]!;
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

const HLC = ['high', 'low', 'close'] as const;

/** Plus directional indicator (TA-Lib PLUS_DI). Warm-up: period rows. */
export function plusDi(high: Series, low: Series, close: Series, period = 14): Float64Array {
  checkPeriod('plusDi', 'period', period, 2);
  const ins = toF64s('plusDi', HLC, [high, low, close]);
  return runFrom(ins, 1, ([h, l, c], [o]) => diInto(h!, l!, c!, period, true, o!))[0]!;
}

/** Minus directional indicator (TA-Lib MINUS_DI). Warm-up: period rows. */
export function minusDi(high: Series, low: Series, close: Series, period = 14): Float64Array {
  checkPeriod('minusDi', 'period', period, 2);
  const ins = toF64s('minusDi', HLC, [high, low, close]);
  return runFrom(ins, 1, ([h, l, c], [o]) => diInto(h!, l!, c!, period, false, o!))[0]!;
}

/** Average directional movement index (TA-Lib ADX). Warm-up: 2 * period - 1 rows. */
export function adx(high: Series, low: Series, close: Series, period = 14): Float64Array {
  checkPeriod('adx', 'period', period, 2);
  const ins = toF64s('adx', HLC, [high, low, close]);
  return runFrom(ins, 1, ([h, l, c], [o]) => adxInto(h!, l!, c!, period, o!))[0]!;
}

/** ADX rating (TA-Lib ADXR). Warm-up: 3 * period - 2 rows. */
export function adxr(high: Series, low: Series, close: Series, period = 14): Float64Array {
  checkPeriod('adxr', 'period', period, 2);
  const ins = toF64s('adxr', HLC, [high, low, close]);
  return runFrom(ins, 1, ([h, l, c], [o]) => {
    const a = new Float64Array(h!.length);
    adxInto(h!, l!, c!, period, a);
    adxrInto(a, period, o!);
  })[0]!;
}
