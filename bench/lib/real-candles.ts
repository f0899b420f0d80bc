/**
 * Benchmark inputs from the real data in ../shared/data (see its README.md). bench/ does not
 * import from test/, so this is the benchmarks' one way in; the CSVs are read with Keel's own
 * importer (framework/data/importers/csv.ts), which gives the exact float64 bits the files print.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allocateCandles, type Candles } from '../../framework/data/candles.ts';
import { parseCsv } from '../../framework/data/importers/csv.ts';

export const SHARED_DATA_DIR = path.resolve(import.meta.dirname, '../../../shared/data');

/** Absolute path of a file under ../shared/data, e.g. sharedDataPath('binance_1h', 'BTC_USDT-1h.feather'). */
export function sharedDataPath(...parts: string[]): string {
  return path.join(SHARED_DATA_DIR, ...parts);
}

/** BTC/USDT or ETH/USDT 5m candles of 2023 on Binance (104,816 rows each). */
export function readBinance5m(base: 'BTC' | 'ETH'): Candles {
  const file = sharedDataPath('binance_5m_2023', `${base}_USDT-5m.csv`);
  return parseCsv(readFileSync(file, 'utf8'), file);
}

/**
 * BTC/USDT and ETH/USDT 5m 2023 laid end to end (each copy shifted one year later) until `n`
 * rows, so the values have real-market entropy (compression ratios and timings are
 * representative).
 */
export function realCandles(n: number): Candles {
  const sources = [readBinance5m('BTC'), readBinance5m('ETH')];
  const out = allocateCandles(n);
  let at = 0;
  let shift = 0;
  for (let k = 0; at < n; k++) {
    const s = sources[k % 2]!;
    const m = Math.min(s.timestamp.length, n - at);
    for (let i = 0; i < m; i++) out.timestamp[at + i] = s.timestamp[i]! + shift;
    out.open.set(s.open.subarray(0, m), at);
    out.high.set(s.high.subarray(0, m), at);
    out.low.set(s.low.subarray(0, m), at);
    out.close.set(s.close.subarray(0, m), at);
    out.volume.set(s.volume.subarray(0, m), at);
    shift += s.timestamp[s.timestamp.length - 1]! - s.timestamp[0]! + 300_000;
    at += m;
  }
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Median and minimum wall time in ms of `reps` runs after one warm-up run. The minimum is
 * reported too because this machine's two cores are shared: it shows the undisturbed cost.
 */
export async function timeRuns(reps: number, fn: () => unknown): Promise<{ median: number; min: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { median: round(median(times)), min: round(Math.min(...times)) };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
