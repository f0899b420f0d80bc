/**
 * Momentum oscillators, TA-Lib semantics:
 *  - RSI: Wilder. Seed = plain averages of the first `period` gains and losses (rows
 *    1..period), then avg = (avg * (period - 1) + value) / period. RSI = 100 * gain /
 *    (gain + loss), 0 when gain + loss is zero. Warm-up: period rows.
 *  - ROC: 100 * (x[i] / x[i-period] - 1), 0 when the old value is 0. Warm-up: period rows.
 *  - MOM: x[i] - x[i-period]. Warm-up: period rows.
 */
import { withPeriod, type Series } from './input.ts';
import { TA_EPSILON } from './talib-math.ts';

export function rsiInto(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  if (n <= period) return;
  let prevValue = x[0]!;
  let prevGain = 0;
  let prevLoss = 0;
  let today = 1;
  for (let i = period; i > 0; i--) {
    const v = x[today++]!;
    const d = v - prevValue;
    prevValue = v;
    if (d < 0) prevLoss -= d;
    else prevGain += d;
  }
  prevLoss /= period;
  prevGain /= period;
  let s = prevGain + prevLoss;
  out[period] = !(Math.abs(s) < TA_EPSILON) ? 100.0 * (prevGain / s) : 0.0;
  const w = period - 1;
  // Branch-free split of the change into gain / loss: sel[+(cond)] picks 0 (slot 0) or d
  // (slot 1). Up and down moves alternate unpredictably, and the mispredicted branch cost
  // ~20% here. Adding or subtracting 0 leaves the value unchanged, so the arithmetic is
  // still TA-Lib's; `!(d < 0)` is TA-Lib's else-branch exactly (a NaN goes to the gain).
  const sel = new Float64Array(2);
  while (today < n) {
    const v = x[today]!;
    const d = v - prevValue;
    prevValue = v;
    sel[1] = d;
    const down = sel[+(d < 0)]!;
    const up = sel[+!(d < 0)]!;
    prevLoss *= w;
    prevGain *= w;
    prevLoss -= down;
    prevGain += up;
    prevLoss /= period;
    prevGain /= period;
    s = prevGain + prevLoss;
    out[today++] = !(Math.abs(s) < TA_EPSILON) ? 100.0 * (prevGain / s) : 0.0;
  }
}

export function rocInto(x: Float64Array, period: number, out: Float64Array): void {
  for (let i = period; i < x.length; i++) {
    const old = x[i - period]!;
    out[i] = old !== 0.0 ? (x[i]! / old - 1.0) * 100.0 : 0.0;
  }
}

export function momInto(x: Float64Array, period: number, out: Float64Array): void {
  for (let i = period; i < x.length; i++) out[i] = x[i]! - x[i - period]!;
}

/** Relative Strength Index, Wilder smoothing (TA-Lib RSI). */
export function rsi(real: Series, period = 14): Float64Array {
  return withPeriod('rsi', real, period, 2, rsiInto);
}

/** Rate of change in percent (TA-Lib ROC). */
export function roc(real: Series, period = 10): Float64Array {
  return withPeriod('roc', real, period, 1, rocInto);
}

/** Momentum: difference to the value `period` rows earlier (TA-Lib MOM). */
export function mom(real: Series, period = 10): Float64Array {
  return withPeriod('mom', real, period, 1, momInto);
}
