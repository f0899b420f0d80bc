import { createHash } from 'node:crypto';
import { DataError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import type { Pair } from '../../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../../core/timeframe.ts';
import type { Timerange } from '../../core/timerange.ts';
import { lowerBound, sliceCandles, type Candles } from '../../data/candles.ts';
import { loadCandles, type LoadOptions } from '../../data/load.ts';
import type { CandleStore } from '../../data/parquet-store.ts';
import { resampleCandles } from '../../data/resample.ts';
import type { DataFrame } from '../../frame/index.ts';
import { analyzePair, requiredInformatives } from '../../strategy/analyze.ts';
import { entryAt, signalArrays, type SignalArrays } from '../../strategy/signals.ts';
import type { IStrategy } from '../../strategy/strategy.ts';

/**
 * The data of a backtest, Freqtrade's way: `startupCandles` extra candles are loaded before
 * the timerange (gaps filled by the loader), the strategy's populate hooks run once over the
 * whole loaded frame, and the first `startupCandles` rows are then left out of the backtest.
 * The backtest loop starts one candle later still, because signals act on the NEXT candle
 * (Freqtrade shifts the signal columns by one and drops the first row).
 */
export interface PreparedPair {
  pair: Pair;
  /** The analyzed frame: startup rows included (what dp.getAnalyzedDataframe caps). */
  frame: DataFrame;
  /** OHLCV of the frame (views). */
  candles: Candles;
  ts: Float64Array;
  n: number;
  /** Rows trimmed as startup; row `startup` is the first backtested candle (min_date). */
  startup: number;
  signals: SignalArrays;
  /** Entry direction per signal row after Freqtrade's collision rules (1 long, -1 short, 0). */
  entryDir: Int8Array;
  /** sha256 of the candles used (timestamps and OHLCV bytes). */
  dataHash: string;
  /** Candles inserted by gap filling in the loaded range. */
  filled: number;
}

export interface PrepareOptions {
  store: CandleStore;
  pairs: readonly Pair[];
  timeframe: Timeframe;
  timerange: Timerange;
  startupCandles: number;
  /** Shorts allowed (futures and strategy.canShort). */
  canShort: boolean;
  load?: LoadOptions;
}

export interface LoadedPair {
  pair: Pair;
  candles: Candles;
  filled: number;
}

export interface LoadedData {
  pairs: LoadedPair[];
  /** Candles of the informative sources, by `pair|timeframe`. */
  informative: Map<string, Candles>;
}

export interface PreparedData {
  pairs: PreparedPair[];
  informative: Map<string, Candles>;
  /** Open time of the first backtested candle over all pairs (Freqtrade's min_date). */
  startDate: number;
  /** Open time of the last candle over all pairs (max_date). */
  endDate: number;
}

/** Load the pairs' candles for the range (startup included) and every informative source the strategy declares. */
export async function loadData(strategy: IStrategy, opts: PrepareOptions): Promise<LoadedData> {
  const log = getLogger('backtest');
  const tfMs = timeframeToMs(opts.timeframe);
  const { startMs, endMs } = opts.timerange;
  const N = opts.startupCandles;
  const informative = new Map<string, Candles>();
  const fromMain = new Map<Pair, Candles>();

  const loadRange = async (pair: Pair, tf: Timeframe, startup: number): Promise<{ candles: Candles; filled: number }> => {
    if (!opts.store.exists(pair, tf)) {
      throw new DataError(
        `no ${tf} candles for ${pair} in ${opts.store.path(pair, tf)}: download them (download-data --pairs ${pair} --timeframes ${tf})`,
      );
    }
    const loaded = await loadCandles(opts.store, pair, tf, opts.load);
    const c = loaded.candles;
    const ms = timeframeToMs(tf);
    const from = startMs === undefined ? 0 : lowerBound(c.timestamp, startMs - startup * ms);
    const to = endMs === undefined ? c.timestamp.length : lowerBound(c.timestamp, endMs + 1);
    return { candles: sliceCandles(c, from, Math.max(from, to)), filled: loaded.filled };
  };

  const pairs: LoadedPair[] = [];
  for (const pair of opts.pairs) {
    const { candles, filled } = await loadRange(pair, opts.timeframe, N);
    fromMain.set(pair, candles);
    pairs.push({ pair, candles, filled });
  }
  for (const pair of opts.pairs) {
    for (const inf of requiredInformatives(strategy, pair)) {
      const key = `${inf.pair}|${inf.timeframe}`;
      if (informative.has(key)) continue;
      if (opts.store.exists(inf.pair, inf.timeframe)) {
        informative.set(key, (await loadRange(inf.pair, inf.timeframe, N)).candles);
        continue;
      }
      const base =
        fromMain.get(inf.pair) ?? (opts.store.exists(inf.pair, opts.timeframe) ? (await loadRange(inf.pair, opts.timeframe, N)).candles : undefined);
      if (base && timeframeToMs(inf.timeframe) % tfMs === 0) {
        log.info({ pair: inf.pair, timeframe: inf.timeframe }, `no stored ${inf.timeframe} candles for ${inf.pair}: resampled from ${opts.timeframe}`);
        informative.set(key, resampleCandles(base, opts.timeframe, inf.timeframe));
      } else if (base && inf.timeframe === opts.timeframe) informative.set(key, base);
    }
  }
  return { pairs, informative };
}

/**
 * Run the populate hooks once per pair over its whole loaded frame, compute the entry
 * directions, and find the backtested span (Freqtrade's min_date / max_date).
 */
export function analyzeData(strategy: IStrategy, data: LoadedData, opts: Pick<PrepareOptions, 'timeframe' | 'startupCandles' | 'canShort' | 'pairs'>): PreparedData {
  const log = getLogger('backtest');
  const N = opts.startupCandles;
  const mains = new Map<Pair, Candles>(data.pairs.map((p) => [p.pair, p.candles]));
  const source = (p: Pair, tf: Timeframe): Candles => {
    const c = data.informative.get(`${p}|${tf}`) ?? (tf === opts.timeframe ? mains.get(p) : undefined);
    if (!c) throw new DataError(`no candles for informative ${p} ${tf}: download them (download-data --pairs ${p} --timeframes ${tf})`);
    return c;
  };
  const out: PreparedPair[] = [];
  for (const { pair, candles, filled } of data.pairs) {
    if (candles.timestamp.length <= N + 1) {
      log.warn({ pair }, `${pair}: ${candles.timestamp.length} candles in the range, not more than the ${N} startup candles + 1; pair left out`);
      continue;
    }
    const frame = analyzePair(strategy, candles, { pair, timeframe: opts.timeframe }, source);
    const signals = signalArrays(frame);
    const n = frame.length;
    const entryDir = new Int8Array(n);
    for (let i = 0; i < n; i++) entryDir[i] = entryAt(signals, i, opts.canShort);
    out.push({ pair, frame, candles, ts: candles.timestamp, n, startup: N, signals, entryDir, dataHash: hashCandles(candles), filled });
  }
  if (out.length === 0) {
    throw new DataError(
      `no data left for ${opts.pairs.join(', ')} ${opts.timeframe} after the timerange and the ${N} startup candles: check --timerange and the stored data (list-data)`,
    );
  }
  let startDate = Infinity;
  let endDate = -Infinity;
  for (const p of out) {
    startDate = Math.min(startDate, p.ts[p.startup]!);
    endDate = Math.max(endDate, p.ts[p.n - 1]!);
  }
  return { pairs: out, informative: data.informative, startDate, endDate };
}

/** sha256 of the candle columns' bytes, in column order (the data a result was computed from). */
export function hashCandles(c: Candles): string {
  const h = createHash('sha256');
  for (const col of [c.timestamp, c.open, c.high, c.low, c.close, c.volume]) {
    h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  }
  return h.digest('hex');
}
