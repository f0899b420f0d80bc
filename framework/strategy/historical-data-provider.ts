import { UsageError } from '../core/errors.ts';
import type { Pair } from '../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import type { DataFrame } from '../frame/index.ts';
import type { DataProvider } from './context.ts';
import type { RunMode } from './types.ts';

/**
 * The DataProvider of backtests and analysis tools: every frame is computed once over the
 * whole range, and each call returns a view capped at "now", so a callback cannot read a
 * candle that has not closed yet. "Now" is advanced by the engine (setNow).
 */
export class HistoricalDataProvider implements DataProvider {
  readonly runmode: RunMode;
  private readonly timeframe: Timeframe;
  private readonly whitelist: Pair[];
  private readonly raw = new Map<string, DataFrame>();
  private readonly analyzed = new Map<Pair, DataFrame>();
  private now = -Infinity;

  constructor(opts: { runmode: RunMode; timeframe: Timeframe; whitelist: Pair[] }) {
    this.runmode = opts.runmode;
    this.timeframe = opts.timeframe;
    this.whitelist = [...opts.whitelist];
  }

  addCandles(pair: Pair, timeframe: Timeframe, df: DataFrame): void {
    this.raw.set(key(pair, timeframe), df);
  }

  addAnalyzed(pair: Pair, df: DataFrame): void {
    this.analyzed.set(pair, df);
  }

  /** The current time in epoch ms: candles whose close time is <= now are visible. */
  setNow(ms: number): void {
    this.now = ms;
  }

  currentWhitelist(): Pair[] {
    return [...this.whitelist];
  }

  getPairDataframe(pair: Pair, timeframe: Timeframe = this.timeframe): DataFrame {
    const df = this.raw.get(key(pair, timeframe)) ?? (timeframe === this.timeframe ? this.analyzed.get(pair) : undefined);
    if (!df) throw new UsageError(`no candles for ${pair} ${timeframe}: declare it in informativePairs() or informative()`);
    return capAt(df, this.now, timeframeToMs(timeframe));
  }

  getAnalyzedDataframe(pair: Pair, timeframe: Timeframe = this.timeframe): { df: DataFrame; lastAnalyzed: number } {
    const df = timeframe === this.timeframe ? this.analyzed.get(pair) : undefined;
    if (!df) throw new UsageError(`no analyzed frame for ${pair} ${timeframe}: only the traded pairs at the strategy timeframe are analyzed`);
    return { df: capAt(df, this.now, timeframeToMs(timeframe)), lastAnalyzed: this.now };
  }
}

function key(pair: Pair, timeframe: Timeframe): string {
  return `${pair}|${timeframe}`;
}

/** Rows whose candle has closed by `now` (open + timeframe <= now). */
function capAt(df: DataFrame, now: number, tfMs: number): DataFrame {
  const dates = df.dates;
  const limit = now - tfMs;
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid]! <= limit) lo = mid + 1;
    else hi = mid;
  }
  return df.slice(0, lo);
}
