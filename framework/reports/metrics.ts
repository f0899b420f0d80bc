/**
 * A run's summary metrics and tables, Freqtrade's generate_strategy_stats computed from a
 * BacktestRun (names camelCased, formulas kept; see docs/backtesting-report.md).
 */
import type { TradeRecord } from '../portfolio/trade-record.ts';
import { calculateMaxDrawdowns } from './drawdown.ts';
import { defineLazy } from './lazy.ts';
import { generatePeriodicReport, type DailyScalars, type PeriodicReport } from './periodic.ts';
import { pyRound } from './py-format.ts';
import { calculateCagr, median } from './ratios.ts';
import { backtestDays, generatePairMetrics, generateResultLine, generateTagMetrics, type Span } from './result-line.ts';
import type { ResultLine, StrategyMetrics, StrategyResult, StrategyTables } from './result-schema.ts';
import { generateTradingStats } from './trading-stats.ts';
import type { BacktestRun } from './types.ts';

/** Trades still open when the data ended, force-exited at the last candle. */
export function isLeftOpen(t: TradeRecord): boolean {
  return t.isOpen || t.exitReason === 'force_exit';
}

/**
 * Volume traded, Freqtrade's calculate_trade_volume (Σ order cost, where a backtest order's
 * cost is amount * price * (1 + fee)): amount * (open rate * (1 + fee open) + close rate *
 * (1 + fee close)) per trade. Exact while all fills of one leg share the fee ratio.
 */
export function tradeVolume(t: TradeRecord): number {
  return t.amount * (t.openRate * (1 + t.feeOpen) + t.closeRate * (1 + t.feeClose));
}

function firstBy<T>(items: readonly T[], better: (a: T, b: T) => boolean): T | null {
  let best: T | null = null;
  for (const x of items) if (best === null || better(x, best)) best = x;
  return best;
}

/** Both max drawdowns of the run's closed-trade equity curve (the TOTAL row's and the summary's). */
type RunDrawdowns = ReturnType<typeof calculateMaxDrawdowns>;

function runDrawdowns(run: BacktestRun): RunDrawdowns {
  return calculateMaxDrawdowns(run.trades, { value: 'profitAbs', startingBalance: run.startingBalance });
}

export function generateStrategyTables(run: BacktestRun): StrategyTables {
  return strategyTables(run, generatePeriodicReport(run.trades), runDrawdowns(run));
}

function strategyTables(run: BacktestRun, periodic: PeriodicReport, drawdowns: RunDrawdowns): StrategyTables {
  const span = spanOf(run);
  const pairs = pairList(run);
  // The TOTAL row is the same in four tables (and a group holding every trade is it too): computed once.
  const total = generateResultLine(run.trades, span, 'TOTAL', drawdowns?.absolute ?? null);
  const tables: StrategyTables = {
    resultsPerPair: generatePairMetrics(pairs, run.trades, span, false, total),
    resultsPerEnterTag: generateTagMetrics('enterTag', run.trades, span, total),
    exitReasonSummary: generateTagMetrics('exitReason', run.trades, span, total),
    mixTagStats: generateTagMetrics(['enterTag', 'exitReason'], run.trades, span, total),
    leftOpenTrades: generatePairMetrics(pairs, run.trades.filter(isLeftOpen), span, true),
    periodicBreakdown: periodic.breakdown,
    dailyProfit: [],
  };
  // Exported, never printed: built when the result is written (or read).
  defineLazy(tables, 'dailyProfit', periodic.dailyProfit);
  return tables;
}

/**
 * The summary metrics. `resultsPerPair`, when given, must be this run's per-pair table
 * (generatePairMetrics, as generateStrategyTables makes it): its TOTAL row holds the ratios
 * over all trades (Sortino, Sharpe, Calmar, SQN, profit factor, expectancy), taken from there.
 */
export function generateStrategyMetrics(run: BacktestRun, resultsPerPair?: ResultLine[]): StrategyMetrics {
  const drawdowns = runDrawdowns(run);
  const span = spanOf(run);
  const pairRows = resultsPerPair ?? generatePairMetrics(pairList(run), run.trades, span, false, generateResultLine(run.trades, span, 'TOTAL', drawdowns?.absolute ?? null));
  return strategyMetrics(run, pairRows, generatePeriodicReport(run.trades).daily, drawdowns);
}

function strategyMetrics(run: BacktestRun, resultsPerPair: readonly ResultLine[], daily: DailyScalars, drawdowns: RunDrawdowns): StrategyMetrics {
  const trades = run.trades;
  const n = trades.length;
  const sb = run.startingBalance;
  const span = spanOf(run);
  const days = backtestDays(span);
  const total = resultsPerPair[resultsPerPair.length - 1]!;
  const pairRows = resultsPerPair.filter((r) => r.key !== 'TOTAL');
  const bestPair = firstBy(pairRows, (a, b) => a.profitTotalAbs > b.profitTotalAbs);
  const worstPair = firstBy(pairRows, (a, b) => a.profitTotalAbs < b.profitTotalAbs);
  // One walk for the sums, the best / worst trade and the running balance (calculateCsum), each
  // added in recorded order as a separate sum over the trades would add it.
  let bestTrade: TradeRecord | null = null;
  let worstTrade: TradeRecord | null = null;
  let shorts = 0;
  let longAbs = 0;
  let shortAbs = 0;
  let totalVolume = 0;
  let stakeSum = 0;
  let ratioSum = 0;
  let cum = 0;
  let csumMin = Infinity;
  let csumMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = trades[i]!;
    if (bestTrade === null || t.profitRatio > bestTrade.profitRatio) bestTrade = t;
    if (worstTrade === null || t.profitRatio < worstTrade.profitRatio) worstTrade = t;
    if (t.isShort) {
      shorts++;
      shortAbs += t.profitAbs;
    } else longAbs += t.profitAbs;
    totalVolume += tradeVolume(t);
    stakeSum += t.stakeAmount;
    ratioSum += t.profitRatio;
    cum += t.profitAbs;
    if (cum < csumMin) csumMin = cum;
    if (cum > csumMax) csumMax = cum;
  }
  const profitTotalAbs = cum;
  const finalBalance = sb + profitTotalAbs;
  const tradeStats = generateTradingStats(trades);
  const dd = drawdowns?.absolute;
  const underwater = drawdowns?.relative;
  const unlimitedSlots = !Number.isFinite(run.maxOpenTrades) || run.maxOpenTrades < 0;
  const pairSummary = (r: ResultLine | null) => (r ? { key: String(r.key), profitTotal: r.profitTotal, profitTotalAbs: r.profitTotalAbs } : null);
  const tradeSummary = (t: TradeRecord | null) => (t ? { id: t.id, pair: t.pair, profitRatio: t.profitRatio, profitAbs: t.profitAbs } : null);
  return {
    strategyName: run.strategy,
    timeframe: run.timeframe,
    timeframeDetail: run.timeframeDetail ?? null,
    backtestStart: run.timerange.start,
    backtestEnd: run.timerange.end,
    backtestDays: days,
    stakeCurrency: run.stakeCurrency,
    stakeAmount: run.stakeAmount,
    startingBalance: sb,
    finalBalance,
    maxOpenTrades: unlimitedSlots ? run.pairs.length : Math.min(run.maxOpenTrades, run.pairs.length),
    maxOpenTradesSetting: unlimitedSlots ? -1 : run.maxOpenTrades,
    pairlist: [...run.pairs],
    totalTrades: n,
    tradesPerDay: pyRound(n / days, 2),
    tradeCountLong: n - shorts,
    tradeCountShort: shorts,
    totalVolume,
    avgStakeAmount: n > 0 ? stakeSum / n : 0,
    profitMean: n > 0 ? ratioSum / n : 0,
    profitMedian: n > 0 ? median(trades.map((t) => t.profitRatio)) : 0,
    profitTotal: profitTotalAbs / sb,
    profitTotalAbs,
    profitTotalLong: longAbs / sb,
    profitTotalLongAbs: longAbs,
    profitTotalShort: shortAbs / sb,
    profitTotalShortAbs: shortAbs,
    avgDailyProfitAbs: profitTotalAbs / days,
    cagr: calculateCagr(days, sb, finalBalance),
    // The TOTAL row computed these over the same trades, span and balance.
    sortino: total.sortino,
    sharpe: total.sharpe,
    calmar: total.calmar,
    sqn: total.sqn,
    profitFactor: total.profitFactor,
    expectancy: total.expectancy,
    expectancyRatio: total.expectancyRatio,
    bestPair: pairSummary(bestPair),
    worstPair: pairSummary(worstPair),
    bestTrade: tradeSummary(bestTrade),
    worstTrade: tradeSummary(worstTrade),
    ...daily,
    ...tradeStats,
    rejectedSignals: run.rejectedSignals,
    timedoutEntryOrders: run.timedoutEntryOrders ?? 0,
    timedoutExitOrders: run.timedoutExitOrders ?? 0,
    riskDenials: { ...run.riskDenials },
    csumMin: n > 0 ? csumMin + sb : 0,
    csumMax: n > 0 ? csumMax + sb : 0,
    maxDrawdownAccount: dd ? dd.relativeAccountDrawdown : 0,
    maxRelativeDrawdown: underwater ? underwater.relativeAccountDrawdown : 0,
    maxDrawdownAbs: dd ? dd.drawdownAbs : 0,
    maxDrawdownHigh: dd ? dd.highValue : 0,
    maxDrawdownLow: dd ? dd.lowValue : 0,
    drawdownStart: dd ? dd.highDate : 0,
    drawdownEnd: dd ? dd.lowDate : 0,
    drawdownDurationS: dd ? (dd.lowDate - dd.highDate) / 1000 : 0,
    marketChange: run.marketChange,
  };
}

/** Metrics and tables of one run (provenance and trades are added by the exporter). */
export function generateStrategyReport(run: BacktestRun): Pick<StrategyResult, 'metrics' | 'tables'> {
  const periodic = generatePeriodicReport(run.trades);
  const drawdowns = runDrawdowns(run);
  const tables = strategyTables(run, periodic, drawdowns);
  return { metrics: strategyMetrics(run, tables.resultsPerPair, periodic.daily, drawdowns), tables };
}

/**
 * The --strategy-list summary: each strategy's TOTAL row, keyed by strategy name, with the
 * run's max drawdown (Freqtrade's generate_strategy_comparison).
 */
export function generateStrategyComparison(results: ReadonlyArray<Pick<StrategyResult, 'metrics' | 'tables'>>): ResultLine[] {
  return results.map((r) => {
    const total = r.tables.resultsPerPair[r.tables.resultsPerPair.length - 1]!;
    return { ...total, key: r.metrics.strategyName, maxDrawdownAccount: r.metrics.maxDrawdownAccount, maxDrawdownAbs: r.metrics.maxDrawdownAbs };
  });
}

function spanOf(run: BacktestRun): Span {
  return { minDate: run.timerange.start, maxDate: run.timerange.end, startingBalance: run.startingBalance };
}

/** The run's pairs, plus any traded pair missing from them (so no trade escapes the table). */
function pairList(run: BacktestRun): string[] {
  const pairs = [...run.pairs];
  const known = new Set(pairs);
  let previous: string | undefined;
  for (let i = 0; i < run.trades.length; i++) {
    const pair = run.trades[i]!.pair;
    if (pair === previous) continue;
    previous = pair;
    if (!known.has(pair)) {
      known.add(pair);
      pairs.push(pair);
    }
  }
  return pairs;
}
