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
  const both = calculateMaxDrawdowns(trades, opts);
  return both && (opts.relative ? both.relative : both.absolute);
}

/**
 * calculateMaxDrawdown's absolute and relative picks from one walk over the trades. The
 * report runs once per process, mostly as cold code: one loop without the five series
 * arrays. It relies on the high water mark never falling, so a list with a non-finite value
 * takes the series path (where NaN rows behave as pandas' idxmin / idxmax skip them).
 */
export function calculateMaxDrawdowns(
  trades: readonly TradeRecord[],
  opts: { value?: ValueColumn; startingBalance?: number } = {},
): { absolute: DrawdownResult; relative: DrawdownResult } | null {
  if (trades.length === 0) return null;
  const sorted = sortByCloseDate(trades);
  const value = opts.value ?? 'profitAbs';
  const sb = opts.startingBalance ?? 0;
  const n = sorted.length;
  // Row 0 is the zero row: cumulative, high, drawdown and relative drawdown all 0.
  let cum = 0;
  let runMax = -Infinity;
  let high = 0;
  let rel = 0;
  // First row of the current high (the row where it last rose; 0 while it is the zero row).
  let highRow = 0;
  let highCum = 0;
  // Before the last row: Freqtrade's current high looks at every row but the last.
  let currentHighRow = 0;
  // The absolute pick (first smallest drawdown) and the relative pick (first largest relative drawdown).
  let absRow = 0, absDd = 0, absCum = 0, absRel = 0, absHighRow = 0, absHighCum = 0;
  let relRow = 0, relDd = 0, relCum = 0, relRel = 0, relHighRow = 0, relHighCum = 0;
  for (let k = 1; k <= n; k++) {
    const v = sorted[k - 1]![value];
    // Finite check without a call: NaN and +-Infinity give NaN here.
    if (v - v !== 0) return seriesDrawdowns(sorted, value, sb);
    if (k === n) currentHighRow = highRow;
    cum += v;
    if (cum > runMax) runMax = cum;
    const h = runMax > 0 ? runMax : 0;
    if (h > high) {
      highRow = k;
      highCum = cum;
    }
    high = h;
    const dd = cum - high;
    // Without a starting balance Freqtrade divides by the high water mark itself (0/0 -> NaN).
    rel = sb ? (sb + high - (sb + cum)) / (sb + high) : (high - cum) / high;
    if (dd < absDd) {
      absRow = k; absDd = dd; absCum = cum; absRel = rel; absHighRow = highRow; absHighCum = highCum;
    }
    if (rel > relRel) {
      relRow = k; relDd = dd; relCum = cum; relRel = rel; relHighRow = highRow; relHighCum = highCum;
    }
  }
  const dateAt = (row: number): number => sorted[row > 0 ? row - 1 : 0]!.closeDate;
  const current = {
    currentHighDate: dateAt(currentHighRow),
    currentHighValue: high,
    currentDrawdownAbs: high - cum,
    currentRelativeAccountDrawdown: rel,
  };
  return {
    absolute: {
      drawdownAbs: Math.abs(absDd),
      highDate: dateAt(absHighRow),
      lowDate: dateAt(absRow),
      highValue: absHighCum,
      lowValue: absCum,
      relativeAccountDrawdown: absRel,
      ...current,
    },
    relative: {
      drawdownAbs: Math.abs(relDd),
      highDate: dateAt(relHighRow),
      lowDate: dateAt(relRow),
      highValue: relHighCum,
      lowValue: relCum,
      relativeAccountDrawdown: relRel,
      ...current,
    },
  };
}

/** The general path over the full series (any value, NaN included). */
function seriesDrawdowns(sorted: readonly TradeRecord[], value: ValueColumn, sb: number): { absolute: DrawdownResult; relative: DrawdownResult } {
  const s = drawdownSeries(sorted, { value, startingBalance: sb });
  const n = s.cumulative.length;
  // pandas idxmin / idxmax: first occurrence, NaN skipped.
  let relIdx = 0;
  let bestRel = -Infinity;
  let absIdx = 0;
  let bestAbs = Infinity;
  for (let k = 0; k < n; k++) {
    const v = s.drawdownRelative[k]!;
    if (!Number.isNaN(v) && v > bestRel) {
      bestRel = v;
      relIdx = k;
    }
    if (s.drawdown[k]! < bestAbs) {
      bestAbs = s.drawdown[k]!;
      absIdx = k;
    }
  }
  const dateAt = (row: number): number => sorted[Math.max(row - 1, 0)]!.closeDate;
  const currentHighIdx = firstMaxIndex(s.highValue, 0, n - 1);
  const last = n - 1;
  const pick = (idx: number): DrawdownResult => {
    const highIdx = firstMaxIndex(s.highValue, 0, idx + 1);
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
  };
  return { absolute: pick(absIdx), relative: pick(relIdx) };
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
