import { DataError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { Pair } from '../../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../../core/timeframe.ts';
import type { Candles } from '../../data/candles.ts';
import type { CandleStore } from '../../data/parquet-store.ts';
import { resampleCandles } from '../../data/resample.ts';
import { requiredInformatives, type InformativeSource } from '../../strategy/analyze.ts';
import type { IStrategy } from '../../strategy/strategy.ts';

/**
 * Informative series the way the backtest and the analysis tools both load them: a stored
 * series as it is, else resampled from the pair's candles in the strategy timeframe when that
 * timeframe divides the informative one (Freqtrade resamples too). One function, so a
 * lookahead analysis sees the same informatives as the backtest it checks.
 */
export interface InformativeLoader {
  store: CandleStore;
  /** The strategy timeframe (what a missing informative is resampled from). */
  timeframe: Timeframe;
  /** Load one stored series (the caller's range, gap filling and caching). */
  load(pair: Pair, timeframe: Timeframe): Promise<Candles>;
  /** The pair's candles in the strategy timeframe to resample from, undefined when there are none. */
  base(pair: Pair): Promise<Candles | undefined>;
  log: Logger;
}

/** An informative neither stored nor resampleable; `divisible` false when the strategy timeframe does not divide it. */
export interface UnresolvedInformative extends InformativeSource {
  divisible: boolean;
}

export const seriesKey = (pair: Pair, timeframe: Timeframe): string => `${pair}|${timeframe}`;

/** The error for a series that is not in the store: where it was looked for and how to get it. */
export function missingSeries(store: CandleStore, pair: Pair, timeframe: Timeframe): DataError {
  return new DataError(
    `no ${timeframe} candles for ${pair} in ${store.path(pair, timeframe)}: download them (download-data --pairs ${pair} --timeframes ${timeframe})`,
  );
}

/**
 * Add to `into` (by seriesKey) every informative the strategy declares for `pairs` that is not
 * there yet, and return those that could be neither loaded nor resampled (the caller decides
 * whether that is an error now or when a hook asks for them).
 */
export async function loadInformatives(
  strategy: IStrategy,
  pairs: readonly Pair[],
  loader: InformativeLoader,
  into: Map<string, Candles>,
): Promise<UnresolvedInformative[]> {
  const unresolved: UnresolvedInformative[] = [];
  const tfMs = timeframeToMs(loader.timeframe);
  for (const pair of pairs) {
    for (const inf of requiredInformatives(strategy, pair)) {
      const key = seriesKey(inf.pair, inf.timeframe);
      if (into.has(key)) continue;
      if (loader.store.exists(inf.pair, inf.timeframe)) {
        into.set(key, await loader.load(inf.pair, inf.timeframe));
        continue;
      }
      const divisible = timeframeToMs(inf.timeframe) % tfMs === 0;
      const base = divisible ? await loader.base(inf.pair) : undefined;
      if (base === undefined) {
        unresolved.push({ ...inf, divisible });
        continue;
      }
      loader.log.info({ pair: inf.pair, timeframe: inf.timeframe }, `no stored ${inf.timeframe} candles for ${inf.pair}: resampled from ${loader.timeframe}`);
      into.set(key, resampleCandles(base, loader.timeframe, inf.timeframe));
    }
  }
  return unresolved;
}
