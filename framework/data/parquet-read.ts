/**
 * The Parquet decoder of the store (parquet-wasm), in a module of its own so that importing the
 * store does not load and compile its WebAssembly: parquet-store.ts imports this on the first
 * decode, and a read served by the column cache never does.
 */
import { readParquet, type Table as WasmTable } from 'parquet-wasm';
import { DataError, errorMessage } from '../core/errors.ts';
import type { Candles } from './candles.ts';
import { candlesFromWasmTable } from './parquet-ffi.ts';

/** Candles from Parquet bytes (`file` names them in errors). */
export async function decodeCandlesParquet(bytes: Uint8Array, file: string): Promise<Candles> {
  const table = readWasmTable(bytes, file);
  const fast = candlesFromWasmTable(table);
  if (fast !== null) {
    table.free();
    return fast;
  }
  // Other column types (and the wording of layout errors) take the apache-arrow path.
  const { candlesFromWasmTableViaArrow } = await import('./parquet-codec.ts');
  return candlesFromWasmTableViaArrow(table, file);
}

/** The Parquet bytes as a parquet-wasm table; a DataError when they are not valid Parquet. */
export function readWasmTable(bytes: Uint8Array, file: string): WasmTable {
  if (!hasParquetMagic(bytes)) {
    throw new DataError(
      `cannot read candle file ${file}: not a Parquet file (${bytes.length} bytes, no "PAR1" marker at start and end)`,
    );
  }
  try {
    // A batch size above the row count gives one record batch per row group (arrow-rs caps
    // it at the file's row count), so columns arrive as single chunks.
    return readParquet(bytes, { batchSize: 1 << 30 });
  } catch (err) {
    throw new DataError(`cannot read candle file ${file}: invalid Parquet: ${errorMessage(err)}`, { cause: err });
  }
}

function hasParquetMagic(b: Uint8Array): boolean {
  const n = b.length;
  // 'PAR1' = 0x50 0x41 0x52 0x31, at both ends of every Parquet file
  return (
    n >= 12 &&
    b[0] === 0x50 && b[1] === 0x41 && b[2] === 0x52 && b[3] === 0x31 &&
    b[n - 4] === 0x50 && b[n - 3] === 0x41 && b[n - 2] === 0x52 && b[n - 1] === 0x31
  );
}

