/**
 * The real market data in ../shared/data (see its README.md), for tests and benchmarks.
 * The CSV conversions there print float64 values in shortest round-trip form, so parsing
 * them with Number() gives back the exact bits of the source feather files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocateCandles, type Candles } from '../../framework/data/candles.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA_DIR = path.resolve(REPO_ROOT, '../shared/data');

export function sharedDataPath(...parts: string[]): string {
  return path.join(SHARED_DATA_DIR, ...parts);
}

/** Reads a `timestamp,date,open,high,low,close,volume` CSV from ../shared/data. */
export function readSharedCsv(file: string): Candles {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines[0]?.trim() !== 'timestamp,date,open,high,low,close,volume') {
    throw new Error(`${file}: unexpected header "${lines[0]}"`);
  }
  let n = lines.length - 1;
  while (n > 0 && lines[n]!.trim() === '') n--;
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
