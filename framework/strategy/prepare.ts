import { getLogger } from '../core/logger.ts';
import type { Pair } from '../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import type { Candles } from '../data/candles.ts';
import { loadCandles, type LoadedCandles, type LoadOptions } from '../data/load.ts';
import type { CandleStore } from '../data/parquet-store.ts';
import { resampleCandles } from '../data/resample.ts';
import type { DataFrame } from '../frame/index.ts';
import { analyzePair, requiredInformatives } from './analyze.ts';
import type { IStrategy } from './strategy.ts';

export interface AnalyzedPair {
  pair: Pair;
  frame: DataFrame;
  load: LoadedCandles;
}

/**
 * Load every pair of the whitelist from the store and run the strategy's populate hooks on it
 * (once per pair, vectorized). Informative candles come from the store; when a timeframe is
 * not stored but the strategy timeframe divides it, they are resampled from the strategy's own
 * candles (so a 5m data set serves a 1h informative), which is logged.
 */
export async function analyzeWhitelist(
  strategy: IStrategy,
  opts: { store: CandleStore; pairs: Pair[]; timeframe: Timeframe; load?: LoadOptions },
): Promise<AnalyzedPair[]> {
  const log = getLogger('strategy');
  const cache = new Map<string, Candles>();
  const loadSeries = async (pair: Pair, tf: Timeframe): Promise<LoadedCandles> => {
    const loaded = await loadCandles(opts.store, pair, tf, opts.load);
    cache.set(`${pair}|${tf}`, loaded.candles);
    return loaded;
  };

  const mains = new Map<Pair, LoadedCandles>();
  for (const pair of opts.pairs) mains.set(pair, await loadSeries(pair, opts.timeframe));

  for (const pair of opts.pairs) {
    for (const inf of requiredInformatives(strategy, pair)) {
      const key = `${inf.pair}|${inf.timeframe}`;
      if (cache.has(key)) continue;
      if (opts.store.exists(inf.pair, inf.timeframe)) {
        await loadSeries(inf.pair, inf.timeframe);
        continue;
      }
      const base = cache.get(`${inf.pair}|${opts.timeframe}`) ?? (opts.store.exists(inf.pair, opts.timeframe) ? (await loadSeries(inf.pair, opts.timeframe)).candles : undefined);
      if (base && timeframeToMs(inf.timeframe) % timeframeToMs(opts.timeframe) === 0) {
        log.info({ pair: inf.pair, timeframe: inf.timeframe }, `no stored ${inf.timeframe} candles for ${inf.pair}: resampled from ${opts.timeframe}`);
        cache.set(key, resampleCandles(base, opts.timeframe, inf.timeframe));
      }
    }
  }

  const source = (pair: Pair, tf: Timeframe): Candles => {
    const c = cache.get(`${pair}|${tf}`);
    if (!c) throw new Error(`no candles for informative ${pair} ${tf}: download them (download-data --pairs ${pair} --timeframes ${tf})`);
    return c;
  };

  return opts.pairs.map((pair) => {
    const load = mains.get(pair)!;
    const frame = analyzePair(strategy, load.candles, { pair, timeframe: opts.timeframe }, source);
    return { pair, frame, load };
  });
}
