import type { TradeRecord } from '../../portfolio/trade-record.ts';
import { calculateMaxDrawdown } from '../../reports/drawdown.ts';

/**
 * What the results file keeps of an epoch's backtest: the figures hyperopt-list shows and
 * filters on (Freqtrade's results_metrics subset), computed in one pass over the trades. The
 * full report of an epoch is re-created by hyperopt-show, which re-runs the backtest.
 */
export interface EpochMetrics {
  trades: number;
  wins: number;
  draws: number;
  losses: number;
  /** Mean profit ratio per trade (Freqtrade's profit_mean). */
  profitMean: number;
  /** Total profit / starting balance (profit_total). */
  profitTotal: number;
  /** Total profit in stake currency (profit_total_abs). */
  profitTotalAbs: number;
  /** Mean trade duration in minutes. */
  durationAvgMin: number;
  /** Largest drop of the closed-trade equity from its high, stake currency (max_drawdown_abs). */
  maxDrawdownAbs: number;
  /** That drop relative to starting balance + high (max_drawdown_account). */
  maxDrawdownAccount: number;
}

export function epochMetrics(trades: readonly TradeRecord[], startingBalance: number): EpochMetrics {
  let wins = 0;
  let draws = 0;
  let losses = 0;
  let sumRatio = 0;
  let sumAbs = 0;
  let sumMin = 0;
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    if (t.profitAbs > 0) wins++;
    else if (t.profitAbs < 0) losses++;
    else draws++;
    sumRatio += t.profitRatio;
    sumAbs += t.profitAbs;
    sumMin += (t.closeDate - t.openDate) / 60_000;
  }
  const n = trades.length;
  const dd = n > 0 ? calculateMaxDrawdown(trades, { value: 'profitAbs', startingBalance }) : null;
  return {
    trades: n,
    wins,
    draws,
    losses,
    profitMean: n > 0 ? sumRatio / n : 0,
    profitTotal: sumAbs / startingBalance,
    profitTotalAbs: sumAbs,
    durationAvgMin: n > 0 ? sumMin / n : 0,
    maxDrawdownAbs: dd ? dd.drawdownAbs : 0,
    maxDrawdownAccount: dd ? dd.relativeAccountDrawdown : 0,
  };
}
