/**
 * Aroon, TA-Lib semantics: over the last period + 1 bars, up = 100 * (period - bars since
 * the highest high) / period and down likewise with the lowest low; ties go to the most
 * recent bar. Warm-up: period rows.
 */
import { checkPeriod, runFrom, toF64s, type Series } from './input.ts';

export interface AroonResult {
  aroondown: Float64Array;
  aroonup: Float64Array;
}

export function aroonInto(
  h: Float64Array,
  l: Float64Array,
  period: number,
  outDown: Float64Array,
  outUp: Float64Array,
): void {
  const n = h.length;
  const factor = 100.0 / period;
  let lowestIdx = -1;
  let highestIdx = -1;
  let lowest = 0;
  let highest = 0;
  for (let today = period; today < n; today++) {
    const trailing = today - period;
    let tmp = l[today]!;
    if (lowestIdx < trailing) {
      lowestIdx = trailing;
      lowest = l[lowestIdx]!;
      for (let i = lowestIdx + 1; i <= today; i++) {
        tmp = l[i]!;
        if (tmp <= lowest) {
          lowestIdx = i;
          lowest = tmp;
        }
      }
    } else if (tmp <= lowest) {
      lowestIdx = today;
      lowest = tmp;
    }
    tmp = h[today]!;
    if (highestIdx < trailing) {
      highestIdx = trailing;
      highest = h[highestIdx]!;
      for (let i = highestIdx + 1; i <= today; i++) {
        tmp = h[i]!;
        if (tmp >= highest) {
          highestIdx = i;
          highest = tmp;
        }
      }
    } else if (tmp >= highest) {
      highestIdx = today;
      highest = tmp;
    }
    outUp[today] = factor * (period - (today - highestIdx));
    outDown[today] = factor * (period - (today - lowestIdx));
  }
}

/** Aroon down / up (TA-Lib AROON). */
export function aroon(high: Series, low: Series, period = 14): AroonResult {
  checkPeriod('aroon', 'period', period, 2);
  const ins = toF64s('aroon', ['high', 'low'], [high, low]);
  const [d, u] = runFrom(ins, 2, ([h, l], [od, ou]) => aroonInto(h!, l!, period, od!, ou!));
  return { aroondown: d!, aroonup: u! };
}
