import { describe, expect, it } from 'vitest';
import { DataFrame } from '../../framework/frame/index.ts';
import { fromDanfo, loadDanfo, toDanfo } from '../../framework/frame/danfo.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

describe('danfojs interop', () => {
  it('round-trips real candles, indicators, signals and tags exactly', async () => {
    const candles = readBinance5m('ETH');
    const df = DataFrame.fromCandles(candles, { timeframe: '5m' }).slice(0, 2000);
    const close = df.get('close');
    df.set('sma', close.rolling(20).mean()); // NaN warm-up must survive
    const cond = close.crossedAbove(df.get('sma'));
    df.setWhere('enter_long', cond, 1).setWhere('enter_tag', cond, 'cross');

    const ddf = await toDanfo(df);
    expect(ddf.columns).toEqual(df.columns);
    expect(ddf.shape).toEqual([2000, 9]);
    // danfojs itself sees the values: its own comparison agrees with ours
    type DanfoSeries = { gt(o: DanfoSeries): { values: boolean[] } };
    const dclose = ddf.column('close') as unknown as DanfoSeries;
    const dsma = ddf.column('sma') as unknown as DanfoSeries;
    expect(dclose.gt(dsma).values).toEqual(close.gt(df.get('sma')).toArray());
    const back = fromDanfo(ddf, { timeframe: '5m' });
    expect(back.columns).toEqual(df.columns);
    expect(back.timeframe).toBe('5m');
    for (const name of df.columns) {
      if (df.isTags(name)) expect(back.getTags(name)).toEqual(df.getTags(name));
      else expect(back.get(name).values).toEqual(df.get(name).values);
    }
    expect(back.get('date').at(0)).toBe(Date.UTC(2023, 0, 1));
    expect(back.get('enter_long').sum()).toBe(cond.count());
  });

  it('converts danfojs booleans, nulls and strings', async () => {
    const dfd = (await loadDanfo()) as unknown as {
      DataFrame: new (d: Record<string, unknown[]>) => Parameters<typeof fromDanfo>[0];
    };
    const ddf = new dfd.DataFrame({
      flag: [true, false, true],
      n: [1.5, null, 3],
      tag: ['a', null, 'c'],
      late: [null, null, 'x'], // danfojs types this column float32; it is still text
    });
    const df = fromDanfo(ddf);
    expect(df.get('flag').toArray()).toEqual([1, 0, 1]);
    expect(df.get('n').toArray()).toEqual([1.5, NaN, 3]);
    expect(df.getTags('tag')).toEqual(['a', null, 'c']);
    expect(df.getTags('late')).toEqual([null, null, 'x']);
    const mixed = new dfd.DataFrame({ m: ['a', 2, 'c'] });
    expect(() => fromDanfo(mixed)).toThrow(/column 'm' mixes text and number \(row 1\)/);
  });

  it('refuses an empty frame with a clear error', async () => {
    const empty = new DataFrame({ date: new Float64Array(0) });
    await expect(toDanfo(empty)).rejects.toThrow(/danfojs cannot build an empty DataFrame/);
  });
});
