/**
 * The candle store: one Parquet file per pair and timeframe,
 * `<dataDir>/<exchange>/<BASE>_<QUOTE>-<timeframe>.parquet` (futures under `<exchange>/futures/`).
 * docs/data.md "Storage format" describes the layout for users.
 *
 * Library: parquet-wasm (Rust's arrow-rs/parquet compiled to WebAssembly; its `node` entry
 * loads the wasm synchronously), chosen by measurement over hyparquet (bench/parquet-io.ts):
 * on 1M candles it reads in ~0.1 s and writes in ~0.2 s, several times faster than hyparquet.
 * A read is: file bytes -> wasm (decode) -> column buffers copied out of wasm memory through
 * the Arrow C Data Interface (parquet-ffi.ts); apache-arrow is loaded only to write, and to read
 * column types that path leaves to it (parquet-codec.ts).
 *
 * File layout (plain Parquet that pandas/pyarrow/polars/DuckDB read without options):
 * - `timestamp`: INT64, logical type TIMESTAMP(MILLIS, UTC), DELTA_BINARY_PACKED encoding
 *   (candle open times; regular steps compress to almost nothing);
 * - `open, high, low, close, volume`: DOUBLE, PLAIN encoding (exact float64 bits);
 * - Snappy compression, no dictionary, one row group. zstd gives files ~25 % smaller but
 *   parquet-wasm's zstd is several times slower and misses the 150 ms read goal.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError, UsageError, errorMessage } from '../core/errors.ts';
import { getLogger } from '../core/logger.ts';
import { fileStemToPair, pairToFileStem, type Pair } from '../core/pair.ts';
import { isTimeframe, timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { Candles } from './candles.ts';
import { CandleMemo, candleMemoPath } from './candle-memo.ts';
import { fillGapsAt } from './clean.ts';
import { columnCachePath, dropColumnCache, readColumnCache, readColumnCacheFilled, writeColumnCache, type GapFill } from './column-cache.ts';

export type TradingMode = 'spot' | 'futures';

export const PARQUET_LIBRARY = 'parquet-wasm';
export const PARQUET_CODEC: CandleCodec = 'SNAPPY';

const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

export function candleFilePath(
  dataDir: string,
  exchange: string,
  pair: Pair,
  timeframe: Timeframe,
  tradingMode: TradingMode = 'spot',
): string {
  timeframeToMs(timeframe); // throws a UsageError naming a bad timeframe
  return path.join(candleDir(dataDir, exchange, tradingMode), `${pairToFileStem(pair)}-${timeframe}.parquet`);
}

/** The folder holding one exchange's candle files: `<dataDir>/<exchange>[/futures]`. */
export function candleDir(dataDir: string, exchange: string, tradingMode: TradingMode = 'spot'): string {
  // The name becomes a path segment, so it must not climb out of the data directory.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(exchange)) {
    throw new UsageError(`invalid exchange name "${exchange}": expected letters, digits, ".", "_" or "-", e.g. binance`);
  }
  const dir = path.join(dataDir, exchange);
  return tradingMode === 'futures' ? path.join(dir, 'futures') : dir;
}

/** Writes `c` to `file` atomically (temp file + fsync + rename), creating parent directories. */
export async function writeCandlesParquet(file: string, c: Candles): Promise<void> {
  // The encoder needs apache-arrow: loaded on the first write only (a backtest never writes).
  const { encodeCandles } = await import('./parquet-codec.ts');
  const bytes = encodeCandles(c, file);
  try {
    await writeFileAtomic(file, bytes);
  } catch (err) {
    throw new DataError(`cannot write candle file ${file}: ${errorMessage(err)}`, { cause: err });
  }
}

export async function readCandlesParquet(file: string): Promise<Candles> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : errorMessage(err);
    throw new DataError(`cannot read candle file ${file}: ${why}`, { cause: err });
  }
  // The decoder (parquet-wasm) is loaded on the first decode: a read served by the column
  // cache never compiles its WebAssembly.
  const { decodeCandlesParquet } = await import('./parquet-read.ts');
  return decodeCandlesParquet(bytes, file);
}

/** Compression codecs the store can write; the store itself always uses PARQUET_CODEC. */
export type CandleCodec = 'SNAPPY' | 'ZSTD' | 'LZ4_RAW' | 'UNCOMPRESSED';

/** The candle files of one exchange (and trading mode) in a data directory. */
export class CandleStore {
  readonly dataDir: string;
  readonly exchange: string;
  readonly tradingMode: TradingMode;
  /** Serve reads from decoded columns cached under `<dataDir>/.cache` (column-cache.ts). */
  readonly columnCache: boolean;

  constructor(dataDir: string, exchange: string, tradingMode: TradingMode = 'spot', opts: { columnCache?: boolean } = {}) {
    this.dataDir = dataDir;
    this.exchange = exchange;
    this.tradingMode = tradingMode;
    this.columnCache = opts.columnCache ?? true;
  }

  path(pair: Pair, timeframe: Timeframe): string {
    return candleFilePath(this.dataDir, this.exchange, pair, timeframe, this.tradingMode);
  }

  exists(pair: Pair, timeframe: Timeframe): boolean {
    return existsSync(this.path(pair, timeframe));
  }

  async read(pair: Pair, timeframe: Timeframe): Promise<Candles> {
    const file = this.path(pair, timeframe);
    if (!this.columnCache) return readCandlesParquet(file);
    const cacheFile = columnCachePath(this.dataDir, file);
    const cached = readColumnCache(cacheFile, file);
    if (cached) return cached;
    const candles = await readCandlesParquet(file);
    try {
      writeColumnCache(cacheFile, file, candles);
    } catch (err) {
      getLogger('data').debug({ file: cacheFile, err: errorMessage(err) }, `column cache not written: ${errorMessage(err)}`);
    }
    return candles;
  }

  /**
   * The stored candles with `fill`'s gaps filled (as clean.ts fillGapsAt does), and, when the
   * column cache serves the read and `want.ohlc` is not false, their interleaved open, high, low,
   * close (read from the cache, not computed); the stored rows are read straight into place.
   */
  async readFilled(pair: Pair, timeframe: Timeframe, fill: GapFill, want: { ohlc?: boolean } = { ohlc: true }): Promise<{ candles: Candles; ohlc?: Float64Array }> {
    const file = this.path(pair, timeframe);
    if (this.columnCache) {
      const cached = readColumnCacheFilled(columnCachePath(this.dataDir, file), file, fill, want.ohlc !== false);
      if (cached) return cached;
    }
    return { candles: fillGapsAt(await this.read(pair, timeframe), fill.timeframeMs, fill.gaps).candles };
  }

  /**
   * Facts remembered about the stored file (candle-memo.ts), kept with the column cache: undefined
   * when the cache is off or the file does not exist.
   */
  memo(pair: Pair, timeframe: Timeframe): CandleMemo | undefined {
    if (!this.columnCache) return undefined;
    const file = this.path(pair, timeframe);
    return CandleMemo.open(candleMemoPath(this.dataDir, file), file);
  }

  async write(pair: Pair, timeframe: Timeframe, c: Candles): Promise<void> {
    const file = this.path(pair, timeframe);
    await writeCandlesParquet(file, c);
    if (this.columnCache) {
      dropColumnCache(columnCachePath(this.dataDir, file));
      dropColumnCache(candleMemoPath(this.dataDir, file));
    }
  }

  /** Stored pairs and timeframes, sorted; files whose names are not `<BASE>_<QUOTE>-<tf>.parquet` are skipped. */
  async list(): Promise<Array<{ pair: Pair; timeframe: Timeframe; file: string }>> {
    const dir = candleDir(this.dataDir, this.exchange, this.tradingMode);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new DataError(`cannot list candle files in ${dir}: ${errorMessage(err)}`, { cause: err });
    }
    const out: Array<{ pair: Pair; timeframe: Timeframe; file: string }> = [];
    for (const e of entries) {
      if (!e.isFile()) continue;
      const m = /^(.+)-([^-]+)\.parquet$/.exec(e.name);
      if (!m || !isTimeframe(m[2]!)) continue;
      let pair: Pair;
      try {
        pair = fileStemToPair(m[1]!);
      } catch {
        continue;
      }
      out.push({ pair, timeframe: m[2]!, file: path.join(dir, e.name) });
    }
    out.sort((a, b) =>
      a.pair === b.pair ? timeframeToMs(a.timeframe) - timeframeToMs(b.timeframe) : a.pair < b.pair ? -1 : 1,
    );
    return out;
  }
}
