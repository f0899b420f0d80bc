import { describe, expect, it } from 'vitest';
import { BoolSeries, DataFrame, Series } from '../../framework/frame/index.ts';
import { UsageError } from '../../framework/core/errors.ts';
import { readSharedCsv, sharedDataPath } from '../helpers/shared-data.ts';

const eth = readSharedCsv(sharedDataPath('freqtrade_testdata', 'ETH_BTC-5m.csv'));

describe('DataFrame', () => {
  it('is built from Candles without copying and lists Freqtrade column names', () => {
    const df = DataFrame.fromCandles(eth, { timeframe: '5m' });
    expect(df.columns).toEqual(['date', 'open', 'high', 'low', 'close', 'volume']);
    expect(df.length).toBe(5760);
    expect(df.get('close').values).toBe(eth.close);
    expect(df.get('timestamp').values).toBe(eth.timestamp); // the candle store's name reads `date`
    expect(df.dates).toBe(eth.timestamp);
    expect(df.toCandles().close).toBe(eth.close);
    expect(df.col('open').name).toBe('open');
  });

  it('set: series stored as is, conditions as 0/1, scalars fill, tags', () => {
    const df = DataFrame.fromCandles(eth);
    const sma = df.get('close').rolling(10).mean();
    df.set('sma', sma).set('up', df.get('close').gt(df.get('open'))).set('one', 1).set('note', 'x');
    expect(df.get('sma').values).toBe(sma.values);
    const up = df.get('up').values;
    for (let i = 0; i < df.length; i += 97) expect(up[i]).toBe(eth.close[i]! > eth.open[i]! ? 1 : 0);
    expect(df.get('one').sum()).toBe(5760);
    expect(df.getTags('note')[5759]).toBe('x');
    expect(df.columns.slice(6)).toEqual(['sma', 'up', 'one', 'note']);
    expect(() => df.set('bad', new Float64Array(3))).toThrow(/set\('bad'\): value has 3 rows, the frame has 5760/);
    const bad = new Array<string | null>(df.length).fill(null);
    (bad as unknown[])[1] = 3;
    expect(() => df.set('tags', bad)).toThrow(/row 1 is number; a tag column holds strings or null/);
  });

  it("setWhere is Freqtrade's df.loc[cond, col] = value", () => {
    const df = DataFrame.fromCandles(eth);
    const close = df.get('close');
    const rsiLike = close.pctChange(12).mul(100);
    const cond = rsiLike.lt(-2).and(df.get('volume').gt(0));
    df.setWhere('enter_long', cond, 1).setWhere('enter_tag', cond, 'dip');
    df.setWhere('stop', cond, close.mul(0.98));
    const enter = df.get('enter_long').values;
    const tags = df.getTags('enter_tag');
    const stop = df.get('stop').values;
    let hits = 0;
    for (let i = 0; i < df.length; i++) {
      const want = cond.values[i] === 1;
      if (want) hits++;
      expect(enter[i]).toBe(want ? 1 : 0); // signal columns start at 0, not NaN
      expect(tags[i]).toBe(want ? 'dip' : null);
      if (want) expect(stop[i]).toBe(eth.close[i]! * 0.98);
      else expect(Number.isNaN(stop[i])).toBe(true); // other new columns start at NaN (pandas)
    }
    expect(hits).toBeGreaterThan(10);
    // a second rule adds to the same columns
    const before = df.get('enter_long').sum();
    df.assignWhere(close.crossedAbove(close.rolling(50).mean()), { enter_long: 1, enter_tag: 'cross' });
    expect(df.get('enter_long').sum()).toBeGreaterThan(before);
    expect(df.getTags('enter_tag')).toContain('cross');
  });

  it('setWhere on odd lengths and unaligned conditions', () => {
    const bits = [0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1];
    const buf = new Uint8Array(32);
    buf.set(bits, 3);
    const df = new DataFrame({ x: Float64Array.from(bits.map((_, i) => i * 10)) });
    df.setWhere('exit_long', buf.subarray(3, 3 + bits.length), 1);
    df.setWhere('y', new BoolSeries(Uint8Array.from(bits)), df.get('x'));
    expect(df.get('exit_long').toArray()).toEqual(bits);
    expect(df.get('y').toArray()).toEqual(bits.map((v, i) => (v ? i * 10 : NaN)));
  });

  it('never writes into the candle store (copy on write for borrowed columns)', () => {
    const candles = readSharedCsv(sharedDataPath('freqtrade_testdata', 'ETH_BTC-5m.csv'));
    const original = Float64Array.from(candles.close);
    const df = DataFrame.fromCandles(candles);
    df.setWhere('close', df.get('volume').gt(0), 0);
    expect(candles.close).toEqual(original);
    expect(df.get('close').max()).toBe(0);
    // a column set from someone else's array is also copied before the first write
    const mine = new Float64Array(df.length).fill(5);
    df.set('five', mine).setWhere('five', true, 6);
    expect(mine[0]).toBe(5);
    expect(df.get('five').at(0)).toBe(6);
  });

  it('drop / has / errors name the column and list the available ones', () => {
    const df = DataFrame.fromCandles(eth);
    df.set('x', 1).drop('x');
    expect(df.has('x')).toBe(false);
    expect(df.has('timestamp')).toBe(true);
    expect(() => df.get('rsi')).toThrow(UsageError);
    expect(() => df.get('rsi')).toThrow("no column 'rsi'; the frame has: date, open, high, low, close, volume");
    expect(() => df.drop('nope')).toThrow(/no column 'nope'/);
    df.set('enter_tag', null);
    expect(() => df.get('enter_tag')).toThrow(/holds text \(tags\); read it with getTags/);
    expect(() => df.setWhere('enter_tag', true, 1)).toThrow(/holds text; write a string or null/);
    expect(() => df.setWhere('close', true, 'x')).toThrow(/is numeric; write a number/);
    expect(() => new DataFrame({ a: new Float64Array(2), b: new Float64Array(3) })).toThrow(
      /column 'b' has 3 rows, expected 2/,
    );
  });

  it('head / tail / slice are zero-copy views; copy is deep', () => {
    const df = DataFrame.fromCandles(eth).set('tag', 'a');
    const h = df.head(3);
    expect(h.length).toBe(3);
    expect(h.get('close').values.buffer).toBe(eth.close.buffer);
    expect(Array.from(h.get('close').values)).toEqual(Array.from(eth.close.subarray(0, 3)));
    const t = df.tail(2);
    expect(t.get('date').toArray()).toEqual([eth.timestamp[5758], eth.timestamp[5759]]);
    expect(df.slice(-10, -8).get('open').toArray()).toEqual([eth.open[5750], eth.open[5751]]);
    expect(df.head(0).length).toBe(0);
    expect(df.tail(10_000).length).toBe(5760);
    const c = df.copy();
    c.setWhere('close', true, 1);
    c.setWhere('tag', true, 'b');
    expect(df.get('close').values).toBe(eth.close);
    expect(eth.close[0]).not.toBe(1);
    expect(df.getTags('tag')[0]).toBe('a');
  });

  it('prints a readable table (exact text)', () => {
    const df = new DataFrame({
      date: Float64Array.from([1515560100000, 1515560400000, 1515560700000]),
      close: Float64Array.from([0.0994766, 0.09969, NaN]),
      volume: Float64Array.from([1820.54447418, 2527, 0]),
    });
    df.set('enter_long', new Series([0, 1, 0])).set('enter_tag', [null, 'rsi', null]);
    expect(df.toString()).toBe(
      [
        '                  date      close     volume  enter_long  enter_tag',
        '0  2018-01-10 04:55:00  0.0994766  1820.5445           0       None',
        '1  2018-01-10 05:00:00    0.09969       2527           1        rsi',
        '2  2018-01-10 05:05:00        NaN          0           0       None',
        '',
        '[3 rows x 5 columns]',
      ].join('\n'),
    );
  });

  it('elides the middle of long frames', () => {
    const text = DataFrame.fromCandles(eth).toString({ maxRows: 4 });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\s+date\s+open\s+high\s+low\s+close\s+volume$/);
    expect(lines[1]).toMatch(/^0\s+2018-01-10 04:55:00\s+0\.0984\s/);
    expect(lines[3]).toMatch(/^\.\.\.(\s+\.\.\.){6}$/);
    expect(lines[5]).toMatch(/^5759\s+2018-01-30 04:50:00\s/);
    expect(lines.at(-1)).toBe('[5760 rows x 6 columns]');
  });
});
