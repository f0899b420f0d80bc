/**
 * Freqtrade `.feather` candle files: Arrow IPC (file format) written by pandas/pyarrow with
 * LZ4_FRAME-compressed buffers, columns `date (timestamp[ns, UTC]), open, high, low, close,
 * volume` (float64). apache-arrow JS decodes compressed IPC once a codec is registered; we
 * register our own LZ4 frame decoder (decode only) for that.
 */
import { compressionRegistry, CompressionType, tableFromIPC, type Table } from 'apache-arrow';
import { DataError, errorMessage } from '../../core/errors.ts';
import type { Candles } from '../candles.ts';
import { candlesFromArrowTable } from '../arrow.ts';
import { decodeLz4Frame } from './lz4-frame.ts';
import { readInputFile } from './read-file.ts';

/** Register the LZ4 frame decoder with apache-arrow once, unless another codec is already there. */
export function registerLz4Codec(): void {
  if (compressionRegistry.get(CompressionType.LZ4_FRAME)?.decode) return;
  compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: (bytes: Uint8Array) => decodeLz4Frame(bytes) });
}

export function parseFeather(bytes: Uint8Array, file: string): Candles {
  registerLz4Codec();
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new DataError(`${file}: not a readable Arrow IPC / feather file (${errorMessage(err)})`, { cause: err });
  }
  return candlesFromArrowTable(table, file);
}

export async function importFeather(file: string): Promise<Candles> {
  return parseFeather(await readInputFile(file), file);
}
