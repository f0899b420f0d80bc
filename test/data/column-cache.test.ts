/**
 * The column cache beside the Parquet store (framework/data/column-cache.ts) on the real
 * Binance BTC/USDT 5m 2023 candles: reads through it equal reads of the Parquet file bit for
 * bit, and any change of the Parquet file, a damaged cache file or an unwritable cache
 * directory falls back to the Parquet file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sliceCandles } from '../../framework/data/candles.ts';
import { fillGapsAt, findGaps } from '../../framework/data/clean.ts';
import { columnCachePath, readColumnCache, readColumnCacheFilled } from '../../framework/data/column-cache.ts';
import { CandleStore, readCandlesParquet, writeCandlesParquet } from '../../framework/data/parquet-store.ts';
import { expectSameCandles } from '../helpers/candle-asserts.ts';
import { readBinance5m } from '../helpers/shared-data.ts';
import { makeTempDir } from '../helpers/tmp.ts';

const btc = readBinance5m('BTC');
let tmp: ReturnType<typeof makeTempDir>;
let store: CandleStore;
let file: string;
let cacheFile: string;

beforeEach(async () => {
  tmp = makeTempDir('keel-column-cache-');
  store = new CandleStore(tmp.dir, 'binance');
  await store.write('BTC/USDT', '5m', btc);
  file = store.path('BTC/USDT', '5m');
  cacheFile = columnCachePath(tmp.dir, file);
});
afterEach(() => tmp.cleanup());

describe('column cache', () => {
  it('the first read writes the cache, the next is served from it, both equal to the Parquet file bit for bit', async () => {
    expect(cacheFile).toBe(path.join(tmp.dir, '.cache', 'binance', 'BTC_USDT-5m.columns'));
    expect(fs.existsSync(cacheFile)).toBe(false);
    const first = await store.read('BTC/USDT', '5m');
    expect(fs.statSync(cacheFile).size).toBeGreaterThan(btc.timestamp.length * 48);
    expectSameCandles(first, btc);
    const fromCache = readColumnCache(cacheFile, file);
    expect(fromCache).toBeDefined();
    expectSameCandles(fromCache!, await readCandlesParquet(file));
    expectSameCandles(await store.read('BTC/USDT', '5m'), btc);
    // The store's listing is of Parquet files only: the cache does not show up as data.
    expect((await store.list()).map((e) => e.file)).toEqual([file]);
  });

  it('a rewrite through the store is read, not the old cache', async () => {
    await store.read('BTC/USDT', '5m');
    const head = sliceCandles(btc, 0, 1000);
    await store.write('BTC/USDT', '5m', head);
    expectSameCandles(await store.read('BTC/USDT', '5m'), head);
  });

  it('a Parquet file replaced behind the store\'s back makes the cache stale', async () => {
    await store.read('BTC/USDT', '5m');
    expect(fs.existsSync(cacheFile)).toBe(true);
    const tail = sliceCandles(btc, btc.timestamp.length - 5000, btc.timestamp.length);
    await writeCandlesParquet(file, tail); // not through the store: the cache file stays
    expect(readColumnCache(cacheFile, file)).toBeUndefined();
    expectSameCandles(await store.read('BTC/USDT', '5m'), tail);
    expect(readColumnCache(cacheFile, file)).toBeDefined();
  });

  it('a truncated or foreign cache file is ignored and rewritten', async () => {
    await store.read('BTC/USDT', '5m');
    const size = fs.statSync(cacheFile).size;
    fs.truncateSync(cacheFile, size - 8);
    expect(readColumnCache(cacheFile, file)).toBeUndefined();
    expectSameCandles(await store.read('BTC/USDT', '5m'), btc);
    expect(fs.statSync(cacheFile).size).toBe(size);

    fs.writeFileSync(cacheFile, 'PAR1 not a cache at all');
    expectSameCandles(await store.read('BTC/USDT', '5m'), btc);
    expect(fs.statSync(cacheFile).size).toBe(size);
  });

  it('reads still work when the cache cannot be written', async () => {
    // A file where the cache directory should be: creating it fails (also as root).
    fs.writeFileSync(path.join(tmp.dir, '.cache'), 'in the way');
    expectSameCandles(await store.read('BTC/USDT', '5m'), btc);
    expectSameCandles(await store.read('BTC/USDT', '5m'), btc);
  });

  it('columnCache: false reads the Parquet file and writes nothing', async () => {
    const plain = new CandleStore(tmp.dir, 'binance', 'spot', { columnCache: false });
    expectSameCandles(await plain.read('BTC/USDT', '5m'), btc);
    expect(fs.existsSync(path.join(tmp.dir, '.cache'))).toBe(false);
  });

  it('a filled read equals fillGapsAt of the stored candles, with their interleaved open, high, low, close', async () => {
    await store.read('BTC/USDT', '5m');
    const M5 = 300_000;
    const gaps = findGaps(btc.timestamp, M5);
    expect(gaps).toEqual([23768, 16]);
    for (const g of [gaps, [], [5, 3, 23768, 16, 104_815, 1]]) {
      const got = readColumnCacheFilled(cacheFile, file, { timeframeMs: M5, gaps: g })!;
      const want = fillGapsAt(btc, M5, g).candles;
      expectSameCandles(got.candles, want);
      const n = want.timestamp.length;
      const ohlc = new Float64Array(4 * n);
      for (let i = 0; i < n; i++) ohlc.set([want.open[i]!, want.high[i]!, want.low[i]!, want.close[i]!], 4 * i);
      expect(Buffer.from(got.ohlc!.buffer, got.ohlc!.byteOffset, got.ohlc!.byteLength).equals(Buffer.from(ohlc.buffer))).toBe(true);
    }
    // Through the store: the same, and without a cache the same candles (no interleaved prices).
    const viaStore = await store.readFilled('BTC/USDT', '5m', { timeframeMs: M5, gaps });
    expectSameCandles(viaStore.candles, fillGapsAt(btc, M5, gaps).candles);
    expect(viaStore.ohlc).toBeDefined();
    const plain = new CandleStore(tmp.dir, 'binance', 'spot', { columnCache: false });
    const noCache = await plain.readFilled('BTC/USDT', '5m', { timeframeMs: M5, gaps });
    expectSameCandles(noCache.candles, viaStore.candles);
    expect(noCache.ohlc).toBeUndefined();
  });

  it('a cache file of the previous format (KEELCOL1, no interleaved prices) is ignored and rewritten', async () => {
    await store.read('BTC/USDT', '5m');
    const size = fs.statSync(cacheFile).size;
    const buf = fs.readFileSync(cacheFile);
    const headerLength = buf.readUInt32LE(8);
    const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as { format: number; rows: number };
    expect(header.format).toBe(2);
    expect(size).toBe(((12 + headerLength + 7) & ~7) + header.rows * 80);
    const v1Header = Buffer.from(JSON.stringify({ ...header, format: 1 }));
    const start = (12 + v1Header.length + 7) & ~7;
    const v1 = Buffer.alloc(start + header.rows * 48);
    v1.write('KEELCOL1', 0, 'latin1');
    v1.writeUInt32LE(v1Header.length, 8);
    v1Header.copy(v1, 12);
    buf.copy(v1, start, (12 + headerLength + 7) & ~7, ((12 + headerLength + 7) & ~7) + header.rows * 48);
    fs.writeFileSync(cacheFile, v1);
    expect(readColumnCache(cacheFile, file)).toBeUndefined();
    expectSameCandles(await store.read('BTC/USDT', '5m'), btc);
    expect(fs.statSync(cacheFile).size).toBe(size);
  });
});
