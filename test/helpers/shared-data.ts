/**
 * The one place tests reach the real market data in ../shared/data (see its README.md).
 * The CSV conversions there print float64 values in shortest round-trip form, so parsing
 * them with Number() gives back the exact bits of the source feather files. These readers
 * are deliberately independent of framework/data/importers, so tests can check the importers
 * against them. (Benchmarks have their own reader in bench/lib/real-candles.ts: bench/ does
 * not import from test/.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allocateCandles, type Candles } from '../../framework/data/candles.ts';
import { REPO_ROOT } from './tmp.ts';

export const SHARED_DATA_DIR = path.resolve(REPO_ROOT, '../shared/data');

/** Absolute path of a file under ../shared/data, e.g. sharedDataPath('binance_1h', 'BTC_USDT-1h.csv'). */
export function sharedDataPath(...parts: string[]): string {
  return path.join(SHARED_DATA_DIR, ...parts);
}

/** Lines of a CSV file without the trailing empty ones. */
function csvLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines;
}

/** Reads a `timestamp,date,open,high,low,close,volume` CSV from ../shared/data. */
export function readSharedCsv(file: string): Candles {
  const lines = csvLines(file);
  if (lines[0]?.trim() !== 'timestamp,date,open,high,low,close,volume') {
    throw new Error(`${file}: unexpected header "${lines[0]}"`);
  }
  const n = lines.length - 1;
  const c = allocateCandles(n);
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1]!.split(',');
    if (f.length !== 7) throw new Error(`${file}: row ${i + 2} has ${f.length} fields, expected 7`);
    c.timestamp[i] = Number(f[0]);
    c.open[i] = Number(f[2]);
    c.high[i] = Number(f[3]);
    c.low[i] = Number(f[4]);
    c.close[i] = Number(f[5]);
    c.volume[i] = Number(f[6]);
  }
  return c;
}

export function readBinance5m(base: 'BTC' | 'ETH'): Candles {
  return readSharedCsv(sharedDataPath('binance_5m_2023', `${base}_USDT-5m.csv`));
}

/** Copies of the OHLCV columns of the first `n` Binance 5m candles of 2023. */
export function binance5mHead(base: 'BTC' | 'ETH', n: number): Omit<Candles, 'timestamp'> {
  const c = readBinance5m(base);
  return { open: c.open.slice(0, n), high: c.high.slice(0, n), low: c.low.slice(0, n), close: c.close.slice(0, n), volume: c.volume.slice(0, n) };
}

/**
 * Reads a numeric CSV with a header (e.g. the TA-Lib reference files in indicators/) into
 * columns by header name. Empty cells (no output for that row) become NaN; the text `date`
 * column is left out (the epoch-ms `timestamp` column carries the time).
 */
export function readSharedColumns(file: string): Record<string, Float64Array> {
  const lines = csvLines(file);
  const head = (lines[0] ?? '').split(',');
  const n = lines.length - 1;
  const cols: Record<string, Float64Array> = {};
  for (const h of head) if (h !== 'date') cols[h] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1]!.split(',');
    if (f.length !== head.length) throw new Error(`${file}: row ${i + 2} has ${f.length} fields, expected ${head.length}`);
    for (let j = 0; j < head.length; j++) {
      const col = cols[head[j]!];
      if (col) col[i] = f[j] === '' ? NaN : Number(f[j]);
    }
  }
  return cols;
}
