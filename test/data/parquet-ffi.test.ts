import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Float32,
  makeData,
  makeVector,
  Table,
  tableToIPC,
  TimestampMicrosecond,
  TimestampNanosecond,
  TimestampSecond,
  type Vector,
} from 'apache-arrow';
import { readParquet, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candlesToArrowTable } from '../../framework/data/arrow.ts';
import { CANDLE_COLUMNS, sliceCandles, type Candles } from '../../framework/data/candles.ts';
import { candlesFromWasmTableViaArrow, decodeCandles } from '../../framework/data/parquet-codec.ts';
import { candlesFromWasmTable } from '../../framework/data/parquet-ffi.ts';
import { readCandlesParquet, writeCandlesParquet } from '../../framework/data/parquet-store.ts';
import { expectSameCandles } from '../helpers/candle-asserts.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

/**
 * The store reads Parquet through the Arrow C Data Interface (parquet-ffi.ts) and falls back to
 * apache-arrow for other layouts. Both must give the same bits: each case reads the same file
 * both ways.
 */
const btc = readBinance5m('BTC');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'keel-parquet-ffi-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function bothWays(bytes: Uint8Array): { ffi: Candles | null; arrow: Candles } {
  const a = readParquet(bytes, { batchSize: 1 << 30 });
  const ffi = candlesFromWasmTable(a);
  a.free();
  const arrow = candlesFromWasmTableViaArrow(readParquet(bytes, { batchSize: 1 << 30 }), 'test');
  return { ffi, arrow };
}

function rawParquet(table: Table, rowGroupSize?: number): Uint8Array {
  const props = rowGroupSize === undefined ? undefined : new WriterPropertiesBuilder().setMaxRowGroupSize(rowGroupSize).build();
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props);
}

function withTimestamp(c: Candles, name: string, ts: Vector): Table {
  const t = candlesToArrowTable(c);
  return new Table({
    [name]: ts,
    open: t.getChild('open')!,
    high: t.getChild('high')!,
    low: t.getChild('low')!,
    close: t.getChild('close')!,
    volume: t.getChild('volume')!,
  });
}

describe('Parquet read through the C Data Interface', () => {
  it("reads the store's own files, bit for bit what the data was", async () => {
    const file = path.join(dir, 'BTC_USDT-5m.parquet');
    await writeCandlesParquet(file, btc);
    const { ffi, arrow } = bothWays(readFileSync(file));
    expect(ffi).not.toBeNull();
    expectSameCandles(ffi!, btc);
    expectSameCandles(arrow, btc);
    expectSameCandles(await readCandlesParquet(file), btc);
  });

  it('reads several row groups (chunks) in order', () => {
    const c = sliceCandles(btc, 0, 10_000);
    const { ffi, arrow } = bothWays(rawParquet(candlesToArrowTable(c), 1_234));
    expect(ffi).not.toBeNull();
    expectSameCandles(ffi!, c);
    expectSameCandles(arrow, c);
  });

  it('converts timestamp[s|us|ns] and `date` columns exactly as apache-arrow does', () => {
    const c = sliceCandles(btc, 500, 900);
    const cases: Array<[string, Vector]> = [
      ['date', makeVector(makeData({ type: new TimestampNanosecond('UTC'), data: BigInt64Array.from(c.timestamp, (v) => BigInt(v) * 1_000_000n + 999_999n), length: 400 }))],
      ['timestamp', makeVector(makeData({ type: new TimestampMicrosecond(), data: BigInt64Array.from(c.timestamp, (v) => BigInt(v) * 1000n + 7n), length: 400 }))],
      ['timestamp', makeVector(makeData({ type: new TimestampSecond('UTC'), data: BigInt64Array.from(c.timestamp, (v) => BigInt(v / 1000)), length: 400 }))],
      ['timestamp', makeVector(BigInt64Array.from(c.timestamp, (v) => BigInt(v)))],
    ];
    for (const [name, ts] of cases) {
      const { ffi, arrow } = bothWays(rawParquet(withTimestamp(c, name, ts)));
      expect(ffi).not.toBeNull();
      expectSameCandles(ffi!, arrow);
      expectSameCandles(ffi!, c);
    }
  });

  it('turns null prices into NaN, like the apache-arrow path', () => {
    const c = sliceCandles(btc, 0, 300);
    const t = candlesToArrowTable(c);
    const valid = new Uint8Array(Math.ceil(300 / 8)).fill(0xff);
    valid[2] = 0b1111_0101; // rows 17 and 19 null
    const close = makeVector(makeData({ type: t.getChild('close')!.type, data: c.close, length: 300, nullCount: 2, nullBitmap: valid }));
    const table = new Table({ timestamp: t.getChild('timestamp')!, open: t.getChild('open')!, high: t.getChild('high')!, low: t.getChild('low')!, close, volume: t.getChild('volume')! });
    const { ffi, arrow } = bothWays(rawParquet(table));
    expect(ffi).not.toBeNull();
    expect(Number.isNaN(ffi!.close[17]!)).toBe(true);
    expect(Number.isNaN(ffi!.close[19]!)).toBe(true);
    expect(ffi!.close[18]).toBe(c.close[18]);
    for (const k of CANDLE_COLUMNS) expect(Array.from(ffi![k])).toEqual(Array.from(arrow[k]));
  });

  it('leaves other column types to apache-arrow (and the store still reads them)', () => {
    const c = sliceCandles(btc, 0, 100);
    const t = candlesToArrowTable(c);
    const f32 = makeVector(makeData({ type: new Float32(), data: Float32Array.from(c.volume), length: 100 }));
    const table = new Table({ timestamp: t.getChild('timestamp')!, open: t.getChild('open')!, high: t.getChild('high')!, low: t.getChild('low')!, close: t.getChild('close')!, volume: f32 });
    const bytes = rawParquet(table);
    const { ffi, arrow } = bothWays(bytes);
    expect(ffi).toBeNull();
    const back = decodeCandles(bytes, 'f32.parquet');
    expectSameCandles(back, arrow);
    expect(Array.from(back.volume)).toEqual(Array.from(Float32Array.from(c.volume)));
  });

  it('missing columns get the apache-arrow wording of the error', async () => {
    const c = sliceCandles(btc, 0, 10);
    const file = path.join(dir, 'no-high.parquet');
    writeFileSync(file, rawParquet(new Table({ timestamp: makeVector(c.timestamp), open: makeVector(c.open), close: makeVector(c.close) })));
    await expect(readCandlesParquet(file)).rejects.toThrow(`${file}: missing column "high"`);
  });
});
