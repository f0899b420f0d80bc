/**
 * MACD as TA-Lib computes it (TA_INT_MACD), including its seeding quirk: both EMAs start on
 * the row where the slow EMA has its first value (slow - 1). The slow EMA is seeded with the
 * SMA of the first `slow` closes, the fast EMA with the SMA of the `fast` closes ending on
 * that same row (not of the first `fast` closes). The signal line is an EMA of MACD seeded
 * with the SMA of its first `signal` values; TA-Lib outputs all three lines only from row
 * (slow - 1) + (signal - 1) on.
 * One pass, no intermediate arrays (each fresh 1M-row array costs ~3 ms in page faults).
 */
import { checkPeriod, runFrom, toF64, type Series } from './input.ts';
import { perToK } from './talib-math.ts';

export interface MacdResult {
  macd: Float64Array;
  signal: Float64Array;
  hist: Float64Array;
}

export function macdInto(
  x: Float64Array,
  fastPeriod: number,
  slowPeriod: number,
  signalPeriod: number,
  outMacd: Float64Array,
  outSignal: Float64Array,
  outHist: Float64Array,
): void {
  let fast = fastPeriod;
  let slow = slowPeriod;
  if (slow < fast) [fast, slow] = [slow, fast]; // TA-Lib swaps them too
  const n = x.length;
  const start = slow - 1;
  const first = start + signalPeriod - 1;
  if (first >= n) return;
  const kSlow = perToK(slow);
  const kFast = perToK(fast);
  const kSig = perToK(signalPeriod);
  // Seeds summed in TA-Lib's order (oldest first, starting from 0).
  let slowEma = 0;
  for (let i = 0; i <= start; i++) slowEma += x[i]!;
  slowEma /= slow;
  let fastEma = 0;
  for (let i = start - fast + 1; i <= start; i++) fastEma += x[i]!;
  fastEma /= fast;
  let sigSum = fastEma - slowEma;
  for (let i = start + 1; i < first; i++) {
    const v = x[i]!;
    slowEma = (v - slowEma) * kSlow + slowEma;
    fastEma = (v - fastEma) * kFast + fastEma;
    sigSum += fastEma - slowEma;
  }
  let sig = 0;
  for (let i = first; i < n; i++) {
    if (i > start) {
      const v = x[i]!;
      slowEma = (v - slowEma) * kSlow + slowEma;
      fastEma = (v - fastEma) * kFast + fastEma;
    }
    const m = fastEma - slowEma;
    if (i === first) {
      sig = (sigSum + (first > start ? m : 0)) / signalPeriod;
    } else {
      sig = (m - sig) * kSig + sig;
    }
    outMacd[i] = m;
    outSignal[i] = sig;
    outHist[i] = m - sig;
  }
}

/** Moving Average Convergence/Divergence (TA-Lib MACD). Warm-up: slow + signal - 2 rows. */
export function macd(real: Series, fastPeriod = 12, slowPeriod = 26, signalPeriod = 9): MacdResult {
  checkPeriod('macd', 'fastPeriod', fastPeriod, 2);
  checkPeriod('macd', 'slowPeriod', slowPeriod, 2);
  checkPeriod('macd', 'signalPeriod', signalPeriod, 1);
  const x = toF64(real, 'macd', 'real');
  const [m, s, h] = runFrom([x], 3, ([v], [om, os, oh]) =>
    macdInto(v!, fastPeriod, slowPeriod, signalPeriod, om!, os!, oh!),
  );
  return { macd: m!, signal: s!, hist: h! };
}
