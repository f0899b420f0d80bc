/**
 * A run's summary metrics and tables, Freqtrade's generate_strategy_stats computed from a
 * BacktestRun (names camelCased, formulas kept; see docs/backtesting-report.md).
 */
import type { TradeRecord } from '../portfolio/trade-record.ts';
import { calculateCsum, calculateMaxDrawdown } from './drawdown.ts';
import { generateAllPeriodicBreakdowns, generateDailyStats } from './periodic.ts';
import { pyRound } from './py-format.ts';
import { calculateCagr, calculateExpectancy, calculateProfitFactor, calculateSharpe, calculateSortino, calculateSqn, calmarFromDrawdown, mean, median } from './ratios.ts';
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

function sum(trades: readonly TradeRecord[], pick: (t: TradeRecord) => number): number {
  let s = 0;
  for (const t of trades) s += pick(t);
  return s;
}

function firstBy<T>(items: readonly T[], better: (a: T, b: T) => boolean): T | null {
  let best: T | null = null;
  for (const x of items) if (best === null || better(x, best)) best = x;
  return best;
}

export function generateStrategyTables(run: BacktestRun): StrategyTables {
  const span = spanOf(run);
  const pairs = pairList(run);
  // The TOTAL row is the same in four tables: compute it once.
  const total = generateResultLine(run.trades, span, 'TOTAL');
  return {
    resultsPerPair: generatePairMetrics(pairs, run.trades, span, false, total),
    resultsPerEnterTag: generateTagMetrics('enterTag', run.trades, span, total),
    exitReasonSummary: generateTagMetrics('exitReason', run.trades, span, total),
    mixTagStats: generateTagMetrics(['enterTag', 'exitReason'], run.trades, span, total),
    leftOpenTrades: generatePairMetrics(pairs, run.trades.filter(isLeftOpen), span, true),
    periodicBreakdown: generateAllPeriodicBreakdowns(run.trades),
    dailyProfit: generateDailyStats(run.trades).dailyProfit,
  };
}

export function generateStrategyMetrics(run: BacktestRun, resultsPerPair?: ResultLine[]): StrategyMetrics {
  const trades = run.trades;
  const n = trades.length;
  const sb = run.startingBalance;
  const span = spanOf(run);
  const days = backtestDays(span);
  const pairRows = (resultsPerPair ?? generatePairMetrics(pairList(run), trades, span)).filter((r) => r.key !== 'TOTAL');
  const bestPair = firstBy(pairRows, (a, b) => a.profitTotalAbs > b.profitTotalAbs);
  const worstPair = firstBy(pairRows, (a, b) => a.profitTotalAbs < b.profitTotalAbs);
  const bestTrade = firstBy(trades, (a, b) => a.profitRatio > b.profitRatio);
  const worstTrade = firstBy(trades, (a, b) => a.profitRatio < b.profitRatio);
  const longs = trades.filter((t) => !t.isShort);
  const shorts = trades.filter((t) => t.isShort);
  const profitTotalAbs = sum(trades, (t) => t.profitAbs);
  const finalBalance = sb + profitTotalAbs;
  const { expectancy, expectancyRatio } = calculateExpectancy(trades);
  const daily = generateDailyStats(trades);
  const tradeStats = generateTradingStats(trades);
  const dd = calculateMaxDrawdown(trades, { value: 'profitAbs', startingBalance: sb });
  const underwater = calculateMaxDrawdown(trades, { value: 'profitAbs', startingBalance: sb, relative: true });
  const csum = calculateCsum(trades, sb);
  const unlimitedSlots = !Number.isFinite(run.maxOpenTrades) || run.maxOpenTrades < 0;
  const { dailyProfit: _omit, ...dailyScalars } = daily;
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
    tradeCountLong: longs.length,
    tradeCountShort: shorts.length,
    totalVolume: sum(trades, tradeVolume),
    avgStakeAmount: n > 0 ? mean(trades.map((t) => t.stakeAmount)) : 0,
    profitMean: n > 0 ? mean(trades.map((t) => t.profitRatio)) : 0,
    profitMedian: n > 0 ? median(trades.map((t) => t.profitRatio)) : 0,
    profitTotal: profitTotalAbs / sb,
    profitTotalAbs,
    profitTotalLong: sum(longs, (t) => t.profitAbs) / sb,
    profitTotalLongAbs: sum(longs, (t) => t.profitAbs),
    profitTotalShort: sum(shorts, (t) => t.profitAbs) / sb,
    profitTotalShortAbs: sum(shorts, (t) => t.profitAbs),
    avgDailyProfitAbs: profitTotalAbs / days,
    cagr: calculateCagr(days, sb, finalBalance),
    sortino: calculateSortino(trades, span.minDate, span.maxDate, sb),
    sharpe: calculateSharpe(trades, span.minDate, span.maxDate, sb),
    calmar: calmarFromDrawdown(trades, span.minDate, span.maxDate, sb, dd ? dd.relativeAccountDrawdown : 0),
    sqn: calculateSqn(trades, sb),
    profitFactor: calculateProfitFactor(trades),
    expectancy,
    expectancyRatio,
    bestPair: pairSummary(bestPair),
    worstPair: pairSummary(worstPair),
    bestTrade: tradeSummary(bestTrade),
    worstTrade: tradeSummary(worstTrade),
    ...dailyScalars,
    ...tradeStats,
    rejectedSignals: run.rejectedSignals,
    timedoutEntryOrders: run.timedoutEntryOrders ?? 0,
    timedoutExitOrders: run.timedoutExitOrders ?? 0,
    riskDenials: { ...run.riskDenials },
    csumMin: csum ? csum.min : 0,
    csumMax: csum ? csum.max : 0,
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
  const tables = generateStrategyTables(run);
  return { metrics: generateStrategyMetrics(run, tables.resultsPerPair), tables };
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
  for (const t of run.trades) {
    if (!known.has(t.pair)) {
      known.add(t.pair);
      pairs.push(t.pair);
    }
  }
  return pairs;
}
