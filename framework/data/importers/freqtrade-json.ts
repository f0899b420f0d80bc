/**
 * Freqtrade's JSON candle files: one array of rows `[timestamp_ms, open, high, low, close,
 * volume]` (pandas `to_json(orient="values")`), plain (`.json`) or gzipped (`.json.gz`).
 * JSON.parse yields the correctly rounded float64 of each literal, the same value Python
 * wrote, so values are exact. pandas writes NaN as `null`; that becomes NaN here and the
 * quality checks report it, rather than refusing the whole file.
 */
import { gunzipSync } from 'node:zlib';
import { DataError, errorMessage } from '../../core/errors.ts';
import { allocateCandles, type Candles } from '../candles.ts';
import { readInputFile } from './read-file.ts';

const FIELDS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

export function parseFreqtradeJson(text: string, file: string): Candles {
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${file}: not valid JSON (${errorMessage(err)})`, { cause: err });
  }
  if (!Array.isArray(rows)) {
    throw new DataError(`${file}: expected a JSON array of [timestamp_ms, open, high, low, close, volume] rows`);
  }
  const n = rows.length;
  const c = allocateCandles(n);
  const cols = [c.timestamp, c.open, c.high, c.low, c.close, c.volume];
  for (let i = 0; i < n; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) || row.length < 6) {
      throw new DataError(
        `${file}: row ${i}: expected [timestamp_ms, open, high, low, close, volume], got ${preview(row)}`,
      );
    }
    for (let k = 0; k < 6; k++) {
      const v: unknown = row[k];
      if (typeof v === 'number') cols[k]![i] = v;
      else if (v === null && k > 0) cols[k]![i] = NaN;
      else {
        throw new DataError(`${file}: row ${i}: ${FIELDS[k]} is ${preview(v)}; expected a number`);
      }
    }
    if (!Number.isInteger(c.timestamp[i])) {
      throw new DataError(`${file}: row ${i}: timestamp ${c.timestamp[i]} is not an integer number of epoch milliseconds`);
    }
  }
  return c;
}

export async function importFreqtradeJson(file: string): Promise<Candles> {
  return parseFreqtradeJson((await readInputFile(file)).toString('utf8'), file);
}

export async function importFreqtradeJsonGz(file: string): Promise<Candles> {
  const raw = await readInputFile(file);
  let text: string;
  try {
    text = gunzipSync(raw).toString('utf8');
  } catch (err) {
    throw new DataError(`${file}: not a valid gzip file (${errorMessage(err)})`, { cause: err });
  }
  return parseFreqtradeJson(text, file);
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
