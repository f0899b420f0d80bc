/**
 * Rolling-window kernels with pandas `Series.rolling(window, min_periods).<agg>()` semantics:
 * the window ending at row i is rows [i - window + 1, i]; NaN values are skipped and not
 * counted; a row is NaN unless the window holds at least `minPeriods` non-NaN values
 * (default `window`, so one NaN in the window gives NaN, as in pandas).
 *
 * All kernels are O(n) and allocate nothing but the output (rollingMax/Min also need a
 * `window`-sized Int32Array deque). Long series do not drift: running sums are
 * Neumaier-compensated on add and on remove, and are recomputed exactly from the window
 * every max(4 * window, 1024) rows (extra cost at most ~25%).
 *
 * Known differences from pandas (documented in docs/frame.md):
 *  - results are not bit-identical to pandas (pandas uses plain Kahan add/remove and never
 *    recomputes), but closer to the exact value; the reference tests allow 1e-12 relative.
 *  - ±Infinity is handled by counting infinities separately (pandas can produce NaN after an
 *    infinity leaves the window because inf - inf = NaN).
 *  - like pandas >= 1.4, a window whose non-NaN values are all equal returns that value
 *    exactly (mean), value * count (sum) and 0 (std).
 */
import { checkWindow, prepareOut } from './out.ts';

const RECOMPUTE_MIN = 1024;

function recomputeInterval(window: number): number {
  return Math.max(4 * window, RECOMPUTE_MIN);
}

/** Shared engine for sum and mean: `mean` selects sum / count. */
function rollingSumOrMean(
  fn: string,
  x: Float64Array,
  window: number,
  minPeriods: number,
  out: Float64Array | undefined,
  mean: boolean,
): Float64Array {
  checkWindow(fn, window, minPeriods);
  const o = prepareOut(fn, x, out, false);
  const n = x.length;
  const every = recomputeInterval(window);
  let sum = 0; // Neumaier: true sum ~= sum + comp
  let comp = 0;
  let count = 0; // non-NaN values in the window (finite + infinite)
  let posInf = 0;
  let negInf = 0;
  let prev = NaN; // last non-NaN value added
  let run = 0; // consecutive equal non-NaN values ending at `prev`
  let sinceRecompute = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v === v) {
      count++;
      if (v - v === 0) {
        const t = sum + v;
        comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
        sum = t;
      } else if (v > 0) posInf++;
      else negInf++;
      if (v === prev) run++;
      else {
        prev = v;
        run = 1;
      }
    }
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) {
        count--;
        if (old - old === 0) {
          const t = sum - old;
          comp += Math.abs(sum) >= Math.abs(old) ? sum - t - old : -old - t + sum;
          sum = t;
        } else if (old > 0) posInf--;
        else negInf--;
      }
    }
    if (++sinceRecompute >= every) {
      sinceRecompute = 0;
      sum = 0;
      comp = 0;
      for (let j = Math.max(0, i - window + 1); j <= i; j++) {
        const w = x[j]!;
        if (w - w !== 0) continue; // NaN and infinities are tracked by the counters
        const t = sum + w;
        comp += Math.abs(sum) >= Math.abs(w) ? sum - t + w : w - t + sum;
        sum = t;
      }
    }
    let r: number;
    if (count < minPeriods || (mean && count === 0)) r = NaN;
    else if (posInf > 0 || negInf > 0) r = posInf > 0 && negInf > 0 ? NaN : posInf > 0 ? Infinity : -Infinity;
    else if (run >= count && count > 0) r = mean ? prev : prev * count;
    else r = mean ? (sum + comp) / count : sum + comp;
    o[i] = r;
  }
  return o;
}

/** pandas `rolling(window, min_periods).sum()`; an empty window with minPeriods 0 sums to 0. */
export function rollingSum(x: Float64Array, window: number, minPeriods = window, out?: Float64Array): Float64Array {
  return rollingSumOrMean('rollingSum', x, window, minPeriods, out, false);
}

/** pandas `rolling(window, min_periods).mean()` (the SMA when there are no NaNs). */
export function rollingMean(x: Float64Array, window: number, minPeriods = window, out?: Float64Array): Float64Array {
  return rollingSumOrMean('rollingMean', x, window, minPeriods, out, true);
}

/**
 * pandas `rolling(window, min_periods).std(ddof)`. pandas' default is ddof = 1 (sample);
 * TA-Lib's STDDEV and BBANDS use ddof = 0 (population). NaN while count <= ddof, and NaN
 * when the window holds an infinity (as pandas).
 * Keeps Neumaier-compensated sums of (x - K) and (x - K)^2 with a shift K that is reset to
 * the window mean at every exact recomputation (periodic, or early when the mean has moved
 * more than 100 standard deviations from K), so E[d^2] - E[d]^2 does not cancel, and a spike leaving the window does not leave the error that Welford
 * add/remove (pandas' method) would.
 */
export function rollingStd(
  x: Float64Array,
  window: number,
  ddof = 1,
  minPeriods = window,
  out?: Float64Array,
): Float64Array {
  checkWindow('rollingStd', window, minPeriods);
  const o = prepareOut('rollingStd', x, out, false);
  const n = x.length;
  const every = recomputeInterval(window);
  let k = NaN; // shift; set from the first finite value
  let s1 = 0;
  let c1 = 0;
  let s2 = 0;
  let c2 = 0;
  let count = 0;
  let nonFinite = 0;
  let prev = NaN;
  let run = 0;
  let sinceRecompute = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v === v) {
      count++;
      if (v - v === 0) {
        if (k !== k) k = v;
        // Knuth TwoSum (branch-free): s1, d have similar magnitudes here, so Neumaier's
        // |a| >= |b| branch would be unpredictable and cost more than the extra flops.
        const d = v - k;
        let t = s1 + d;
        let bp = t - s1;
        c1 += s1 - (t - bp) + (d - bp);
        s1 = t;
        const q = d * d;
        t = s2 + q;
        bp = t - s2;
        c2 += s2 - (t - bp) + (q - bp);
        s2 = t;
      } else nonFinite++;
      if (v === prev) run++;
      else {
        prev = v;
        run = 1;
      }
    }
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) {
        count--;
        if (old - old === 0) {
          const d = k - old; // = -(old - k)
          let t = s1 + d;
          let bp = t - s1;
          c1 += s1 - (t - bp) + (d - bp);
          s1 = t;
          const q = -(d * d);
          t = s2 + q;
          bp = t - s2;
          c2 += s2 - (t - bp) + (q - bp);
          s2 = t;
        } else nonFinite--;
      }
    }
    // Also re-centre early when the window mean has moved far from K (a price trend on a
    // small window): E[d^2] - E[d]^2 then cancels and would lose digits.
    // mean^2 > 1e4 * variance, written without divisions: a^2 > 1e4 * (S2 * f - a^2).
    const finite = count - nonFinite;
    const a = s1 + c1;
    const a2 = a * a;
    const drifted = finite > 1 && a2 > 1e4 * Math.max((s2 + c2) * finite - a2, 0);
    if (++sinceRecompute >= every || drifted) {
      sinceRecompute = 0;
      const start = Math.max(0, i - window + 1);
      let s = 0;
      let c = 0;
      for (let j = start; j <= i; j++) {
        const w = x[j]!;
        if (w - w === 0) {
          s += w;
          c++;
        }
      }
      if (c > 0) k = s / c;
      s1 = 0;
      c1 = 0;
      s2 = 0;
      c2 = 0;
      for (let j = start; j <= i; j++) {
        const w = x[j]!;
        if (w - w === 0) {
          const d = w - k;
          s1 += d; // |d| is small after re-centring, so plain sums are accurate here
          s2 += d * d;
        }
      }
    }
    let r: number;
    if (count < minPeriods || count <= ddof || count === 0) r = NaN;
    else if (nonFinite > 0) r = NaN;
    else if (run >= count || count === 1) r = 0;
    else {
      const a = s1 + c1;
      const m2 = s2 + c2 - (a * a) / count;
      r = Math.sqrt(Math.max(m2, 0) / (count - ddof));
    }
    o[i] = r;
  }
  return o;
}

/**
 * Shared monotonic-deque engine: `max` selects max (true) or min (false). The deque is a
 * power-of-two ring (index mask instead of modulo) holding each candidate's index and value,
 * so the inner loop never reads back through x.
 */
function rollingExtreme(
  fn: string,
  x: Float64Array,
  window: number,
  minPeriods: number,
  out: Float64Array | undefined,
  max: boolean,
): Float64Array {
  checkWindow(fn, window, minPeriods);
  const o = prepareOut(fn, x, out, false);
  const n = x.length;
  // Every index in the deque lies inside the current window, so it never holds more than
  // min(window, n) entries.
  let cap = 1;
  while (cap < Math.min(window, Math.max(n, 1))) cap <<= 1;
  const mask = cap - 1;
  const idx = new Int32Array(cap);
  const val = new Float64Array(cap);
  const sign = max ? 1 : -1; // min(x) = -max(-x): one comparison direction in the loop
  let head = 0;
  let tail = 0; // one past the back; size = tail - head (both grow monotonically)
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (tail > head && idx[head & mask]! <= i - window) head++;
    const v = x[i]!;
    if (v === v) {
      count++;
      const sv = sign * v;
      while (tail > head && val[(tail - 1) & mask]! <= sv) tail--;
      idx[tail & mask] = i;
      val[tail & mask] = sv;
      tail++;
    }
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) count--;
    }
    o[i] = count >= minPeriods && count > 0 ? sign * val[head & mask]! : NaN;
  }
  return o;
}

/** pandas `rolling(window, min_periods).max()`. */
export function rollingMax(x: Float64Array, window: number, minPeriods = window, out?: Float64Array): Float64Array {
  return rollingExtreme('rollingMax', x, window, minPeriods, out, true);
}

/** pandas `rolling(window, min_periods).min()`. */
export function rollingMin(x: Float64Array, window: number, minPeriods = window, out?: Float64Array): Float64Array {
  return rollingExtreme('rollingMin', x, window, minPeriods, out, false);
}

// Offset kernels live in shift.ts; re-exported here so `kernels/rolling.ts` offers the full set.
export { shift, diff, pctChange } from './shift.ts';
