/**
 * setWhere / assignWhere visit only the rows a condition selects (framework/frame/kernels/mask.ts
 * maskRows): the result must equal a write on every row whose condition byte is 1, for sparse,
 * dense, empty and odd masks; and DataFrame.knownTags must name every tag a column can hold
 * until the column's array leaves the frame. Real candles: Binance BTC/USDT 5m 2023.
 */
import { describe, expect, it } from 'vitest';
import { DataFrame } from '../../framework/frame/index.ts';
import { maskRows } from '../../framework/frame/kernels/mask.ts';
import { sliceCandles } from '../../framework/data/candles.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

const btc = sliceCandles(readBinance5m('BTC'), 0, 20_000);

function naiveRows(m: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i] === 1) out.push(i);
  return out;
}

describe('maskRows', () => {
  it('finds exactly the 1s: sparse, dense, none, all, other byte values, offset views, signal columns', () => {
    const n = 10_000;
    const masks: Uint8Array[] = [
      new Uint8Array(n),
      new Uint8Array(n).fill(1),
      Uint8Array.from({ length: n }, (_, i) => (i % 97 === 3 ? 1 : 0)),
      Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? 2 : 0)),
      Uint8Array.from({ length: n }, (_, i) => (i < 5000 ? (i % 500 === 0 ? 1 : 0) : i % 2)), // sparse, then dense
      new Uint8Array(new Uint8Array(n + 3).fill(1).buffer, 3, n - 1),
      new Uint8Array(0),
    ];
    for (const m of masks) expect(Array.from(maskRows(m))).toEqual(naiveRows(m));
    const signal = Float64Array.from({ length: n }, (_, i) => (i % 50 === 0 ? 1 : i % 7 === 0 ? NaN : i % 11 === 0 ? 0.5 : 0));
    expect(Array.from(maskRows(signal))).toEqual(naiveRows(signal));
  });
});

describe('setWhere / assignWhere on selected rows', () => {
  it('equal a row-by-row write, numbers, arrays and tags, sparse and dense conditions', () => {
    const df = DataFrame.fromCandles(btc);
    const close = df.get('close');
    const sparse = close.crossedAbove(close.rolling(20).mean());
    const dense = close.gt(close.shift(1));
    expect(sparse.count()).toBeGreaterThan(100);
    expect(dense.count()).toBeGreaterThan(5000);
    df.assignWhere(sparse, { enter_long: 1, enter_tag: 'cross', level: close });
    df.setWhere('exit_long', dense, 1);
    df.setWhere('enter_tag', dense.and(sparse.not()), null);
    df.setWhere('level', dense, 0);
    const want = { enter_long: new Float64Array(btc.close.length), exit_long: new Float64Array(btc.close.length), level: new Float64Array(btc.close.length).fill(NaN) };
    const tags = new Array<string | null>(btc.close.length).fill(null);
    for (let i = 0; i < btc.close.length; i++) {
      const s = sparse.values[i] === 1;
      const d = dense.values[i] === 1;
      if (s) {
        want.enter_long[i] = 1;
        tags[i] = 'cross';
        want.level[i] = btc.close[i]!;
      }
      if (d) {
        want.exit_long[i] = 1;
        if (!s) tags[i] = null;
        want.level[i] = 0;
      }
    }
    for (const c of ['enter_long', 'exit_long', 'level'] as const) expect(df.array(c)).toEqual(want[c]);
    expect(df.getTags('enter_tag')).toEqual(tags);
    // The candle store's arrays were never written.
    expect(df.array('close')).toBe(btc.close);
  });
});

describe('knownTags', () => {
  it('names every tag the frame wrote, until the column leaves the frame', () => {
    const df = DataFrame.fromCandles(btc);
    const up = df.get('close').gt(df.get('open'));
    expect(df.knownTags('enter_tag')).toBeUndefined();
    df.setWhere('enter_tag', up, 'up');
    df.setWhere('enter_tag', up.not(), 'down');
    df.setWhere('enter_tag', false, 'never');
    expect([...df.knownTags('enter_tag')!].sort()).toEqual(['down', 'never', 'up']);
    df.set('exit_tag', 'all');
    expect([...df.knownTags('exit_tag')!]).toEqual(['all']);
    df.set('other', null);
    expect([...df.knownTags('other')!]).toEqual([]);

    // A slice shares the array: the frame still knows; a write then copies, and the copy is unknown.
    const head = df.slice(0, 10);
    expect(head.knownTags('enter_tag')).toBeUndefined();
    expect(df.knownTags('enter_tag')).toBeDefined();
    df.setWhere('enter_tag', up, 'again');
    expect(df.knownTags('enter_tag')).toBeUndefined();

    // Handed out: the caller may write anything into it.
    const tags = df.getTags('exit_tag');
    tags[5] = 'written by hand';
    expect(df.knownTags('exit_tag')).toBeUndefined();
    // A caller's array, a drop: unknown.
    df.set('other', new Array<string | null>(btc.close.length).fill('x'));
    expect(df.knownTags('other')).toBeUndefined();
    df.set('exit_tag', null);
    df.drop('exit_tag');
    expect(df.knownTags('exit_tag')).toBeUndefined();
  });
});
