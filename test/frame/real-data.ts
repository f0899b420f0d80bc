/** Loads the real candles in ../shared/data for the frame tests (CSV layout described in its README). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocateCandles, type Candles } from '../../framework/data/candles.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedData = path.resolve(repoRoot, '../shared/data');

/** Reads a `timestamp,date,open,high,low,close,volume` CSV into Candles. */
export function loadCsvCandles(relPath: string): Candles {
  const text = readFileSync(path.join(sharedData, relPath), 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const c = allocateCandles(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(',');
    c.timestamp[i - 1] = Number(f[0]);
    c.open[i - 1] = Number(f[2]);
    c.high[i - 1] = Number(f[3]);
    c.low[i - 1] = Number(f[4]);
    c.close[i - 1] = Number(f[5]);
    c.volume[i - 1] = Number(f[6]);
  }
  return c;
}

/** Reads a CSV with a header into named numeric columns (empty cells become NaN). */
export function loadCsvColumns(relPath: string): Record<string, Float64Array> {
  const text = readFileSync(path.join(sharedData, relPath), 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  const cols: Record<string, Float64Array> = {};
  for (const h of header) cols[h] = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(',');
    for (let j = 0; j < header.length; j++) {
      const cell = f[j] ?? '';
      cols[header[j]!]![i - 1] = cell === '' ? NaN : Number(cell);
    }
  }
  return cols;
}
