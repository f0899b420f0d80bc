import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeData, makeVector, Table, tableToIPC, TimestampNanosecond } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { Table as WasmTable, writeParquet } from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../framework/core/errors.ts';
import { candlesToArrowTable } from '../../framework/data/arrow.ts';
import { writeFileAtomic } from '../../framework/data/atomic-write.ts';
import { CANDLE_COLUMNS, sliceCandles, type Candles } from '../../framework/data/candles.ts';
import {
  CandleStore,
  candleFilePath,
  readCandlesParquet,
  writeCandlesParquet,
} from '../../framework/data/parquet-store.ts';
import { expectSameCandles, firstBitDifference } from '../helpers/candle-asserts.ts';
import { readBinance5m } from '../helpers/shared-data.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const btc = readBinance5m('BTC');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'keel-parquet-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function copyCandles(c: Candles): Candles {
  return {
    timestamp: Float64Array.from(c.timestamp),
    open: Float64Array.from(c.open),
    high: Float64Array.from(c.high),
    low: Float64Array.from(c.low),
    close: Float64Array.from(c.close),
    volume: Float64Array.from(c.volume),
  };
}

/** Writes an arbitrary Arrow table as Parquet, to build files the store did not write. */
function writeRawParquet(file: string, table: Table): void {
  writeFileSync(file, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream'))));
}

describe('candleFilePath', () => {
  it('lays files out as <dir>/<exchange>[/futures]/<BASE>_<QUOTE>-<tf>.parquet', () => {
    expect(candleFilePath('/d', 'binance', 'BTC/USDT', '5m')).toBe(path.join('/d', 'binance', 'BTC_USDT-5m.parquet'));
    expect(candleFilePath('/d', 'binance', 'BTC/USDT:USDT', '1h', 'futures')).toBe(
      path.join('/d', 'binance', 'futures', 'BTC_USDT_USDT-1h.parquet'),
    );
  });

  it('rejects a bad timeframe, pair or exchange name', () => {
    expect(() => candleFilePath('/d', 'binance', 'BTC/USDT', '5x')).toThrow(UsageError);
    expect(() => candleFilePath('/d', 'binance', 'BTCUSDT', '5m')).toThrow(/invalid pair "BTCUSDT"/);
    expect(() => candleFilePath('/d', '../etc', 'BTC/USDT', '5m')).toThrow(/invalid exchange name "\.\.\/etc"/);
  });
});

describe('writeCandlesParquet / readCandlesParquet', () => {
  it('round-trips the real BTC/USDT 5m year bit for bit', async () => {
    const file = path.join(dir, 'rt', 'BTC_USDT-5m.parquet');
    await writeCandlesParquet(file, btc);
    const back = await readCandlesParquet(file);
    expect(back.timestamp.length).toBe(104_816);
    expectSameCandles(back, btc);
    expect(back.open[0]).toBe(16541.77);
    expect(back.timestamp[0]).toBe(Date.UTC(2023, 0, 1));
    expect(back.timestamp[104_815]).toBe(Date.UTC(2023, 11, 30, 23, 55));

    // what a read returns (six views into one buffer) writes back unchanged
    const again = path.join(dir, 'rt', 'again.parquet');
    await writeCandlesParquet(again, back);
    expectSameCandles(await readCandlesParquet(again), btc);
  });

  it('keeps -0, NaN, infinities, subnormals and extreme magnitudes exact, also when columns share memory', async () => {
    const odd = Float64Array.of(-0, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, 16541.77);
    const n = odd.length;
    const c: Candles = {
      timestamp: Float64Array.from({ length: n }, (_, i) => -86_400_000 + i * 300_000),
      open: odd,
      high: odd.slice().reverse(),
      low: odd,
      close: odd,
      volume: odd,
    };
    const file = path.join(dir, 'odd.parquet');
    await writeCandlesParquet(file, c);
    expectSameCandles(await readCandlesParquet(file), c);
    expect(firstBitDifference(Float64Array.of(0), Float64Array.of(-0))).toMatch(/row 0/);
  });

  it('round-trips zero candles', async () => {
    const file = path.join(dir, 'empty.parquet');
    await writeCandlesParquet(file, sliceCandles(btc, 0, 0));
    const back = await readCandlesParquet(file);
    for (const name of CANDLE_COLUMNS) expect(back[name]).toHaveLength(0);
  });

  it('stores timestamp as INT64 TIMESTAMP(MILLIS, UTC) and prices as DOUBLE, readable by another Parquet reader', async () => {
    const file = path.join(dir, 'layout.parquet');
    await writeCandlesParquet(file, sliceCandles(btc, 0, 1000));
    const bytes = readFileSync(file);
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const meta = parquetMetadata(buf);
    const cols = meta.schema.slice(1);
    expect(cols.map((s) => s.name)).toEqual([...CANDLE_COLUMNS]);
    expect(cols[0]).toMatchObject({ type: 'INT64', logical_type: { type: 'TIMESTAMP', unit: 'MILLIS', isAdjustedToUTC: true } });
    for (const col of cols.slice(1)) expect(col.type).toBe('DOUBLE');
    expect(meta.row_groups).toHaveLength(1);
    expect(meta.row_groups[0]!.columns[1]!.meta_data!.codec).toBe('SNAPPY');

    // hyparquet is an independent implementation: it must see the same values.
    const rows = await parquetReadObjects({ file: buf, rowStart: 0, rowEnd: 2 });
    expect(rows[0]!.timestamp).toEqual(new Date('2023-01-01T00:00:00Z'));
    expect(rows[0]!.open).toBe(16541.77);
    expect(rows[1]!.timestamp).toEqual(new Date('2023-01-01T00:05:00Z'));
  });

  it('reads a Freqtrade-style file with a `date` timestamp[ns] column', async () => {
    const c = sliceCandles(btc, 0, 50);
    const ns = BigInt64Array.from(c.timestamp, (v) => BigInt(v) * 1_000_000n);
    const t = candlesToArrowTable(c);
    const table = new Table({
      date: makeVector(makeData({ type: new TimestampNanosecond('UTC'), data: ns, length: ns.length })),
      open: t.getChild('open')!,
      high: t.getChild('high')!,
      low: t.getChild('low')!,
      close: t.getChild('close')!,
      volume: t.getChild('volume')!,
    });
    const file = path.join(dir, 'freqtrade-style.parquet');
    writeRawParquet(file, table);
    expectSameCandles(await readCandlesParquet(file), c);
  });

  it('refuses non-integer timestamps and ragged columns, naming the file and row', async () => {
    const file = path.join(dir, 'bad-input.parquet');
    const fractional = copyCandles(sliceCandles(btc, 0, 5));
    fractional.timestamp[3] = 1672532100000.5;
    await expect(writeCandlesParquet(file, fractional)).rejects.toThrow(
      /bad-input\.parquet: row 3 has timestamp 1672532100000\.5; expected whole epoch milliseconds/,
    );
    const ragged = { ...sliceCandles(btc, 0, 5), close: btc.close.subarray(0, 4) };
    await expect(writeCandlesParquet(file, ragged)).rejects.toThrow(/column "close" has 4 rows, timestamp has 5/);
    expect(readdirSync(dir).filter((f) => f.startsWith('bad-input'))).toEqual([]);
  });

  describe('errors name the file', () => {
    it('missing file', async () => {
      const file = path.join(dir, 'nope', 'ETH_USDT-5m.parquet');
      const err = await readCandlesParquet(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toBe(`cannot read candle file ${file}: the file does not exist`);
    });

    it('a CSV file with a .parquet name', async () => {
      const file = path.join(dir, 'csv.parquet');
      writeFileSync(file, 'timestamp,open,high,low,close,volume\n1672531200000,1,2,0.5,1.5,10\n');
      await expect(readCandlesParquet(file)).rejects.toThrow(DataError);
      await expect(readCandlesParquet(file)).rejects.toThrow(`cannot read candle file ${file}: not a Parquet file`);
    });

    it('a corrupt Parquet file (magic intact, metadata damaged)', async () => {
      const good = path.join(dir, 'to-corrupt.parquet');
      await writeCandlesParquet(good, sliceCandles(btc, 0, 2000));
      const bytes = readFileSync(good);
      // the footer is [metadata][4-byte length]['PAR1']; scramble the metadata
      for (let i = bytes.length - 60; i < bytes.length - 8; i++) bytes[i] = 0xff ^ bytes[i]!;
      const file = path.join(dir, 'corrupt.parquet');
      writeFileSync(file, bytes);
      await expect(readCandlesParquet(file)).rejects.toThrow(DataError);
      await expect(readCandlesParquet(file)).rejects.toThrow(`cannot read candle file ${file}: invalid Parquet`);
    });

    it('a Parquet file without the candle columns', async () => {
      const c = sliceCandles(btc, 0, 10);
      const file = path.join(dir, 'no-volume.parquet');
      writeRawParquet(file, new Table({ timestamp: makeVector(c.timestamp), open: makeVector(c.open), close: makeVector(c.close) }));
      await expect(readCandlesParquet(file)).rejects.toThrow(DataError);
      await expect(readCandlesParquet(file)).rejects.toThrow(`${file}: missing column "high"`);
    });
  });
});

describe('atomic writes', () => {
  it('a write that fails after the temp file exists leaves the old file intact and no temp file', async () => {
    const sub = path.join(dir, 'atomic');
    const file = path.join(sub, 'BTC_USDT-5m.parquet');
    const old = sliceCandles(btc, 0, 3000);
    await writeCandlesParquet(file, old);
    const before = readFileSync(file);

    let tempSeen: string[] = [];
    const failing = writeFileAtomic(file, async (handle) => {
      await handle.write(Buffer.from('PAR1 half of a new file'));
      tempSeen = readdirSync(sub).filter((f) => f.includes('.tmp-'));
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');

    expect(tempSeen).toHaveLength(1); // the failure really happened mid-write
    expect(readdirSync(sub)).toEqual(['BTC_USDT-5m.parquet']);
    expect(readFileSync(file).equals(before)).toBe(true);
    expectSameCandles(await readCandlesParquet(file), old);
  });

  it('a successful write replaces the file and leaves no temp file', async () => {
    const sub = path.join(dir, 'atomic2');
    const file = path.join(sub, 'ETH_USDT-5m.parquet');
    await writeCandlesParquet(file, sliceCandles(btc, 0, 10));
    const next = sliceCandles(btc, 10, 2010);
    await writeCandlesParquet(file, next);
    expect(readdirSync(sub)).toEqual(['ETH_USDT-5m.parquet']);
    expectSameCandles(await readCandlesParquet(file), next);
  });
});

describe('CandleStore', () => {
  it('writes, reads, checks and lists pairs and timeframes', async () => {
    const dataDir = path.join(dir, 'store');
    const spot = new CandleStore(dataDir, 'binance');
    const futures = new CandleStore(dataDir, 'binance', 'futures');
    const a = sliceCandles(btc, 0, 500);
    const b = sliceCandles(btc, 500, 700);

    expect(await spot.list()).toEqual([]); // no folder yet
    expect(spot.exists('BTC/USDT', '5m')).toBe(false);

    await spot.write('ETH/USDT', '5m', b);
    await spot.write('BTC/USDT', '1h', b);
    await spot.write('BTC/USDT', '5m', a);
    await futures.write('BTC/USDT:USDT', '5m', a);
    // files that are not candle files are skipped
    const exDir = path.join(dataDir, 'binance');
    writeFileSync(path.join(exDir, 'notes.txt'), 'x');
    writeFileSync(path.join(exDir, 'BTC_USDT-5m.parquet.tmp-1-abcd'), 'x');
    writeFileSync(path.join(exDir, 'BTC_USDT-5m.feather'), 'x');
    writeFileSync(path.join(exDir, 'BTCUSDT-5m.parquet'), 'x');
    writeFileSync(path.join(exDir, 'BTC_USDT-fast.parquet'), 'x');
    mkdirSync(path.join(exDir, 'ADA_USDT-5m.parquet'));

    expect(spot.exists('BTC/USDT', '5m')).toBe(true);
    expect(spot.exists('BTC/USDT', '15m')).toBe(false);
    expect(spot.path('BTC/USDT', '5m')).toBe(path.join(exDir, 'BTC_USDT-5m.parquet'));
    expectSameCandles(await spot.read('BTC/USDT', '5m'), a);
    expectSameCandles(await futures.read('BTC/USDT:USDT', '5m'), a);

    expect(await spot.list()).toEqual([
      { pair: 'BTC/USDT', timeframe: '5m', file: path.join(exDir, 'BTC_USDT-5m.parquet') },
      { pair: 'BTC/USDT', timeframe: '1h', file: path.join(exDir, 'BTC_USDT-1h.parquet') },
      { pair: 'ETH/USDT', timeframe: '5m', file: path.join(exDir, 'ETH_USDT-5m.parquet') },
    ]);
    expect(await futures.list()).toEqual([
      { pair: 'BTC/USDT:USDT', timeframe: '5m', file: path.join(exDir, 'futures', 'BTC_USDT_USDT-5m.parquet') },
    ]);
    await expect(spot.read('ETH/USDT', '1h')).rejects.toThrow(/ETH_USDT-1h\.parquet: the file does not exist/);
  });
});

describe('bundled sample data (user_data/data/binance)', () => {
  it('is the real BTC/USDT and ETH/USDT 5m 2023 data, bit for bit, gap included', async () => {
    const store = new CandleStore(path.join(REPO_ROOT, 'user_data', 'data'), 'binance');
    expect((await store.list()).map((e) => `${e.pair} ${e.timeframe}`)).toEqual(
      expect.arrayContaining(['BTC/USDT 5m', 'ETH/USDT 5m']),
    );
    for (const base of ['BTC', 'ETH'] as const) {
      const sample = await store.read(`${base}/USDT`, '5m');
      const source = readBinance5m(base);
      expectSameCandles(sample, source);
      // the known Binance outage: 16 candles missing after 2023-03-24 12:35
      const i = Array.from(sample.timestamp).indexOf(Date.UTC(2023, 2, 24, 12, 35));
      expect(sample.timestamp[i + 1]! - sample.timestamp[i]!).toBe(17 * 300_000);
    }
  });
});
