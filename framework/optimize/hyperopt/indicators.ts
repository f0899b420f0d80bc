import { DataError } from '../../core/errors.ts';
import type { Candles } from '../../data/candles.ts';
import type { LoadedData } from '../../engine/backtest/prepare-data.ts';
import type { DataFrame } from '../../frame/index.ts';
import type { TagColumn } from '../../frame/index.ts';
import { analyzePair, type CandleSource } from '../../strategy/analyze.ts';
import { BaseParameter, type AnyParameter } from '../../strategy/parameters.ts';
import type { IStrategy } from '../../strategy/strategy.ts';

/**
 * Indicators once, signals per epoch (Freqtrade's hyperopt): while a parameter is searched its
 * `range` is its whole range, so populateIndicators computes every column any epoch can ask for.
 * Hyperopt runs it once per pair with those ranges, shares the columns with the workers
 * (SharedArrayBuffer), and per epoch the runner's analyzePair only runs populateEntryTrend and
 * populateExitTrend on a fresh frame that borrows the shared columns (a borrowed column is
 * copied on its first in-place write, so an epoch never changes what the next one reads).
 *
 * A strategy whose populateIndicators reads a searched parameter's `.value` makes indicators
 * that depend on the epoch. Hyperopt notices (it watches `.value` reads while indicators are
 * computed) and then computes indicators per distinct value of those parameters instead, in each
 * worker, keeping recent ones in a cache.
 */

/** One column of a pair's indicator frame, as it travels to the workers. */
export type SharedColumn =
  | { name: string; kind: 'candle'; column: keyof Candles }
  | { name: string; kind: 'shared'; offset: number }
  | { name: string; kind: 'tags'; values: TagColumn };

export interface SharedIndicatorFrame {
  pair: string;
  length: number;
  /** Numeric indicator columns back to back (Float64, `length` rows each). */
  buffer: SharedArrayBuffer;
  columns: SharedColumn[];
}

export interface PrecomputedIndicators {
  /** 'shared': one frame per pair for every epoch; 'per-value': workers compute per distinct value of `valueDependent`. */
  mode: 'shared' | 'per-value';
  frames: SharedIndicatorFrame[];
  /** Searched parameters whose `.value` populateIndicators reads (empty in 'shared' mode). */
  valueDependent: string[];
  /** Bytes of shared indicator memory. */
  bytes: number;
}

type Populate = IStrategy['populateIndicators'];
type Informative = IStrategy['informative'];

const noop = (): void => {};

/**
 * The strategy's indicator frame for one pair: informative merges and populateIndicators through
 * the runner's own analyzePair (same checks, same error messages), with the signal hooks
 * replaced by no-ops on a shim that inherits everything else from the strategy.
 */
export function indicatorFrame(
  strategy: IStrategy,
  hooks: { populateIndicators: Populate; informative: Informative },
  candles: Candles,
  pair: string,
  timeframe: string,
  source: CandleSource,
): DataFrame {
  const shim = Object.create(strategy) as IStrategy;
  Object.assign(shim, { populateIndicators: hooks.populateIndicators, informative: hooks.informative, populateEntryTrend: noop, populateExitTrend: noop });
  return analyzePair(shim, candles, { pair, timeframe }, source);
}

/** Informative candles of the loaded data as analyzePair reads them. */
export function candleSource(data: LoadedData, timeframe: string): CandleSource {
  const mains = new Map(data.pairs.map((p) => [p.pair, p.candles]));
  return (pair, tf) => {
    const c = data.informative.get(`${pair}|${tf}`) ?? (tf === timeframe ? mains.get(pair) : undefined);
    if (!c) throw new DataError(`no candles for informative ${pair} ${tf}: download them (download-data --pairs ${pair} --timeframes ${tf})`);
    return c;
  };
}

/**
 * Run `fn` while recording which of `watched` parameters have their `.value` read (an own
 * accessor on each parameter object delegates to the class's and notes the read; removed after).
 */
export function traceValueReads<T>(watched: ReadonlyMap<string, AnyParameter>, fn: () => T): { result: T; read: Set<string> } {
  const read = new Set<string>();
  const desc = findValueDescriptor();
  for (const [name, p] of watched) {
    Object.defineProperty(p, 'value', {
      configurable: true,
      enumerable: false,
      get() {
        read.add(name);
        return desc.get!.call(this);
      },
      set(v: unknown) {
        desc.set!.call(this, v);
      },
    });
  }
  try {
    return { result: fn(), read };
  } finally {
    for (const p of watched.values()) delete (p as unknown as Record<string, unknown>)['value'];
  }
}

function findValueDescriptor(): PropertyDescriptor {
  const d = Object.getOwnPropertyDescriptor(BaseParameter.prototype, 'value');
  if (!d?.get || !d.set) throw new Error('BaseParameter.value is expected to be an accessor');
  return d;
}

/**
 * Compute every pair's indicator frame once (main thread) with the searched parameters in
 * hyperopt mode, and pack the numeric columns into shared memory. Candle columns are referenced,
 * not copied; text columns travel as arrays (copied per worker, they are rare).
 */
export function precomputeIndicators(
  strategy: IStrategy,
  parameters: ReadonlyMap<string, AnyParameter>,
  searched: readonly string[],
  data: LoadedData,
  timeframe: string,
): PrecomputedIndicators {
  const watched = new Map<string, AnyParameter>();
  for (const name of searched) {
    const p = parameters.get(name);
    if (p) watched.set(name, p);
  }
  const source = candleSource(data, timeframe);
  const hooks = { populateIndicators: strategy.populateIndicators, informative: strategy.informative };
  const frames: Array<{ pair: string; candles: Candles; frame: DataFrame }> = [];
  const dependent = new Set<string>();
  for (const { pair, candles } of data.pairs) {
    const { result, read } = traceValueReads(watched, () => indicatorFrame(strategy, hooks, candles, pair, timeframe, source));
    for (const r of read) dependent.add(r);
    frames.push({ pair, candles, frame: result });
  }
  if (dependent.size > 0) return { mode: 'per-value', frames: [], valueDependent: [...dependent].sort(), bytes: 0 };
  let bytes = 0;
  const shared = frames.map(({ pair, candles, frame }) => {
    const packed = packFrame(pair, candles, frame);
    bytes += packed.buffer.byteLength;
    return packed;
  });
  return { mode: 'shared', frames: shared, valueDependent: [], bytes };
}

function packFrame(pair: string, candles: Candles, frame: DataFrame): SharedIndicatorFrame {
  const n = frame.length;
  const byArray = new Map<Float64Array, keyof Candles>(
    (['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const).map((k) => [candles[k], k]),
  );
  const columns: SharedColumn[] = [];
  const numeric: Array<{ name: string; values: Float64Array }> = [];
  for (const name of frame.columns) {
    if (frame.isTags(name)) {
      columns.push({ name, kind: 'tags', values: frame.getTags(name).slice() });
      continue;
    }
    const values = frame.array(name);
    const candle = byArray.get(values);
    if (candle !== undefined) columns.push({ name, kind: 'candle', column: candle });
    else numeric.push({ name, values });
  }
  const buffer = new SharedArrayBuffer(Math.max(8, numeric.length * n * 8));
  const all = new Float64Array(buffer, 0, numeric.length * n);
  numeric.forEach((c, k) => {
    all.set(c.values, k * n);
    columns.push({ name: c.name, kind: 'shared', offset: k * n * 8 });
  });
  return { pair, length: n, buffer, columns };
}

/** The columns of a shared frame as views (numeric) or the arrays themselves (text), in frame order. */
export function frameColumns(shared: SharedIndicatorFrame, candles: Candles): Array<[string, Float64Array | TagColumn]> {
  const out: Array<[string, Float64Array | TagColumn]> = [];
  for (const c of shared.columns) {
    if (c.kind === 'candle') out.push([c.name, candles[c.column]]);
    else if (c.kind === 'shared') out.push([c.name, new Float64Array(shared.buffer, c.offset, shared.length)]);
    else out.push([c.name, c.values]);
  }
  return out;
}

/** Column sets of one pair, by name, as a frame hands them out. */
type ColumnList = Array<[string, Float64Array | TagColumn]>;

function attach(df: DataFrame, cols: ColumnList): void {
  // Set as borrowed: an in-place write (setWhere) copies the column first.
  for (const [name, values] of cols) if (!df.has(name)) df.set(name, values);
}

function ownBytes(cols: ColumnList, candles: Candles): number {
  const skip = new Set<unknown>(Object.values(candles));
  let b = 0;
  for (const [, v] of cols) if (v instanceof Float64Array && !skip.has(v)) b += v.byteLength;
  return b;
}

export interface IndicatorCacheStats {
  computed: number;
  hits: number;
}

/**
 * Make the strategy's populateIndicators hand out precomputed columns (worker side):
 * - 'shared' mode: the shared frame of the pair, every epoch;
 * - 'per-value' mode: computed on first use for each distinct value of the value-dependent
 *   parameters, kept in an LRU cache of at most `cacheBytes` bytes.
 * Informative merges are part of the cached frame, so informative() returns nothing afterwards.
 * Returns counters for the run's statistics.
 */
export function installIndicatorCache(
  strategy: IStrategy,
  parameters: ReadonlyMap<string, AnyParameter>,
  pre: PrecomputedIndicators,
  data: LoadedData,
  timeframe: string,
  cacheBytes = 512 * 1024 * 1024,
): IndicatorCacheStats {
  const stats: IndicatorCacheStats = { computed: 0, hits: 0 };
  const candlesOf = new Map(data.pairs.map((p) => [p.pair, p.candles]));
  const hooks = { populateIndicators: strategy.populateIndicators, informative: strategy.informative };
  const source = candleSource(data, timeframe);
  let provide: (pair: string) => ColumnList;

  if (pre.mode === 'shared') {
    const byPair = new Map<string, ColumnList>();
    for (const f of pre.frames) {
      const c = candlesOf.get(f.pair);
      if (c) byPair.set(f.pair, frameColumns(f, c));
    }
    provide = (pair) => {
      const cols = byPair.get(pair);
      if (!cols) throw new Error(`hyperopt: no precomputed indicators for ${pair}`);
      stats.hits++;
      return cols;
    };
  } else {
    const lru = new Map<string, { cols: ColumnList; bytes: number }>();
    let used = 0;
    const deps = pre.valueDependent.map((n) => parameters.get(n)!);
    provide = (pair) => {
      const key = `${pair}\u0000${JSON.stringify(deps.map((p) => p.value))}`;
      const hit = lru.get(key);
      if (hit) {
        lru.delete(key);
        lru.set(key, hit);
        stats.hits++;
        return hit.cols;
      }
      const candles = candlesOf.get(pair)!;
      const frame = indicatorFrame(strategy, hooks, candles, pair, timeframe, source);
      const cols: ColumnList = frame.columns.map((n) => [n, frame.isTags(n) ? frame.getTags(n) : frame.array(n)]);
      const bytes = ownBytes(cols, candles);
      stats.computed++;
      while (lru.size > 0 && used + bytes > cacheBytes) {
        const [oldest, entry] = lru.entries().next().value as [string, { bytes: number }];
        lru.delete(oldest);
        used -= entry.bytes;
      }
      lru.set(key, { cols, bytes });
      used += bytes;
      return cols;
    };
  }

  const s = strategy as unknown as { populateIndicators: Populate; informative: Informative };
  s.informative = () => [];
  s.populateIndicators = (df, meta) => {
    attach(df, provide(meta.pair));
  };
  return stats;
}
