/**
 * Freqtrade's calculate_market_change: per pair, (last close / first close - 1) over the
 * candles from `minDate` on (the backtested range, startup candles excluded), then the mean
 * over pairs. NaN closes are skipped; pairs without candles after minDate are left out; no
 * pairs at all gives 0.
 */
import type { Candles } from '../data/candles.ts';

export type CloseSeries = Pick<Candles, 'timestamp' | 'close'>;

export function calculateMarketChange(data: Record<string, CloseSeries> | Map<string, CloseSeries>, minDate?: number): number {
  const entries = data instanceof Map ? [...data.values()] : Object.values(data);
  let sum = 0;
  let pairs = 0;
  for (const c of entries) {
    let first = NaN;
    let last = NaN;
    for (let i = 0; i < c.timestamp.length; i++) {
      if (minDate !== undefined && c.timestamp[i]! < minDate) continue;
      const v = c.close[i]!;
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(first)) first = v;
      last = v;
    }
    if (Number.isNaN(first)) continue;
    sum += (last - first) / first;
    pairs++;
  }
  return pairs === 0 ? 0 : sum / pairs;
}
