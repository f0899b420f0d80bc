/**
 * Yahoo Finance daily CSV: `Date,Open,High,Low,Close,Adj Close,Volume` (backtrader's samples)
 * or `Date,Open,High,Low,Close,Volume,Adj Close` newest first (pyalgotrade's). Candles use the
 * raw Open/High/Low/Close; `Adj Close` (dividend-adjusted) is ignored so prices stay the ones
 * that traded. Dates are `YYYY-MM-DD`, taken as 00:00 UTC. Output is in ascending time order.
 */
import { DataError } from '../../core/errors.ts';
import type { Candles } from '../candles.ts';
import { sortCandles } from '../clean.ts';
import { parseCsv } from './csv.ts';
import { readInputFile } from './read-file.ts';

const REQUIRED = ['date', 'open', 'high', 'low', 'close', 'volume'];

/** True when the first line is a Yahoo daily header (Date, Open, High, Low, Close, Volume, Adj Close). */
export function isYahooHeader(firstLine: string): boolean {
  const names = firstLine.replace(/^\uFEFF/, '').trim().split(',').map((s) => s.trim().toLowerCase());
  return names.includes('adj close') && REQUIRED.every((r) => names.includes(r));
}

export function parseYahooCsv(text: string, file: string): Candles {
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const names = firstLine.replace(/^\uFEFF/, '').trim().split(',').map((s) => s.trim().toLowerCase());
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (missing.length > 0) {
    throw new DataError(
      `${file}: not a Yahoo daily CSV: the header lacks ${missing.join(', ')} (expected Date,Open,High,Low,Close,Adj Close,Volume)`,
    );
  }
  const candles = parseCsv(text, file, {
    delimiter: ',',
    header: true,
    dateFormat: 'YYYY-MM-DD',
    columns: { timestamp: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume' },
    nullMarker: 'null',
  });
  return sortCandles(candles);
}

export async function importYahooCsv(file: string): Promise<Candles> {
  return parseYahooCsv((await readInputFile(file)).toString('utf8'), file);
}
