/**
 * Freqtrade's generate_trading_stats and calc_streak. Note Freqtrade's own conventions here:
 * wins / draws / losses split on profit_ratio (the tables split on profit_abs), durations
 * are rounded to whole minutes half-to-even, and a streak counts every non-winning trade
 * (draws included) as a loss, in the order the trades were recorded.
 */
import type { TradeRecord } from '../portfolio/trade-record.ts';
import { roundHalfEven } from './py-format.ts';
import { max, mean, min } from './ratios.ts';
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

export function generateTradingStats(trades: readonly TradeRecord[]): TradingStats {
  if (trades.length === 0) {
    return {
      wins: 0, losses: 0, draws: 0, winrate: 0, holdingAvgS: 0,
      winnerHoldingMinS: 0, winnerHoldingMaxS: 0, winnerHoldingAvgS: 0,
      loserHoldingMinS: 0, loserHoldingMaxS: 0, loserHoldingAvgS: 0,
      maxConsecutiveWins: 0, maxConsecutiveLosses: 0,
    };
  }
  const winners = trades.filter((t) => t.profitRatio > 0).map(tradeDurationMinutes);
  const losers = trades.filter((t) => t.profitRatio < 0).map(tradeDurationMinutes);
  const draws = trades.filter((t) => t.profitRatio === 0).length;
  const streak = calcStreak(trades);
  const agg = (xs: number[], f: (xs: number[]) => number): number => (xs.length === 0 ? 0 : minutesToS(f(xs)));
  return {
    wins: winners.length,
    losses: losers.length,
    draws,
    winrate: winners.length / trades.length,
    holdingAvgS: minutesToS(mean(trades.map(tradeDurationMinutes))),
    winnerHoldingMinS: agg(winners, min),
    winnerHoldingMaxS: agg(winners, max),
    winnerHoldingAvgS: agg(winners, mean),
    loserHoldingMinS: agg(losers, min),
    loserHoldingMaxS: agg(losers, max),
    loserHoldingAvgS: agg(losers, mean),
    maxConsecutiveWins: streak.wins,
    maxConsecutiveLosses: streak.losses,
  };
}
