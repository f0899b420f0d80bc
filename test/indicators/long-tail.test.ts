/**
 * The technicalindicators wrappers: alignment is proven by running the library's own SMA /
 * EMA / WMA through the same aligner and comparing with our TA-Lib kernels row by row, and
 * each wrapper is checked against an independent computation on real candles.
 */
import {
  EMA,
  RSI,
  SMA,
  WMA,
  hammerpattern,
  morningstar,
} from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../framework/core/errors.ts';
import { rollingMax, rollingMin } from '../../framework/frame/kernels/index.ts';
import * as ta from '../../framework/indicators/index.ts';
import { alignEnd } from '../../framework/indicators/long-tail/index.ts';
import { expectClose } from '../helpers/column-close.ts';
import { binance5mHead } from '../helpers/shared-data.ts';

const N = 5000;
const { open, high, low, close, volume } = binance5mHead('BTC', N);
const closeList = Array.from(close);

describe('alignment of technicalindicators output (alignEnd)', () => {
  it('library SMA(30) aligned = our SMA(30) on every row, warm-up included', () => {
    const theirs = alignEnd(SMA.calculate({ period: 30, values: closeList }), N, 'sma');
    expect(expectClose(theirs, ta.sma(close, 30))).toBe(N - 29);
  });

  it('library EMA(10) aligned = our TA-Lib EMA(10) (both seeded with the SMA)', () => {
    const theirs = alignEnd(EMA.calculate({ period: 10, values: closeList }), N, 'ema');
    expect(expectClose(theirs, ta.ema(close, 10))).toBe(N - 9);
  });

  it('library WMA(20) aligned = our WMA(20)', () => {
    const theirs = alignEnd(WMA.calculate({ period: 20, values: closeList }), N, 'wma');
    expect(expectClose(theirs, ta.wma(close, 20))).toBe(N - 19);
  });

  it('library RSI(14) (rounded to 2 decimals by the library) lines up with ours', () => {
    const theirs = alignEnd(RSI.calculate({ period: 14, values: closeList }), N, 'rsi');
    expect(expectClose(theirs, ta.rsi(close, 14), 0, 0.005 + 1e-9)).toBe(N - 14);
  });

  it('a shift by one row would be caught', () => {
    const theirs = alignEnd(SMA.calculate({ period: 30, values: closeList }), N, 'sma');
    const shifted = new Float64Array(N).fill(NaN);
    shifted.set(theirs.subarray(0, N - 1), 1);
    expect(() => expectClose(shifted, ta.sma(close, 30))).toThrow();
  });

  it('refuses a result longer than the input', () => {
    expect(() => alignEnd([1, 2, 3], 2, 'x')).toThrow(UsageError);
  });
});

describe('long-tail wrappers against independent computations', () => {
  it('ichimoku: lines computed on their own row (no displacement), first at row 51', () => {
    const r = ta.ichimoku(high, low);
    const mid = (p: number): Float64Array => {
      const hh = rollingMax(high, p);
      const ll = rollingMin(low, p);
      return hh.map((v, i) => (v + ll[i]!) / 2);
    };
    const conv = mid(9);
    const base = mid(26);
    const spanB = mid(52);
    for (const k of ['conversion', 'base', 'spanA', 'spanB'] as const) {
      expect(r[k].length).toBe(N);
      expect(Number.isNaN(r[k][50]!)).toBe(true);
    }
    for (let i = 51; i < N; i++) {
      expect(r.conversion[i]).toBeCloseTo(conv[i]!, 9);
      expect(r.base[i]).toBeCloseTo(base[i]!, 9);
      expect(r.spanB[i]).toBeCloseTo(spanB[i]!, 9);
      expect(r.spanA[i]).toBeCloseTo((conv[i]! + base[i]!) / 2, 9);
    }
  });

  it('keltnerChannels: EMA(20) middle, bands at multiplier x ATR(10)', () => {
    const k = ta.keltnerChannels(high, low, close, 20, 10, 2);
    const mid = ta.ema(close, 20);
    const a = ta.atr(high, low, close, 10);
    expect(expectClose(k.middle, mid)).toBe(N - 19);
    const up = mid.map((m, i) => m + 2 * a[i]!);
    const dn = mid.map((m, i) => m - 2 * a[i]!);
    expectClose(k.upper, up);
    expectClose(k.lower, dn);
  });

  it('vwap: cumulative sum(volume * typical) / sum(volume) from row 0', () => {
    const v = ta.vwap(high, low, close, volume);
    let pv = 0;
    let vs = 0;
    const ref = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      pv += volume[i]! * ((high[i]! + low[i]! + close[i]!) / 3);
      vs += volume[i]!;
      ref[i] = pv / vs;
    }
    expect(expectClose(v, ref)).toBe(N);
  });

  it('awesomeOscillator = SMA(5) - SMA(34) of the median price', () => {
    const med = high.map((h, i) => (h + low[i]!) / 2);
    const fast = ta.sma(med, 5);
    const slow = ta.sma(med, 34);
    const ref = fast.map((f, i) => f - slow[i]!);
    expect(expectClose(ta.awesomeOscillator(high, low), ref, 1e-9, 1e-7)).toBe(N - 33);
  });

  it('forceIndex = EMA(13) of (close - previous close) * volume', () => {
    const force = new Float64Array(N).fill(NaN);
    for (let i = 1; i < N; i++) force[i] = (close[i]! - close[i - 1]!) * volume[i]!;
    expect(expectClose(ta.forceIndex(close, volume, 13), ta.ema(force, 13), 1e-9, 1e-6)).toBe(N - 13);
  });

  it('chandelierExit: 22-bar extremes -/+ 3 x ATR(22)', () => {
    const ce = ta.chandelierExit(high, low, close, 22, 3);
    const a = ta.atr(high, low, close, 22);
    const hh = rollingMax(high, 22);
    const ll = rollingMin(low, 22);
    expect(expectClose(ce.exitLong, hh.map((h, i) => h - 3 * a[i]!))).toBe(N - 22);
    expectClose(ce.exitShort, ll.map((l, i) => l + 3 * a[i]!));
  });

  it('kst: first value where its longest ROC + SMA window is full, signal 8 rows later', () => {
    const k = ta.kst(close);
    expect(Number.isNaN(k.kst[43]!)).toBe(true);
    expect(Number.isNaN(k.kst[44]!)).toBe(false);
    expect(Number.isNaN(k.signal[51]!)).toBe(true);
    expect(Number.isNaN(k.signal[52]!)).toBe(false);
    // signal = SMA(9) of kst
    expectClose(k.signal, ta.sma(k.kst, 9), 1e-9, 1e-9);
  });
});

describe('candlestick patterns as 0/1 series', () => {
  it('bullishEngulfing is 1 exactly on the candle that completes the rule', () => {
    const s = ta.bullishEngulfing(open, high, low, close);
    let hits = 0;
    expect(s[0]).toBe(0);
    for (let i = 1; i < N; i++) {
      // technicalindicators' rule, candle i-1 = first day, candle i = second day
      const rule =
        close[i - 1]! < open[i - 1]! &&
        open[i - 1]! > open[i]! &&
        close[i - 1]! > open[i]! &&
        open[i - 1]! < close[i]!;
      expect(s[i], `row ${i}`).toBe(rule ? 1 : 0);
      if (rule) hits++;
    }
    expect(hits).toBeGreaterThan(5);
  });

  it('multi-candle patterns agree with the library asked "does the series end here?"', () => {
    const rows = 1500;
    const data = (i: number) => ({
      open: Array.from(open.subarray(0, i + 1)),
      high: Array.from(high.subarray(0, i + 1)),
      low: Array.from(low.subarray(0, i + 1)),
      close: Array.from(close.subarray(0, i + 1)),
    });
    const ms = ta.candlePattern('morningStar', open.subarray(0, rows), high.subarray(0, rows), low.subarray(0, rows), close.subarray(0, rows));
    const hm = ta.candlePattern('hammer', open.subarray(0, rows), high.subarray(0, rows), low.subarray(0, rows), close.subarray(0, rows));
    let msHits = 0;
    let hmHits = 0;
    for (let i = 0; i < rows; i++) {
      const d = i >= 4 ? data(i) : null;
      expect(ms[i], `morningStar row ${i}`).toBe(i >= 2 && morningstar(data(i)) ? 1 : 0);
      expect(hm[i], `hammer row ${i}`).toBe(d !== null && hammerpattern(d) ? 1 : 0);
      msHits += ms[i]!;
      hmHits += hm[i]!;
    }
    expect(msHits + hmHits).toBeGreaterThan(0);
  });

  it('every listed pattern runs and returns a 0/1 series of the input length', () => {
    const m = 400;
    for (const name of ta.CANDLE_PATTERNS) {
      const s = ta.candlePattern(name, open.subarray(0, m), high.subarray(0, m), low.subarray(0, m), close.subarray(0, m));
      expect(s.length).toBe(m);
      expect(s.every((v) => v === 0 || v === 1)).toBe(true);
    }
  });

  it('rejects an unknown pattern name', () => {
    expect(() => ta.candlePattern('nope' as ta.CandlePatternName, open, high, low, close)).toThrow(/unknown pattern "nope"/);
  });
});
