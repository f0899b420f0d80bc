/**
 * What the store holds: per stored pair and timeframe, the candle count, time range, and the
 * gaps (the cheap checks only: no stale-run or outlier scan).
 */
import type { Pair } from '../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import type { CandleStore } from './parquet-store.ts';
import { checkCandles } from './quality.ts';

export interface StoredSeries {
  pair: Pair;
  timeframe: Timeframe;
  file: string;
  candles: number;
  first?: string;
  last?: string;
  gaps: number;
  missingCandles: number;
  /** Quality errors (unsorted, duplicates, bad prices...); see check-data for details. */
  errors: number;
}

export async function listStoredCandles(
  store: CandleStore,
  filter: { pairs?: readonly string[]; timeframes?: readonly string[] } = {},
): Promise<StoredSeries[]> {
  const out: StoredSeries[] = [];
  for (const entry of await store.list()) {
    if (filter.pairs && !filter.pairs.includes(entry.pair)) continue;
    if (filter.timeframes && !filter.timeframes.includes(entry.timeframe)) continue;
    const c = await store.read(entry.pair, entry.timeframe);
    const report = checkCandles(c, timeframeToMs(entry.timeframe), {
      staleRunLength: 0,
      maxLogReturn: 0,
      maxReturnZScore: 0,
      checkGrid: !entry.timeframe.endsWith('M'),
      maxFindingsPerCheck: 0,
    });
    out.push({
      ...entry,
      candles: report.rows,
      ...(report.first ? { first: report.first, last: report.last } : {}),
      gaps: report.gaps,
      missingCandles: report.missingCandles,
      errors: report.errors,
    });
  }
  return out;
}
