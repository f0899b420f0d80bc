import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../framework/core/errors.ts';
import { initLogger } from '../../framework/core/logger.ts';
import { allocateCandles, sliceCandles, type Candles } from '../../framework/data/candles.ts';
import { importCandles } from '../../framework/data/importers/index.ts';
import { loadCandles } from '../../framework/data/load.ts';
import { CandleStore } from '../../framework/data/parquet-store.ts';
import { expectSameCandles, expectStrictlyIncreasing } from '../helpers/candle-asserts.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';
import { makeTempDir } from '../helpers/tmp.ts';

const M5 = 300_000;
const tmp = makeTempDir('keel-load-');
const store = new CandleStore(tmp.dir, 'binance');
let btc: Candles;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  btc = await importCandles(sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather'));
  await store.write('BTC/USDT', '5m', btc);
  const sink = new (await import('node:stream')).Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  initLogger({ level: 'info', consoleFormat: 'json', consoleStream: sink });
});
afterAll(() => tmp.cleanup());

describe('loadCandles', () => {
  it('real BTC/USDT 5m: checks (logging the gap), fills the 16 missing candles', async () => {
    logLines.length = 0;
    const r = await loadCandles(store, 'BTC/USDT', '5m');
    expect(r.filled).toBe(16);
    expect([r.reordered, r.duplicatesRemoved]).toEqual([false, 0]);
    expect(r.candles.timestamp.length).toBe(104_832);
    expect(r.report?.gaps).toBe(1);
    const gapLog = logLines.find((l) => l.check === 'gap');
    expect(gapLog).toMatchObject({ component: 'data', pair: 'BTC/USDT', timeframe: '5m', count: 1, missingCandles: 16, row: 23768 });
  });

  it('options off: the stored candles exactly, no report', async () => {
    const r = await loadCandles(store, 'BTC/USDT', '5m', { fillGaps: false, dedupe: false, check: false });
    expect(r.report).toBeUndefined();
    expectSameCandles(r.candles, btc);
  });

  it('unsorted rows with duplicates are logged as errors, then sorted, deduped (last kept) and filled', async () => {
    const part = sliceCandles(btc, 0, 100);
    const n = 103;
    const messy = allocateCandles(n);
    // rows 50..99, then 0..49, then a corrected copy of row 10 and two copies of row 60
    const order = [...Array.from({ length: 50 }, (_, i) => 50 + i), ...Array.from({ length: 50 }, (_, i) => i), 10, 60, 60];
    for (const col of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) {
      order.forEach((src, k) => (messy[col][k] = part[col][src]!));
    }
    messy.volume[100] = 999; // the later copy of row 10 wins
    await store.write('ETH/USDT', '5m', messy);
    logLines.length = 0;
    const r = await loadCandles(store, 'ETH/USDT', '5m');
    expect([r.reordered, r.duplicatesRemoved, r.filled]).toEqual([true, 3, 0]);
    expectStrictlyIncreasing(r.candles);
    expect(r.candles.timestamp.length).toBe(100);
    expect(r.candles.volume[10]).toBe(999);
    expect(r.report?.counts.unsorted).toBe(2);
    expect(r.report?.counts.duplicate).toBe(3);
    expect(logLines.filter((l) => l.level === 50).map((l) => l.check).sort()).toEqual(['duplicate', 'unsorted']);
  });

  it('strict: errors that loading cannot repair throw a DataError naming the file and row', async () => {
    const bad = {
      ...sliceCandles(btc, 0, 10),
      close: Float64Array.from(btc.close.subarray(0, 10)),
    };
    bad.close[7] = NaN;
    await store.write('LTC/USDT', '5m', bad);
    const r = await loadCandles(store, 'LTC/USDT', '5m');
    expect(r.report?.counts.invalid_price).toBe(1);
    await expect(loadCandles(store, 'LTC/USDT', '5m', { strict: true })).rejects.toThrow(DataError);
    await expect(loadCandles(store, 'LTC/USDT', '5m', { strict: true })).rejects.toThrow(
      /LTC_USDT-5m\.parquet: 1 invalid_price; first at row 7 \(2023-01-01T00:35:00.000Z\): close is NaN/,
    );
  });

  it('a missing series is a DataError naming the file', async () => {
    await expect(loadCandles(store, 'XRP/USDT', '5m')).rejects.toThrow(/XRP_USDT-5m\.parquet/);
  });
});
