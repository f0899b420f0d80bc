/**
 * qtpylib helpers against straightforward re-implementations of qtpylib's pandas code
 * (two-pass window sums, explicit EWM weights) on real BTC/USDT 5m candles.
 */
import { describe, expect, it } from 'vitest';
import { BoolSeries, Series } from '../../framework/frame/index.ts';
import { qtpylib, sma, rsi } from '../../framework/indicators/index.ts';
import { expectClose } from '../helpers/column-close.ts';
import { binance5mHead } from '../helpers/shared-data.ts';

const N = 4000;
const { open, high, low, close, volume } = binance5mHead('BTC', N);

/** pandas rolling(window, min_periods).mean() / .std(ddof), two-pass per window. */
function naiveRolling(x: Float64Array, window: number, minPeriods: number, kind: 'mean' | 'std'): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = 0; i < x.length; i++) {
    const from = Math.max(0, i - window + 1);
    const vals = Array.from(x.subarray(from, i + 1)).filter((v) => !Number.isNaN(v));
    if (vals.length < minPeriods) continue;
    const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
    if (kind === 'mean') out[i] = mean;
    else if (vals.length > 1) out[i] = Math.sqrt(vals.reduce((s, v) => s + (v - mean) ** 2, 0) / (vals.length - 1));
  }
  return out;
}

/** pandas ewm(span, adjust=True, min_periods).mean() from its definition (no NaNs in x). */
function naiveEwm(x: Float64Array, span: number, minPeriods: number): Float64Array {
  const a = 2 / (span + 1);
  const out = new Float64Array(x.length).fill(NaN);
  let num = 0;
  let den = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) {
      num *= 1 - a;
      den *= 1 - a;
      continue;
    }
    num = num * (1 - a) + x[i]!;
    den = den * (1 - a) + 1;
    count++;
    if (count >= minPeriods) out[i] = num / den;
  }
  return out;
}

describe('qtpylib crossings (delegating to the frame)', () => {
  const fast = sma(close, 10);
  const slow = sma(close, 30);

  it('crossedAbove / crossedBelow / crossed match the definition on every row', () => {
    const up = qtpylib.crossedAbove(fast, slow);
    const down = qtpylib.crossedBelow(fast, slow);
    const any = qtpylib.crossed(fast, slow);
    expect(up).toBeInstanceOf(BoolSeries);
    let ups = 0;
    let downs = 0;
    for (let i = 0; i < N; i++) {
      const a = i > 0 && fast[i]! > slow[i]! && fast[i - 1]! <= slow[i - 1]!;
      const b = i > 0 && fast[i]! < slow[i]! && fast[i - 1]! >= slow[i - 1]!;
      expect(up.values[i], `row ${i}`).toBe(a ? 1 : 0);
      expect(down.values[i], `row ${i}`).toBe(b ? 1 : 0);
      expect(any.values[i]).toBe(a || b ? 1 : 0);
      ups += a ? 1 : 0;
      downs += b ? 1 : 0;
    }
    expect(ups).toBeGreaterThan(10);
    expect(downs).toBeGreaterThan(10);
  });

  it('accepts a constant and frame Series (RSI crossing 30)', () => {
    const r = rsi(close, 14);
    const viaSeries = qtpylib.crossedBelow(new Series(r), 30);
    for (let i = 1; i < N; i++) {
      expect(viaSeries.values[i]).toBe(r[i]! < 30 && r[i - 1]! >= 30 ? 1 : 0);
    }
  });
});

describe('qtpylib price helpers', () => {
  it('typicalPrice, midPrice', () => {
    const tp = qtpylib.typicalPrice(high, low, close);
    const mp = qtpylib.midPrice(high, low);
    for (let i = 0; i < N; i++) {
      expect(tp[i]).toBe((high[i]! + low[i]! + close[i]!) / 3);
      expect(mp[i]).toBe((high[i]! + low[i]!) / 2);
    }
  });

  it('heikinAshi follows the recurrence and brackets open/close', () => {
    const ha = qtpylib.heikinAshi(open, high, low, close);
    expect(ha.open[0]).toBe((open[0]! + close[0]!) / 2);
    for (let i = 0; i < N; i++) {
      expect(ha.close[i]).toBe((open[i]! + high[i]! + low[i]! + close[i]!) / 4);
      if (i > 0) expect(ha.open[i]).toBe((ha.open[i - 1]! + ha.close[i - 1]!) / 2);
      expect(ha.high[i]).toBe(Math.max(high[i]!, ha.open[i]!, ha.close[i]!));
      expect(ha.low[i]).toBe(Math.min(low[i]!, ha.open[i]!, ha.close[i]!));
    }
  });

  it('trueRange has high - low on row 0; atr is its rolling mean (or EWM)', () => {
    const tr = qtpylib.trueRange(high, low, close);
    expect(tr[0]).toBe(high[0]! - low[0]!);
    for (let i = 1; i < N; i++) {
      expect(tr[i]).toBe(Math.max(high[i]! - low[i]!, Math.abs(high[i]! - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!)));
    }
    expect(expectClose(qtpylib.atr(high, low, close, 14), naiveRolling(tr, 14, 14, 'mean'))).toBe(N - 13);
    expectClose(qtpylib.atr(high, low, close, 14, true), naiveEwm(tr, 14, 14));
  });

  it('ibs rounds half to even like numpy', () => {
    const r = qtpylib.ibs([1, 1, 1, 2], [0, 0, 0, 1], [0.125, 0.375, 0.5, 1.2]);
    expect(Array.from(r)).toEqual([0.12, 0.38, 0.5, 0.2]);
  });
});

describe('qtpylib windows', () => {
  const tp = qtpylib.typicalPrice(high, low, close);

  it('bollingerBands: mean and sample std (ddof 1), min_periods 1', () => {
    const bb = qtpylib.bollingerBands(tp, 20, 2);
    const mean = naiveRolling(tp, 20, 1, 'mean');
    const std = naiveRolling(tp, 20, 1, 'std');
    expect(bb.mid[0]).toBe(tp[0]);
    expect(Number.isNaN(bb.upper[0]!)).toBe(true); // one value: sample std undefined
    expect(expectClose(bb.mid, mean)).toBe(N);
    expectClose(bb.upper, mean.map((m, i) => m + 2 * std[i]!));
    expect(expectClose(bb.lower, mean.map((m, i) => m - 2 * std[i]!))).toBe(N - 1);
  });

  it('weightedBollingerBands: EWM mean, sample std over full windows', () => {
    const w = qtpylib.weightedBollingerBands(close, 20, 2);
    const m = naiveEwm(close, 20, 20);
    const s = naiveRolling(close, 20, 20, 'std');
    expect(expectClose(w.upper, m.map((v, i) => v + 2 * s[i]!))).toBe(N - 19);
  });

  it('zscore', () => {
    const z = qtpylib.zscore(close, 20, 1);
    const m = naiveRolling(close, 20, 20, 'mean');
    const s = naiveRolling(close, 20, 20, 'std');
    // (x - mean) is a difference of close numbers: compare with an absolute floor
    expect(expectClose(z, close.map((x, i) => (x - m[i]!) / s[i]!), 1e-6, 1e-6)).toBe(N - 19);
  });

  it('rollingVwap: window sums, and a zero-volume stretch repeats the last value (ffill)', () => {
    const v = volume.slice();
    v.fill(0, 1000, 1300); // 300 rows without volume: windows 1299.. have sum 0 -> 0/0
    const r = qtpylib.rollingVwap(high, low, close, v, 200);
    const pv = tp.map((p, i) => p * v[i]!);
    for (let i = 0; i < N; i++) {
      if (i < 199) {
        expect(Number.isNaN(r[i]!)).toBe(true);
        continue;
      }
      let a = 0;
      let b = 0;
      for (let j = i - 199; j <= i; j++) {
        a += pv[j]!;
        b += v[j]!;
      }
      // windows 1199..1299 hold only zero volume: 0/0, forward-filled from row 1198
      if (b === 0) expect(r[i]).toBe(r[1198]);
      else expect(Math.abs(r[i]! - a / b)).toBeLessThanOrEqual(1e-9 * (a / b));
    }
    expect(Number.isNaN(r[1198]!)).toBe(false);
    expect(r[1250]).toBe(r[1198]);
  });

  it('rollingWeightedMean and hullMovingAverage follow pandas ewm(span, adjust=True)', () => {
    expect(expectClose(qtpylib.rollingWeightedMean(close, 50), naiveEwm(close, 50, 50))).toBe(N - 49);
    const half = naiveEwm(close, 25, 50);
    const full = naiveEwm(close, 50, 50);
    const ma = half.map((h, i) => 2 * h - full[i]!);
    expectClose(qtpylib.hullMovingAverage(close, 50), naiveEwm(ma, Math.sqrt(50), 50));
  });

  it('keltnerChannel: rolling mean of typical price ± atrs x rolling-mean ATR', () => {
    const k = qtpylib.keltnerChannel(high, low, close, 14, 2);
    const mid = naiveRolling(tp, 14, 14, 'mean');
    const a = naiveRolling(qtpylib.trueRange(high, low, close), 14, 14, 'mean');
    expect(expectClose(k.upper, mid.map((m, i) => m + 2 * a[i]!))).toBe(N - 13);
  });
});

describe('qtpylib change helpers', () => {
  it('returns, logReturns, roc (fraction), pvt', () => {
    const r = qtpylib.returns(close);
    const lr = qtpylib.logReturns(close);
    const rc = qtpylib.roc(close, 14);
    const pv = qtpylib.pvt(close, volume);
    expect(Number.isNaN(r[0]!) && Number.isNaN(lr[0]!) && Number.isNaN(pv[0]!)).toBe(true);
    let cum = 0;
    for (let i = 1; i < N; i++) {
      expect(r[i]).toBe(close[i]! / close[i - 1]! - 1);
      expect(lr[i]).toBe(Math.log(close[i]! / close[i - 1]!));
      cum += ((close[i]! - close[i - 1]!) / close[i - 1]!) * volume[i]!;
      expect(pv[i]).toBe(cum);
      if (i >= 14) expect(rc[i]).toBe((close[i]! - close[i - 14]!) / close[i - 14]!);
      else expect(Number.isNaN(rc[i]!)).toBe(true);
    }
  });

  it('returns turn a division by zero into NaN', () => {
    const r = qtpylib.returns([0, 1, 0, 0]);
    expect(Number.isNaN(r[1]!)).toBe(true); // 1/0 - 1 = Infinity -> NaN
    expect(r[2]).toBe(-1);
    expect(Number.isNaN(r[3]!)).toBe(true); // 0/0
  });
});
