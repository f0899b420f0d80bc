/**
 * The backtest result file, version 1: the zod schema is the definition (the TS types are
 * inferred from it) and readBacktestResult validates every file against it. Field names are
 * Freqtrade's result keys camelCased (profit_total_abs -> profitTotalAbs); dates are epoch
 * milliseconds (UTC). docs/backtesting-report.md documents each field.
 *
 * Change the shape -> bump RESULT_VERSION and keep a reader for the old one.
 */
import { z } from 'zod';
import type { TradeRecord } from '../portfolio/trade-record.ts';

export const RESULT_VERSION = 1 as const;

const num = z.number();
const count = z.number().int().nonnegative();
const epochMs = z.number();

export const tradeRecordSchema = z.object({
  id: z.number().int(),
  pair: z.string(),
  isShort: z.boolean(),
  leverage: num,
  openDate: epochMs,
  closeDate: epochMs,
  openRate: num,
  closeRate: num,
  amount: num,
  stakeAmount: num,
  feeOpen: num,
  feeClose: num,
  feeOpenCost: num,
  feeCloseCost: num,
  profitRatio: num,
  profitAbs: num,
  exitReason: z.string(),
  enterTag: z.string().nullable(),
  exitTag: z.string().nullable(),
  minRate: num,
  maxRate: num,
  initialStopLoss: num.nullable(),
  stopLoss: num.nullable(),
  isOpen: z.boolean(),
  nrOfEntries: count,
  nrOfExits: count,
});

/** One row of the per-pair / tag / strategy tables (Freqtrade's _generate_result_line). */
export const resultLineSchema = z.object({
  /** Pair, tag or strategy; [enter tag, exit reason] for the mixed table; 'TOTAL' for the total row. */
  key: z.union([z.string(), z.array(z.string())]),
  trades: count,
  profitMean: num,
  profitMeanPct: num,
  profitTotalAbs: num,
  profitTotal: num,
  profitTotalPct: num,
  /** Python str(timedelta) of the mean duration, e.g. '1 day, 3:40:00'; '0:00' with no trades. */
  durationAvg: z.string(),
  wins: count,
  draws: count,
  losses: count,
  winrate: num,
  cagr: num,
  expectancy: num,
  expectancyRatio: num,
  sortino: num,
  sharpe: num,
  calmar: num,
  sqn: num,
  profitFactor: num,
  maxDrawdownAccount: num,
  maxDrawdownAbs: num,
});

export const periodStatsSchema = z.object({
  /** '%d/%m/%Y' label of the period (weeks: the Monday that ends them; months: the last day), or the weekday name. */
  date: z.string(),
  /** Label as epoch ms (weekday breakdown: 0 = Monday .. 6 = Sunday). */
  dateTs: num,
  profitAbs: num,
  wins: count,
  draws: count,
  losses: count,
  trades: count,
  profitFactor: num,
});

export { BREAKDOWN_PERIODS, type BreakdownPeriod } from './breakdown-periods.ts';

export const periodicBreakdownSchema = z.object({
  day: z.array(periodStatsSchema),
  week: z.array(periodStatsSchema),
  month: z.array(periodStatsSchema),
  year: z.array(periodStatsSchema),
  weekday: z.array(periodStatsSchema),
});

const pairSummarySchema = z.object({ key: z.string(), profitTotal: num, profitTotalAbs: num });
const tradeSummarySchema = z.object({ id: z.number().int(), pair: z.string(), profitRatio: num, profitAbs: num });

/** Scalar summary metrics of one strategy's run (Freqtrade's strat_stats minus the tables). */
export const strategyMetricsSchema = z.object({
  strategyName: z.string(),
  timeframe: z.string(),
  timeframeDetail: z.string().nullable(),
  backtestStart: epochMs,
  backtestEnd: epochMs,
  backtestDays: count,
  stakeCurrency: z.string(),
  stakeAmount: z.union([num, z.literal('unlimited')]),
  startingBalance: num,
  finalBalance: num,
  /** min(max_open_trades setting, number of pairs), as Freqtrade reports it. */
  maxOpenTrades: count,
  /** The setting itself; -1 for unlimited. */
  maxOpenTradesSetting: z.number().int(),
  pairlist: z.array(z.string()),
  totalTrades: count,
  tradesPerDay: num,
  tradeCountLong: count,
  tradeCountShort: count,
  totalVolume: num,
  avgStakeAmount: num,
  profitMean: num,
  profitMedian: num,
  profitTotal: num,
  profitTotalAbs: num,
  profitTotalLong: num,
  profitTotalLongAbs: num,
  profitTotalShort: num,
  profitTotalShortAbs: num,
  avgDailyProfitAbs: num,
  cagr: num,
  sortino: num,
  sharpe: num,
  calmar: num,
  sqn: num,
  profitFactor: num,
  expectancy: num,
  expectancyRatio: num,
  bestPair: pairSummarySchema.nullable(),
  worstPair: pairSummarySchema.nullable(),
  bestTrade: tradeSummarySchema.nullable(),
  worstTrade: tradeSummarySchema.nullable(),
  backtestBestDay: num,
  backtestWorstDay: num,
  backtestBestDayAbs: num,
  backtestWorstDayAbs: num,
  winningDays: count,
  drawDays: count,
  losingDays: count,
  wins: count,
  draws: count,
  losses: count,
  winrate: num,
  holdingAvgS: num,
  winnerHoldingMinS: num,
  winnerHoldingMaxS: num,
  winnerHoldingAvgS: num,
  loserHoldingMinS: num,
  loserHoldingMaxS: num,
  loserHoldingAvgS: num,
  maxConsecutiveWins: count,
  maxConsecutiveLosses: count,
  rejectedSignals: count,
  timedoutEntryOrders: count,
  timedoutExitOrders: count,
  riskDenials: z.record(z.string(), count),
  csumMin: num,
  csumMax: num,
  maxDrawdownAccount: num,
  maxRelativeDrawdown: num,
  maxDrawdownAbs: num,
  maxDrawdownHigh: num,
  maxDrawdownLow: num,
  drawdownStart: epochMs,
  drawdownEnd: epochMs,
  drawdownDurationS: num,
  marketChange: num,
});

export const strategyTablesSchema = z.object({
  resultsPerPair: z.array(resultLineSchema),
  resultsPerEnterTag: z.array(resultLineSchema),
  exitReasonSummary: z.array(resultLineSchema),
  mixTagStats: z.array(resultLineSchema),
  leftOpenTrades: z.array(resultLineSchema),
  periodicBreakdown: periodicBreakdownSchema,
  /** [YYYY-MM-DD, summed profit_abs] for every day from the first to the last close. */
  dailyProfit: z.array(z.tuple([z.string(), num])),
});

export const fillModelSchema = z.object({
  name: z.string().min(1),
  version: z.number().int(),
  params: z.record(z.string(), z.unknown()),
});

/** One model of the simulated venue as SimVenue.describeModels() names it: its name and parameters. */
export const venueModelSchema = z.looseObject({ name: z.string().min(1) });

/**
 * The simulated venue's other models besides the fill model (SimVenue.describeModels()):
 * slippage, latency, participation cap, fees, and the account the venue kept.
 */
export const venueModelsSchema = z.object({
  slippage: venueModelSchema,
  latency: venueModelSchema,
  participation: venueModelSchema,
  fees: venueModelSchema,
  account: z.looseObject({ type: z.string(), leverage: z.number() }),
});

/** Everything needed to reproduce and audit the run. */
export const runProvenanceSchema = z.object({
  fillModel: fillModelSchema,
  /** Optional within version 1: results written before it was recorded lack it. */
  venueModels: venueModelsSchema.optional(),
  seed: z.number().int().nullable(),
  /** sha256 of the canonical trade list (hashTradeList). */
  tradeListHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest'),
  strategySourceHash: z.string(),
  /** Data file or series -> content hash. */
  dataHashes: z.record(z.string(), z.string()),
  /** The resolved config, secrets redacted. */
  configResolved: z.record(z.string(), z.unknown()),
  runStartedAt: epochMs.nullable(),
  runEndedAt: epochMs.nullable(),
});

export const strategyResultSchema = z.object({
  metrics: strategyMetricsSchema,
  tables: strategyTablesSchema,
  provenance: runProvenanceSchema,
  trades: z.array(tradeRecordSchema),
});

export const strategyComparisonLineSchema = resultLineSchema;

export const backtestResultSchema = z.object({
  version: z.literal(RESULT_VERSION),
  kind: z.literal('keel-backtest-result'),
  createdAt: epochMs,
  /** Keyed by strategy name, in run order. */
  strategy: z.record(z.string(), strategyResultSchema),
  /** One TOTAL line per strategy, key = strategy name (--strategy-list summary). */
  strategyComparison: z.array(strategyComparisonLineSchema),
});

export type ResultLine = z.infer<typeof resultLineSchema>;
export type PeriodStats = z.infer<typeof periodStatsSchema>;
export type PeriodicBreakdown = z.infer<typeof periodicBreakdownSchema>;
export type StrategyMetrics = z.infer<typeof strategyMetricsSchema>;
export type StrategyTables = z.infer<typeof strategyTablesSchema>;
export type RunProvenance = z.infer<typeof runProvenanceSchema>;
export type FillModelInfo = z.infer<typeof fillModelSchema>;
export type VenueModelInfo = z.infer<typeof venueModelSchema>;
export type VenueModels = z.infer<typeof venueModelsSchema>;
export type StrategyResult = z.infer<typeof strategyResultSchema>;
export type BacktestResult = z.infer<typeof backtestResultSchema>;

// The stored trade must stay exactly the engine's TradeRecord: a field added there and not
// here (or the reverse) is a type error on one of these two lines.
type StoredTrade = z.infer<typeof tradeRecordSchema>;
export const _tradeRecordMatches: [StoredTrade] extends [TradeRecord] ? ([TradeRecord] extends [StoredTrade] ? true : never) : never = true;
