/**
 * Drawdown over the closed-trade equity curve, as Freqtrade computes it (data/metrics.py,
 * _calc_drawdown_series / calculate_max_drawdown): trades sorted by close date, cumulative
 * profit with a zero row in front (so a run without losses has drawdown 0 and a run that
 * loses from the first trade measures from the starting balance), high water mark
 * max(0, running max), drawdown = cumulative - high, relative drawdown against
 * starting balance + high.
 */
import type { TradeRecord } from '../portfolio/trade-record.ts';

export type ValueColumn = 'profitAbs' | 'profitRatio';

/** Trades ordered by close date; ties keep their input order (stable). */
export function sortByCloseDate(trades: readonly TradeRecord[]): readonly TradeRecord[] {
  // The engine records trades as they close, so the list is usually sorted already.
  let sorted = true;
  for (let i = 1; i < trades.length && sorted; i++) sorted = trades[i - 1]!.closeDate <= trades[i]!.closeDate;
  if (sorted) return trades;
  const close = new Float64Array(trades.length);
  for (let i = 0; i < trades.length; i++) close[i] = trades[i]!.closeDate;
  const order = Array.from({ length: trades.length }, (_, i) => i);
  order.sort((a, b) => close[a]! - close[b]! || a - b);
  return order.map((i) => trades[i]!);
}

/** Freqtrade's drawdown frame: row 0 is the zero row, row k is after the k-th trade by close date. */
export interface DrawdownSeries {
  /** Close date per row; row 0 repeats the first trade's close date. */
  date: Float64Array;
  cumulative: Float64Array;
  highValue: Float64Array;
  drawdown: Float64Array;
  drawdownRelative: Float64Array;
}

export function drawdownSeries(
  sortedTrades: readonly TradeRecord[],
  opts: { value?: ValueColumn; startingBalance?: number } = {},
): DrawdownSeries {
  const value = opts.value ?? 'profitAbs';
  const sb = opts.startingBalance ?? 0;
  const n = sortedTrades.length + 1;
  const s: DrawdownSeries = {
    date: new Float64Array(n),
    cumulative: new Float64Array(n),
    highValue: new Float64Array(n),
    drawdown: new Float64Array(n),
    drawdownRelative: new Float64Array(n),
  };
  s.date[0] = sortedTrades[0]?.closeDate ?? 0;
  let cum = 0;
  let runMax = -Infinity;
  for (let k = 1; k < n; k++) {
    const t = sortedTrades[k - 1]!;
    cum += t[value];
    runMax = Math.max(runMax, cum);
    const high = Math.max(0, runMax);
    s.date[k] = t.closeDate;
    s.cumulative[k] = cum;
    s.highValue[k] = high;
    s.drawdown[k] = cum - high;
    // Without a starting balance Freqtrade divides by the high water mark itself (0/0 -> NaN).
    s.drawdownRelative[k] = sb ? (sb + high - (sb + cum)) / (sb + high) : (high - cum) / high;
  }
  return s;
}

export interface DrawdownResult {
  /** Largest absolute drop of the cumulative profit from its high water mark. */
  drawdownAbs: number;
  /** Close date of the trade where the high was set (first trade's close when the high is the start). */
  highDate: number;
  /** Close date of the trade at the bottom. */
  lowDate: number;
  /** Cumulative profit at the high and at the low. */
  highValue: number;
  lowValue: number;
  /** (high - low) / (starting balance + high) at that bottom. */
  relativeAccountDrawdown: number;
  currentHighDate: number;
  currentHighValue: number;
  currentDrawdownAbs: number;
  currentRelativeAccountDrawdown: number;
}

/**
 * Freqtrade's calculate_max_drawdown. `relative: true` picks the row with the largest
 * relative drawdown instead of the largest absolute one (Freqtrade's "max % underwater").
 * Returns null for an empty trade list (Freqtrade raises ValueError there).
 */
export function calculateMaxDrawdown(
  trades: readonly TradeRecord[],
  opts: { value?: ValueColumn; startingBalance?: number; relative?: boolean } = {},
): DrawdownResult | null {
  if (trades.length === 0) return null;
  const sorted = sortByCloseDate(trades);
  const s = drawdownSeries(sorted, opts);
  const n = s.cumulative.length;
  // pandas idxmin / idxmax: first occurrence, NaN skipped.
  let idx = 0;
  if (opts.relative) {
    let best = -Infinity;
    for (let k = 0; k < n; k++) {
      const v = s.drawdownRelative[k]!;
      if (!Number.isNaN(v) && v > best) {
        best = v;
        idx = k;
      }
    }
  } else {
    let best = Infinity;
    for (let k = 0; k < n; k++) {
      if (s.drawdown[k]! < best) {
        best = s.drawdown[k]!;
        idx = k;
      }
    }
  }
  const highIdx = firstMaxIndex(s.highValue, 0, idx + 1);
  const dateAt = (row: number): number => sorted[Math.max(row - 1, 0)]!.closeDate;
  const currentHighIdx = firstMaxIndex(s.highValue, 0, n - 1);
  const last = n - 1;
  return {
    drawdownAbs: Math.abs(s.drawdown[idx]!),
    highDate: dateAt(highIdx),
    lowDate: dateAt(idx),
    highValue: s.cumulative[highIdx]!,
    lowValue: s.cumulative[idx]!,
    relativeAccountDrawdown: s.drawdownRelative[idx]!,
    currentHighDate: dateAt(currentHighIdx),
    currentHighValue: s.highValue[last]!,
    currentDrawdownAbs: s.highValue[last]! - s.cumulative[last]!,
    currentRelativeAccountDrawdown: s.drawdownRelative[last]!,
  };
}

function firstMaxIndex(a: Float64Array, from: number, to: number): number {
  let idx = from;
  for (let k = from + 1; k < to; k++) if (a[k]! > a[idx]!) idx = k;
  return idx;
}

/**
 * Freqtrade's calculate_underwater: the drawdown series for plotting (equity curve and
 * underwater chart of the HTML report). Empty trades give an empty series (no zero row).
 */
export function calculateUnderwater(
  trades: readonly TradeRecord[],
  opts: { value?: ValueColumn; startingBalance?: number } = {},
): DrawdownSeries {
  if (trades.length === 0) {
    const e = new Float64Array(0);
    return { date: e, cumulative: e, highValue: e, drawdown: e, drawdownRelative: e };
  }
  return drawdownSeries(sortByCloseDate(trades), { value: opts.value ?? 'profitRatio', startingBalance: opts.startingBalance ?? 0 });
}

/**
 * Freqtrade's calculate_csum ("Min balance" / "Max balance"): min and max of the running sum
 * of profit_abs in the order the trades were recorded (not re-sorted, no zero row), plus the
 * starting balance. Null for no trades.
 */
export function calculateCsum(trades: readonly TradeRecord[], startingBalance: number): { min: number; max: number } | null {
  if (trades.length === 0) return null;
  let cum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const t of trades) {
    cum += t.profitAbs;
    if (cum < min) min = cum;
    if (cum > max) max = cum;
  }
  return { min: min + startingBalance, max: max + startingBalance };
}
