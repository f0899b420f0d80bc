import { describe, expect, it } from 'vitest';
import { DataError } from '../../../framework/core/errors.ts';
import { rsi } from '../../../framework/indicators/momentum.ts';
import {
  encodeOhlc,
  encodeSeries,
  encodeTimes,
  encodeVolume,
  priceDecimals,
  significantDecimals,
} from '../../../framework/reports/html/column-codec.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';
import { loadPageDecoder } from './decoder.ts';

const decode = loadPageDecoder();
const btc = readBinance5m('BTC');

describe('priceDecimals', () => {
  it('finds the tick decimals of real prices and of hand-made ones', () => {
    expect(priceDecimals([btc.open, btc.high, btc.low, btc.close])).toBe(2);
    expect(priceDecimals([Float64Array.of(100, 250, 7)])).toBe(0);
    expect(priceDecimals([Float64Array.of(1.5, 2.25, 3)])).toBe(2);
    expect(priceDecimals([Float64Array.of(0.00001234, 0.00001299)])).toBe(8);
    // Not exact at 8 decimals: capped there.
    expect(priceDecimals([Float64Array.of(Math.PI)])).toBe(8);
  });

  it('lowers the decimals so huge prices stay exact integers in ticks', () => {
    expect(priceDecimals([Float64Array.of(3e12 + 0.123)])).toBeLessThanOrEqual(3);
  });
});

describe('encodeOhlc + the page decoder', () => {
  it('gives back every price of the real BTC/USDT 5m year bit for bit', () => {
    const enc = encodeOhlc(btc.open, btc.high, btc.low, btc.close, 2, 'BTC/USDT');
    const dec = decode.ohlc(enc);
    expect(dec.open.length).toBe(104_816);
    let mismatches = 0;
    for (let i = 0; i < btc.open.length; i++) {
      if (dec.open[i] !== btc.open[i] || dec.high[i] !== btc.high[i] || dec.low[i] !== btc.low[i] || dec.close[i] !== btc.close[i]) mismatches++;
    }
    expect(mismatches).toBe(0);
    // The point of the encoding: most candles take a few characters per price.
    const compact = JSON.stringify(enc).length;
    const plain = JSON.stringify([Array.from(btc.open), Array.from(btc.high), Array.from(btc.low), Array.from(btc.close)]).length;
    expect(compact).toBeLessThan(plain / 2);
  });

  it('handles a hand-made candle where high and low hug the body', () => {
    const enc = encodeOhlc(Float64Array.of(10, 10.5), Float64Array.of(11, 10.5), Float64Array.of(9.5, 9), Float64Array.of(10.5, 9), 1, 'X');
    // open 100 ticks, close +5, high 110 - max(100,105) = 5, low min(100,105) - 95 = 5; then open 105 - 105 = 0 ...
    expect(enc).toEqual({ dec: 1, o: [100, 0], h: [5, 0], l: [5, 0], c: [5, -15] });
    expect(decode.ohlc(enc)).toEqual({
      open: Float64Array.of(10, 10.5),
      high: Float64Array.of(11, 10.5),
      low: Float64Array.of(9.5, 9),
      close: Float64Array.of(10.5, 9),
    });
  });

  it('names the pair and row of a non-finite price', () => {
    const bad = Float64Array.of(1, NaN, 1);
    const ok = Float64Array.of(1, 1, 1);
    expect(() => encodeOhlc(ok, ok, bad, ok, 0, 'candles of ETH/USDT')).toThrow(DataError);
    expect(() => encodeOhlc(ok, ok, bad, ok, 0, 'candles of ETH/USDT')).toThrow(/candles of ETH\/USDT: row 1 has a non-finite price/);
  });
});

describe('encodeTimes + the page decoder', () => {
  it('writes the real series as two evenly spaced runs around its 16-candle outage', () => {
    const runs = encodeTimes(btc.timestamp, 'BTC/USDT');
    expect(runs.length).toBe(2);
    expect(runs[0]).toEqual([Date.parse('2023-01-01T00:00:00Z') / 1000, 300, runs[0]![2]]);
    expect(runs[0]![2] + runs[1]![2]).toBe(104_816);
    // The gap: 2023-03-24 12:40 .. 13:55 missing, so the second run starts at 14:00.
    expect(runs[1]![0]).toBe(Date.parse('2023-03-24T14:00:00Z') / 1000);
    const back = decode.times(runs);
    let mismatches = 0;
    for (let i = 0; i < back.length; i++) if (back[i]! * 1000 !== btc.timestamp[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('keeps a single candle and uneven spacing', () => {
    expect(encodeTimes(Float64Array.of(60_000), 'X')).toEqual([[60, 0, 1]]);
    const ts = Float64Array.of(0, 60_000, 120_000, 300_000, 360_000);
    const runs = encodeTimes(ts, 'X');
    expect(runs).toEqual([
      [0, 60, 3],
      [300, 60, 2],
    ]);
    expect(Array.from(decode.times(runs))).toEqual([0, 60, 120, 300, 360]);
  });

  it('refuses times that do not increase or are not whole seconds', () => {
    expect(() => encodeTimes(Float64Array.of(0, 60_000, 60_000), 'candles of X')).toThrow(/candles of X: timestamps must increase/);
    expect(() => encodeTimes(Float64Array.of(0, 60_000, 120_000, 30_000), 'candles of X')).toThrow(/row 3 \(30000\) follows 120000/);
    expect(() => encodeTimes(Float64Array.of(500), 'candles of X')).toThrow(/not a whole second/);
  });
});

describe('encodeSeries + the page decoder', () => {
  it('keeps six significant digits of a real RSI and its warm-up NaNs', () => {
    const r = rsi(btc.close, 14);
    const dec = significantDecimals(r, 6);
    expect(dec).toBe(4); // RSI tops out below 100: 6 digits = 2 before the point, 4 after
    const back = decode.series(encodeSeries(r, dec));
    let worst = 0;
    let nanMismatch = 0;
    for (let i = 0; i < r.length; i++) {
      if (Number.isNaN(r[i]!) !== Number.isNaN(back[i]!)) nanMismatch++;
      else if (!Number.isNaN(r[i]!)) worst = Math.max(worst, Math.abs(r[i]! - back[i]!));
    }
    expect(nanMismatch).toBe(0);
    expect(Number.isNaN(back[13]!)).toBe(true);
    expect(Number.isNaN(back[14]!)).toBe(false);
    expect(worst).toBeLessThanOrEqual(0.00005 + 1e-9);
  });

  it('uses negative decimals for big magnitudes and skips NaN and infinities', () => {
    const col = Float64Array.of(1_234_567_890, NaN, 1_234_999_999, Infinity, -5_000_123);
    const dec = significantDecimals(col, 6);
    expect(dec).toBe(-4);
    const enc = encodeSeries(col, dec);
    expect(enc.d).toEqual([123_457, null, 43, null, -123_500 - 500]);
    const back = decode.series(enc);
    expect(Array.from(back)).toEqual([1_234_570_000, NaN, 1_235_000_000, NaN, -5_000_000]);
  });

  it('respects a minimum of decimals (price-chart lines get the price decimals)', () => {
    expect(significantDecimals(Float64Array.of(43_000.1234), 6)).toBe(1);
    expect(significantDecimals(Float64Array.of(43_000.1234), 6, 2)).toBe(2);
    expect(significantDecimals(Float64Array.of(NaN, 0), 6, 2)).toBe(2);
  });
});

describe('encodeVolume', () => {
  it('rounds to four significant digits and writes missing volume as 0', () => {
    expect(encodeVolume(Float64Array.of(486.60903, 0.0123456, 123456.7, NaN, 0))).toEqual([486.6, 0.01235, 123500, 0, 0]);
  });
});
