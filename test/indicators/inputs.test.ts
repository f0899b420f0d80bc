/**
 * Argument handling of the core indicators: input kinds, leading NaNs (ta-lib-python
 * semantics: start at the first row where every input is non-NaN), short and empty inputs,
 * and the errors users get for bad arguments.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../framework/core/errors.ts';
import { Series } from '../../framework/frame/index.ts';
import * as ta from '../../framework/indicators/index.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

const btc = readBinance5m('BTC');
const N = 3000;
const high = btc.high.slice(0, N);
const low = btc.low.slice(0, N);
const close = btc.close.slice(0, N);
const volume = btc.volume.slice(0, N);

function sameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) expect.fail(`row ${i}: ${a[i]} vs ${b[i]}`);
  }
}

describe('input kinds', () => {
  it('number[], Float64Array and a frame Series give the same result', () => {
    const fromArray = ta.rsi(Array.from(close), 14);
    sameBits(fromArray, ta.rsi(close, 14));
    sameBits(ta.rsi(new Series(close, 'close'), 14), fromArray);
    sameBits(ta.atr(Array.from(high), Array.from(low), Array.from(close), 14), ta.atr(high, low, close, 14));
  });

  it('never writes into its inputs (outputs are fresh arrays, scratch included)', () => {
    const copy = close.slice();
    const r = ta.stochRsi(close, 14, 5, 3);
    const s = ta.stoch(high, low, close, 14, 3, 3);
    sameBits(close, copy);
    expect(r.fastk).not.toBe(close);
    expect(s.slowk.buffer).not.toBe(close.buffer);
  });

  it('uses TA-Lib defaults when parameters are omitted', () => {
    sameBits(ta.sma(close), ta.sma(close, 30));
    sameBits(ta.rsi(close), ta.rsi(close, 14));
    sameBits(ta.bbands(close).upper, ta.bbands(close, 5, 2, 2).upper);
    sameBits(ta.stoch(high, low, close).slowd, ta.stoch(high, low, close, 5, 3, 3).slowd);
    sameBits(ta.sar(high, low), ta.sar(high, low, 0.02, 0.2));
  });
});

describe('leading NaNs (indicator of an indicator)', () => {
  it('sma of rsi starts where both warm-ups end, equal to sma of the non-NaN part', () => {
    const r = ta.rsi(close, 14);
    const s = ta.sma(r, 5);
    expect(Number.isNaN(s[17]!)).toBe(true);
    expect(Number.isNaN(s[18]!)).toBe(false);
    const direct = ta.sma(r.subarray(14), 5);
    sameBits(s.subarray(14), direct);
    for (let i = 0; i < 14; i++) expect(Number.isNaN(s[i]!)).toBe(true);
  });

  it('multi-input indicators start at the first row where every input is set', () => {
    const h = high.slice();
    const c = close.slice();
    h[0] = NaN;
    h[1] = NaN;
    c[2] = NaN; // rows 0..2 unusable
    const a = ta.atr(h, low, c, 14);
    sameBits(a.subarray(3), ta.atr(high.subarray(3), low.subarray(3), close.subarray(3), 14));
    expect(Number.isNaN(a[16]!)).toBe(true);
    expect(Number.isNaN(a[17]!)).toBe(false);
    const lead = close.slice();
    lead.fill(NaN, 0, 3);
    const m = ta.macd(lead, 12, 26, 9);
    expect(Number.isNaN(m.macd[3 + 33 - 1]!)).toBe(true);
    expect(Number.isNaN(m.macd[3 + 33]!)).toBe(false);
    sameBits(m.hist.subarray(3), ta.macd(close.subarray(3), 12, 26, 9).hist);
  });

  it('a NaN after the start poisons running sums, as in TA-Lib', () => {
    const c = close.slice();
    c[100] = NaN;
    const s = ta.sma(c, 10);
    expect(Number.isNaN(s[99]!)).toBe(false);
    expect(Number.isNaN(s[100]!)).toBe(true);
    expect(Number.isNaN(s[2000]!)).toBe(true);
    const r = ta.rsi(c, 14);
    expect(Number.isNaN(r[99]!)).toBe(false);
    expect(Number.isNaN(r[100]!)).toBe(true);
    expect(Number.isNaN(r[2000]!)).toBe(true);
  });
});

describe('short and empty inputs', () => {
  it('returns all-NaN arrays of the input length when there is not enough data', () => {
    const five = close.slice(0, 5);
    for (const out of [
      ta.sma(five, 10),
      ta.ema(five, 10),
      ta.rsi(five, 14),
      ta.macd(five).macd,
      ta.bbands(five, 20).upper,
      ta.atr(five, five, five, 14),
      ta.adx(five, five, five, 14),
      ta.stoch(five, five, five, 14, 3, 3).slowk,
      ta.cci(five, five, five, 14),
      ta.mfi(five, five, five, five, 14),
    ]) {
      expect(out.length).toBe(5);
      expect(out.every((v) => Number.isNaN(v))).toBe(true);
    }
  });

  it('the stochastic family: every output row NaN until the first value, at every length around the warm-up', () => {
    // stochRsi(14, 5, 3) has its first value at row 14 + 4 + 2 = 20; its RSI must not show
    // through %D on inputs a few rows too short.
    for (let n = 1; n <= 22; n++) {
      const c = close.slice(0, n);
      const r = ta.stochRsi(c, 14, 5, 3);
      const s = ta.stoch(high.slice(0, n), low.slice(0, n), c, 5, 3, 3);
      const f = ta.stochf(high.slice(0, n), low.slice(0, n), c, 5, 3);
      for (const [out, first] of [
        [r.fastk, 20],
        [r.fastd, 20],
        [s.slowk, 8],
        [s.slowd, 8],
        [f.fastk, 6],
        [f.fastd, 6],
      ] as const) {
        expect(out.length).toBe(n);
        for (let i = 0; i < n; i++) expect(Number.isNaN(out[i]!), `n=${n} row ${i}`).toBe(i < first);
      }
    }
  });

  it('handles empty input', () => {
    const empty = new Float64Array(0);
    expect(ta.sma(empty, 10).length).toBe(0);
    expect(ta.obv(empty, empty).length).toBe(0);
    expect(ta.sar(empty, empty).length).toBe(0);
    expect(ta.stochRsi(empty).fastk.length).toBe(0);
  });

  it('an all-NaN input gives all NaN', () => {
    const nan = new Float64Array(50).fill(NaN);
    expect(ta.ema(nan, 10).every((v) => Number.isNaN(v))).toBe(true);
    expect(ta.obv(nan, volume.subarray(0, 50)).every((v) => Number.isNaN(v))).toBe(true);
  });
});

describe('bad arguments', () => {
  it('rejects periods outside TA-Lib ranges, naming function and parameter', () => {
    expect(() => ta.sma(close, 0)).toThrow(UsageError);
    expect(() => ta.sma(close, 0)).toThrow(/sma: period must be an integer in \[1, 100000\], got 0/);
    expect(() => ta.rsi(close, 1.5)).toThrow(/rsi: period/);
    expect(() => ta.macd(close, 12, 26, 0)).toThrow(/macd: signalPeriod/);
    expect(() => ta.ema(close, 100001)).toThrow(UsageError);
    expect(() => ta.bbands(close, 20, Number.NaN)).toThrow(/bbands: nbDevUp/);
    expect(() => ta.sar(high, low, -0.1)).toThrow(/sar: acceleration/);
  });

  it('rejects inputs of different lengths, naming them', () => {
    expect(() => ta.atr(high, low.subarray(1), close, 14)).toThrow(
      /atr: low has length 2999, expected 3000 \(the length of high\)/,
    );
    expect(() => ta.mfi(high, low, close, volume.subarray(10), 14)).toThrow(/mfi: volume has length/);
  });

  it('rejects things that are not numeric arrays', () => {
    expect(() => ta.sma(null as unknown as Float64Array, 5)).toThrow(/sma: real must be/);
    expect(() => ta.sma(42 as unknown as Float64Array, 5)).toThrow(UsageError);
  });
});
