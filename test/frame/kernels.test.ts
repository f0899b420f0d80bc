import { describe, expect, it } from 'vitest';
import {
  diff,
  ewmMean,
  pctChange,
  rollingMax,
  rollingMean,
  rollingMin,
  rollingStd,
  rollingSum,
  shift,
} from '../../framework/frame/kernels/index.ts';
import { readBinance5m, readSharedColumns, sharedDataPath } from '../helpers/shared-data.ts';

const btc = readBinance5m('BTC');
const eth = readBinance5m('ETH');

/** BTC close with some NaN holes (single cells and a run), to exercise pandas' NaN rules. */
function withHoles(src: Float64Array, n: number): Float64Array {
  const x = Float64Array.from(src.subarray(0, n));
  for (let i = 37; i < n; i += 997) x[i] = NaN;
  for (let i = 5000; i < 5030 && i < n; i++) x[i] = NaN;
  return x;
}

type Agg = 'sum' | 'mean' | 'std0' | 'std1' | 'max' | 'min';

/** Straightforward per-window reference with pandas' rules: skip NaN, need minP observations. */
function refRolling(x: Float64Array, w: number, minP: number, agg: Agg): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const vals: number[] = [];
    for (let j = Math.max(0, i - w + 1); j <= i; j++) if (!Number.isNaN(x[j]!)) vals.push(x[j]!);
    const c = vals.length;
    if (c < minP) {
      out[i] = NaN;
      continue;
    }
    const s = vals.reduce((a, b) => a + b, 0);
    switch (agg) {
      case 'sum':
        out[i] = s;
        break;
      case 'mean':
        out[i] = c === 0 ? NaN : s / c;
        break;
      case 'std0':
      case 'std1': {
        const ddof = agg === 'std0' ? 0 : 1;
        if (c <= ddof || c === 0) {
          out[i] = NaN;
          break;
        }
        const m = s / c;
        out[i] = Math.sqrt(vals.reduce((a, b) => a + (b - m) * (b - m), 0) / (c - ddof));
        break;
      }
      case 'max':
        out[i] = c === 0 ? NaN : Math.max(...vals);
        break;
      case 'min':
        out[i] = c === 0 ? NaN : Math.min(...vals);
        break;
    }
  }
  return out;
}

/** Same NaN positions, and values within `rel` relative (scale = max(|expected|, floor)). */
function expectClose(actual: Float64Array, expected: Float64Array, rel: number, floor = 0): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) throw new Error(`row ${i}: got ${a}, expected ${e}`);
      continue;
    }
    const err = Math.abs(a - e) / Math.max(Math.abs(e), floor, Number.MIN_VALUE);
    if (err > worst) {
      worst = err;
      worstAt = i;
    }
  }
  if (worst > rel) throw new Error(`worst relative error ${worst} at row ${worstAt}: ${actual[worstAt]} vs ${expected[worstAt]}`);
}

describe('rolling kernels against reference loops on BTC/USDT 5m', () => {
  const x = withHoles(btc.close, 12_000);
  const cases: Array<[number, number]> = [
    [1, 1],
    [2, 2],
    [14, 14],
    [20, 20],
    [20, 5],
    [20, 0],
    [200, 200],
    [300, 1],
  ];
  for (const [w, minP] of cases) {
    it(`window ${w}, minPeriods ${minP}`, () => {
      expectClose(rollingSum(x, w, minP), refRolling(x, w, minP, 'sum'), 1e-12);
      expectClose(rollingMean(x, w, minP), refRolling(x, w, minP, 'mean'), 1e-12);
      // std: relative to the price level, since a std can be ~0 on a flat stretch
      expectClose(rollingStd(x, w, 1, minP), refRolling(x, w, minP, "std1"), 1e-10);
      expectClose(rollingStd(x, w, 0, minP), refRolling(x, w, minP, "std0"), 1e-10);
      expectClose(rollingMax(x, w, minP), refRolling(x, w, minP, 'max'), 0);
      expectClose(rollingMin(x, w, minP), refRolling(x, w, minP, 'min'), 0);
    });
  }

  it('a NaN inside the window makes the row NaN with the default minPeriods (pandas)', () => {
    const y = Float64Array.from([1, 2, NaN, 4, 5, 6, 7]);
    expect(Array.from(rollingSum(y, 3))).toEqual([NaN, NaN, NaN, NaN, NaN, 15, 18]);
    expect(Array.from(rollingMean(y, 3, 1))).toEqual([1, 1.5, 1.5, 3, 4.5, 5, 6]);
    expect(Array.from(rollingMax(y, 2))).toEqual([NaN, 2, NaN, NaN, 5, 6, 7]);
    // pandas: an all-NaN window with min_periods=0 sums to 0 but has no mean
    const z = Float64Array.from([NaN, NaN, 3]);
    expect(Array.from(rollingSum(z, 2, 0))).toEqual([0, 0, 3]);
    expect(Array.from(rollingMean(z, 2, 0))).toEqual([NaN, NaN, 3]);
  });

  it('hand-computed values', () => {
    const y = Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(rollingStd(y, 8, 0)[7]).toBe(2); // the textbook population-std example
    expect(rollingStd(y, 8, 1)[7]).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(Array.from(rollingMin(y, 3))).toEqual([NaN, NaN, 2, 4, 4, 4, 5, 5]);
    expect(Array.from(rollingMax(y, 3))).toEqual([NaN, NaN, 4, 4, 5, 5, 7, 9]);
    // constant windows are exact (pandas >= 1.4 does the same)
    const c = new Float64Array(50).fill(0.1);
    expect(rollingMean(c, 7)[49]).toBe(0.1);
    expect(rollingStd(c, 7)[49]).toBe(0);
  });

  it('Bollinger middle/upper/lower equal TA-Lib (ddof 0) on ETH/BTC 5m', () => {
    const t = readSharedColumns(sharedDataPath('indicators', 'talib_freqtrade_ETH_BTC-5m.csv'));
    const close = t['close']!;
    const mid = rollingMean(close, 20);
    const sd = rollingStd(close, 20, 0);
    const upper = new Float64Array(close.length);
    const lower = new Float64Array(close.length);
    for (let i = 0; i < close.length; i++) {
      upper[i] = mid[i]! + 2 * sd[i]!;
      lower[i] = mid[i]! - 2 * sd[i]!;
    }
    expectClose(rollingMean(close, 10), t['sma_10']!, 1e-12);
    expectClose(rollingMean(close, 30), t['sma_30']!, 1e-12);
    expectClose(mid, t['bb_middle_20_2']!, 1e-12);
    expectClose(upper, t['bb_upper_20_2']!, 1e-9);
    expectClose(lower, t['bb_lower_20_2']!, 1e-9);
  });

  it('does not drift over 1M values (BTC + ETH closes, volumes, spikes)', () => {
    const n = 1_000_000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = i % btc.close.length;
      // mix scales: prices ~2e4, ETH ~1e3, volumes ~1e2..1e4 -> large swings through the sums
      x[i] = (i >> 17) % 2 === 0 ? btc.close[r]! : eth.close[r]! * 1e-3 + btc.volume[r]!;
    }
    x[400_000] = 1e15; // a spike that must leave no trace once it leaves the window
    const w = 50;
    const sum = rollingSum(x, w);
    const sd = rollingStd(x, w);
    for (const end of [400_010, 400_051, 400_100, 750_000, 999_999]) {
      const win = x.subarray(end - w + 1, end + 1);
      let s = 0;
      for (const v of win) s += v;
      const m = s / w;
      let q = 0;
      for (const v of win) q += (v - m) * (v - m);
      expect(Math.abs(sum[end]! - s) / Math.abs(s)).toBeLessThan(1e-13);
      expect(Math.abs(sd[end]! - Math.sqrt(q / (w - 1))) / Math.sqrt(q / (w - 1))).toBeLessThan(1e-9);
    }
  });

  it('handles infinities without poisoning later windows', () => {
    const y = Float64Array.from([1, Infinity, 2, 3, 4]);
    expect(Array.from(rollingSum(y, 2))).toEqual([NaN, Infinity, Infinity, 5, 7]);
    expect(Array.from(rollingStd(y, 2))).toEqual([NaN, NaN, NaN, Math.SQRT1_2, Math.SQRT1_2]);
  });

  it('rejects bad arguments and aliased outputs', () => {
    const y = new Float64Array(10);
    expect(() => rollingMean(y, 0)).toThrow(/window must be an integer >= 1/);
    expect(() => rollingMean(y, 3, 4)).toThrow(/minPeriods must be an integer in \[0, window=3\]/);
    expect(() => rollingMean(y, 3, 3, y)).toThrow(/must not share memory/);
    expect(() => rollingMean(y, 3, 3, new Float64Array(9))).toThrow(/out has length 9, expected 10/);
    const out = new Float64Array(10);
    expect(rollingMean(y, 3, 3, out)).toBe(out);
  });
});

/** Direct definition of pandas' ewm mean: weighted average with weights (1 - alpha)^age. */
function refEwm(x: Float64Array, alpha: number, adjust: boolean, ignoreNa: boolean): Float64Array {
  const out = new Float64Array(x.length);
  if (!adjust) {
    // y = (1 - a) y + a x, with NaN ageing the previous value unless ignoreNa (pandas).
    let y = NaN;
    let age = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) {
        if (!Number.isNaN(y)) age++;
      } else if (Number.isNaN(y)) {
        y = v;
        age = 0;
      } else {
        const wOld = ignoreNa ? 1 - alpha : Math.pow(1 - alpha, age + 1);
        y = (wOld * y + alpha * v) / (wOld + alpha);
        age = 0;
      }
      out[i] = y;
    }
    return out;
  }
  for (let i = 0; i < x.length; i++) {
    let num = 0;
    let den = 0;
    let obsAge = 0;
    for (let j = i; j >= 0; j--) {
      const v = x[j]!;
      const age = ignoreNa ? obsAge : i - j;
      const wt = Math.pow(1 - alpha, age);
      if (wt < 1e-30) break;
      if (!Number.isNaN(v)) {
        num += wt * v;
        den += wt;
        obsAge++;
      }
    }
    out[i] = den === 0 ? NaN : num / den;
  }
  return out;
}

describe('ewmMean (pandas ewm().mean())', () => {
  const x = withHoles(eth.close, 8000);
  x[0] = NaN; // leading NaN: output stays NaN until the first observation
  for (const adjust of [true, false]) {
    for (const ignoreNa of [false, true]) {
      it(`span 20, adjust ${adjust}, ignoreNa ${ignoreNa}`, () => {
        expectClose(ewmMean(x, { span: 20, adjust, ignoreNa }), refEwm(x, 2 / 21, adjust, ignoreNa), 1e-12);
      });
    }
  }

  it('alpha / com / span give the same smoothing; minPeriods masks the start', () => {
    const y = eth.close.subarray(0, 500);
    const a = ewmMean(y, { alpha: 0.25 });
    const b = ewmMean(y, { com: 3 });
    const c = ewmMean(y, { span: 7 });
    expectClose(a, b, 1e-14);
    expectClose(a, c, 1e-14);
    const m = ewmMean(y, { span: 7, minPeriods: 5 });
    expect(Number.isNaN(m[3]!)).toBe(true);
    expect(m[4]).toBe(c[4]);
  });

  it('hand-computed: adjust=true and adjust=false on [1, 2, 3]', () => {
    const y = Float64Array.from([1, 2, 3]);
    // alpha 0.5, adjust: (2 + 0.5*1)/1.5, (3 + 0.5*2 + 0.25*1)/1.75
    const adj = ewmMean(y, { alpha: 0.5 });
    expect(adj[1]).toBeCloseTo(2.5 / 1.5, 15);
    expect(adj[2]).toBeCloseTo(4.25 / 1.75, 15);
    expect(Array.from(ewmMean(y, { alpha: 0.5, adjust: false }))).toEqual([1, 1.5, 2.25]);
  });

  it('validates options', () => {
    const y = new Float64Array(3);
    expect(() => ewmMean(y, {})).toThrow(/exactly one of com, span or alpha/);
    expect(() => ewmMean(y, { span: 3, alpha: 0.5 })).toThrow(/exactly one/);
    expect(() => ewmMean(y, { alpha: 1.5 })).toThrow(/alpha must be in \(0, 1\]/);
    expect(() => ewmMean(y, { span: 0.5 })).toThrow(/span must be >= 1/);
  });
});

describe('shift / diff / pctChange', () => {
  const y = Float64Array.from([10, 11, 9, 12, NaN, 15]);
  it('hand-computed, positive and negative periods', () => {
    expect(Array.from(shift(y, 2))).toEqual([NaN, NaN, 10, 11, 9, 12]);
    expect(Array.from(shift(y, -2))).toEqual([9, 12, NaN, 15, NaN, NaN]);
    expect(Array.from(shift(y, 0))).toEqual(Array.from(y));
    expect(Array.from(shift(y, 9))).toEqual([NaN, NaN, NaN, NaN, NaN, NaN]);
    expect(Array.from(diff(y))).toEqual([NaN, 1, -2, 3, NaN, NaN]);
    expect(Array.from(diff(y, -1))).toEqual([-1, 2, -3, NaN, NaN, NaN]);
    expect(Array.from(pctChange(y, 2))).toEqual([NaN, NaN, 9 / 10 - 1, 12 / 11 - 1, NaN, 15 / 12 - 1]);
    expect(Array.from(pctChange(Float64Array.from([0, 1, 0, 0])))).toEqual([NaN, Infinity, -1, NaN]);
  });

  it('in place (out === x) gives the same as a fresh output, on real data', () => {
    for (const p of [1, 3, -1, -4]) {
      for (const fn of [shift, diff, pctChange]) {
        const a = fn(btc.close.subarray(0, 2000), p);
        const b = Float64Array.from(btc.close.subarray(0, 2000));
        fn(b, p, b);
        expect(b).toEqual(a);
      }
    }
  });

  it('diff and pctChange match a reference loop on BTC close', () => {
    const x = btc.close;
    const d = diff(x, 12);
    const p = pctChange(x, 12);
    for (let i = 12; i < x.length; i += 101) {
      expect(d[i]).toBe(x[i]! - x[i - 12]!);
      expect(p[i]).toBe(x[i]! / x[i - 12]! - 1);
    }
  });
});
