import { describe, expect, it } from 'vitest';
import { candlesFromRows, sliceCandles } from '../../framework/data/candles.ts';
import { concatCandles, mergeCandles } from '../../framework/data/merge.ts';
import { expectSameCandles } from '../helpers/candle-asserts.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

const btc = sliceCandles(readBinance5m('BTC'), 0, 5000);

describe('mergeCandles', () => {
  it('joins disjoint sets in either order', () => {
    const a = sliceCandles(btc, 0, 3000);
    const b = sliceCandles(btc, 3000, 5000);
    expectSameCandles(mergeCandles(a, b), btc);
    expectSameCandles(mergeCandles(b, a), btc);
  });

  it('interleaves overlapping sets and lets the newer rows win on equal timestamps', () => {
    const older = sliceCandles(btc, 0, 4000);
    // Newer: rows 2000..5000 with every close changed, so the winner is visible.
    const src = sliceCandles(btc, 2000, 5000);
    const newer = { ...src, close: src.close.map((v) => v + 0.5) };
    const m = mergeCandles(older, newer);
    expect(m.timestamp.length).toBe(5000);
    expectSameCandles(sliceCandles(m, 0, 2000), sliceCandles(btc, 0, 2000));
    expectSameCandles(sliceCandles(m, 2000, 5000), newer);
  });

  it('handles gaps on both sides (every other row from each)', () => {
    const even = candlesFromRows([[0, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2], [4, 3, 3, 3, 3, 3]]);
    const odd = candlesFromRows([[1, 9, 9, 9, 9, 9], [2, 8, 8, 8, 8, 8], [5, 7, 7, 7, 7, 7]]);
    const m = mergeCandles(even, odd);
    expect([...m.timestamp]).toEqual([0, 1, 2, 4, 5]);
    expect([...m.open]).toEqual([1, 9, 8, 3, 7]);
  });

  it('returns the other side when one is empty', () => {
    const empty = sliceCandles(btc, 0, 0);
    expect(mergeCandles(empty, btc)).toBe(btc);
    expect(mergeCandles(btc, empty)).toBe(btc);
  });
});

describe('concatCandles', () => {
  it('concatenates in order', () => {
    expectSameCandles(concatCandles([sliceCandles(btc, 0, 10), sliceCandles(btc, 10, 4000), sliceCandles(btc, 4000, 5000)]), btc);
  });
});
