/**
 * Ultimate Oscillator, TA-Lib semantics: per bar, buying pressure bp = close - min(low,
 * prevClose) and true range tr; over three windows (sorted shortest first, weights 4, 2, 1)
 * ULTOSC = 100 * (4 * sum(bp)/sum(tr) + 2 * ... + ...) / 7, a window whose tr sum is zero
 * contributing 0. Running sums as TA-Lib keeps them. Warm-up: longest period rows.
 */
import { checkPeriods, runHlc, type Series } from './input.ts';
import { isZero, trueRangeAt } from './talib-math.ts';

export function ultoscInto(
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  periods: readonly [number, number, number],
  out: Float64Array,
): void {
  const [p1, p2, p3] = [...periods].sort((a, b) => a - b) as [number, number, number];
  const n = h.length;
  const start = p3; // TA-Lib lookback: the longest period
  if (start >= n) return;
  const bp = (i: number): number => c[i]! - Math.min(l[i]!, c[i - 1]!);
  const tr = (i: number): number => trueRangeAt(h[i]!, l[i]!, c[i - 1]!);
  const prime = (p: number): [number, number] => {
    let a = 0;
    let b = 0;
    for (let i = start - p + 1; i < start; i++) {
      a += bp(i);
      b += tr(i);
    }
    return [a, b];
  };
  let [a1, b1] = prime(p1);
  let [a2, b2] = prime(p2);
  let [a3, b3] = prime(p3);
  for (let today = start; today < n; today++) {
    const cbp = bp(today);
    const ctr = tr(today);
    a1 += cbp;
    a2 += cbp;
    a3 += cbp;
    b1 += ctr;
    b2 += ctr;
    b3 += ctr;
    let v = 0.0;
    if (!isZero(b1)) v += 4.0 * (a1 / b1);
    if (!isZero(b2)) v += 2.0 * (a2 / b2);
    if (!isZero(b3)) v += a3 / b3;
    let t = today - p1 + 1;
    a1 -= bp(t);
    b1 -= tr(t);
    t = today - p2 + 1;
    a2 -= bp(t);
    b2 -= tr(t);
    t = today - p3 + 1;
    a3 -= bp(t);
    b3 -= tr(t);
    out[today] = 100.0 * (v / 7.0);
  }
}

/** Ultimate Oscillator (TA-Lib ULTOSC). */
export function ultosc(
  high: Series,
  low: Series,
  close: Series,
  period1 = 7,
  period2 = 14,
  period3 = 28,
): Float64Array {
  checkPeriods('ultosc', { period1, period2, period3 }, 1);
  return runHlc('ultosc', high, low, close, 1, (h, l, c, [o]) => ultoscInto(h, l, c, [period1, period2, period3], o!))[0]!;
}
