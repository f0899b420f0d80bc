/**
 * Freqtrade's generate_trading_stats and calc_streak. Note Freqtrade's own conventions here:
 * wins / draws / losses split on profit_ratio (the tables split on profit_abs), durations
 * are rounded to whole minutes half-to-even, and a streak counts every non-winning trade
 * (draws included) as a loss, in the order the trades were recorded.
 */
import type { TradeRecord } from '../portfolio/trade-record.ts';
import { roundHalfEven } from './py-format.ts';
import { tradeDurationMinutes } from '../portfolio/trade-record.ts';

export interface TradingStats {
  wins: number;
  losses: number;
  draws: number;
  winrate: number;
  holdingAvgS: number;
  winnerHoldingMinS: number;
  winnerHoldingMaxS: number;
  winnerHoldingAvgS: number;
  loserHoldingMinS: number;
  loserHoldingMaxS: number;
  loserHoldingAvgS: number;
  maxConsecutiveWins: number;
  maxConsecutiveLosses: number;
}

/** Longest run of winners (profit_ratio > 0) and of non-winners. */
export function calcStreak(trades: readonly TradeRecord[]): { wins: number; losses: number } {
  let wins = 0;
  let losses = 0;
  let run = 0;
  let prevWin: boolean | null = null;
  for (const t of trades) {
    const win = t.profitRatio > 0;
    run = win === prevWin ? run + 1 : 1;
    prevWin = win;
    if (win) wins = Math.max(wins, run);
    else losses = Math.max(losses, run);
  }
  return { wins, losses };
}

function minutesToS(m: number): number {
  return roundHalfEven(m) * 60;
}

/**
 * One walk over the trades (the report runs once per process, mostly as cold code): the same
 * sums, minima and maxima, in the same order, as filtering winners and losers and mapping them
 * to durations would give.
 */
export function generateTradingStats(trades: readonly TradeRecord[]): TradingStats {
  const n = trades.length;
  if (n === 0) {
    return {
      wins: 0, losses: 0, draws: 0, winrate: 0, holdingAvgS: 0,
      winnerHoldingMinS: 0, winnerHoldingMaxS: 0, winnerHoldingAvgS: 0,
      loserHoldingMinS: 0, loserHoldingMaxS: 0, loserHoldingAvgS: 0,
      maxConsecutiveWins: 0, maxConsecutiveLosses: 0,
    };
  }
  let minutes = 0;
  let wins = 0, winMinutes = 0, winMin = Infinity, winMax = -Infinity;
  let losses = 0, lossMinutes = 0, lossMin = Infinity, lossMax = -Infinity;
  let draws = 0;
  // calcStreak: a run of winners or of non-winners, in recorded order.
  let streakWins = 0;
  let streakLosses = 0;
  let run = 0;
  let prevWin: boolean | null = null;
  for (let i = 0; i < n; i++) {
    const t = trades[i]!;
    const d = tradeDurationMinutes(t);
    const r = t.profitRatio;
    minutes += d;
    if (r > 0) {
      wins++;
      winMinutes += d;
      if (d < winMin) winMin = d;
      if (d > winMax) winMax = d;
    } else if (r < 0) {
      losses++;
      lossMinutes += d;
      if (d < lossMin) lossMin = d;
      if (d > lossMax) lossMax = d;
    } else if (r === 0) draws++;
    const win = r > 0;
    run = win === prevWin ? run + 1 : 1;
    prevWin = win;
    if (win) {
      if (run > streakWins) streakWins = run;
    } else if (run > streakLosses) streakLosses = run;
  }
  return {
    wins,
    losses,
    draws,
    winrate: wins / n,
    holdingAvgS: minutesToS(minutes / n),
    winnerHoldingMinS: wins === 0 ? 0 : minutesToS(winMin),
    winnerHoldingMaxS: wins === 0 ? 0 : minutesToS(winMax),
    winnerHoldingAvgS: wins === 0 ? 0 : minutesToS(winMinutes / wins),
    loserHoldingMinS: losses === 0 ? 0 : minutesToS(lossMin),
    loserHoldingMaxS: losses === 0 ? 0 : minutesToS(lossMax),
    loserHoldingAvgS: losses === 0 ? 0 : minutesToS(lossMinutes / losses),
    maxConsecutiveWins: streakWins,
    maxConsecutiveLosses: streakLosses,
  };
}
