import {
  DateDay,
  DateMillisecond,
  Float16,
  Float64,
  Int64,
  makeData,
  makeVector,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { candlesFromArrowTable, candlesToArrowTable } from '../../framework/data/arrow.ts';
import { CANDLE_COLUMNS, sliceCandles, type Candles } from '../../framework/data/candles.ts';
import { DataError } from '../../framework/core/errors.ts';
import { firstBitDifference } from '../helpers/candle-asserts.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

const btc = readBinance5m('BTC');


function priceVectors(c: Candles): Record<'open' | 'high' | 'low' | 'close' | 'volume', Vector> {
  return {
    open: makeVector(c.open),
    high: makeVector(c.high),
    low: makeVector(c.low),
    close: makeVector(c.close),
    volume: makeVector(c.volume),
  };
}

function int64Vector<T extends DataType>(type: T, values: bigint[]): Vector<T> {
  const data = BigInt64Array.from(values);
  return makeVector(makeData({ type, data, length: data.length } as never)) as Vector<T>;
}

describe('candlesToArrowTable', () => {
  it('shares every column buffer with the candles (zero-copy)', () => {
    const t = candlesToArrowTable(btc);
    expect(t.numRows).toBe(104_816);
    for (const name of CANDLE_COLUMNS) {
      const child = t.getChild(name)!;
      expect(child.type).toBeInstanceOf(Float64);
      expect(child.data).toHaveLength(1);
      const values = child.data[0]!.values as Float64Array;
      expect(values.buffer).toBe(btc[name].buffer);
      expect(values.byteOffset).toBe(btc[name].byteOffset);
    }
    // a write through the candles is visible in the table: same memory
    const c = sliceCandles(btc, 0, 3);
    const copy = { ...c, close: Float64Array.from(c.close) };
    const t2 = candlesToArrowTable(copy);
    copy.close[1] = 123.25;
    expect(t2.getChild('close')!.get(1)).toBe(123.25);
  });
});

describe('candlesFromArrowTable', () => {
  it('round-trips the real BTC/USDT 5m data without copying', () => {
    const back = candlesFromArrowTable(candlesToArrowTable(btc));
    for (const name of CANDLE_COLUMNS) {
      expect(back[name].buffer).toBe(btc[name].buffer);
      expect(firstBitDifference(back[name], btc[name])).toBeNull();
    }
    expect(back.open[0]).toBe(16541.77);
    expect(back.timestamp[0]).toBe(1672531200000);
  });

  it('copies several chunks into one array, in order', () => {
    const a = candlesToArrowTable(sliceCandles(btc, 0, 1000));
    const b = candlesToArrowTable(sliceCandles(btc, 1000, 2500));
    const t = a.concat(b);
    expect(t.getChild('close')!.data).toHaveLength(2);
    const back = candlesFromArrowTable(t);
    const want = sliceCandles(btc, 0, 2500);
    for (const name of CANDLE_COLUMNS) expect(firstBitDifference(back[name], want[name])).toBeNull();
  });

  it.each([
    ['timestamp[ms]', new TimestampMillisecond('UTC'), 1n],
    ['timestamp[us]', new TimestampMicrosecond('UTC'), 1_000n],
    ['timestamp[ns]', new TimestampNanosecond('UTC'), 1_000_000n],
    ['int64', new Int64(), 1n],
  ])('converts a %s timestamp column to epoch ms', (_label, type, perMs) => {
    const c = sliceCandles(btc, 0, 500);
    const ts = int64Vector(type, Array.from(c.timestamp, (v) => BigInt(v) * perMs));
    const back = candlesFromArrowTable(new Table({ timestamp: ts, ...priceVectors(c) }));
    expect(Array.from(back.timestamp)).toEqual(Array.from(c.timestamp));
    expect(back.close).toBe(c.close);
  });

  it('floors sub-millisecond and pre-1970 nanosecond timestamps exactly', () => {
    const ns = [-1n, -1_000_000n, -1_000_001n, 0n, 999_999n, 1_703_980_500_000_999_999n, 9_223_372_036_854_775_807n, -9_223_372_036_854_775_808n];
    const want = [-1, -1, -2, 0, 0, 1_703_980_500_000, 9_223_372_036_854, -9_223_372_036_855];
    const c = sliceCandles(btc, 0, ns.length);
    const back = candlesFromArrowTable(
      new Table({ date: int64Vector(new TimestampNanosecond('UTC'), ns), ...priceVectors(c) }),
    );
    expect(Array.from(back.timestamp)).toEqual(want);
  });

  it('reads seconds, date32 and date64 timestamps, and a Freqtrade-style `date` column name', () => {
    const c = sliceCandles(btc, 0, 3);
    const secs = candlesFromArrowTable(
      new Table({ date: int64Vector(new TimestampSecond(), [1672531200n, -1n, 0n]), ...priceVectors(c) }),
    );
    expect(Array.from(secs.timestamp)).toEqual([1672531200000, -1000, 0]);

    const days = makeVector(makeData({ type: new DateDay(), data: Int32Array.from([19358, 0, -1]), length: 3 }));
    const fromDays = candlesFromArrowTable(new Table({ date: days, ...priceVectors(c) }));
    expect(Array.from(fromDays.timestamp)).toEqual([1672531200000, 0, -86_400_000]);

    const dateMs = int64Vector(new DateMillisecond(), [1672531200000n, 1672531500000n, 1672531800000n]);
    const fromDateMs = candlesFromArrowTable(new Table({ date: dateMs, ...priceVectors(c) }));
    expect(Array.from(fromDateMs.timestamp)).toEqual(Array.from(c.timestamp));
  });

  it('turns nulls into NaN and accepts integer volume', () => {
    const t = new Table({
      timestamp: vectorFromArray([1, 2, 3], new Float64()),
      open: vectorFromArray([1.5, null, 3.5], new Float64()),
      high: vectorFromArray([2, 2, 4], new Float64()),
      low: vectorFromArray([1, 1, 3], new Float64()),
      close: vectorFromArray([1.5, 2, 3.5], new Float64()),
      volume: makeVector(Int32Array.from([10, 0, 7])),
    });
    const c = candlesFromArrowTable(t);
    expect(Array.from(c.open)).toEqual([1.5, NaN, 3.5]);
    expect(c.volume).toBeInstanceOf(Float64Array);
    expect(Array.from(c.volume)).toEqual([10, 0, 7]);
  });

  it('names the source and the missing column', () => {
    const c = sliceCandles(btc, 0, 3);
    const { volume: _volume, ...noVolume } = priceVectors(c);
    const t = new Table({ timestamp: makeVector(c.timestamp), ...noVolume });
    expect(() => candlesFromArrowTable(t, 'data/x.feather')).toThrow(DataError);
    expect(() => candlesFromArrowTable(t, 'data/x.feather')).toThrow(/data\/x\.feather: missing column "volume"/);

    const noTs = new Table(priceVectors(c));
    expect(() => candlesFromArrowTable(noTs, 'y.parquet')).toThrow(/y\.parquet: no "timestamp" or "date" column/);
  });

  it('rejects columns of the wrong type', () => {
    const c = sliceCandles(btc, 0, 2);
    const badClose = new Table({
      timestamp: makeVector(c.timestamp),
      ...priceVectors(c),
      close: vectorFromArray(['1.0', '2.0'], new Utf8()),
    });
    expect(() => candlesFromArrowTable(badClose, 'z.parquet')).toThrow(/z\.parquet: column "close" has type Utf8; expected float64/);

    // float16 values are raw half-float bits, not numbers: refused rather than misread
    const half = new Table({
      timestamp: makeVector(c.timestamp),
      ...priceVectors(c),
      volume: vectorFromArray([1.5, 2.5], new Float16()),
    });
    expect(() => candlesFromArrowTable(half, 'z.parquet')).toThrow(/column "volume" has type Float16; expected float64/);

    const badTs = new Table({ timestamp: vectorFromArray(['2023-01-01', '2023-01-02'], new Utf8()), ...priceVectors(c) });
    expect(() => candlesFromArrowTable(badTs, 'z.parquet')).toThrow(DataError);
    expect(() => candlesFromArrowTable(badTs, 'z.parquet')).toThrow(/column "timestamp" has type Utf8/);
  });
});
