/**
 * Lookahead analysis (Freqtrade's `lookahead-analysis`, without the backtests around it):
 * analyze each pair's window once, pick signal rows, and for each picked row analyze the
 * window again truncated right after that row, so the signal candle is the last one known, as
 * in a live bot. A strategy without lookahead gives the same values on every row of the
 * truncated run as on the same rows of the full run; any difference means some value was
 * computed from candles that were not yet known.
 *
 * What is compared, per truncated run ending at row r:
 * - the signals at r: entry (enter_long, enter_tag, and enter_short when the strategy can
 *   short) and exit (exit_long, exit_tag, exit_short) as Freqtrade's backtest would read them;
 * - every indicator column (what populate* added, informative columns included) on every row
 *   0..r, bit for bit (NaN == NaN) or within a relative tolerance.
 *
 * Each truncated run only reads rows 0..r (zero-copy views), so its cost grows with r; runs are
 * independent and run one after the other.
 */
import { UsageError } from '../../core/errors.ts';
import type { Pair } from '../../core/pair.ts';
import type { DataFrame } from '../../frame/index.ts';
import { sliceCandles } from '../../data/candles.ts';
import { analyzePair } from '../../strategy/analyze.ts';
import { signalArrays } from '../../strategy/signals.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import { cellAt, firstDifference, formatCell, indicatorColumns, rowAgrees, signalCell } from './compare.ts';
import type { PairWindow } from './data.ts';

export const LOOKAHEAD_DEFAULTS = {
  /** Freqtrade's --minimum-trade-amount default: fewer signals than this give no verdict. */
  minimumSignals: 10,
  /** Freqtrade's --targeted-trade-amount default: entries (and as many exits) checked at most. */
  targetedSignals: 20,
  relativeTolerance: 0,
} as const;

export type SignalSelection = 'spread' | 'first';

export interface LookaheadOptions {
  /** At least this many signals (entries + exits) must exist for a "no bias" verdict. Default 10. */
  minimumSignals?: number;
  /** Check up to this many entry signals and this many exit signals. Default 20. */
  targetedSignals?: number;
  /** Relative tolerance for indicator values; 0 (default) = bit for bit. */
  relativeTolerance?: number;
  /**
   * Which signals to check when there are more than targeted: spread evenly over the range
   * (default; catches bias that shows late, such as a whole-series maximum) or the first ones
   * (cheapest, Freqtrade's order).
   */
  selection?: SignalSelection;
  /**
   * A fresh strategy for each truncated run. Default: the same instance for every run. A fresh
   * instance makes sure a strategy that caches results between calls cannot hide its lookahead.
   */
  freshStrategy?: () => IStrategy | Promise<IStrategy>;
  /** Called after each truncated run (progress bars). */
  onRun?: (done: number, total: number) => void;
}

export type SignalKind = 'entry' | 'exit';

export interface SignalExample {
  pair: Pair;
  /** Open time of the signal candle (epoch ms). */
  time: number;
  /** The signal/tag columns that changed, full-run value -> truncated-run value. */
  changes: { column: string; full: string; truncated: string }[];
}

export interface ColumnBias {
  column: string;
  /** Truncated runs in which this column differed from the full run. */
  runs: number;
  /** The first difference found. */
  example: {
    pair: Pair;
    /** Open time of the row that differed (epoch ms). */
    time: number;
    /** Open time of the last candle of the truncated run. */
    truncatedAt: number;
    full: string;
    truncated: string;
  };
}

export interface LookaheadResult {
  strategy: string;
  pairs: Pair[];
  /** Signal rows found inside the timerange (over all pairs). */
  entriesFound: number;
  exitsFound: number;
  entriesChecked: number;
  exitsChecked: number;
  biasedEntries: number;
  biasedExits: number;
  entryExample?: SignalExample;
  exitExample?: SignalExample;
  /** Indicator columns that differed in at least one truncated run, in frame order. */
  biasedColumns: ColumnBias[];
  /** Truncated runs made (a row that is both an entry and an exit is analyzed once). */
  runs: number;
  hasBias: boolean;
  /** 'too_few_signals': no bias found, but fewer signals than minimumSignals exist to check. */
  verdict: 'bias' | 'no_bias' | 'too_few_signals';
  minimumSignals: number;
  targetedSignals: number;
}

interface Candidate {
  window: number;
  row: number;
  time: number;
}

export async function lookaheadAnalysis(strategy: IStrategy, windows: PairWindow[], opts: LookaheadOptions = {}): Promise<LookaheadResult> {
  const minimumSignals = opts.minimumSignals ?? LOOKAHEAD_DEFAULTS.minimumSignals;
  const targetedSignals = opts.targetedSignals ?? LOOKAHEAD_DEFAULTS.targetedSignals;
  const relTol = opts.relativeTolerance ?? LOOKAHEAD_DEFAULTS.relativeTolerance;
  if (!Number.isInteger(minimumSignals) || minimumSignals < 0) throw new UsageError(`minimum signals must be a whole number >= 0, got ${minimumSignals}`);
  if (!Number.isInteger(targetedSignals) || targetedSignals < 1) throw new UsageError(`targeted signals must be a whole number >= 1, got ${targetedSignals}`);
  if (!(relTol >= 0 && relTol < 1)) throw new UsageError(`relative tolerance must be in [0, 1), got ${relTol}`);
  if (windows.length === 0) throw new UsageError('lookahead analysis needs at least one pair');

  const name = strategy.constructor.name;
  const entryColumns = strategy.canShort ? ['enter_long', 'enter_short', 'enter_tag'] : ['enter_long', 'enter_tag'];
  const exitColumns = strategy.canShort ? ['exit_long', 'exit_short', 'exit_tag'] : ['exit_long', 'exit_tag'];

  const fulls = windows.map((w) => {
    const last = w.candles.timestamp.length - 1;
    return analyzePair(strategy, w.candles, { pair: w.pair, timeframe: w.timeframe }, w.sourceAt(last));
  });

  const entries: Candidate[] = [];
  const exits: Candidate[] = [];
  fulls.forEach((df, k) => {
    const w = windows[k]!;
    const s = signalArrays(df);
    const ts = w.candles.timestamp;
    const short = strategy.canShort;
    // The last row is skipped: truncating there reproduces the full run.
    for (let i = w.firstRow, last = df.length - 1; i < last; i++) {
      if (s.enterLong[i] === 1 || (short && s.enterShort[i] === 1)) entries.push({ window: k, row: i, time: ts[i]! });
      if (s.exitLong[i] === 1 || (short && s.exitShort[i] === 1)) exits.push({ window: k, row: i, time: ts[i]! });
    }
  });
  const byTime = (a: Candidate, b: Candidate): number => a.time - b.time || a.window - b.window;
  entries.sort(byTime);
  exits.sort(byTime);
  const selection = opts.selection ?? 'spread';
  const pickedEntries = pick(entries, targetedSignals, selection);
  const pickedExits = pick(exits, targetedSignals, selection);

  // One truncated run per distinct (pair, row), in row order per pair.
  const runs = new Map<string, { window: number; row: number; entry: boolean; exit: boolean }>();
  for (const [list, kind] of [[pickedEntries, 'entry'], [pickedExits, 'exit']] as const) {
    for (const c of list) {
      const key = `${c.window}:${c.row}`;
      const run = runs.get(key) ?? { window: c.window, row: c.row, entry: false, exit: false };
      run[kind] = true;
      runs.set(key, run);
    }
  }
  const ordered = [...runs.values()].sort((a, b) => a.window - b.window || a.row - b.row);

  const columns = new Map<string, ColumnBias>();
  let biasedEntries = 0;
  let biasedExits = 0;
  let entryExample: SignalExample | undefined;
  let exitExample: SignalExample | undefined;
  let done = 0;
  for (const run of ordered) {
    const w = windows[run.window]!;
    const full = fulls[run.window]!;
    const r = run.row;
    const s = opts.freshStrategy ? await opts.freshStrategy() : strategy;
    const cut = analyzePair(s, sliceCandles(w.candles, 0, r + 1), { pair: w.pair, timeframe: w.timeframe }, w.sourceAt(r));

    if (run.entry && !rowAgrees(full, cut, entryColumns, r, r)) {
      biasedEntries++;
      entryExample ??= signalExample(full, cut, entryColumns, r, w.pair, w.candles.timestamp[r]!);
    }
    if (run.exit && !rowAgrees(full, cut, exitColumns, r, r)) {
      biasedExits++;
      exitExample ??= signalExample(full, cut, exitColumns, r, w.pair, w.candles.timestamp[r]!);
    }
    compareIndicators(full, cut, r, w, relTol, columns);
    opts.onRun?.(++done, ordered.length);
  }

  const order = new Map(fulls.flatMap((df) => indicatorColumns(df)).map((c, i) => [c, i] as const));
  const biasedColumns = [...columns.values()].sort((a, b) => (order.get(a.column) ?? Infinity) - (order.get(b.column) ?? Infinity));
  const hasBias = biasedEntries > 0 || biasedExits > 0 || biasedColumns.length > 0;
  const found = entries.length + exits.length;
  return {
    strategy: name,
    pairs: windows.map((w) => w.pair),
    entriesFound: entries.length,
    exitsFound: exits.length,
    entriesChecked: pickedEntries.length,
    exitsChecked: pickedExits.length,
    biasedEntries,
    biasedExits,
    ...(entryExample ? { entryExample } : {}),
    ...(exitExample ? { exitExample } : {}),
    biasedColumns,
    runs: ordered.length,
    hasBias,
    verdict: hasBias ? 'bias' : found < minimumSignals ? 'too_few_signals' : 'no_bias',
    minimumSignals,
    targetedSignals,
  };
}

/** Up to n candidates: all when there are few, else the first n or n spread evenly (first and last included). */
function pick(list: Candidate[], n: number, selection: SignalSelection): Candidate[] {
  if (list.length <= n) return list;
  if (selection === 'first' || n === 1) return list.slice(0, n);
  const out: Candidate[] = [];
  for (let k = 0; k < n; k++) out.push(list[Math.round((k * (list.length - 1)) / (n - 1))]!);
  return out;
}

/** Indicator columns of the full frame and the truncated one, compared on rows 0..r. */
function compareIndicators(full: DataFrame, cut: DataFrame, r: number, w: PairWindow, relTol: number, out: Map<string, ColumnBias>): void {
  const names = new Set([...indicatorColumns(full), ...indicatorColumns(cut)]);
  for (const column of names) {
    const at = firstDifference(full, cut, column, 0, r + 1, relTol);
    if (at < 0) continue;
    const seen = out.get(column);
    if (seen) {
      seen.runs++;
      continue;
    }
    out.set(column, {
      column,
      runs: 1,
      example: {
        pair: w.pair,
        time: w.candles.timestamp[at]!,
        truncatedAt: w.candles.timestamp[r]!,
        full: formatCell(cellAt(full, column, at)),
        truncated: formatCell(cellAt(cut, column, at)),
      },
    });
  }
}

function signalExample(full: DataFrame, cut: DataFrame, columns: readonly string[], r: number, pair: Pair, time: number): SignalExample {
  const changes: SignalExample['changes'] = [];
  for (const c of columns) {
    if (rowAgrees(full, cut, [c], r, r)) continue;
    changes.push({ column: c, full: formatCell(signalCell(full, c, r)), truncated: formatCell(signalCell(cut, c, r)) });
  }
  return { pair, time, changes };
}
