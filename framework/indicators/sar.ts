/**
 * Parabolic SAR, TA-Lib semantics (Wilder's rules with TA-Lib's start):
 *  - the first direction is short when the -DM of row 1 is positive (low fell more than
 *    high rose), long otherwise;
 *  - the first SAR (row 1) is the extreme of row 0 (its low when long, high when short) and
 *    the first extreme point is row 1's high (long) or low (short);
 *  - each row: output the SAR; on penetration switch side, reset the SAR to the extreme
 *    point (clamped into the last two bars' range) and the acceleration to its start;
 *    otherwise raise the acceleration by `acceleration` (capped at `maximum`) on a new
 *    extreme, and move the SAR toward the extreme point, never inside the last two bars.
 * Warm-up: 1 row. An acceleration above the maximum is lowered to the maximum (as TA-Lib).
 */
import { checkReal, runFrom, toF64s, type Series } from './input.ts';

export function sarInto(h: Float64Array, l: Float64Array, acceleration: number, maximum: number, out: Float64Array): void {
  const n = h.length;
  if (n < 2) return;
  const step = acceleration > maximum ? maximum : acceleration;
  let af = step;
  // -DM of row 1 decides the start: short when the low fell by more than the high rose.
  const diffP = h[1]! - h[0]!;
  const diffM = l[0]! - l[1]!;
  let isLong = !(diffM > 0 && diffP < diffM);
  let ep: number;
  let sar: number;
  if (isLong) {
    ep = h[1]!;
    sar = l[0]!;
  } else {
    ep = l[1]!;
    sar = h[0]!;
  }
  let newLow = l[1]!;
  let newHigh = h[1]!;
  for (let i = 1; i < n; i++) {
    const prevLow = newLow;
    const prevHigh = newHigh;
    newLow = l[i]!;
    newHigh = h[i]!;
    if (isLong) {
      if (newLow <= sar) {
        isLong = false;
        sar = ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
        out[i] = sar;
        af = step;
        ep = newLow;
        sar = sar + af * (ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
      } else {
        out[i] = sar;
        if (newHigh > ep) {
          ep = newHigh;
          af += step;
          if (af > maximum) af = maximum;
        }
        sar = sar + af * (ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
      }
    } else if (newHigh >= sar) {
      isLong = true;
      sar = ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
      out[i] = sar;
      af = step;
      ep = newHigh;
      sar = sar + af * (ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
    } else {
      out[i] = sar;
      if (newLow < ep) {
        ep = newLow;
        af += step;
        if (af > maximum) af = maximum;
      }
      sar = sar + af * (ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < newHigh) sar = newHigh;
    }
  }
}

/** Parabolic SAR (TA-Lib SAR). */
export function sar(high: Series, low: Series, acceleration = 0.02, maximum = 0.2): Float64Array {
  checkReal('sar', 'acceleration', acceleration, 0);
  checkReal('sar', 'maximum', maximum, 0);
  const ins = toF64s('sar', ['high', 'low'], [high, low]);
  return runFrom(ins, 1, ([h, l], [o]) => sarInto(h!, l!, acceleration, maximum, o!))[0]!;
}
