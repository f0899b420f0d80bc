/**
 * Volume indicators, TA-Lib semantics:
 *  - OBV: starts at volume[0]; adds the volume on an up close, subtracts it on a down close.
 *  - MFI: money flow = tp * volume with tp = (h + l + c) / 3, positive when tp rose, negative
 *    when it fell, neither when equal; running sums over `period` flows (rows 1..period for
 *    the first value); MFI = 100 * pos / (pos + neg), 0 when pos + neg < 1 (TA-Lib's guard).
 *    Warm-up: period rows.
 *  - AD: cumulative ((c - l) - (h - c)) / (h - l) * volume, bars with h == l add nothing.
 *  - ADOSC: EMA(fast) - EMA(slow) of AD, both seeded with AD[0] (not with an SMA, unlike
 *    EMA), as TA-Lib does. Warm-up: slow - 1 rows.
 */
import { checkPeriod, runFrom, toF64s, type Series } from './input.ts';
import { perToK } from './talib-math.ts';

export function obvInto(c: Float64Array, v: Float64Array, out: Float64Array): void {
  const n = c.length;
  if (n === 0) return;
  let obvValue = v[0]!;
  let prev = c[0]!;
  // Branch-free: add sel[+(up)] and subtract sel[+(down)] (0 or the volume); x + 0 and
  // x - 0 are x, so the sums are TA-Lib's. Up/down closes alternate unpredictably.
  const sel = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const x = c[i]!;
    sel[1] = v[i]!;
    obvValue += sel[+(x > prev)]!;
    obvValue -= sel[+(x < prev)]!;
    out[i] = obvValue;
    prev = x;
  }
}

export function mfiInto(
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  v: Float64Array,
  period: number,
  out: Float64Array,
): void {
  const n = h.length;
  if (n <= period) return;
  const pos = new Float64Array(period);
  const neg = new Float64Array(period);
  let slot = 0;
  let posSum = 0;
  let negSum = 0;
  let prevTp = (h[0]! + l[0]! + c[0]!) / 3.0;
  const sel = new Float64Array(2); // branch-free: sel[+(cond)] is 0 or the flow
  for (let i = 1; i < n; i++) {
    if (i > period) {
      posSum -= pos[slot]!;
      negSum -= neg[slot]!;
    }
    const tp = (h[i]! + l[i]! + c[i]!) / 3.0;
    const d = tp - prevTp;
    prevTp = tp;
    sel[1] = tp * v[i]!;
    const p = sel[+(d > 0)]!;
    const m = sel[+(d < 0)]!;
    pos[slot] = p;
    neg[slot] = m;
    posSum += p;
    negSum += m;
    slot = slot + 1 === period ? 0 : slot + 1;
    if (i >= period) {
      const total = posSum + negSum;
      out[i] = total < 1.0 ? 0.0 : 100.0 * (posSum / total);
    }
  }
}

export function adInto(h: Float64Array, l: Float64Array, c: Float64Array, v: Float64Array, out: Float64Array): void {
  let ad = 0;
  for (let i = 0; i < h.length; i++) {
    const hi = h[i]!;
    const lo = l[i]!;
    const range = hi - lo;
    const cl = c[i]!;
    if (range > 0.0) ad += ((cl - lo - (hi - cl)) / range) * v[i]!;
    out[i] = ad;
  }
}

export function adoscInto(
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  v: Float64Array,
  fastPeriod: number,
  slowPeriod: number,
  out: Float64Array,
): void {
  const n = h.length;
  const first = Math.max(fastPeriod, slowPeriod) - 1;
  if (first >= n) return;
  const fk = perToK(fastPeriod);
  const sk = perToK(slowPeriod);
  const f1 = 1.0 - fk;
  const s1 = 1.0 - sk;
  let ad = 0;
  let fastEma = 0;
  let slowEma = 0;
  for (let i = 0; i < n; i++) {
    const hi = h[i]!;
    const lo = l[i]!;
    const range = hi - lo;
    const cl = c[i]!;
    if (range > 0.0) ad += ((cl - lo - (hi - cl)) / range) * v[i]!;
    if (i === 0) {
      fastEma = ad;
      slowEma = ad;
    } else {
      fastEma = fk * ad + f1 * fastEma;
      slowEma = sk * ad + s1 * slowEma;
    }
    if (i >= first) out[i] = fastEma - slowEma;
  }
}

/** On-balance volume (TA-Lib OBV). No warm-up. */
export function obv(close: Series, volume: Series): Float64Array {
  const ins = toF64s('obv', ['close', 'volume'], [close, volume]);
  return runFrom(ins, 1, ([c, v], [o]) => obvInto(c!, v!, o!))[0]!;
}

/** Money flow index (TA-Lib MFI). */
export function mfi(high: Series, low: Series, close: Series, volume: Series, period = 14): Float64Array {
  checkPeriod('mfi', 'period', period, 2);
  const ins = toF64s('mfi', ['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  return runFrom(ins, 1, ([h, l, c, v], [o]) => mfiInto(h!, l!, c!, v!, period, o!))[0]!;
}

/** Chaikin accumulation/distribution line (TA-Lib AD). No warm-up. */
export function ad(high: Series, low: Series, close: Series, volume: Series): Float64Array {
  const ins = toF64s('ad', ['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  return runFrom(ins, 1, ([h, l, c, v], [o]) => adInto(h!, l!, c!, v!, o!))[0]!;
}

/** Chaikin A/D oscillator (TA-Lib ADOSC). */
export function adosc(
  high: Series,
  low: Series,
  close: Series,
  volume: Series,
  fastPeriod = 3,
  slowPeriod = 10,
): Float64Array {
  checkPeriod('adosc', 'fastPeriod', fastPeriod, 2);
  checkPeriod('adosc', 'slowPeriod', slowPeriod, 2);
  const ins = toF64s('adosc', ['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  return runFrom(ins, 1, ([h, l, c, v], [o]) => adoscInto(h!, l!, c!, v!, fastPeriod, slowPeriod, o!))[0]!;
}
