/**
 * True range family, TA-Lib semantics:
 *  - TRANGE: max(high - low, |high - prevClose|, |low - prevClose|); none on row 0.
 *  - ATR: seed = plain mean of the first `period` true ranges (rows 1..period), then Wilder:
 *    atr = (atr * (period - 1) + tr) / period. First value at row `period`.
 *  - NATR: 100 * ATR / close (0 when close is zero).
 */
import { hlcWithPeriod, runHlc, type Series } from './input.ts';
import { isZero, TA_EPSILON, trueRangeAt } from './talib-math.ts';

export function trangeInto(h: Float64Array, l: Float64Array, c: Float64Array, out: Float64Array): void {
  for (let i = 1; i < h.length; i++) out[i] = trueRangeAt(h[i]!, l[i]!, c[i - 1]!);
}

/**
 * ATR (normalized = false) or NATR (normalized = true). The true range is written out inline
 * in the hot loops: V8 did not inline the shared helper there and the loop got 3x slower.
 */
export function atrInto(
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  period: number,
  normalized: boolean,
  out: Float64Array,
): void {
  const n = h.length;
  if (n <= period) return;
  if (period === 1) {
    // TA-Lib returns the true range itself for period 1 (NATR scales it by the close).
    for (let i = 1; i < n; i++) {
      const tr = trueRangeAt(h[i]!, l[i]!, c[i - 1]!);
      out[i] = normalized ? natrValue(tr, c[i]!) : tr;
    }
    return;
  }
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += trueRangeAt(h[i]!, l[i]!, c[i - 1]!);
  let prev = sum / period;
  out[period] = normalized ? natrValue(prev, c[period]!) : prev;
  const w = period - 1;
  let prevClose = c[period]!;
  if (!normalized) {
    for (let i = period + 1; i < n; i++) {
      const hi = h[i]!;
      const lo = l[i]!;
      let tr = hi - lo;
      const v2 = Math.abs(prevClose - hi);
      if (v2 > tr) tr = v2;
      const v3 = Math.abs(lo - prevClose);
      if (v3 > tr) tr = v3;
      prevClose = c[i]!;
      prev *= w;
      prev += tr;
      prev /= period;
      out[i] = prev;
    }
    return;
  }
  for (let i = period + 1; i < n; i++) {
    const hi = h[i]!;
    const lo = l[i]!;
    let tr = hi - lo;
    const v2 = Math.abs(prevClose - hi);
    if (v2 > tr) tr = v2;
    const v3 = Math.abs(lo - prevClose);
    if (v3 > tr) tr = v3;
    const cl = c[i]!;
    prevClose = cl;
    prev *= w;
    prev += tr;
    prev /= period;
    out[i] = !(Math.abs(cl) < TA_EPSILON) ? (prev / cl) * 100.0 : 0.0;
  }
}

function natrValue(atr: number, close: number): number {
  return !isZero(close) ? (atr / close) * 100.0 : 0.0;
}

/** True range (TA-Lib TRANGE). Warm-up: 1 row. */
export function trange(high: Series, low: Series, close: Series): Float64Array {
  return runHlc('trange', high, low, close, 1, (h, l, c, [o]) => trangeInto(h, l, c, o!))[0]!;
}

/** Average true range, Wilder smoothing (TA-Lib ATR). Warm-up: period rows. */
export function atr(high: Series, low: Series, close: Series, period = 14): Float64Array {
  return hlcWithPeriod('atr', high, low, close, period, 1, (h, l, c, p, o) => atrInto(h, l, c, p, false, o));
}

/** ATR as a percentage of the close (TA-Lib NATR). Warm-up: period rows. */
export function natr(high: Series, low: Series, close: Series, period = 14): Float64Array {
  return hlcWithPeriod('natr', high, low, close, period, 1, (h, l, c, p, o) => atrInto(h, l, c, p, true, o));
}
