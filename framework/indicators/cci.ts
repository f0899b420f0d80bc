/**
 * Commodity Channel Index, TA-Lib semantics: tp = (high + low + close) / 3;
 * CCI = (tp - mean(tp)) / (0.015 * meanAbsDev(tp)) over `period` bars, 0 when either the
 * numerator or the mean deviation is 0. Warm-up: period - 1 rows.
 *
 * The mean and the mean deviation are re-summed over the window on every row, in TA-Lib's
 * circular-buffer order (slot = row mod period), so the result is bit-identical: near a zero
 * crossing CCI is a small difference of large numbers and a different summation order alone
 * would move it by more than 1e-9 relative. O(n * period).
 */
import { hlcWithPeriod, type Series } from './input.ts';

export function cciInto(h: Float64Array, l: Float64Array, c: Float64Array, period: number, out: Float64Array): void {
  const n = h.length;
  if (n < period) return;
  const buf = new Float64Array(period);
  for (let i = 0; i < period - 1; i++) buf[i] = (h[i]! + l[i]! + c[i]!) / 3;
  let slot = period - 1;
  let i = period - 1;
  // Two rows per step: their sums are two independent dependency chains the CPU overlaps
  // (one row's sums are a strict chain of `period` additions). Row B's window differs from
  // row A's only in slot sB, which holds the value leaving A's window.
  for (; i + 1 < n; i += 2) {
    const tpA = (h[i]! + l[i]! + c[i]!) / 3;
    const tpB = (h[i + 1]! + l[i + 1]! + c[i + 1]!) / 3;
    const sB = slot + 1 === period ? 0 : slot + 1;
    buf[slot] = tpA;
    const old = buf[sB]!;
    let avgA = 0;
    let avgB = 0;
    for (let j = 0; j < sB; j++) {
      const v = buf[j]!;
      avgA += v;
      avgB += v;
    }
    avgA += old;
    avgB += tpB;
    for (let j = sB + 1; j < period; j++) {
      const v = buf[j]!;
      avgA += v;
      avgB += v;
    }
    avgA /= period;
    avgB /= period;
    let devA = 0;
    let devB = 0;
    for (let j = 0; j < sB; j++) {
      const v = buf[j]!;
      devA += Math.abs(v - avgA);
      devB += Math.abs(v - avgB);
    }
    devA += Math.abs(old - avgA);
    devB += Math.abs(tpB - avgB);
    for (let j = sB + 1; j < period; j++) {
      const v = buf[j]!;
      devA += Math.abs(v - avgA);
      devB += Math.abs(v - avgB);
    }
    buf[sB] = tpB;
    slot = sB + 1 === period ? 0 : sB + 1;
    const numA = tpA - avgA;
    out[i] = numA !== 0.0 && devA !== 0.0 ? numA / (0.015 * (devA / period)) : 0.0;
    const numB = tpB - avgB;
    out[i + 1] = numB !== 0.0 && devB !== 0.0 ? numB / (0.015 * (devB / period)) : 0.0;
  }
  if (i < n) {
    const last = (h[i]! + l[i]! + c[i]!) / 3;
    buf[slot] = last;
    let avg = 0;
    for (let j = 0; j < period; j++) avg += buf[j]!;
    avg /= period;
    let dev = 0;
    for (let j = 0; j < period; j++) dev += Math.abs(buf[j]! - avg);
    const num = last - avg;
    out[i] = num !== 0.0 && dev !== 0.0 ? num / (0.015 * (dev / period)) : 0.0;
  }
}

/** Commodity Channel Index (TA-Lib CCI). */
export function cci(high: Series, low: Series, close: Series, period = 14): Float64Array {
  return hlcWithPeriod('cci', high, low, close, period, 2, cciInto);
}
