/**
 * Every candle file format present in ../shared/data, imported and checked against the counts,
 * ranges and values its README gives, and against the bit-exact CSV conversions.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../framework/core/errors.ts';
import type { Candles } from '../../../framework/data/candles.ts';
import { detectFormat, importCandles, parseFreqtradeFileName } from '../../../framework/data/importers/index.ts';
import { CandleStore } from '../../../framework/data/parquet-store.ts';
import { expectSameCandles } from '../../helpers/candle-asserts.ts';
import { sharedDataPath } from '../../helpers/shared-data.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

const iso = (ms: number | undefined): string => new Date(ms!).toISOString().slice(0, 16).replace('T', ' ');
const first = (c: Candles): string => iso(c.timestamp[0]);
const last = (c: Candles): string => iso(c.timestamp[c.timestamp.length - 1]);
const row = (c: Candles, i: number): number[] => {
  const k = i < 0 ? c.timestamp.length + i : i;
  return [c.timestamp[k]!, c.open[k]!, c.high[k]!, c.low[k]!, c.close[k]!, c.volume[k]!];
};

describe('Freqtrade json / json.gz (freqtrade_testdata)', () => {
  const cases: [string, number, string, string][] = [
    ['ETH_BTC-5m.json', 5760, '2018-01-10 04:55', '2018-01-30 04:50'],
    ['LTC_BTC-5m.json', 5760, '2018-01-10 04:55', '2018-01-30 04:50'],
    ['ADA_BTC-5m.json', 5720, '2018-01-10 04:55', '2018-01-30 04:50'],
    ['XRP_ETH-5m.json', 712, '2019-10-11 00:00', '2019-10-13 11:15'],
    ['XRP_ETH-1m.json', 3560, '2019-10-11 00:00', '2019-10-13 11:19'],
    ['UNITTEST_BTC-1m.json', 13681, '2017-11-04 23:02', '2017-11-14 22:59'],
    ['UNITTEST_BTC-30m.json', 1920, '2017-12-03 13:00', '2018-01-12 12:30'],
    ['UNITTEST_BTC-8m.json.gz', 13681, '2017-11-04 23:02', '2017-11-14 22:59'],
  ];
  for (const [file, rows, from, to] of cases) {
    it(`${file}: ${rows} rows, ${from} -> ${to}`, async () => {
      const f = sharedDataPath('freqtrade_testdata', file);
      expect(detectFormat(f)).toBe(file.endsWith('.gz') ? 'jsongz' : 'json');
      const c = await importCandles(f);
      expect(c.timestamp.length).toBe(rows);
      expect([first(c), last(c)]).toEqual([from, to]);
    });
  }

  it('ETH_BTC-5m.json equals its CSV conversion bit for bit, first row as in the file', async () => {
    const json = await importCandles(sharedDataPath('freqtrade_testdata', 'ETH_BTC-5m.json'));
    const csv = await importCandles(sharedDataPath('freqtrade_testdata', 'ETH_BTC-5m.csv'));
    expectSameCandles(json, csv);
    expect(row(json, 0)).toEqual([1515560100000, 0.0984, 0.0994766, 0.09828605, 0.0994766, 1820.54447418]);
    expect(row(json, -1)).toEqual([1517287800000, 0.10440995, 0.10441058, 0.10400025, 0.10441057, 31.94851561]);
  });

  it('UNITTEST_BTC-8m.json.gz holds exactly the rows of UNITTEST_BTC-1m.json', async () => {
    expectSameCandles(
      await importCandles(sharedDataPath('freqtrade_testdata', 'UNITTEST_BTC-8m.json.gz')),
      await importCandles(sharedDataPath('freqtrade_testdata', 'UNITTEST_BTC-1m.json')),
    );
  });
});

describe('Freqtrade feather (Arrow IPC, LZ4_FRAME buffers)', () => {
  it('binance BTC/USDT and ETH/USDT 5m 2023: 104,816 rows, bit-identical to the CSV conversions', async () => {
    for (const base of ['BTC', 'ETH']) {
      const feather = await importCandles(sharedDataPath('binance_5m_2023', `${base}_USDT-5m.feather`));
      expect(feather.timestamp.length).toBe(104_816);
      expect([first(feather), last(feather)]).toEqual(['2023-01-01 00:00', '2023-12-30 23:55']);
      expectSameCandles(feather, await importCandles(sharedDataPath('binance_5m_2023', `${base}_USDT-5m.csv`)));
    }
  });

  it('binance BTC/USDT 1h 2017-2024: 58,419 rows, bit-identical to the CSV conversion', async () => {
    const feather = await importCandles(sharedDataPath('binance_1h', 'BTC_USDT-1h.feather'));
    expect(feather.timestamp.length).toBe(58_419);
    expect([first(feather), last(feather)]).toEqual(['2017-08-17 04:00', '2024-04-21 14:00']);
    expect(row(feather, 0)).toEqual([1502942400000, 4261.48, 4313.62, 4261.32, 4308.83, 47.181009]);
    expectSameCandles(feather, await importCandles(sharedDataPath('binance_1h', 'BTC_USDT-1h.csv')));
  });

  // The README: the feathers were converted by Freqtrade in 2023 and differ from the json in
  // exactly these many cells by 1 ulp (max relative 2.9e-16). Matching those counts shows the
  // LZ4 decoding is exact, not merely close.
  for (const [pair, rows, ulpCells] of [['ETH_BTC', 5760, 4724], ['ADA_BTC', 5720, 13764]] as const) {
    it(`${pair}-5m.feather: ${rows} rows, same timestamps as the json, ${ulpCells} cells 1 ulp apart`, async () => {
      const f = sharedDataPath('freqtrade_testdata', `${pair}-5m.feather`);
      expect(detectFormat(f)).toBe('feather');
      const feather = await importCandles(f);
      const json = await importCandles(sharedDataPath('freqtrade_testdata', `${pair}-5m.json`));
      expect(feather.timestamp.length).toBe(rows);
      expect(Buffer.from(feather.timestamp.buffer, feather.timestamp.byteOffset, feather.timestamp.byteLength).equals(
        Buffer.from(json.timestamp.buffer, json.timestamp.byteOffset, json.timestamp.byteLength),
      )).toBe(true);
      let differing = 0;
      let maxRel = 0;
      for (const col of ['open', 'high', 'low', 'close', 'volume'] as const) {
        for (let i = 0; i < rows; i++) {
          const a = feather[col][i]!;
          const b = json[col][i]!;
          if (a !== b) {
            differing++;
            maxRel = Math.max(maxRel, Math.abs(a - b) / Math.abs(b));
          }
        }
      }
      expect(differing).toBe(ulpCells);
      expect(maxRel).toBeLessThan(3e-16);
    });
  }

  it('round trip feather -> Parquet store -> candles is bit-exact', async () => {
    const tmp = makeTempDir();
    try {
      const c = await importCandles(sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather'));
      const store = new CandleStore(tmp.dir, 'binance');
      await store.write('BTC/USDT', '5m', c);
      expectSameCandles(await store.read('BTC/USDT', '5m'), c);
    } finally {
      tmp.cleanup();
    }
  });

  it('a truncated feather file is a DataError naming the file', async () => {
    const tmp = makeTempDir();
    try {
      const bytes = readFileSync(sharedDataPath('freqtrade_testdata', 'ETH_BTC-5m.feather'));
      const bad = path.join(tmp.dir, 'ETH_BTC-5m.feather');
      writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await expect(importCandles(bad)).rejects.toThrow(DataError);
      await expect(importCandles(bad)).rejects.toThrow(bad);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('Yahoo daily CSV', () => {
  const cases: [string, number, string, string, number[]][] = [
    // first row: date, open, high, low, close (raw, not Adj Close), volume
    ['backtrader/orcl-1995-2014.txt', 5036, '1995-01-03 00:00', '2014-12-31 00:00', [Date.UTC(1995, 0, 3), 2.179012, 2.191358, 2.117284, 2.117284, 36301200]],
    ['backtrader/nvda-1999-2014.txt', 4012, '1999-01-22 00:00', '2014-12-31 00:00', [Date.UTC(1999, 0, 22), 1.75, 1.953125, 1.552083, 1.640625, 67867200]],
    ['backtrader/yhoo-1996-2015.txt', 4965, '1996-04-12 00:00', '2015-12-31 00:00', [Date.UTC(1996, 3, 12), 1.052083, 1.791667, 1.020833, 1.375, 408720000]],
  ];
  for (const [file, rows, from, to, firstRow] of cases) {
    it(`${file}: ${rows} rows ${from} -> ${to}, raw Close`, async () => {
      expect(detectFormat(sharedDataPath(file))).toBe('yahoo');
      const c = await importCandles(sharedDataPath(file));
      expect(c.timestamp.length).toBe(rows);
      expect([first(c), last(c)]).toEqual([from, to]);
      expect(row(c, 0)).toEqual(firstRow);
    });
  }

  it("pyalgotrade's newest-first file (Volume before Adj Close) comes out ascending", async () => {
    const f = sharedDataPath('pyalgotrade', 'orcl-2000-yahoofinance.csv');
    expect(detectFormat(f)).toBe('yahoo');
    const c = await importCandles(f);
    expect(c.timestamp.length).toBe(252);
    expect([first(c), last(c)]).toEqual(['2000-01-03 00:00', '2000-12-29 00:00']);
    expect(row(c, 0)).toEqual([Date.UTC(2000, 0, 3), 124.62, 125.19, 111.62, 118.12, 98122000]);
    expect(row(c, -1)).toEqual([Date.UTC(2000, 11, 29), 30.87, 31.31, 28.69, 29.06, 31655500]);
    for (let i = 1; i < c.timestamp.length; i++) expect(c.timestamp[i]!).toBeGreaterThan(c.timestamp[i - 1]!);
  });
});

describe('generic CSV', () => {
  it('backtrader 2006-day-001.txt (Date,Open,...,Volume,OpenInterest): 255 rows', async () => {
    const f = sharedDataPath('backtrader', '2006-day-001.txt');
    expect(detectFormat(f)).toBe('csv');
    const c = await importCandles(f);
    expect(c.timestamp.length).toBe(255);
    expect([first(c), last(c)]).toEqual(['2006-01-02 00:00', '2006-12-29 00:00']);
    expect(row(c, 0)).toEqual([Date.UTC(2006, 0, 2), 3578.73, 3605.95, 3578.73, 3604.33, 0]);
  });

  it('backtrader minute file: its 7-name header does not fit the 8-cell rows, so the mapping must be given', async () => {
    const f = sharedDataPath('backtrader', '2006-01-02-volume-min-001.txt');
    await expect(importCandles(f)).rejects.toThrow(/header has 7 columns but line 2 has 8.*--csv-columns/);
    const c = await importCandles(f, {
      format: 'csv',
      csv: { header: true, columns: { timestamp: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 } },
    });
    expect(c.timestamp.length).toBe(30_889);
    expect([first(c), last(c)]).toEqual(['2006-01-02 09:01', '2006-02-27 22:00']);
    expect(row(c, 0)).toEqual([Date.UTC(2006, 0, 2, 9, 1), 3602, 3603, 3597, 3599, 5699]);
    expect(row(c, -1)).toEqual([Date.UTC(2006, 1, 27, 22, 0), 3840, 3840, 3838, 3838, 327]);
  });

  it('NinjaTrader SPY minutes: ";" delimiter, no header, "YYYYMMDD HHMMSS" dates (detected)', async () => {
    const f = sharedDataPath('pyalgotrade', 'nt-spy-minute-2011.csv');
    const c = await importCandles(f);
    expect(c.timestamp.length).toBe(14_180);
    expect([first(c), last(c)]).toEqual(['2011-01-03 09:01', '2011-02-01 01:00']);
    expect(row(c, 0)).toEqual([Date.UTC(2011, 0, 3, 9, 1), 126.35, 126.39, 126.35, 126.39, 1579]);
    // The same with everything spelled out gives the same candles.
    const explicit = await importCandles(f, {
      format: 'csv',
      csv: { delimiter: ';', header: false, dateFormat: 'YYYYMMDD HHMMSS', columns: { timestamp: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 } },
    });
    expectSameCandles(explicit, c);
  });

  it('the Binance CSV conversions (timestamp + date columns) use the epoch-ms timestamp column', async () => {
    const c = await importCandles(sharedDataPath('binance_5m_2023', 'ETH_USDT-5m.csv'));
    expect(c.timestamp.length).toBe(104_816);
    expect(c.timestamp[0]).toBe(1672531200000);
    // Mapping the ISO `date` column instead gives the same instants.
    const byDate = await importCandles(sharedDataPath('binance_5m_2023', 'ETH_USDT-5m.csv'), {
      csv: { columns: { timestamp: 'date' } },
    });
    expectSameCandles(byDate, c);
  });
});

describe('file names and format detection', () => {
  it('reads pair and timeframe from Freqtrade-style names', () => {
    expect(parseFreqtradeFileName('/x/BTC_USDT-5m.json')).toEqual({ pair: 'BTC/USDT', timeframe: '5m' });
    expect(parseFreqtradeFileName('ETH_BTC-5m.json.gz')).toEqual({ pair: 'ETH/BTC', timeframe: '5m' });
    expect(parseFreqtradeFileName('BTC_USDT_USDT-1h-futures.feather')).toEqual({ pair: 'BTC/USDT:USDT', timeframe: '1h', candleType: 'futures' });
    expect(parseFreqtradeFileName('orcl-1995-2014.txt')).toBeUndefined();
    expect(parseFreqtradeFileName('notes.json')).toBeUndefined();
  });

  it('detects by content, not by extension', () => {
    const tmp = makeTempDir();
    try {
      const disguised = path.join(tmp.dir, 'candles.dat');
      copyFileSync(sharedDataPath('freqtrade_testdata', 'ETH_BTC-5m.feather'), disguised);
      expect(detectFormat(disguised)).toBe('feather');
      copyFileSync(sharedDataPath('freqtrade_testdata', 'UNITTEST_BTC-8m.json.gz'), disguised);
      expect(detectFormat(disguised)).toBe('jsongz');
      expect(() => detectFormat(path.join(tmp.dir, 'missing.json'))).toThrow(/file not found/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('bad input names the file and the row', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.cleanup());
  const write = (name: string, content: string): string => {
    const f = path.join(tmp.dir, name);
    writeFileSync(f, content);
    return f;
  };

  it('json: a string where a price belongs', async () => {
    const f = write('A_B-5m.json', '[[1515560100000,1,2,0.5,1.5,10],[1515560400000,1,"2",0.5,1.5,10]]');
    await expect(importCandles(f)).rejects.toThrow(`${f}: row 1: high is "2"; expected a number`);
  });

  it('json: a short row, a non-integer timestamp, not an array, not JSON', async () => {
    await expect(importCandles(write('s.json', '[[1,2,3]]'))).rejects.toThrow(/row 0: expected \[timestamp_ms/);
    await expect(importCandles(write('t.json', '[[1.5,1,1,1,1,1]]'))).rejects.toThrow(/row 0: timestamp 1.5 is not an integer/);
    await expect(importCandles(write('o.json', '[{"a":1}]'))).rejects.toThrow(/row 0/);
    await expect(importCandles(write('n.json', '[[1,2,'), { format: 'json' })).rejects.toThrow(/not valid JSON/);
  });

  it('json: null prices (pandas NaN) become NaN for the quality checks to report', async () => {
    const c = await importCandles(write('nul.json', '[[1515560100000,1,2,null,1.5,10]]'));
    expect(Number.isNaN(c.low[0])).toBe(true);
  });

  it('json.gz that is not gzip', async () => {
    await expect(importCandles(write('x.json.gz', '[[1,1,1,1,1,1]]'), { format: 'jsongz' })).rejects.toThrow(/not a valid gzip file/);
  });

  it('csv: a malformed number, a bad date, a short line', async () => {
    const f = write('c.csv', 'timestamp,open,high,low,close,volume\n1672531200000,1,2,0.5,1.5,10\n1672531500000,1,2x,0.5,1.5,10\n');
    await expect(importCandles(f)).rejects.toThrow(`${f}: line 3: high "2x" is not a number`);
    const g = write('d.csv', 'date,open,high,low,close,volume\n2023-01-01,1,2,0.5,1.5,10\n2023-02-30,1,2,0.5,1.5,10\n');
    await expect(importCandles(g)).rejects.toThrow(`${g}: line 3: timestamp "2023-02-30" does not match the date format YYYY-MM-DD`);
    const h = write('e.csv', 'timestamp,open,high,low,close,volume\n1672531200000,1,2,0.5,1.5,10\n1672531500000,1,2\n');
    await expect(importCandles(h)).rejects.toThrow(`${h}: line 3: expected at least 6 fields`);
    const k = write('f.csv', 'timestamp,open,high,low,close,volume\n1672531200000,1,,0.5,1.5,10\n');
    await expect(importCandles(k)).rejects.toThrow(`${k}: line 2: high "" is not a number`);
  });
});
