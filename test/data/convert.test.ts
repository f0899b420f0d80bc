import { mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../framework/core/errors.ts';
import { convertFile, expandInputs } from '../../framework/data/convert.ts';
import { importCandles } from '../../framework/data/importers/index.ts';
import { listStoredCandles } from '../../framework/data/inventory.ts';
import { CandleStore } from '../../framework/data/parquet-store.ts';
import { expectSameCandles } from '../helpers/candle-asserts.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';
import { makeTempDir } from '../helpers/tmp.ts';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('keel-convert-');
});
afterEach(() => tmp.cleanup());

describe('convertFile', () => {
  it('feather -> store, pair and timeframe from the name, bit-exact', async () => {
    const r = await convertFile(sharedDataPath('binance_5m_2023', 'ETH_USDT-5m.feather'), { dataDir: tmp.dir, exchange: 'binance' });
    expect(r).toMatchObject({ pair: 'ETH/USDT', timeframe: '5m', imported: 104_816, written: 104_816, previouslyStored: 0 });
    expect(r.file).toBe(path.join(tmp.dir, 'binance', 'ETH_USDT-5m.parquet'));
    expect(r.report.gaps).toBe(1);
    const stored = await new CandleStore(tmp.dir, 'binance').read('ETH/USDT', '5m');
    expectSameCandles(stored, await importCandles(sharedDataPath('binance_5m_2023', 'ETH_USDT-5m.csv')));
  });

  it('merges into stored candles; erase replaces them', async () => {
    const opts = { dataDir: tmp.dir, exchange: 'kraken' };
    await convertFile(sharedDataPath('freqtrade_testdata', 'XRP_ETH-5m.json'), opts);
    const again = await convertFile(sharedDataPath('freqtrade_testdata', 'XRP_ETH-5m.json'), opts);
    expect([again.previouslyStored, again.written]).toEqual([712, 712]);
    // LTC/BTC's 2018 candles under the XRP/ETH name: a disjoint earlier range, merged in front.
    const merged = await convertFile(sharedDataPath('freqtrade_testdata', 'LTC_BTC-5m.json'), { ...opts, pair: 'XRP/ETH', timeframe: '5m' });
    expect([merged.previouslyStored, merged.written, merged.first]).toEqual([712, 712 + 5760, '2018-01-10T04:55:00.000Z']);
    const erased = await convertFile(sharedDataPath('freqtrade_testdata', 'LTC_BTC-5m.json'), { ...opts, pair: 'XRP/ETH', timeframe: '5m', erase: true });
    expect([erased.previouslyStored, erased.written]).toEqual([0, 5760]);
  });

  it('Yahoo, NinjaTrader and backtrader CSV with --pair/--timeframe', async () => {
    const opts = { dataDir: tmp.dir, exchange: 'stocks' };
    const orcl = await convertFile(sharedDataPath('pyalgotrade', 'orcl-2000-yahoofinance.csv'), { ...opts, pair: 'ORCL/USD', timeframe: '1d' });
    expect(orcl).toMatchObject({ written: 252, first: '2000-01-03T00:00:00.000Z', last: '2000-12-29T00:00:00.000Z' });
    expect(orcl.report.counts.unsorted).toBe(0); // the Yahoo importer already sorted the newest-first rows
    expect(orcl.report.counts.outlier_return).toBe(2); // the two unadjusted splits, a warning only
    const spy = await convertFile(sharedDataPath('pyalgotrade', 'nt-spy-minute-2011.csv'), { ...opts, pair: 'SPY/USD', timeframe: '1m' });
    expect(spy).toMatchObject({ written: 14_180, first: '2011-01-03T09:01:00.000Z', last: '2011-02-01T01:00:00.000Z' });
    // CSV columns are views into over-allocated buffers; the store must write just the rows.
    expectSameCandles(await new CandleStore(tmp.dir, 'stocks').read('SPY/USD', '1m'), await importCandles(sharedDataPath('pyalgotrade', 'nt-spy-minute-2011.csv')));
    const fut = await convertFile(sharedDataPath('backtrader', '2006-01-02-volume-min-001.txt'), {
      ...opts,
      pair: 'STX50/EUR',
      timeframe: '1m',
      format: 'csv',
      csv: { header: true, columns: { timestamp: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 } },
    });
    expect(fut.written).toBe(30_889);
    expect(fut.report.errors).toBe(0);
    const stored = await new CandleStore(tmp.dir, 'stocks').read('STX50/EUR', '1m');
    expect(stored.close[0]).toBe(3599);
  });

  it('refuses a file whose rows are off the timeframe grid (wrong timeframe in the name) unless forced', async () => {
    const f = sharedDataPath('freqtrade_testdata', 'UNITTEST_BTC-8m.json.gz');
    await expect(convertFile(f, { dataDir: tmp.dir, exchange: 'binance' })).rejects.toThrow(
      /not imported: 11980 misaligned; first at row 0 .*is 8m the right timeframe/,
    );
    expect(new CandleStore(tmp.dir, 'binance').exists('UNITTEST/BTC', '8m')).toBe(false);
    const ok = await convertFile(f, { dataDir: tmp.dir, exchange: 'binance', timeframe: '1m' });
    expect(ok.written).toBe(13_681);
    const forced = await convertFile(f, { dataDir: tmp.dir, exchange: 'binance', force: true });
    expect(forced.report.counts.misaligned).toBe(11_980);
  });

  it('asks for pair and timeframe when the name does not tell them', async () => {
    await expect(convertFile(sharedDataPath('backtrader', 'orcl-1995-2014.txt'), { dataDir: tmp.dir, exchange: 'x' })).rejects.toThrow(UsageError);
    await expect(convertFile(sharedDataPath('backtrader', 'orcl-1995-2014.txt'), { dataDir: tmp.dir, exchange: 'x', pair: 'ORCL/USD' })).rejects.toThrow(
      /cannot tell the timeframe/,
    );
  });
});

describe('expandInputs and listStoredCandles', () => {
  it('a directory expands to its candle files; list-data counts them with gaps', async () => {
    const dir = path.join(tmp.dir, 'in');
    mkdirSync(dir);
    for (const f of ['ADA_BTC-5m.json', 'XRP_ETH-1m.json']) copyFileSync(sharedDataPath('freqtrade_testdata', f), path.join(dir, f));
    copyFileSync(sharedDataPath('README.md'), path.join(dir, 'README.md'));
    const files = await expandInputs([dir]);
    expect(files.map((f) => path.basename(f))).toEqual(['ADA_BTC-5m.json', 'XRP_ETH-1m.json']);
    for (const f of files) await convertFile(f, { dataDir: tmp.dir, exchange: 'binance' });
    const list = await listStoredCandles(new CandleStore(tmp.dir, 'binance'));
    expect(list.map(({ file: _f, ...rest }) => rest)).toEqual([
      { pair: 'ADA/BTC', timeframe: '5m', candles: 5720, first: '2018-01-10T04:55:00.000Z', last: '2018-01-30T04:50:00.000Z', gaps: 5, missingCandles: 40, errors: 0 },
      { pair: 'XRP/ETH', timeframe: '1m', candles: 3560, first: '2019-10-11T00:00:00.000Z', last: '2019-10-13T11:19:00.000Z', gaps: 0, missingCandles: 0, errors: 0 },
    ]);
    await expect(expandInputs([path.join(tmp.dir, 'nope')])).rejects.toThrow(/no such file or directory/);
  });
});
