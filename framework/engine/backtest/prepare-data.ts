import { DataError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import type { Pair } from '../../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../../core/timeframe.ts';
import type { Timerange } from '../../core/timerange.ts';
import { hashCandles } from '../../data/candle-hash.ts';
import { interleaveOhlc, lowerBound, sliceCandles, type Candles } from '../../data/candles.ts';
import { loadCandles, type LoadOptions } from '../../data/load.ts';
import type { CandleStore } from '../../data/parquet-store.ts';
import type { DataFrame, TagColumn } from '../../frame/index.ts';
import { maskRows } from '../../frame/kernels/index.ts';
import { analyzePair } from '../../strategy/analyze.ts';
import { signalArrays, type SignalArrays } from '../../strategy/signals.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import { loadInformatives, missingSeries } from './informative-data.ts';

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
  /**
   * Per signal row, everything the loop reads of the signals in one byte (one memory stream
   * instead of seven): SIG_* bits for the columns that are 1 and the tags that are set, and
   * the entry direction (SIG_ENTRY_LONG / SIG_ENTRY_SHORT).
   */
  flags: Uint8Array;
  /** open, high, low, close of row i at 4i..4i+3: one memory stream for the loop instead of four. */
  ohlc: Float64Array;
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
  /**
   * hashCandles(candles), remembered beside the store's column cache (load.ts); analyzeData
   * hashes `candles` itself when absent.
   */
  dataHash?: () => string;
  /** interleaveOhlc(candles) when the store had it at hand (column cache); analyzeData builds it otherwise. */
  ohlc?: Float64Array;
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
  const { startMs, endMs } = opts.timerange;
  const N = opts.startupCandles;
  const fromMain = new Map<Pair, Candles>();

  /** `main`: a backtested pair (its interleaved prices are wanted), not an informative source. */
  const loadRange = async (pair: Pair, tf: Timeframe, startup: number, main = false): Promise<LoadedPair> => {
    if (!opts.store.exists(pair, tf)) throw missingSeries(opts.store, pair, tf);
    const loaded = await loadCandles(opts.store, pair, tf, opts.load, { ohlc: main });
    const c = loaded.candles;
    const ms = timeframeToMs(tf);
    const from = startMs === undefined ? 0 : lowerBound(c.timestamp, startMs - startup * ms);
    const to = Math.max(from, endMs === undefined ? c.timestamp.length : lowerBound(c.timestamp, endMs + 1));
    const ohlc = loaded.ohlc?.subarray(4 * from, 4 * to);
    return { pair, candles: sliceCandles(c, from, to), filled: loaded.filled, dataHash: () => loaded.hashRows(from, to), ...(ohlc ? { ohlc } : {}) };
  };

  const pairs: LoadedPair[] = [];
  for (const pair of opts.pairs) {
    const loaded = await loadRange(pair, opts.timeframe, N, true);
    fromMain.set(pair, loaded.candles);
    pairs.push(loaded);
  }
  // An informative that can be neither loaded nor resampled becomes an error only when a hook
  // asks for it (analyzeData's source).
  const informative = new Map<string, Candles>();
  await loadInformatives(
    strategy,
    opts.pairs,
    {
      store: opts.store,
      timeframe: opts.timeframe,
      load: async (pair, tf) => (await loadRange(pair, tf, N)).candles,
      base: async (pair) =>
        fromMain.get(pair) ?? (opts.store.exists(pair, opts.timeframe) ? (await loadRange(pair, opts.timeframe, N)).candles : undefined),
      log: getLogger('backtest'),
    },
    informative,
  );
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
  for (const { pair, candles, filled, dataHash, ohlc: loadedOhlc } of data.pairs) {
    if (candles.timestamp.length <= N + 1) {
      log.warn({ pair }, `${pair}: ${candles.timestamp.length} candles in the range, not more than the ${N} startup candles + 1; pair left out`);
      continue;
    }
    const frame = analyzePair(strategy, candles, { pair, timeframe: opts.timeframe }, source);
    const { signals, entryDir, flags } = frameSignals(frame, opts.canShort);
    const n = frame.length;
    const ohlc = loadedOhlc ?? interleaveOhlc(candles);
    out.push({ pair, frame, candles, ts: candles.timestamp, n, startup: N, signals, entryDir, flags, ohlc, dataHash: dataHash ? dataHash() : hashCandles(candles), filled });
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

export const SIG_ENTER_LONG = 1;
export const SIG_EXIT_LONG = 2;
export const SIG_ENTER_SHORT = 4;
export const SIG_EXIT_SHORT = 8;
export const SIG_ENTER_TAG = 16;
export const SIG_EXIT_TAG = 32;
export const SIG_ENTRY_LONG = 64;
export const SIG_ENTRY_SHORT = 128;
export const SIG_ENTRY = SIG_ENTRY_LONG | SIG_ENTRY_SHORT;

/** The per-row signal byte (PreparedPair.flags): a column counts when it is exactly 1, a tag when it is not null. */
export function signalFlags(s: SignalArrays, entryDir: Int8Array): Uint8Array {
  const n = entryDir.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let f = 0;
    if (s.enterLong[i] === 1) f |= SIG_ENTER_LONG;
    if (s.exitLong[i] === 1) f |= SIG_EXIT_LONG;
    if (s.enterShort[i] === 1) f |= SIG_ENTER_SHORT;
    if (s.exitShort[i] === 1) f |= SIG_EXIT_SHORT;
    if (s.enterTag[i] != null) f |= SIG_ENTER_TAG;
    if (s.exitTag[i] != null) f |= SIG_EXIT_TAG;
    const d = entryDir[i]!;
    if (d === 1) f |= SIG_ENTRY_LONG;
    else if (d === -1) f |= SIG_ENTRY_SHORT;
    out[i] = f;
  }
  return out;
}

/** An analyzed frame's signal columns and their bytes (signalBytes, with what the frame knows of its columns). */
export function frameSignals(frame: DataFrame, canShort: boolean): { signals: SignalArrays; entryDir: Int8Array; flags: Uint8Array } {
  // Asked before signalArrays, which takes the tag arrays out of the frame.
  const hints = {
    enterTag: frame.knownTags('enter_tag'),
    exitTag: frame.knownTags('exit_tag'),
    noShorts: !frame.has('enter_short') && !frame.has('exit_short'),
  };
  const signals = signalArrays(frame);
  return { signals, ...signalBytes(signals, canShort, hints) };
}

/**
 * entryAt for every row and signalFlags, computed from where the signals are rather than row by
 * row: signals are sparse (a few rows in a hundred), and a loop over every row of a 100k-row
 * frame runs in V8's interpreter in a fresh process (milliseconds), while the typed arrays'
 * own indexOf finds the 1s in a fraction of that. Gives exactly entryAt and signalFlags
 * (test/engine/backtest/prepare-data.test.ts holds them equal).
 */
export function signalBytes(
  s: SignalArrays,
  canShort: boolean,
  /**
   * What analyzeData knows of the frame without reading its rows: the distinct tags of the tag
   * columns (DataFrame.knownTags), and which short signal columns it does not have (all 0).
   */
  hints: { enterTag?: ReadonlySet<string> | undefined; exitTag?: ReadonlySet<string> | undefined; noShorts?: boolean } = {},
): { entryDir: Int8Array; flags: Uint8Array } {
  const n = s.length;
  const flags = new Uint8Array(n);
  const entryDir = new Int8Array(n);
  const none = new Int32Array(0);
  const enterLong = maskRows(s.enterLong);
  const enterShort = hints.noShorts ? none : maskRows(s.enterShort);
  mark(enterLong, flags, SIG_ENTER_LONG);
  mark(maskRows(s.exitLong), flags, SIG_EXIT_LONG);
  mark(enterShort, flags, SIG_ENTER_SHORT);
  mark(hints.noShorts ? none : maskRows(s.exitShort), flags, SIG_EXIT_SHORT);
  markTags(s.enterTag, flags, SIG_ENTER_TAG, hints.enterTag);
  markTags(s.exitTag, flags, SIG_EXIT_TAG, hints.exitTag);
  // Long entry: enter_long and neither exit_long nor a (possible) short entry on the row.
  const blocksLong = SIG_EXIT_LONG | (canShort ? SIG_ENTER_SHORT : 0);
  for (let k = 0; k < enterLong.length; k++) {
    const i = enterLong[k]!;
    if ((flags[i]! & blocksLong) === 0) {
      entryDir[i] = 1;
      flags[i] = flags[i]! | SIG_ENTRY_LONG;
    }
  }
  if (canShort) {
    for (let k = 0; k < enterShort.length; k++) {
      const i = enterShort[k]!;
      if ((flags[i]! & (SIG_EXIT_SHORT | SIG_ENTER_LONG)) === 0) {
        entryDir[i] = -1;
        flags[i] = flags[i]! | SIG_ENTRY_SHORT;
      }
    }
  }
  return { entryDir, flags };
}

/** `bit` on the given rows. */
function mark(rows: Int32Array, flags: Uint8Array, bit: number): void {
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    flags[i] = flags[i]! | bit;
  }
}

/** Distinct tags beyond which markTags walks the rows instead of searching each tag. */
const TAG_SEARCH_MAX = 16;

/** `bit` on the rows whose tag is set (not null or undefined); `known`: every distinct tag of the column (more allowed). */
function markTags(tags: TagColumn, flags: Uint8Array, bit: number, known: ReadonlySet<string> | undefined): void {
  // A tag column holds null and a few distinct tags: indexOf finds each of them without a
  // JavaScript loop over every row (the engine's own Set finds them when the frame does not know).
  const distinct = new Set<unknown>(known ?? tags);
  distinct.delete(null);
  distinct.delete(undefined);
  if (distinct.size <= TAG_SEARCH_MAX && [...distinct].every((t) => typeof t === 'string')) {
    for (const tag of distinct as Set<string>) {
      for (let i = tags.indexOf(tag); i !== -1; i = tags.indexOf(tag, i + 1)) flags[i] = flags[i]! | bit;
    }
    return;
  }
  for (let i = 0; i < tags.length; i++) if (tags[i] != null) flags[i] = flags[i]! | bit;
}

