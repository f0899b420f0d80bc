/**
 * Freqtrade's performance ratios (freqtrade/data/metrics.py), formula for formula, including
 * its conventions: per-trade returns are profit_abs / starting balance, Sharpe and Sortino use
 * the population standard deviation (numpy's np.std) and annualise with sqrt(365) over the
 * backtest's whole days, SQN uses the sample standard deviation (pandas' .std()), and a ratio
 * whose denominator is zero is reported as -100 ("clearly not optimal").
 */
import type { TradeRecord } from '../portfolio/trade-record.ts';
import { calculateMaxDrawdown } from './drawdown.ts';
import { pyRound } from './py-format.ts';

const DAY_MS = 86_400_000;

/** Python's `(max_date - min_date).days`: whole days, floored. */
export function wholeDays(minDate: number, maxDate: number): number {
  return Math.floor((maxDate - minDate) / DAY_MS);
}

/** (final / start) ^ (365 / days) - 1; 0 when leverage drove the final balance below zero. */
export function calculateCagr(daysPassed: number, startingBalance: number, finalBalance: number): number {
  if (finalBalance < 0) return 0;
  return (finalBalance / startingBalance) ** (1 / (daysPassed / 365)) - 1;
}

/**
 * expectancy = winrate * average win - loserate * average loss (profit_abs; draws count in
 * the denominators only); expectancy ratio = (1 + average win / average loss) * winrate - 1,
 * or 100 when there is no losing trade. No trades: (0, 100).
 */
export function calculateExpectancy(trades: readonly TradeRecord[]): { expectancy: number; expectancyRatio: number } {
  let expectancy = 0;
  let expectancyRatio = 100;
  const n = trades.length;
  if (n > 0) {
    let profitSum = 0;
    let lossSum = 0;
    let nbWin = 0;
    let nbLoss = 0;
    for (const t of trades) {
      if (t.profitAbs > 0) {
        profitSum += t.profitAbs;
        nbWin++;
      } else if (t.profitAbs < 0) {
        lossSum += t.profitAbs;
        nbLoss++;
      }
    }
    lossSum = Math.abs(lossSum);
    const averageWin = nbWin > 0 ? profitSum / nbWin : 0;
    const averageLoss = nbLoss > 0 ? lossSum / nbLoss : 0;
    const winrate = nbWin / n;
    const loserate = nbLoss / n;
    expectancy = winrate * averageWin - loserate * averageLoss;
    if (averageLoss > 0) expectancyRatio = (1 + averageWin / averageLoss) * winrate - 1;
  }
  return { expectancy, expectancyRatio };
}

/** Gross profit / |gross loss| over profit_abs; 0 when nothing was lost. */
export function calculateProfitFactor(trades: readonly TradeRecord[]): number {
  let win = 0;
  let loss = 0;
  for (const t of trades) {
    if (t.profitAbs > 0) win += t.profitAbs;
    else if (t.profitAbs < 0) loss += t.profitAbs;
  }
  return loss ? win / Math.abs(loss) : 0;
}

function degenerate(trades: readonly TradeRecord[], minDate: number | null, maxDate: number | null): boolean {
  return trades.length === 0 || minDate === null || maxDate === null || minDate === maxDate;
}

/** Σ(profit_abs / start) / days * sqrt(365) / std(profit_abs / start of losing trades, population). */
export function calculateSortino(trades: readonly TradeRecord[], minDate: number | null, maxDate: number | null, startingBalance: number): number {
  if (degenerate(trades, minDate, maxDate)) return 0;
  const days = Math.max(1, wholeDays(minDate!, maxDate!));
  let total = 0;
  const down: number[] = [];
  for (const t of trades) {
    const r = t.profitAbs / startingBalance;
    total += r;
    if (t.profitAbs < 0) down.push(r);
  }
  const downStdev = populationStd(down);
  return downStdev !== 0 && !Number.isNaN(downStdev) ? (total / days / downStdev) * Math.sqrt(365) : -100;
}

/** Σ(profit_abs / start) / days * sqrt(365) / std(profit_abs / start, population). */
export function calculateSharpe(trades: readonly TradeRecord[], minDate: number | null, maxDate: number | null, startingBalance: number): number {
  if (degenerate(trades, minDate, maxDate)) return 0;
  const days = Math.max(1, wholeDays(minDate!, maxDate!));
  const returns = returnsOf(trades, startingBalance);
  let total = 0;
  for (let i = 0; i < returns.length; i++) total += returns[i]!;
  const stdev = populationStd(returns);
  return stdev !== 0 ? (total / days / stdev) * Math.sqrt(365) : -100;
}

/**
 * (Σprofit_abs / start) / days * 100 / max drawdown * sqrt(365), where max drawdown is the
 * relative account drawdown at the largest absolute drawdown (a fraction, so the *100 is
 * Freqtrade's and stays).
 */
export function calculateCalmar(trades: readonly TradeRecord[], minDate: number | null, maxDate: number | null, startingBalance: number): number {
  if (degenerate(trades, minDate, maxDate)) return 0;
  const maxDrawdown = calculateMaxDrawdown(trades, { value: 'profitAbs', startingBalance })?.relativeAccountDrawdown ?? 0;
  return calmarFromDrawdown(trades, minDate!, maxDate!, startingBalance, maxDrawdown);
}

/** calculateCalmar with the relative account drawdown already known (saves a second drawdown pass). */
export function calmarFromDrawdown(trades: readonly TradeRecord[], minDate: number, maxDate: number, startingBalance: number, maxDrawdown: number): number {
  if (degenerate(trades, minDate, maxDate)) return 0;
  const days = Math.max(1, wholeDays(minDate, maxDate));
  let profit = 0;
  for (const t of trades) profit += t.profitAbs;
  const expectedReturnsMean = (profit / startingBalance / days) * 100;
  return maxDrawdown !== 0 ? (expectedReturnsMean / maxDrawdown) * Math.sqrt(365) : -100;
}

function returnsOf(trades: readonly TradeRecord[], startingBalance: number): Float64Array {
  const r = new Float64Array(trades.length);
  for (let i = 0; i < trades.length; i++) r[i] = trades[i]!.profitAbs / startingBalance;
  return r;
}

/** Van Tharp's SQN: sqrt(n) * mean / sample std of profit_abs / start, rounded to 4 decimals. */
export function calculateSqn(trades: readonly TradeRecord[], startingBalance: number): number {
  const n = trades.length;
  if (n === 0) return 0;
  const returns = returnsOf(trades, startingBalance);
  const mean = sum(returns) / n;
  const std = sampleStd(returns);
  const sqn = std !== 0 && !Number.isNaN(std) ? Math.sqrt(n) * (mean / std) : -100;
  return pyRound(sqn, 4);
}

/** numpy's np.std (ddof 0); NaN for an empty list, as numpy returns. */
export function populationStd(xs: ArrayLike<number>): number {
  if (xs.length === 0) return NaN;
  const mean = sum(xs) / xs.length;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - mean) ** 2;
  return Math.sqrt(ss / xs.length);
}

/** pandas' Series.std() (ddof 1); NaN below two values. */
export function sampleStd(xs: ArrayLike<number>): number {
  if (xs.length < 2) return NaN;
  const mean = sum(xs) / xs.length;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - mean) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

export function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

export function mean(xs: ArrayLike<number>): number {
  return xs.length === 0 ? NaN : sum(xs) / xs.length;
}

/** Largest / smallest value without spreading (a spread of 10^5+ values overflows the stack); NaN when empty. */
export function max(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return xs.length === 0 ? NaN : m;
}

export function min(xs: readonly number[]): number {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return xs.length === 0 ? NaN : m;
}

/**
 * pandas' median: the middle value, or the mean of the two middle ones. Sorted as a typed array
 * (no comparator calls); that order differs from the comparator sort's only for -0 / +0 and NaN
 * (which the comparator leaves unordered), so a middle value that is a zero, or any NaN, takes
 * the comparator sort.
 */
export function median(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const m = n >> 1;
  const t = Float64Array.from(xs).sort();
  const hi = t[m]!;
  const lo = n % 2 === 1 ? hi : t[m - 1]!;
  // Sorted, NaN are last: the last value tells whether there is any.
  if (hi !== 0 && lo !== 0 && !Number.isNaN(t[n - 1]!)) return n % 2 === 1 ? hi : (lo + hi) / 2;
  const s = Array.from(xs).sort((a, b) => a - b);
  return n % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
