/**
 * The apache-arrow side of the candle store (loaded on demand, it is ~150 modules): encoding
 * candles as Parquet (through an Arrow IPC stream into parquet-wasm), and decoding Parquet
 * whose column types the C Data Interface reader (parquet-ffi.ts) leaves to apache-arrow.
 * parquet-store.ts describes the file layout.
 */
import { makeData, makeVector, Table, tableFromIPC, tableToIPC, TimestampMillisecond } from 'apache-arrow';
import { Compression, Encoding, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm';
import { DataError, errorMessage } from '../core/errors.ts';
import { candlesFromArrowTable } from './arrow.ts';
import type { Candles } from './candles.ts';
import { candlesFromWasmTable } from './parquet-ffi.ts';
import { readWasmTable } from './parquet-read.ts';
import { PARQUET_CODEC, type CandleCodec } from './parquet-store.ts';

const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Parquet bytes of `c` in the store's layout; `file` only names the target in errors.
 * `codec` exists for bench/parquet-io.ts, which measures the alternatives.
 */
export function encodeCandles(c: Candles, file: string, codec: CandleCodec = PARQUET_CODEC): Uint8Array {
  const n = c.timestamp.length;
  for (const name of PRICE_COLUMNS) {
    if (c[name].length !== n) {
      throw new DataError(
        `cannot write candle file ${file}: column "${name}" has ${c[name].length} rows, timestamp has ${n}`,
      );
    }
  }
  const prices = withoutSharedMemory(PRICE_COLUMNS.map((name) => c[name]));
  const table = new Table({
    timestamp: makeVector(
      makeData({ type: new TimestampMillisecond('UTC'), data: msToInt64(c.timestamp, file), length: n }),
    ),
    open: makeVector(prices[0]!),
    high: makeVector(prices[1]!),
    low: makeVector(prices[2]!),
    close: makeVector(prices[3]!),
    volume: makeVector(prices[4]!),
  });
  let props = new WriterPropertiesBuilder()
    .setCompression(Compression[codec])
    .setDictionaryEnabled(false)
    // One row group: the store always reads whole files, and one group means one Arrow chunk
    // per column, which candlesFromArrowTable can use without copying.
    .setMaxRowGroupSize(Math.max(n, 1))
    .setCreatedBy('keel (parquet-wasm)')
    .setColumnEncoding('timestamp', Encoding.DELTA_BINARY_PACKED);
  for (const name of PRICE_COLUMNS) props = props.setColumnEncoding(name, Encoding.PLAIN);
  try {
    // writeParquet takes ownership of (and frees) the wasm table and properties.
    return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props.build());
  } catch (err) {
    throw new DataError(`cannot encode candles for ${file}: ${errorMessage(err)}`, { cause: err });
  }
}

/**
 * apache-arrow's IPC writer (21.2) joins output chunks that share an ArrayBuffer and overlap,
 * so two columns over the same memory (e.g. open = high = low = close in a flat series) come
 * out as one and the stream is truncated. Such columns get their own copy first.
 */
function withoutSharedMemory(columns: Float64Array[]): Float64Array[] {
  return columns.map((col, i) => {
    const start = col.byteOffset;
    const end = start + col.byteLength;
    const overlaps = columns
      .slice(0, i)
      .some((o) => o.buffer === col.buffer && o.byteOffset < end && start < o.byteOffset + o.byteLength);
    return overlaps ? col.slice() : col;
  });
}

/** Candles from Parquet bytes; `file` names the source in errors. */
export function decodeCandles(bytes: Uint8Array, file: string): Candles {
  const table = readWasmTable(bytes, file);
  const fast = candlesFromWasmTable(table);
  if (fast !== null) {
    table.free();
    return fast;
  }
  return candlesFromWasmTableViaArrow(table, file);
}

/** The apache-arrow read: the table as an Arrow IPC stream (consumes the table), then arrow.ts. */
export function candlesFromWasmTableViaArrow(wasmTable: WasmTable, file: string): Candles {
  let table: Table;
  try {
    table = tableFromIPC(wasmTable.intoIPCStream());
  } catch (err) {
    throw new DataError(`cannot read candle file ${file}: invalid Parquet: ${errorMessage(err)}`, { cause: err });
  }
  return candlesFromArrowTable(table, file);
}

const TWO_32 = 4_294_967_296;

/**
 * Epoch-ms float64 -> int64 without a BigInt per row: writes the two int32 halves directly
 * (little-endian, as on every platform Node runs on). Rejects non-integer timestamps, which
 * int64 could not store exactly.
 */
function msToInt64(ts: Float64Array, file: string): BigInt64Array {
  const out = new BigInt64Array(ts.length);
  const halves = new Int32Array(out.buffer);
  for (let i = 0; i < ts.length; i++) {
    const v = ts[i]!;
    if (!Number.isSafeInteger(v)) {
      throw new DataError(
        `cannot write candle file ${file}: row ${i} has timestamp ${v}; expected whole epoch milliseconds`,
      );
    }
    const hi = Math.floor(v / TWO_32);
    halves[2 * i] = (v - hi * TWO_32) | 0;
    halves[2 * i + 1] = hi;
  }
  return out;
}

