/**
 * Decoded candle columns cached beside the Parquet store, so a command that reads a file it
 * read before skips the Parquet decoder. Decoding one year of 5m candles is fast once the
 * decoder is warm, but a fresh process pays for loading and compiling it (parquet-wasm is
 * 4.8 MB of WebAssembly): a few hundred ms of a backtest's start-up, against ~1 ms to map
 * the cached columns.
 *
 * A cache file is `<dataDir>/.cache/<exchange>[/futures]/<BASE>_<QUOTE>-<tf>.columns`:
 *   "KEELCOL1" | u32 header length | header JSON | zero padding to 8 bytes | 6 float64 columns
 * (timestamp, open, high, low, close, volume; little endian, `rows` values each). The header
 * records the Parquet file's size, modification time and inode: any write of the Parquet file
 * (the store writes through a temporary file and a rename) makes the cache stale, and a stale,
 * truncated or foreign cache file is ignored and rewritten. The values are the decoded ones,
 * so a read through the cache is bit for bit a read of the Parquet file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Candles } from './candles.ts';

const MAGIC = 'KEELCOL1';
const FORMAT = 1;

interface Header {
  format: number;
  source: { size: number; mtimeMs: number; ino: number };
  rows: number;
}

/** Where the cache of `parquetFile` (inside `dataDir`) lives. */
export function columnCachePath(dataDir: string, parquetFile: string): string {
  const rel = path.relative(dataDir, parquetFile);
  return path.join(dataDir, '.cache', rel.replace(/\.parquet$/, '.columns'));
}

function sourceOf(parquetFile: string): Header['source'] | undefined {
  const st = fs.statSync(parquetFile, { throwIfNoEntry: false });
  return st ? { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino } : undefined;
}

/** The cached columns of `parquetFile`, or undefined when there is no valid, current cache. */
export function readColumnCache(cacheFile: string, parquetFile: string): Candles | undefined {
  const source = sourceOf(parquetFile);
  if (!source) return undefined;
  let buf: Buffer;
  try {
    buf = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const headerLength = buf.readUInt32LE(8);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as Header;
  } catch {
    return undefined;
  }
  const s = header.source;
  if (header.format !== FORMAT || !s || s.size !== source.size || s.mtimeMs !== source.mtimeMs || s.ino !== source.ino) return undefined;
  const rows = header.rows;
  const start = align8(12 + headerLength);
  if (!Number.isInteger(rows) || rows < 0 || buf.length !== start + rows * 48) return undefined;
  // Float64Array views need 8-byte alignment in the underlying buffer; a pooled Buffer may not give it.
  const bytes = (buf.byteOffset + start) % 8 === 0 ? buf : Buffer.from(buf);
  const col = (j: number): Float64Array => new Float64Array(bytes.buffer, bytes.byteOffset + start + j * rows * 8, rows);
  return { timestamp: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
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
  const out = Buffer.alloc(start + rows * 48);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 8);
  header.copy(out, 12);
  const cols = [c.timestamp, c.open, c.high, c.low, c.close, c.volume];
  for (let j = 0; j < 6; j++) {
    const col = cols[j]!;
    out.set(new Uint8Array(col.buffer, col.byteOffset, rows * 8), start + j * rows * 8);
  }
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  // Through a temporary file and a rename: a reader never sees half a cache file.
  const tmp = `${cacheFile}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
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
