import { describe, expect, it } from 'vitest';
import { allOf, anyOf, BoolSeries, DataFrame, Series } from '../../framework/frame/index.ts';
import { ewmMean, rollingMean } from '../../framework/frame/kernels/index.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

const btc = readBinance5m('BTC');
const eth = readBinance5m('ETH');
const df = DataFrame.fromCandles(btc, { timeframe: '5m' });
const close = df.get('close');
const open = df.get('open');
const ethClose = new Series(eth.close, 'eth');

/** Element-by-element reference for a binary op over real prices. */
function expectElementwise(actual: Float64Array | Uint8Array, f: (i: number) => number | boolean): void {
  expect(actual.length).toBe(btc.close.length);
  for (let i = 0; i < actual.length; i++) {
    const e = f(i);
    const want = typeof e === 'boolean' ? (e ? 1 : 0) : e;
    if (!Object.is(actual[i], want) && !(Number.isNaN(actual[i]) && Number.isNaN(want))) {
      throw new Error(`row ${i}: got ${actual[i]}, expected ${want}`);
    }
  }
}

describe('Series arithmetic and comparisons on BTC/ETH 5m', () => {
  const c = btc.close;
  const o = btc.open;
  const e = eth.close;
  it('add / sub / mul / div with a series and with a scalar', () => {
    expectElementwise(close.add(open).values, (i) => c[i]! + o[i]!);
    expectElementwise(close.sub(ethClose).values, (i) => c[i]! - e[i]!);
    expectElementwise(close.mul(1.5).values, (i) => c[i]! * 1.5);
    expectElementwise(close.div(ethClose).values, (i) => c[i]! / e[i]!);
    expectElementwise(close.div(btc.volume).values, (i) => c[i]! / btc.volume[i]!); // volume 0 -> Infinity
    expectElementwise(close.sub(100).values, (i) => c[i]! - 100);
    expectElementwise(close.pow(2).values, (i) => c[i]! ** 2);
    expectElementwise(close.maximum(open).values, (i) => Math.max(c[i]!, o[i]!));
    expectElementwise(close.minimum(17000).values, (i) => Math.min(c[i]!, 17000));
  });

  it('comparisons return BoolSeries with pandas NaN rules', () => {
    expectElementwise(close.gt(open).values, (i) => c[i]! > o[i]!);
    expectElementwise(close.ge(open).values, (i) => c[i]! >= o[i]!);
    expectElementwise(close.lt(30000).values, (i) => c[i]! < 30000);
    expectElementwise(close.le(open).values, (i) => c[i]! <= o[i]!);
    expectElementwise(close.eq(open).values, (i) => c[i]! === o[i]!);
    expectElementwise(close.ne(open).values, (i) => c[i]! !== o[i]!);
    const withNaN = new Series([1, NaN, 3]);
    expect(withNaN.gt(0).toArray()).toEqual([true, false, true]);
    expect(withNaN.eq(NaN).toArray()).toEqual([false, false, false]);
    expect(withNaN.ne(1).toArray()).toEqual([false, true, true]);
    expect(withNaN.between(1, 2).toArray()).toEqual([true, false, false]);
    // the counts are real: about half the candles close up
    const up = close.gt(open).count();
    expect(up).toBeGreaterThan(40_000);
    expect(up).toBeLessThan(60_000);
  });

  it('and / or / not / xor, allOf / anyOf', () => {
    const a = close.gt(open);
    const b = df.get('volume').gt(200);
    expectElementwise(a.and(b).values, (i) => c[i]! > o[i]! && btc.volume[i]! > 200);
    expectElementwise(a.or(b).values, (i) => c[i]! > o[i]! || btc.volume[i]! > 200);
    expectElementwise(a.not().values, (i) => !(c[i]! > o[i]!));
    expectElementwise(a.xor(b).values, (i) => c[i]! > o[i]! !== btc.volume[i]! > 200);
    expect(allOf(a, b).values).toEqual(a.and(b).values);
    expect(anyOf(a, b, a).values).toEqual(a.or(b).values);
    expect(a.and(true).values).toEqual(a.values);
    expect(a.and(false).any()).toBe(false);
    expect(a.or(true).all()).toBe(true);
  });

  it('logic is right on odd lengths and unaligned views (word-at-a-time path and its tail)', () => {
    const bits = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0];
    const other = bits.map((v, i) => (i % 3 === 0 ? 1 - v : v));
    const buf = new Uint8Array(64);
    buf.set(bits, 1); // byteOffset 1: not 4-byte aligned
    const a = new BoolSeries(buf.subarray(1, 1 + bits.length));
    const b = new BoolSeries(Uint8Array.from(other));
    const c = new BoolSeries(Uint8Array.from(bits));
    for (const x of [a, c]) {
      expect(Array.from(x.and(b).values)).toEqual(bits.map((v, i) => v & other[i]!));
      expect(Array.from(x.or(b).values)).toEqual(bits.map((v, i) => v | other[i]!));
      expect(Array.from(x.xor(b).values)).toEqual(bits.map((v, i) => v ^ other[i]!));
      expect(Array.from(x.not().values)).toEqual(bits.map((v) => 1 - v));
      expect(Array.from(x.xor(true).values)).toEqual(bits.map((v) => 1 - v));
      expect(Array.from(allOf(x, b, c).values)).toEqual(bits.map((v, i) => v & other[i]!));
    }
  });

  it('unary ops, clip, round, map', () => {
    const d = close.diff();
    expectElementwise(d.abs().values, (i) => Math.abs(c[i]! - (i > 0 ? c[i - 1]! : NaN)));
    expectElementwise(d.neg().values, (i) => -(c[i]! - (i > 0 ? c[i - 1]! : NaN)));
    expectElementwise(close.log().values, (i) => Math.log(c[i]!));
    expectElementwise(d.clip(-10, 10).values, (i) => {
      const v = c[i]! - (i > 0 ? c[i - 1]! : NaN);
      return Number.isNaN(v) ? NaN : Math.min(Math.max(v, -10), 10);
    });
    expect(new Series([1.25, -1.25, 2.5]).round(1).toArray()).toEqual([1.3, -1.3, 2.5]);
    expect(new Series([1, 2]).map((v, i) => v * 10 + i).toArray()).toEqual([10, 21]);
    expect(() => close.clip(5, 1)).toThrow(/lower 5 is above upper 1/);
  });

  it('where / mask / fillna / ffill / bfill', () => {
    const s = new Series([1, NaN, 3, NaN, 5]);
    const cond = new BoolSeries([true, true, false, false, true]);
    expect(s.where(cond).toArray()).toEqual([1, NaN, NaN, NaN, 5]);
    expect(s.where(cond, 0).toArray()).toEqual([1, NaN, 0, 0, 5]);
    expect(s.where(cond, new Series([9, 9, 8, 8, 9])).toArray()).toEqual([1, NaN, 8, 8, 5]);
    expect(s.mask(cond, -1).toArray()).toEqual([-1, -1, 3, NaN, -1]);
    expect(s.fillna(0).toArray()).toEqual([1, 0, 3, 0, 5]);
    expect(s.fillna(new Series([7, 8, 9, 10, 11])).toArray()).toEqual([1, 8, 3, 10, 5]);
    expect(new Series([NaN, 2, NaN, NaN, 5]).ffill().toArray()).toEqual([NaN, 2, 2, 2, 5]);
    expect(new Series([NaN, 2, NaN, NaN, 5, NaN]).bfill().toArray()).toEqual([2, 2, 5, 5, 5, NaN]);
    // on real data: where(close > open, close, open) is the candle body top
    expectElementwise(close.where(close.gt(open), open).values, (i) => Math.max(c[i]!, o[i]!));
  });

  it('shift / diff / pctChange / rolling / ewm delegate to the kernels', () => {
    expectElementwise(close.shift(3).values, (i) => (i >= 3 ? c[i - 3]! : NaN));
    expectElementwise(close.pctChange().values, (i) => (i >= 1 ? c[i]! / c[i - 1]! - 1 : NaN));
    expect(close.rolling(20).mean().values).toEqual(rollingMean(c, 20));
    expect(close.rolling(20, { minPeriods: 1 }).mean().values).toEqual(rollingMean(c, 20, 1));
    expect(close.ewm({ span: 12 }).mean().values).toEqual(ewmMean(c, { span: 12 }));
    const mx = close.rolling(3).max().values;
    expect(mx[2]).toBe(Math.max(c[0]!, c[1]!, c[2]!));
    const sd = close.rolling(3).std(0).values;
    const m = (c[0]! + c[1]! + c[2]!) / 3;
    expect(sd[2]).toBeCloseTo(Math.sqrt(((c[0]! - m) ** 2 + (c[1]! - m) ** 2 + (c[2]! - m) ** 2) / 3), 9);
    expect(() => close.rolling(0)).toThrow(/window must be an integer >= 1/);
    expect(() => close.ewm({})).toThrow(/exactly one of com, span or alpha/);
  });

  it('reductions skip NaN; at() takes negative indexes', () => {
    const s = new Series([3, NaN, 1, 2]);
    expect(s.sum()).toBe(6);
    expect(s.count()).toBe(3);
    expect(s.mean()).toBe(2);
    expect(s.std()).toBe(1);
    expect(s.max()).toBe(3);
    expect(s.min()).toBe(1);
    expect(s.at(-1)).toBe(2);
    expect(close.last()).toBe(42140.28);
    expect(close.at(0)).toBe(16535.38);
    expect(() => s.at(4)).toThrow(/row out of range, the series has 4 rows/);
    expect(new Series([1, NaN, 2]).cumsum().toArray()).toEqual([1, NaN, 3]);
  });

  it('every op allocates one new array and leaves its input untouched', () => {
    const before = Float64Array.from(btc.close);
    const r = close.add(1);
    expect(r.values).not.toBe(close.values);
    close.shift(1);
    close.rolling(5).std();
    close.where(close.gt(open), 0);
    expect(btc.close).toEqual(before);
  });

  it('rejects series of another length with a clear message', () => {
    expect(() => close.add(new Series([1, 2, 3]))).toThrow(/length mismatch, this series has 104816 rows and the other 3/);
    expect(() => close.gt(open).and(new BoolSeries([true]))).toThrow(/length mismatch/);
  });
});

describe('crossedAbove / crossedBelow (qtpylib semantics)', () => {
  it('hand-built cases: touch, equal-then-above, NaN, scalar', () => {
    const a = new Series([1, 2, 3, 3, 2, 4, NaN, 5, 1]);
    const b = new Series([2, 2, 2, 3, 3, 3, 3, 3, 3]);
    // row 2: 3 > 2 and prev 2 <= 2 -> cross (equal on the previous row counts)
    // row 5: 4 > 3 and prev 2 <= 3 -> cross; row 7: prev NaN -> no cross
    expect(a.crossedAbove(b).toArray()).toEqual([false, false, true, false, false, true, false, false, false]);
    // row 4: 2 < 3 and prev 3 >= 3 -> cross below; row 8: 1 < 3 and prev 5 >= 3
    expect(a.crossedBelow(b).toArray()).toEqual([false, false, false, false, true, false, false, false, true]);
    expect(a.crossed(b).count()).toBe(4);
    expect(new Series([29, 31, 30, 29, 31]).crossedAbove(30).toArray()).toEqual([false, true, false, false, true]);
    expect(new Series([31, 29]).crossedBelow(30).toArray()).toEqual([false, true]);
  });

  it('matches the shift-based pandas definition on real data (close vs SMA 50)', () => {
    const sma = close.rolling(50).mean();
    const ref = close.gt(sma).and(close.shift(1).le(sma.shift(1)));
    const got = close.crossedAbove(sma);
    expect(got.values).toEqual(ref.values);
    expect(got.count()).toBeGreaterThan(1000);
    const refBelow = close.lt(sma).and(close.shift(1).ge(sma.shift(1)));
    expect(close.crossedBelow(sma).values).toEqual(refBelow.values);
  });
});
