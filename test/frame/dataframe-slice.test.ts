import { describe, expect, it } from 'vitest';
import { DataFrame } from '../../framework/frame/index.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

/**
 * Slices copy tag columns lazily (on first read); these pin down that a slice still behaves
 * exactly like an eager copy: the values it was cut from, whatever happens to the source later.
 */
describe('DataFrame.slice with tag columns', () => {
  const btc = readBinance5m('BTC');

  function framed(): DataFrame {
    const df = DataFrame.fromCandles(btc, { timeframe: '5m' });
    df.setWhere('enter_tag', df.get('close').gt(df.get('open')), 'up');
    return df;
  }

  it('reads the rows it was cut from, in column order, also after slicing a slice', () => {
    const df = framed();
    const tags = df.getTags('enter_tag');
    const s = df.slice(100, 5100);
    expect(s.columns).toEqual(df.columns);
    expect(s.length).toBe(5000);
    expect(s.getTags('enter_tag')).toEqual(tags.slice(100, 5100));
    const ss = df.slice(100, 5100).slice(-10, -2);
    expect(ss.getTags('enter_tag')).toEqual(tags.slice(5090, 5098));
    expect(ss.isTags('enter_tag')).toBe(true);
    expect(ss.get('close').toArray()).toEqual(Array.from(btc.close.subarray(5090, 5098)));
  });

  it('keeps its values when the source frame writes the tag column afterwards', () => {
    const df = framed();
    const before = df.getTags('enter_tag').slice(0, 50);
    const s = df.slice(0, 50);
    df.setWhere('enter_tag', true, 'overwritten');
    expect(df.getTags('enter_tag')[0]).toBe('overwritten');
    expect(s.getTags('enter_tag')).toEqual(before);
  });

  it('writes to a slice never reach the source', () => {
    const df = framed();
    const before = df.getTags('enter_tag').slice(0, 20);
    const s = df.slice(0, 20);
    s.setWhere('enter_tag', true, 'mine');
    expect(s.getTags('enter_tag').every((t) => t === 'mine')).toBe(true);
    expect(df.getTags('enter_tag').slice(0, 20)).toEqual(before);
    // copy() of an unread slice is deep too
    const c = df.slice(0, 20).copy();
    c.setWhere('enter_tag', true, 'copy');
    expect(df.getTags('enter_tag').slice(0, 20)).toEqual(before);
  });

  it('prints the sliced tags', () => {
    const df = framed();
    const text = df.slice(0, 3).toString();
    const tags = df.getTags('enter_tag').slice(0, 3);
    for (const t of tags) if (t !== null) expect(text).toContain(t);
    expect(text).toContain('[3 rows x 7 columns]');
  });
});
