import type { HyperoptLoss, LossInput } from './types.ts';

/**
 * Freqtrade's daily Sharpe and Sortino losses (hyperopt_loss_sharpe_daily.py,
 * hyperopt_loss_sortino_daily.py): per-trade profit ratios less a slippage of 0.0005 each,
 * summed per UTC day of the close date over every day from min_date's day to max_date's day
 * (days without trades count 0; trades closing outside those days are dropped, as pandas'
 * reindex drops them), then annualised with sqrt(365).
 */

export const SLIPPAGE_PER_TRADE_RATIO = 0.0005;
export const DAYS_IN_YEAR = 365;
const DAY_MS = 86_400_000;

/** Daily sums of (profit_ratio - slippage), one entry per calendar day of [min_date, max_date]. */
export function dailyReturns(input: LossInput): Float64Array {
  const first = Math.floor(input.minDate / DAY_MS);
  const last = Math.floor(input.maxDate / DAY_MS);
  const days = new Float64Array(Math.max(0, last - first + 1));
  for (const t of input.trades) {
    const d = Math.floor(t.closeDate / DAY_MS) - first;
    if (d >= 0 && d < days.length) days[d]! += t.profitRatio - SLIPPAGE_PER_TRADE_RATIO;
  }
  return days;
}

/** loss = -mean(daily) / std(daily, sample) · sqrt(365); a zero std gives loss 20 (Freqtrade's -20 ratio). */
export const SharpeHyperOptLossDaily: HyperoptLoss = {
  name: 'SharpeHyperOptLossDaily',
  objectives: 1,
  compute(input: LossInput): number {
    const r = dailyReturns(input);
    const n = r.length;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += r[i]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (r[i]! - mean) ** 2;
    // pandas' Series.std(): ddof 1, NaN below two days (and NaN != 0 in Freqtrade's test, so the ratio is NaN).
    const std = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
    const sharpe = std !== 0 ? (mean / std) * Math.sqrt(DAYS_IN_YEAR) : -20;
    return -sharpe;
  },
};

/**
 * loss = -mean(daily) / sqrt(Σ min(0, daily)² / days) · sqrt(365) (Red Rock Capital's
 * downside deviation, minimum acceptable return 0); no losing day gives loss 20.
 */
export const SortinoHyperOptLossDaily: HyperoptLoss = {
  name: 'SortinoHyperOptLossDaily',
  objectives: 1,
  compute(input: LossInput): number {
    const r = dailyReturns(input);
    const n = r.length;
    let mean = 0;
    let down = 0;
    for (let i = 0; i < n; i++) {
      mean += r[i]!;
      if (r[i]! < 0) down += r[i]! ** 2;
    }
    mean /= n;
    const downStd = Math.sqrt(down / n);
    const sortino = downStd !== 0 ? (mean / downStd) * Math.sqrt(DAYS_IN_YEAR) : -20;
    return -sortino;
  },
};
