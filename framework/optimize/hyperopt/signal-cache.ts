import type { Column } from '../../frame/columns.ts';
import type { DataFrame } from '../../frame/index.ts';
import type { AnyParameter } from '../../strategy/parameters.ts';
import type { IStrategy, PopulateResult } from '../../strategy/strategy.ts';
import type { PairMetadata } from '../../strategy/types.ts';
import type { SearchSpace } from '../spaces/search-space.ts';
import { traceValueReads } from './indicators.ts';

/**
 * Signals only recomputed for the hooks a searched parameter feeds (worker side).
 *
 * populateEntryTrend and populateExitTrend run on the indicator frame, which is the same for
 * every epoch (indicators.ts). A hook's columns then depend only on the values it reads: the
 * searched parameters' `.value`, the strategy settings the built-in spaces set (minimalRoi,
 * stoploss, trailing*, maxOpenTrades) and, for the exit hook, the entry hook's columns when it
 * reads them. Each computing run of a hook is traced (which of those it reads), and its
 * columns are kept under the values it read. A later epoch with the same values gets them back
 * without running the hook: with `--spaces sell` the entry hook runs once per pair for the
 * whole run, with `--spaces buy` the exit hook (unless it reads a column the entry hook wrote).
 *
 * Soundness: a hook is a deterministic function of what it reads, so equal read values mean
 * the same control flow, the same reads and the same columns. Before a key is trusted, the
 * reads of every computing run are added to the hook's key names (and the cache is cleared
 * when they grow). A hook that assigns a property of the strategy (state for later callbacks),
 * returns another frame, or drops a column is never cached: it runs every epoch, as before.
 *
 * Columns are only kept when the hook's key leaves out at least one searched parameter: a hook
 * reading all of them could only be reused for an exact repeat of the point, which is rare and
 * not worth the memory (retained tag columns also slow every full GC).
 */

/** Strategy settings a search space writes each epoch (spaces/apply.ts), by space. */
const SPACE_SETTINGS: Record<string, readonly string[]> = {
  roi: ['minimalRoi'],
  stoploss: ['stoploss'],
  trailing: ['trailingStop', 'trailingStopPositive', 'trailingStopPositiveOffset', 'trailingOnlyOffsetIsReached'],
  trades: ['maxOpenTrades'],
};

/** Frame methods that read columns by name (everything else goes through them). */
const NAMED_READS = ['get', 'getTags', 'has', 'isTags', 'setWhere', 'drop'] as const;
/** Frame members that expose every column at once. */
const WHOLE_READS = ['slice', 'copy', 'toString'] as const;

export interface SignalCacheStats {
  entry: { computed: number; hits: number; cacheable: boolean };
  exit: { computed: number; hits: number; cacheable: boolean };
}

type Hook = (df: DataFrame, meta: PairMetadata) => PopulateResult;
type Written = Array<[string, Column]>;

interface Entry {
  cols: Written;
  bytes: number;
  /** Identifies this output of the entry hook (the exit hook's key when it reads it). */
  serial: number;
}

let serials = 0;

class HookCache {
  /** Searched parameters and settings the hook was seen to read: the key. */
  readonly params = new Set<string>();
  readonly settings = new Set<string>();
  /** Exit hook only: it read a column the entry hook wrote. */
  readsEntry = false;
  cacheable = true;
  computed = 0;
  hits = 0;
  private readonly lru = new Map<string, Entry>();
  private used = 0;

  constructor(
    private readonly budget: { bytes: number; used: () => number; add: (b: number) => void },
    private readonly allParams: number,
  ) {}

  get bytes(): number {
    return this.used;
  }

  key(pair: string, strategy: IStrategy, parameters: ReadonlyMap<string, AnyParameter>, entrySerial: number): string | null {
    // Keyed on every searched parameter: only an exact repeat of the point would hit.
    if (!this.cacheable || (this.allParams > 0 && this.params.size >= this.allParams)) return null;
    const parts: unknown[] = [pair];
    for (const n of this.params) parts.push(parameters.get(n)!.value);
    for (const s of this.settings) parts.push((strategy as unknown as Record<string, unknown>)[s]);
    if (this.readsEntry) parts.push(entrySerial);
    return JSON.stringify(parts);
  }

  get(key: string): Entry | undefined {
    const hit = this.lru.get(key);
    if (hit) {
      this.lru.delete(key);
      this.lru.set(key, hit);
      this.hits++;
    }
    return hit;
  }

  /** Widen the key with a computing run's reads; a wider key makes the old entries unreachable. */
  learn(params: Iterable<string>, settings: Iterable<string>, readsEntry: boolean): void {
    const before = this.params.size + this.settings.size + (this.readsEntry ? 1 : 0);
    for (const p of params) this.params.add(p);
    for (const s of settings) this.settings.add(s);
    this.readsEntry ||= readsEntry;
    if (this.params.size + this.settings.size + (this.readsEntry ? 1 : 0) !== before) this.clear();
  }

  put(key: string, entry: Entry): void {
    const total = this.budget.bytes;
    if (entry.bytes > total) return;
    while (this.lru.size > 0 && this.budget.used() + entry.bytes > total) {
      const [oldest, e] = this.lru.entries().next().value as [string, Entry];
      this.lru.delete(oldest);
      this.used -= e.bytes;
      this.budget.add(-e.bytes);
    }
    this.lru.set(key, entry);
    this.used += entry.bytes;
    this.budget.add(entry.bytes);
  }

  clear(): void {
    this.budget.add(-this.used);
    this.used = 0;
    this.lru.clear();
  }
}

/**
 * Wrap the strategy's populateEntryTrend / populateExitTrend (own properties of the instance,
 * as installIndicatorCache does for populateIndicators) with the cache above. `cacheBytes`: the
 * budget of both hooks together; 0 turns the cache off.
 */
export function installSignalCache(
  strategy: IStrategy,
  parameters: ReadonlyMap<string, AnyParameter>,
  space: SearchSpace,
  /** Parameters the indicator frame itself depends on (per-value indicators): always in the key. */
  indicatorParams: readonly string[],
  cacheBytes = 256 * 1024 * 1024,
): SignalCacheStats {
  const watched = new Map<string, AnyParameter>();
  for (const n of space.parameterNames) {
    const p = parameters.get(n);
    if (p) watched.set(n, p);
  }
  const settings = space.spaces.flatMap((s) => SPACE_SETTINGS[s] ?? []);
  let used = 0;
  const budget = { bytes: cacheBytes, used: () => used, add: (b: number) => void (used += b) };
  const entry = new HookCache(budget, watched.size);
  const exit = new HookCache(budget, watched.size);
  if (cacheBytes <= 0) entry.cacheable = exit.cacheable = false;
  entry.learn(indicatorParams, [], false);
  exit.learn(indicatorParams, [], false);
  const s = strategy as unknown as Record<string, unknown>;
  const entryHook = (s['populateEntryTrend'] as Hook).bind(strategy);
  const exitHook = (s['populateExitTrend'] as Hook).bind(strategy);
  /** What the entry hook wrote for the pair being analyzed (the exit hook runs right after it). */
  let lastEntry: { pair: string; serial: number; names: Set<string> } = { pair: '', serial: -1, names: new Set() };

  const run = (cache: HookCache, hook: Hook, isExit: boolean) => (df: DataFrame, meta: PairMetadata): PopulateResult => {
    const entrySerial = lastEntry.pair === meta.pair ? lastEntry.serial : -1;
    const key = cache.key(meta.pair, strategy, parameters, entrySerial);
    if (key !== null) {
      const hit = cache.get(key);
      if (hit) {
        // Borrowed: an in-place write (setWhere) later copies the column, the cached one stays.
        for (const [name, col] of hit.cols) df.set(name, col);
        if (!isExit) lastEntry = { pair: meta.pair, serial: hit.serial, names: new Set(hit.cols.map(([n]) => n)) };
        return undefined;
      }
    }
    cache.computed++;
    const before = columnsOf(df);
    const state = ownState(strategy);
    const entryNames = isExit && lastEntry.pair === meta.pair ? lastEntry.names : new Set<string>();
    let readsEntry = false;
    let result: PopulateResult = undefined;
    let readSettings = new Set<string>();
    const { read: params } = traceValueReads(watched, () => {
      readSettings = traceSettingReads(strategy, settings, () => {
        readsEntry = traceFrameReads(df, entryNames, () => {
          result = hook(df, meta);
        });
      });
    });
    const serial = ++serials;
    const out = result === undefined ? df : (result as DataFrame);
    const written = out === df ? writtenColumns(df, before) : null;
    if (written === null || !sameState(strategy, state)) {
      // Another frame, a dropped column or state kept on the strategy: always run this hook.
      cache.cacheable = false;
      cache.clear();
      if (!isExit) lastEntry = { pair: meta.pair, serial, names: new Set(out.columns) };
      return result;
    }
    cache.learn(params, readSettings, readsEntry);
    // Borrowed from here on: a later write through the frame (the exit hook, a callback) copies
    // first, so what the cache keeps is what this hook produced.
    for (const [name, col] of written) df.set(name, col);
    if (!isExit) lastEntry = { pair: meta.pair, serial, names: new Set(written.map(([n]) => n)) };
    const k = cache.key(meta.pair, strategy, parameters, entrySerial);
    if (k !== null) cache.put(k, { cols: written, bytes: bytesOf(written), serial });
    return undefined;
  };

  s['populateEntryTrend'] = run(entry, entryHook, false);
  s['populateExitTrend'] = run(exit, exitHook, true);
  return {
    get entry() {
      return { computed: entry.computed, hits: entry.hits, cacheable: entry.cacheable };
    },
    get exit() {
      return { computed: exit.computed, hits: exit.hits, cacheable: exit.cacheable };
    },
  };
}

/**
 * Run `fn` noting which of the strategy settings `names` it reads (own accessors on the
 * instance for the duration, then plain fields again with their current values). A setting
 * that is not a plain field cannot be traced and counts as read.
 */
export function traceSettingReads(target: IStrategy, names: readonly string[], fn: () => void): Set<string> {
  const read = new Set<string>();
  const o = target as unknown as Record<string, unknown>;
  const saved = new Map<string, { d: PropertyDescriptor; box: { v: unknown } }>();
  for (const n of names) {
    const d = Object.getOwnPropertyDescriptor(o, n);
    if (!d || !('value' in d)) {
      read.add(n);
      continue;
    }
    const box = { v: d.value as unknown };
    saved.set(n, { d, box });
    Object.defineProperty(o, n, {
      configurable: true,
      enumerable: d.enumerable ?? true,
      get: () => {
        read.add(n);
        return box.v;
      },
      set: (x: unknown) => {
        box.v = x;
      },
    });
  }
  try {
    fn();
  } finally {
    for (const [n, { d, box }] of saved) Object.defineProperty(o, n, { ...d, value: box.v });
  }
  return read;
}

/** Each column's array (identity tells a rewritten column from an untouched one). */
function columnsOf(df: DataFrame): Map<string, Column> {
  const m = new Map<string, Column>();
  for (const n of df.columns) m.set(n, df.isTags(n) ? df.getTags(n) : df.array(n));
  return m;
}

/** Columns the hook added or replaced, in frame order; null when it dropped one. */
function writtenColumns(df: DataFrame, before: Map<string, Column>): Written | null {
  const now = columnsOf(df);
  for (const n of before.keys()) if (!now.has(n)) return null;
  const out: Written = [];
  for (const [n, col] of now) if (before.get(n) !== col) out.push([n, col]);
  return out;
}

function bytesOf(cols: Written): number {
  let b = 0;
  for (const [, c] of cols) b += c instanceof Float64Array ? c.byteLength : c.length * 8;
  return b;
}

/** The strategy's own properties (names and values), to notice a hook that keeps state. */
function ownState(strategy: IStrategy): Map<string, unknown> {
  const o = strategy as unknown as Record<string, unknown>;
  const m = new Map<string, unknown>();
  for (const k of Object.keys(o)) m.set(k, o[k]);
  return m;
}

function sameState(strategy: IStrategy, before: Map<string, unknown>): boolean {
  const o = strategy as unknown as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== before.size) return false;
  for (const k of keys) if (!before.has(k) || !Object.is(before.get(k), o[k])) return false;
  return true;
}

/**
 * Run `fn` noting whether it reads any column in `names` from `df` (named reads through the
 * frame's methods, or a read of every column at once). The methods are shadowed by own
 * properties of the instance for the duration.
 */
export function traceFrameReads(df: DataFrame, names: ReadonlySet<string>, fn: () => void): boolean {
  if (names.size === 0) {
    fn();
    return false;
  }
  let hit = false;
  const o = df as unknown as Record<string, unknown>;
  const proto = Object.getPrototypeOf(df) as Record<string, unknown>;
  for (const m of NAMED_READS) {
    const orig = proto[m] as (...a: unknown[]) => unknown;
    o[m] = function (this: DataFrame, name: unknown, ...rest: unknown[]) {
      if (typeof name === 'string' && (names.has(name) || (name === 'timestamp' && names.has('date')))) hit = true;
      return orig.call(this, name, ...rest);
    };
  }
  for (const m of WHOLE_READS) {
    const orig = proto[m] as (...a: unknown[]) => unknown;
    o[m] = function (this: DataFrame, ...args: unknown[]) {
      hit = true;
      return orig.apply(this, args);
    };
  }
  const colsDesc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(df), 'columns')!;
  Object.defineProperty(df, 'columns', {
    configurable: true,
    get() {
      hit = true;
      return colsDesc.get!.call(df);
    },
  });
  try {
    fn();
  } finally {
    for (const m of [...NAMED_READS, ...WHOLE_READS, 'columns']) delete o[m];
  }
  return hit;
}
