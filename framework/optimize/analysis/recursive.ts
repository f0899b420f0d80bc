/**
 * Recursive analysis (Freqtrade's `recursive-analysis`): how much an indicator's value depends
 * on how much history it was computed from. Recursive indicators (EMA, RSI, MACD, ATR, ADX, ...)
 * carry their seed forever, decaying: computed from 10 candles they differ from the same
 * indicator computed from a year of candles. A backtest computes them over the whole range, a
 * live bot over the startup candles only, so a too small `startupCandleCount` makes live
 * values (and signals) differ from the backtest's.
 *
 * Method: analyze the long history once (the reference), then, for each startup length S,
 * only the last S + K candles (S warm-up candles before the K compared rows), and compare the
 * K last rows of every indicator column with the reference. The deviation of a column is the
 * largest |partial - reference| / max(|reference|, scale) over those rows, where scale is the
 * mean |reference| over the last 100 rows, so indicators that swing around zero (MACD
 * histogram) are not reported with huge percentages for differences that are tiny in their
 * usual range. A value present in one run and NaN in the other is "no value" (the indicator
 * had not warmed up at all): infinitely wrong.
 *
 * Freqtrade's note "lookahead in recursive": the reference is also analyzed once more truncated
 * half way, and any indicator column that changes on the rows both runs share is listed as
 * suspect of lookahead (run lookahead-analysis for the details).
 */
import { UsageError, errorMessage } from '../../core/errors.ts';
import type { Pair } from '../../core/pair.ts';
import { sliceCandles } from '../../data/candles.ts';
import type { DataFrame } from '../../frame/index.ts';
import { analyzePair } from '../../strategy/analyze.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import { firstDifference, indicatorColumns } from './compare.ts';
import type { PairWindow } from './data.ts';

export const RECURSIVE_DEFAULTS = {
  /** Largest acceptable relative deviation at the strategy's startupCandleCount (0.1 %). */
  threshold: 0.001,
  /** Rows compared at the end of the range. */
  compareRows: 1,
  /** Rows over which the scale of a column (mean |value|) is taken. */
  scaleRows: 100,
} as const;

export interface RecursiveOptions {
  /** Startup lengths to test; the strategy's startupCandleCount is always added. Default: it, x2, x4, x8. */
  startups?: number[];
  /** Relative deviation above which a startup length is too small. Default 0.001 (0.1 %). */
  threshold?: number;
  /** Last rows compared (the worst one counts). Default 1, as Freqtrade. */
  compareRows?: number;
  /** A fresh strategy per run (see LookaheadOptions.freshStrategy). */
  freshStrategy?: () => IStrategy | Promise<IStrategy>;
}

export interface StartupRun {
  startup: number;
  /** Set when this length could not be evaluated (not enough history, or the strategy threw). */
  error?: string;
}

export interface ColumnDeviation {
  column: string;
  /** Per entry of `startups`: the relative deviation (Infinity = no value on one side), or undefined if that run failed. */
  deviations: (number | undefined)[];
}

export interface RecursiveResult {
  strategy: string;
  pair: Pair;
  startupCandleCount: number;
  /** Tested startup lengths, ascending. */
  startups: StartupRun[];
  /** Candles in the reference run and the open time of its last (evaluated) candle. */
  referenceCandles: number;
  evaluatedAt: number;
  compareRows: number;
  threshold: number;
  /** Indicator columns in frame order. */
  columns: ColumnDeviation[];
  /** Columns whose deviation at startupCandleCount is above the threshold. */
  tooSmallFor: { column: string; deviation: number }[];
  /** Smallest tested startup length with every column within the threshold (undefined if none). */
  recommendedStartup: number | undefined;
  /** Indicator columns that changed when the reference was truncated (lookahead suspects). */
  lookaheadColumns: string[];
}

export function defaultStartups(startupCandleCount: number): number[] {
  const s = startupCandleCount;
  return s > 0 ? [s, 2 * s, 4 * s, 8 * s] : [100, 500, 1000];
}

export async function recursiveAnalysis(strategy: IStrategy, window: PairWindow, opts: RecursiveOptions = {}): Promise<RecursiveResult> {
  const threshold = opts.threshold ?? RECURSIVE_DEFAULTS.threshold;
  const k = opts.compareRows ?? RECURSIVE_DEFAULTS.compareRows;
  const scc = strategy.startupCandleCount;
  if (!(threshold >= 0)) throw new UsageError(`threshold must be a number >= 0, got ${threshold}`);
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`compare rows must be a whole number >= 1, got ${k}`);
  const requested = opts.startups ?? defaultStartups(scc);
  for (const s of requested) {
    if (!Number.isInteger(s) || s < 0) throw new UsageError(`startup candle counts must be whole numbers >= 0, got ${s}`);
  }
  const startups = [...new Set([...requested, scc])].sort((a, b) => a - b);

  const fresh = async (): Promise<IStrategy> => (opts.freshStrategy ? await opts.freshStrategy() : strategy);
  const meta = { pair: window.pair, timeframe: window.timeframe };
  const n = window.candles.timestamp.length;
  if (n < k + 1) throw new UsageError(`${window.pair}: ${n} candles are too few for a recursive analysis`);
  const reference = analyzePair(strategy, window.candles, meta, window.sourceAt(n - 1));
  const names = indicatorColumns(reference).filter((c) => !reference.isTags(c));
  const scales = names.map((c) => meanAbs(reference.array(c), n - RECURSIVE_DEFAULTS.scaleRows, n));

  const runs: StartupRun[] = [];
  const columns: ColumnDeviation[] = names.map((column) => ({ column, deviations: [] }));
  for (const s of startups) {
    const len = s + k;
    let partial: DataFrame | undefined;
    let error: string | undefined;
    if (len > n) {
      error = `needs ${len} candles, the reference has ${n}`;
    } else {
      try {
        const tail = window.from(n - len);
        partial = analyzePair(await fresh(), tail.candles, meta, tail.sourceAt(len - 1));
      } catch (err) {
        error = errorMessage(err);
      }
    }
    runs.push(error === undefined ? { startup: s } : { startup: s, error });
    names.forEach((c, j) => {
      columns[j]!.deviations.push(partial ? deviation(reference.array(c), n - k, partial, c, len - k, k, scales[j]!) : undefined);
    });
  }

  const at = startups.indexOf(scc);
  const tooSmallFor = columns.flatMap((c) => {
    const d = c.deviations[at];
    return d !== undefined && tooLarge(d, threshold) ? [{ column: c.column, deviation: d }] : [];
  });
  const recommended = startups.find((_, i) => runs[i]!.error === undefined && columns.every((c) => !tooLarge(c.deviations[i] ?? Infinity, threshold)));

  return {
    strategy: strategy.constructor.name,
    pair: window.pair,
    startupCandleCount: scc,
    startups: runs,
    referenceCandles: n,
    evaluatedAt: window.candles.timestamp[n - 1]!,
    compareRows: k,
    threshold,
    columns,
    tooSmallFor,
    recommendedStartup: recommended,
    lookaheadColumns: lookaheadSuspects(await fresh(), window, reference),
  };
}

/** Largest scaled deviation over k rows; a column missing from the partial run counts as no value. */
function deviation(ref: Float64Array, refFrom: number, partial: DataFrame, column: string, from: number, k: number, scale: number): number {
  if (!partial.has(column) || partial.isTags(column)) return Infinity;
  const p = partial.array(column);
  let worst = 0;
  for (let i = 0; i < k; i++) {
    const r = ref[refFrom + i]!;
    const v = p[from + i]!;
    if (r === v || (r !== r && v !== v)) continue;
    if (r !== r || v !== v) return Infinity;
    const denom = Math.max(Math.abs(r), scale);
    const d = denom > 0 ? Math.abs(v - r) / denom : Infinity;
    if (d > worst) worst = d;
  }
  return worst;
}

/** Above the threshold; "no value" (Infinity) is too large whatever the threshold. */
export function tooLarge(d: number, threshold: number): boolean {
  return d === Infinity || d > threshold;
}

function meanAbs(x: Float64Array, from: number, to: number): number {
  let sum = 0;
  let count = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) {
      sum += Math.abs(v);
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}

/** Indicator columns that change on shared rows when the reference is cut half way. */
function lookaheadSuspects(strategy: IStrategy, w: PairWindow, reference: DataFrame): string[] {
  const n = w.candles.timestamp.length;
  const cut = Math.floor(n / 2);
  if (cut < 2) return [];
  const part = analyzePair(strategy, sliceCandles(w.candles, 0, cut), { pair: w.pair, timeframe: w.timeframe }, w.sourceAt(cut - 1));
  const names = new Set([...indicatorColumns(reference), ...indicatorColumns(part)]);
  return [...names].filter((c) => firstDifference(reference, part, c, 0, cut, 0) >= 0);
}
