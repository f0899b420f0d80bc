import type { Candles } from '../data/candles.ts';
import { errorMessage, KeelError } from '../core/errors.ts';
import { parsePair, type Pair } from '../core/pair.ts';
import type { Timeframe } from '../core/timeframe.ts';
import { DataFrame } from '../frame/index.ts';
import { checkPopulatedFrame, fingerprint } from './frame-checks.ts';
import { StrategyRuntimeError } from './errors.ts';
import type { InformativeSpec, IStrategy, PopulateResult } from './strategy.ts';
import type { PairMetadata } from './types.ts';

/** Supplies candles for informative pairs/timeframes (the data store, or a test's fixture). */
export type CandleSource = (pair: Pair, timeframe: Timeframe) => Candles;

export interface InformativeSource {
  pair: Pair;
  timeframe: Timeframe;
}

/** The [pair, timeframe] candles a strategy needs besides its own: declared informatives and informativePairs(). */
export function requiredInformatives(strategy: IStrategy, pair: Pair): InformativeSource[] {
  const out = new Map<string, InformativeSource>();
  for (const spec of strategy.informative()) {
    const p = resolveInformativePair(spec, pair);
    out.set(`${p}|${spec.timeframe}`, { pair: p, timeframe: spec.timeframe });
  }
  for (const [p, tf] of strategy.informativePairs()) out.set(`${p}|${tf}`, { pair: p, timeframe: tf });
  return [...out.values()];
}

/**
 * Run a strategy's populate hooks over one pair's candles, vectorized, once:
 * informative frames (each with its own populate) are merged first with only closed candles
 * visible, then populateIndicators, populateEntryTrend, populateExitTrend. The frame is checked
 * after the hooks (same rows, same last candle, signals 0/1). Throws StrategyRuntimeError naming
 * the strategy, pair and hook.
 */
export function analyzePair(strategy: IStrategy, candles: Candles, meta: PairMetadata, source: CandleSource): DataFrame {
  const name = strategy.constructor.name;
  let df = DataFrame.fromCandles(candles, { timeframe: meta.timeframe });
  const before = fingerprint(df);

  for (const spec of strategy.informative()) {
    const infPair = resolveInformativePair(spec, meta.pair);
    const infMeta: PairMetadata = { pair: infPair, timeframe: spec.timeframe };
    let inf = DataFrame.fromCandles(source(infPair, spec.timeframe), { timeframe: spec.timeframe });
    inf = runHook(() => spec.populate(inf, infMeta), inf, `${name}: informative ${infPair} ${spec.timeframe} populate for ${meta.pair}`);
    df.mergeInformative(inf, { suffix: informativeSuffix(spec, meta.pair, infPair) });
  }

  const where = (hook: string): string => `strategy ${name}, ${hook} for ${meta.pair} ${meta.timeframe}`;
  df = runHook(() => strategy.populateIndicators(df, meta), df, where('populateIndicators'));
  df = runHook(() => strategy.populateEntryTrend(df, meta), df, where('populateEntryTrend'));
  df = runHook(() => strategy.populateExitTrend(df, meta), df, where('populateExitTrend'));
  checkPopulatedFrame(df, before, `strategy ${name}, ${meta.pair} ${meta.timeframe}`);
  return df;
}

function runHook(call: () => PopulateResult, current: DataFrame, where: string): DataFrame {
  let result: PopulateResult;
  try {
    result = call();
  } catch (err) {
    if (err instanceof KeelError) throw new StrategyRuntimeError(`${where}: ${err.message}`, { cause: err });
    throw new StrategyRuntimeError(`${where} threw: ${errorMessage(err)}`, { cause: err });
  }
  if (result === undefined) return current;
  if (!(result instanceof DataFrame)) {
    throw new StrategyRuntimeError(`${where} returned ${typeof result}; return the DataFrame or nothing`);
  }
  return result;
}

/** "BTC/{quote}" with the main pair ETH/USDT -> BTC/USDT. */
export function resolveInformativePair(spec: InformativeSpec, mainPair: Pair): Pair {
  if (!spec.pair) return mainPair;
  const { base, quote } = parsePair(mainPair);
  return spec.pair.replaceAll('{base}', base).replaceAll('{quote}', quote);
}

/**
 * Column suffix for a merged informative frame: Freqtrade's @informative names columns
 * `<column>_<timeframe>` for the same pair and `<base>_<quote>_<column>_<timeframe>` for
 * another pair; Keel appends the whole suffix, so another pair gives `<column>_<base>_<quote>_<timeframe>`
 * (lowercase), which keeps every column of one source under one suffix.
 */
export function informativeSuffix(spec: InformativeSpec, mainPair: Pair, infPair: Pair): string {
  if (spec.suffix) return spec.suffix.replace(/^_/, '');
  if (infPair === mainPair) return spec.timeframe;
  const { base, quote } = parsePair(infPair);
  return `${base}_${quote}_${spec.timeframe}`.toLowerCase();
}

