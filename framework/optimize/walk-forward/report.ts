import { boxTable } from '../../reports/box-table.ts';
import { fmtCoin, formatDateTime, pyFixed } from '../../reports/py-format.ts';
import type { EpochMetrics } from '../hyperopt/epoch-metrics.ts';
import type { Dimension, ParamValue, Point } from '../spaces/dimensions.ts';

/**
 * The walk-forward report: per window the in-sample (IS) result of the best epoch and the
 * out-of-sample (OOS) backtest of its parameters, the OOS aggregate, how stable the chosen
 * parameters are across windows, and a plain verdict.
 *
 * Comparing IS with OOS: windows differ in length, so profits are compared per day
 * (profit % of the starting balance / days). The rule:
 *   - a window is "much worse" out of sample when its IS daily profit is positive and its OOS
 *     daily profit is <= 0 or below half of it;
 *   - walk-forward efficiency = mean OOS daily profit / mean IS daily profit;
 *   - the run is "much worse out of sample" when the mean IS daily profit is positive and the
 *     efficiency is below 0.5 (which includes OOS losing money), or when most windows are much
 *     worse. When IS itself does not make money the comparison says so instead.
 * Parameter stability, per searched dimension: numeric ones by their spread across windows
 * ((max - min) / the dimension's range; stable at <= 25 %), categorical ones by how often the
 * most frequent choice was picked (stable at >= 2/3 of the windows).
 */

export const MUCH_WORSE_RATIO = 0.5;
export const STABLE_SPREAD = 0.25;
export const STABLE_MODE_SHARE = 2 / 3;

export interface SampleResult {
  metrics: EpochMetrics;
  /** The loss (first objective) on this window; null when it failed. */
  loss: number | null;
  days: number;
}

export interface WindowResult {
  index: number;
  inSample: { startMs: number; endMs: number };
  outOfSample: { startMs: number; endMs: number };
  resultsFile: string;
  epochs: number;
  bestEpoch: number | null;
  params: Point | null;
  is: SampleResult | null;
  oos: SampleResult | null;
}

export interface StabilityRow {
  name: string;
  values: Array<ParamValue | null>;
  /** Numeric dimensions. */
  min?: number;
  max?: number;
  mean?: number;
  /** (max - min) / (high - low) of the dimension. */
  spreadOfRange?: number;
  /** Categorical dimensions. */
  mode?: ParamValue;
  modeShare?: number;
  stable: boolean;
}

export interface WalkForwardSummary {
  windows: WindowResult[];
  aggregate: {
    oosTrades: number;
    oosProfitAbs: number;
    /** Mean of the windows' OOS profit % (each window starts from the starting balance). */
    oosProfitPctMean: number;
    oosProfitableWindows: number;
    oosWorstDrawdownAccount: number;
    isDailyPctMean: number | null;
    oosDailyPctMean: number | null;
    efficiency: number | null;
  };
  stability: StabilityRow[];
  muchWorseWindows: number[];
  verdict: { muchWorse: boolean; text: string };
}

const dailyPct = (s: SampleResult): number => (s.metrics.profitTotal * 100) / Math.max(s.days, 1e-9);

export function windowMuchWorse(w: WindowResult): boolean {
  if (!w.is || !w.oos) return false;
  const a = dailyPct(w.is);
  const b = dailyPct(w.oos);
  return a > 0 && (b <= 0 || b < MUCH_WORSE_RATIO * a);
}

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function parameterStability(windows: readonly WindowResult[], dims: readonly Dimension[]): StabilityRow[] {
  return dims.map((d) => {
    const values = windows.map((w) => (w.params ? (w.params[d.name] ?? null) : null));
    const present = values.filter((v): v is ParamValue => v !== null);
    if (d.kind === 'categorical') {
      const counts = new Map<ParamValue, number>();
      for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
      let mode: ParamValue | undefined;
      let n = 0;
      for (const [v, c] of counts) if (c > n) [mode, n] = [v, c];
      const share = present.length > 0 ? n / present.length : 0;
      return { name: d.name, values, ...(mode !== undefined ? { mode } : {}), modeShare: share, stable: present.length > 0 && share >= STABLE_MODE_SHARE };
    }
    const nums = present.map(Number);
    if (nums.length === 0) return { name: d.name, values, stable: false };
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    const range = d.high - d.low;
    const spread = range > 0 ? (max - min) / range : 0;
    return { name: d.name, values, min, max, mean: mean(nums)!, spreadOfRange: spread, stable: spread <= STABLE_SPREAD };
  });
}

export function summarizeWalkForward(windows: WindowResult[], dims: readonly Dimension[]): WalkForwardSummary {
  const withOos = windows.filter((w) => w.oos !== null);
  const both = windows.filter((w) => w.is !== null && w.oos !== null);
  const isDaily = mean(both.map((w) => dailyPct(w.is!)));
  const oosDaily = mean(both.map((w) => dailyPct(w.oos!)));
  const efficiency = isDaily !== null && oosDaily !== null && isDaily > 0 ? oosDaily / isDaily : null;
  const muchWorseWindows = windows.filter(windowMuchWorse).map((w) => w.index);
  const aggregate = {
    oosTrades: withOos.reduce((n, w) => n + w.oos!.metrics.trades, 0),
    oosProfitAbs: withOos.reduce((n, w) => n + w.oos!.metrics.profitTotalAbs, 0),
    oosProfitPctMean: mean(withOos.map((w) => w.oos!.metrics.profitTotal * 100)) ?? 0,
    oosProfitableWindows: withOos.filter((w) => w.oos!.metrics.profitTotal > 0).length,
    oosWorstDrawdownAccount: Math.max(0, ...withOos.map((w) => w.oos!.metrics.maxDrawdownAccount)),
    isDailyPctMean: isDaily,
    oosDailyPctMean: oosDaily,
    efficiency,
  };
  let muchWorse = false;
  let text: string;
  if (isDaily === null || oosDaily === null) {
    text = 'No window has both an in-sample and an out-of-sample result: nothing to compare.';
  } else if (isDaily <= 0) {
    text =
      `In-sample optimisation found no profitable parameters (mean in-sample profit ${pyFixed(isDaily, 3)}% per day); ` +
      'the out-of-sample comparison says nothing about overfitting. Revisit the strategy or the search space.';
  } else {
    muchWorse = efficiency! < MUCH_WORSE_RATIO || muchWorseWindows.length * 2 > both.length;
    const eff = `walk-forward efficiency ${pyFixed(efficiency! * 100, 1)}% (mean out-of-sample profit ${pyFixed(oosDaily, 3)}% per day vs ${pyFixed(isDaily, 3)}% in sample)`;
    text = muchWorse
      ? `OUT-OF-SAMPLE RESULTS ARE MUCH WORSE THAN IN-SAMPLE: ${eff}; ${muchWorseWindows.length} of ${both.length} windows much worse. ` +
        'The optimised parameters are probably overfitted to the in-sample data.'
      : `Out-of-sample results hold up: ${eff}; ${muchWorseWindows.length} of ${both.length} windows much worse.`;
  }
  return { windows, aggregate, stability: parameterStability(windows, dims), muchWorseWindows, verdict: { muchWorse, text } };
}

/** "2023-01-05 16:00 -> 2023-01-19 15:55": open times of the first and last candle (UTC). */
export function spanText(r: { startMs: number; endMs: number }): string {
  return `${formatDateTime(r.startMs).slice(0, 16)} -> ${formatDateTime(r.endMs).slice(0, 16)}`;
}

function pct(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined ? '-' : `${pyFixed(x, digits)}%`;
}

export function walkForwardText(s: WalkForwardSummary, stakeCurrency: string, title: string): string {
  const rows = s.windows.map((w) => [
    String(w.index),
    spanText(w.inSample),
    spanText(w.outOfSample),
    w.bestEpoch === null ? '-' : `${w.bestEpoch}/${w.epochs}`,
    w.is ? String(w.is.metrics.trades) : '-',
    pct(w.is ? w.is.metrics.profitTotal * 100 : null),
    pct(w.is ? dailyPct(w.is) : null, 3),
    w.oos ? String(w.oos.metrics.trades) : '-',
    pct(w.oos ? w.oos.metrics.profitTotal * 100 : null),
    pct(w.oos ? dailyPct(w.oos) : null, 3),
    pct(w.oos ? w.oos.metrics.maxDrawdownAccount * 100 : null),
    w.oos?.loss === null || w.oos === null ? '-' : pyFixed(w.oos.loss, 5),
    windowMuchWorse(w) ? 'much worse' : w.oos && w.is ? 'ok' : '-',
  ]);
  const windows = boxTable(
    ['Window', 'In-sample', 'Out-of-sample', 'Best epoch', 'IS trades', 'IS profit', 'IS /day', 'OOS trades', 'OOS profit', 'OOS /day', 'OOS max DD', 'OOS objective', 'OOS vs IS'],
    rows,
    { title },
  );
  const a = s.aggregate;
  const aggregate = boxTable(
    ['Metric', 'Value'],
    [
      ['OOS trades', String(a.oosTrades)],
      ['OOS total profit', fmtCoin(a.oosProfitAbs, stakeCurrency)],
      ['OOS mean profit per window', pct(a.oosProfitPctMean)],
      ['OOS profitable windows', `${a.oosProfitableWindows} / ${s.windows.length}`],
      ['OOS worst drawdown (acc)', pct(a.oosWorstDrawdownAccount * 100)],
      ['IS mean profit per day', pct(a.isDailyPctMean, 3)],
      ['OOS mean profit per day', pct(a.oosDailyPctMean, 3)],
      ['Walk-forward efficiency', a.efficiency === null ? '-' : pct(a.efficiency * 100, 1)],
    ],
    { title: 'OUT-OF-SAMPLE AGGREGATE', justify: 'left' },
  );
  const stability = boxTable(
    ['Parameter', ...s.windows.map((w) => `W${w.index}`), 'Spread', 'Stable'],
    s.stability.map((r) => [
      r.name,
      ...r.values.map((v) => (v === null ? '-' : String(v))),
      r.spreadOfRange !== undefined ? `${pyFixed(r.spreadOfRange * 100, 1)}% of range` : r.modeShare !== undefined ? `mode ${String(r.mode)} in ${pyFixed(r.modeShare * 100, 0)}%` : '-',
      r.stable ? 'yes' : 'NO',
    ]),
    { title: 'PARAMETER STABILITY' },
  );
  return `${windows}\n${aggregate}\n${stability}\n${s.verdict.text}\n`;
}
