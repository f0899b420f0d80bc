import { describe, expect, it } from 'vitest';
import { DataFrame } from '../../framework/frame/index.ts';
import { readBinance5m, readSharedCsv, sharedDataPath } from '../helpers/shared-data.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2024, 0, 1, 9, 0); // 09:00

/** 5m rows 09:00 .. 12:55 with close = minutes since 09:00 (easy to read in assertions). */
function base5m(): DataFrame {
  const n = 48;
  const date = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    date[i] = T0 + i * 5 * MIN;
    close[i] = i * 5;
  }
  return new DataFrame({ date, close }, { timeframe: '5m' });
}

/** 1h candles opening 08:00 .. 12:00 with close 800, 900, ... and an indicator with a NaN. */
function inf1h(): DataFrame {
  const hours = [8, 9, 10, 11, 12];
  return new DataFrame(
    {
      date: Float64Array.from(hours.map((h) => Date.UTC(2024, 0, 1, h))),
      close: Float64Array.from(hours.map((h) => h * 100)),
      rsi: Float64Array.from([NaN, 40, NaN, 60, 70]),
    },
    { timeframe: '1h' },
  );
}

const at = (h: number, m: number) => Date.UTC(2024, 0, 1, h, m);

describe('mergeInformative (Freqtrade merge_informative_pair)', () => {
  it('a 1h candle becomes visible on the 5m row that closes with it, never earlier', () => {
    const df = base5m().mergeInformative(inf1h());
    expect(df.columns).toEqual(['date', 'close', 'date_1h', 'close_1h', 'rsi_1h']);
    const rowOf = (h: number, m: number) => df.dates.indexOf(at(h, m));
    const close1h = df.get('close_1h');
    const date1h = df.get('date_1h');
    // 08:00 candle (key 08:55) precedes the frame: rows 09:00..09:50 see nothing
    for (let m = 0; m <= 50; m += 5) expect(Number.isNaN(close1h.at(rowOf(9, m)))).toBe(true);
    // 09:00 candle closes 10:00: first visible on the 09:55 row (closes 10:00)
    expect(close1h.at(rowOf(9, 55))).toBe(900);
    expect(date1h.at(rowOf(9, 55))).toBe(at(9, 0));
    for (let m = 0; m <= 50; m += 5) expect(close1h.at(rowOf(10, m))).toBe(900); // ffill
    expect(close1h.at(rowOf(10, 55))).toBe(1000);
    expect(close1h.at(rowOf(11, 55))).toBe(1100);
    expect(close1h.at(rowOf(12, 50))).toBe(1100);
    expect(close1h.at(rowOf(12, 55))).toBe(1200); // 12:00 candle closes 13:00 = close of the 12:55 row
    // NaN inside a matched informative row is kept (pandas fills row indexes, not values)
    expect(Number.isNaN(df.get('rsi_1h').at(rowOf(11, 0)))).toBe(true);
    expect(df.get('rsi_1h').at(rowOf(12, 0))).toBe(60);
  });

  it('ffill: false leaves rows between keys empty; suffix renames; equal timeframes merge as is', () => {
    const df = base5m().mergeInformative(inf1h(), { ffill: false, suffix: 'hour' });
    expect(df.columns).toContain('close_hour');
    const c = df.get('close_hour');
    expect(c.count()).toBe(4); // only the key rows 09:55, 10:55, 11:55, 12:55
    expect(c.at(-1)).toBe(1200);
    expect(c.at(-13)).toBe(1100);
    expect(Number.isNaN(c.at(-2))).toBe(true);
    const same = base5m().mergeInformative(base5m(), { suffix: '_copy' }); // leading _ accepted
    expect(same.get('close_copy').values).toEqual(same.get('close').values);
  });

  it('refuses a faster informative timeframe, unknown timeframes, unsorted data and name clashes', () => {
    expect(() => inf1h().mergeInformative(base5m())).toThrow(/informative timeframe 5m is shorter than the frame's 1h/);
    const noTf = new DataFrame({ date: Float64Array.from([0, 1]) });
    expect(() => noTf.mergeInformative(noTf)).toThrow(/timeframes are unknown/);
    const unsorted = new DataFrame({ date: Float64Array.from([at(10, 0), at(9, 0)]) }, { timeframe: '1h' });
    expect(() => base5m().mergeInformative(unsorted)).toThrow(/informative frame is not sorted by date without duplicates \(row 1/);
    const df = base5m().mergeInformative(inf1h());
    expect(() => df.mergeInformative(inf1h())).toThrow(/already has a column 'date_1h'/);
  });

  it('real BTC/USDT: 5m 2023 with 1h, no lookahead and 1h close = last 5m close of the hour', () => {
    const c5 = readBinance5m('BTC');
    const c1h = readSharedCsv(sharedDataPath('binance_1h', 'BTC_USDT-1h.csv'));
    const df = DataFrame.fromCandles(c5, { timeframe: '5m' });
    const inf = DataFrame.fromCandles(c1h, { timeframe: '1h' });
    inf.set('sma3', inf.get('close').rolling(3).mean());
    df.mergeInformative(inf);
    const dates = df.dates;
    const d1h = df.get('date_1h').values;
    const close1h = df.get('close_1h').values;
    const closeByTime = new Map<number, number>();
    for (let i = 0; i < dates.length; i++) closeByTime.set(dates[i]!, c5.close[i]!);
    // The 2023-03-24 outage removed the 12:40..13:55 5m rows, so the keys of the 12:00 and
    // 13:00 candles (12:55, 13:55) have no row and those candles are skipped (as in Freqtrade).
    const gapStart = Date.UTC(2023, 2, 24, 12, 40);
    const gapEnd = Date.UTC(2023, 2, 24, 14, 55);
    let checked = 0;
    // 2023-01-01 00:00..00:50: the 2022-12-31 23:00 candle's key (23:55) is before the frame
    for (let i = 0; i < 11; i++) expect(Number.isNaN(d1h[i]!)).toBe(true);
    for (let i = 11; i < dates.length; i++) {
      const t = dates[i]!;
      const visible = d1h[i]!;
      expect(visible + HOUR).toBeLessThanOrEqual(t + 5 * MIN); // closed by the time this row closes
      const latestClosed = Math.floor((t + 5 * MIN) / HOUR) * HOUR - HOUR;
      if (t >= gapStart && t < gapEnd) {
        expect(visible).toBe(Date.UTC(2023, 2, 24, 11, 0));
        continue;
      }
      expect(visible).toBe(latestClosed);
      // Binance's 1h close is the close of the hour's last 5m candle
      const last5m = closeByTime.get(visible + 55 * MIN);
      if (last5m !== undefined) {
        expect(close1h[i]).toBe(last5m);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100_000);
    // an informative indicator travels with its candle
    const sma = df.get('sma3_1h').values;
    const j = c1h.timestamp.indexOf(d1h[50_000]!);
    expect(sma[50_000]).toBeCloseTo((c1h.close[j]! + c1h.close[j - 1]! + c1h.close[j - 2]!) / 3, 8);
  });
});
