/**
 * Decoded candle columns cached beside the Parquet store, so a command that reads a file it
 * read before skips the Parquet decoder. Decoding one year of 5m candles is fast once the
 * decoder is warm, but a fresh process pays for loading and compiling it (parquet-wasm's
 * WebAssembly file is about 5 MB): `bench/backtest-sma.ts` measured 186 ms to load a year of
 * 5m candles that way, against 34 ms through this cache.
 *
 * A cache file is `<dataDir>/.cache/<exchange>[/futures]/<BASE>_<QUOTE>-<tf>.columns`:
 *   "KEELCOL2" | u32 header length | header JSON | zero padding to 8 bytes | 6 float64 columns
 *   (timestamp, open, high, low, close, volume; little endian, `rows` values each) | the open,
 *   high, low and close of each row interleaved (4 x `rows` float64: the layout the backtest loop
 *   reads, so a backtest does not build it with a pass over every row).
 * The header records the Parquet file's size, modification time and inode: any write of the Parquet file
 * (the store writes through a temporary file and a rename) makes the cache stale, and a stale,
 * truncated or foreign cache file (also one of an older format) is ignored and rewritten. The
 * values are the decoded ones, so a read through the cache is bit for bit a read of the Parquet file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempPathFor } from './atomic-write.ts';
import { interleaveOhlc, type Candles } from './candles.ts';
import { forEachRun, missingRows, writeGapRows } from './clean.ts';

const MAGIC = 'KEELCOL2';
const FORMAT = 2;
/** Bytes per row: six columns and the four interleaved prices. */
const ROW_BYTES = 80;

/** A file's identity: any write through the store (a temporary file renamed into place) changes it. */
export interface FileSource {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface Header {
  format: number;
  source: FileSource;
  rows: number;
}

/** Where the cache of `parquetFile` (inside `dataDir`) lives. */
export function columnCachePath(dataDir: string, parquetFile: string): string {
  const rel = path.relative(dataDir, parquetFile);
  return path.join(dataDir, '.cache', rel.replace(/\.parquet$/, '.columns'));
}

/** The identity of `parquetFile` now; undefined when it does not exist. */
export function sourceOf(parquetFile: string): FileSource | undefined {
  const st = fs.statSync(parquetFile, { throwIfNoEntry: false });
  return st ? { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino } : undefined;
}

/** Whether a recorded identity (from a cache or memo file: possibly missing) is `now`'s. */
export function sameSource(recorded: Partial<FileSource> | undefined, now: FileSource): boolean {
  return recorded !== undefined && recorded !== null && recorded.size === now.size && recorded.mtimeMs === now.mtimeMs && recorded.ino === now.ino;
}

/** The cached columns of `parquetFile`, or undefined when there is no valid, current cache. */
export function readColumnCache(cacheFile: string, parquetFile: string): Candles | undefined {
  return readCache(cacheFile, parquetFile, { timeframeMs: 1, gaps: [] }, false)?.candles;
}

/** Where fillGaps inserts candles in the stored rows (clean.ts findGaps), and the timeframe. */
export interface GapFill {
  timeframeMs: number;
  gaps: readonly number[];
}

/**
 * The cached columns with `fill`'s gaps filled (clean.ts fillGapsAt), and (`withOhlc`) their
 * interleaved open, high, low, close (4 per row, gap rows included): every run of stored rows is read from
 * the file straight to its place, so filling costs no copy. Undefined when there is no valid,
 * current cache.
 */
export function readColumnCacheFilled(cacheFile: string, parquetFile: string, fill: GapFill, withOhlc = true): { candles: Candles; ohlc?: Float64Array } | undefined {
  return readCache(cacheFile, parquetFile, fill, withOhlc);
}

function readCache(cacheFile: string, parquetFile: string, fill: GapFill, withOhlc: boolean): { candles: Candles; ohlc?: Float64Array } | undefined {
  const source = sourceOf(parquetFile);
  if (!source) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(cacheFile, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 4096));
    fs.readSync(fd, head, 0, head.length, 0);
    if (head.length < 12 || head.toString('latin1', 0, 8) !== MAGIC) return undefined;
    const headerLength = head.readUInt32LE(8);
    const headerBytes = headerLength + 12 <= head.length ? head.subarray(12, 12 + headerLength) : readAt(fd, headerLength, 12);
    let header: Header;
    try {
      header = JSON.parse(headerBytes.toString('utf8')) as Header;
    } catch {
      return undefined;
    }
    if (header.format !== FORMAT || !sameSource(header.source, source)) return undefined;
    const rows = header.rows;
    const start = align8(12 + headerLength);
    if (!Number.isInteger(rows) || rows < 0 || size !== start + rows * ROW_BYTES) return undefined;
    const total = rows + missingRows(fill.gaps);
    // One buffer: six columns, then the interleaved prices.
    const buffer = new ArrayBuffer(total * (withOhlc ? ROW_BYTES : 48));
    const col = (j: number): Float64Array => new Float64Array(buffer, j * total * 8, total);
    const candles: Candles = { timestamp: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
    const ohlc = withOhlc ? new Float64Array(buffer, 6 * total * 8, 4 * total) : undefined;
    const bytes = new Uint8Array(buffer);
    forEachRun(rows, fill.gaps, (from, to, at) => {
      for (let j = 0; j < 6; j++) readExactly(fd, bytes, (j * total + at) * 8, (to - from) * 8, start + (j * rows + from) * 8);
      if (withOhlc) readExactly(fd, bytes, (6 * total + 4 * at) * 8, (to - from) * 32, start + (6 * rows + 4 * from) * 8);
    });
    writeGapRows(candles, fill.timeframeMs, fill.gaps, ohlc);
    return ohlc ? { candles, ohlc } : { candles };
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function readAt(fd: number, length: number, position: number): Buffer {
  const b = Buffer.alloc(length);
  readExactly(fd, b, 0, length, position);
  return b;
}

function readExactly(fd: number, into: Uint8Array, offset: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const got = fs.readSync(fd, into, offset + done, length - done, position + done);
    if (got === 0) throw new Error('cache file shorter than its header says');
    done += got;
  }
}

/**
 * Write the cache of `parquetFile` holding `c` (its decoded contents). Best effort: the caller
 * goes on without a cache when this throws (read-only data directory, full disk).
 */
export function writeColumnCache(cacheFile: string, parquetFile: string, c: Candles): void {
  const source = sourceOf(parquetFile);
  if (!source) return;
  const rows = c.timestamp.length;
  const header = Buffer.from(JSON.stringify({ format: FORMAT, source, rows } satisfies Header), 'utf8');
  const start = align8(12 + header.length);
  const out = Buffer.alloc(start + rows * ROW_BYTES);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 8);
  header.copy(out, 12);
  const cols = [c.timestamp, c.open, c.high, c.low, c.close, c.volume];
  for (let j = 0; j < 6; j++) {
    const col = cols[j]!;
    out.set(new Uint8Array(col.buffer, col.byteOffset, rows * 8), start + j * rows * 8);
  }
  // The interleaved prices (written once here, read by every backtest).
  interleaveOhlc(c, new Float64Array(out.buffer, out.byteOffset + start + 6 * rows * 8, 4 * rows));
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  // Through a temporary file and a rename: a reader never sees half a cache file.
  const tmp = tempPathFor(cacheFile);
  try {
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cacheFile);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Remove the cache of a Parquet file that is being rewritten (a stale one would be ignored anyway). */
export function dropColumnCache(cacheFile: string): void {
  fs.rmSync(cacheFile, { force: true });
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
