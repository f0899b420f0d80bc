/**
 * Candles for the analysis tools: each pair's candles and the informative series the strategy
 * declares, loaded once, and the "what was known when candle i closed" views both tools need.
 *
 * Informative series follow the backtest rule: they start at the same time as the analyzed
 * window (Freqtrade loads every timeframe from the timerange start minus the startup candles)
 * and, for a run that ends at candle i, contain only the informative candles that had closed
 * when candle i closed. A truncated run therefore sees exactly what a live bot would have seen.
 */
import { DataError, UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import type { Pair } from '../../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../../core/timeframe.ts';
import type { Timerange } from '../../core/timerange.ts';
import { lowerBound, sliceCandles, type Candles } from '../../data/candles.ts';
import { loadCandles, type LoadOptions } from '../../data/load.ts';
import type { CandleStore } from '../../data/parquet-store.ts';
import { loadInformatives, missingSeries, seriesKey } from '../../engine/backtest/informative-data.ts';
import type { CandleSource } from '../../strategy/analyze.ts';
import type { IStrategy } from '../../strategy/strategy.ts';

/** Every series one strategy needs for some pairs: the pairs' own candles and the informatives. */
export interface AnalysisData {
  timeframe: Timeframe;
  /** Each pair's candles over the whole stored history (sorted, gaps filled as configured). */
  main: Map<Pair, Candles>;
  /** All series by `pair|timeframe`, the main ones included. */
  series: Map<string, Candles>;
}

/** One pair's analyzed rows: the window [start, end) of its candles and where the timerange begins. */
export interface PairWindow {
  pair: Pair;
  timeframe: Timeframe;
  /** Rows of the window (startup candles included), oldest first; a view into the loaded candles. */
  candles: Candles;
  /** First window row inside the timerange; rows before it are startup candles. */
  firstRow: number;
  /** Informative candles known when window row `row` (its last candle) has closed. */
  sourceAt(row: number): CandleSource;
  /** Rows [start, end) of this window as a window of its own (informatives then start there too). */
  from(start: number): PairWindow;
}

export { seriesKey };

/**
 * Load each pair's candles and every informative series the strategy declares. An informative
 * timeframe that is not stored is resampled from the pair's own candles when the strategy
 * timeframe divides it (as the backtest does), otherwise it is an error naming what to download.
 */
export async function loadAnalysisData(
  strategy: IStrategy,
  opts: { store: CandleStore; pairs: Pair[]; timeframe: Timeframe; load?: LoadOptions },
): Promise<AnalysisData> {
  const series = new Map<string, Candles>();
  const main = new Map<Pair, Candles>();
  const load = async (pair: Pair, tf: Timeframe): Promise<Candles> => {
    if (!opts.store.exists(pair, tf)) throw missingSeries(opts.store, pair, tf);
    const { candles } = await loadCandles(opts.store, pair, tf, opts.load);
    series.set(seriesKey(pair, tf), candles);
    return candles;
  };

  for (const pair of opts.pairs) main.set(pair, await load(pair, opts.timeframe));

  const unresolved = await loadInformatives(
    strategy,
    opts.pairs,
    {
      store: opts.store,
      timeframe: opts.timeframe,
      load,
      // A pair's own candles are the resampling base: missing ones are the missing-series error.
      base: async (pair) => series.get(seriesKey(pair, opts.timeframe)) ?? (await load(pair, opts.timeframe)),
      log: getLogger('analysis'),
    },
    series,
  );
  const inf = unresolved[0];
  if (inf !== undefined) {
    throw new DataError(
      `no ${inf.timeframe} candles for informative ${inf.pair} and ${opts.timeframe} does not divide ${inf.timeframe}: ` +
        `download them (download-data --pairs ${inf.pair} --timeframes ${inf.timeframe})`,
    );
  }
  return { timeframe: opts.timeframe, main, series };
}

/**
 * Rows of `candles` for a timerange with `startup` candles before it: [start, end) with
 * `first` the first row inside the range. An empty range is an error naming the pair and the
 * stored span.
 */
export function timerangeRows(
  candles: Candles,
  range: Timerange,
  startup: number,
  where: string,
): { start: number; first: number; end: number } {
  const ts = candles.timestamp;
  const first = range.startMs === undefined ? 0 : lowerBound(ts, range.startMs);
  // Both ends are inclusive: the end row is the last one opening at or before endMs.
  const end = range.endMs === undefined ? ts.length : lowerBound(ts, range.endMs + 1);
  if (first >= end) {
    const span = ts.length > 0 ? `${iso(ts[0]!)} .. ${iso(ts[ts.length - 1]!)}` : 'no candles';
    throw new UsageError(`${where}: no candles in the timerange (stored: ${span})`);
  }
  return { start: Math.max(0, first - startup), first, end };
}

/** The window of one pair for a timerange with startup candles, as the lookahead analysis runs it. */
export function pairWindow(data: AnalysisData, pair: Pair, range: Timerange, startup: number): PairWindow {
  const all = data.main.get(pair);
  if (!all) throw new UsageError(`pair ${pair} was not loaded`);
  const { start, first, end } = timerangeRows(all, range, startup, `${pair} ${data.timeframe}`);
  return windowOf(data, pair, sliceCandles(all, start, end), first - start);
}

/** A window over given rows (e.g. the last rows for the recursive analysis). */
export function windowOf(data: AnalysisData, pair: Pair, candles: Candles, firstRow: number): PairWindow {
  const tfMs = timeframeToMs(data.timeframe);
  const startMs = candles.timestamp.length > 0 ? candles.timestamp[0]! : 0;
  return {
    pair,
    timeframe: data.timeframe,
    candles,
    firstRow,
    sourceAt(row: number): CandleSource {
      const lastCloseMs = candles.timestamp[row]! + tfMs;
      return (infPair, infTf) => {
        const inf = data.series.get(seriesKey(infPair, infTf));
        if (!inf) throw new DataError(`no candles for informative ${infPair} ${infTf}: download them (download-data --pairs ${infPair} --timeframes ${infTf})`);
        return knownInformative(inf, timeframeToMs(infTf), startMs, lastCloseMs);
      };
    },
    from(start: number): PairWindow {
      return windowOf(data, pair, sliceCandles(candles, start, candles.timestamp.length), Math.max(0, firstRow - start));
    },
  };
}

/** Informative candles opening at or after `startMs` that have closed by `lastCloseMs` (a view). */
export function knownInformative(inf: Candles, infTfMs: number, startMs: number, lastCloseMs: number): Candles {
  const ts = inf.timestamp;
  const from = lowerBound(ts, startMs);
  // ts + infTfMs <= lastCloseMs  <=>  ts < lastCloseMs - infTfMs + 1
  const to = Math.max(from, lowerBound(ts, lastCloseMs - infTfMs + 1));
  return sliceCandles(inf, from, to);
}

export function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
