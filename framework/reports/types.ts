/**
 * What the backtest runner hands to the reports: one BacktestRun per strategy. Everything the
 * report prints is computed from it (reports never re-read candles), so a result file can be
 * re-printed and re-analysed long after the run.
 */
import type { TradeRecord } from '../portfolio/trade-record.ts';
import type { FillModelInfo, VenueModels } from './result-schema.ts';

export type { TradeRecord } from '../portfolio/trade-record.ts';
export type {
  BacktestResult,
  BreakdownPeriod,
  FillModelInfo,
  PeriodicBreakdown,
  PeriodStats,
  ResultLine,
  RunProvenance,
  StrategyMetrics,
  StrategyResult,
  StrategyTables,
  VenueModelInfo,
  VenueModels,
} from './result-schema.ts';

export interface BacktestRun {
  strategy: string;
  timeframe: string;
  timeframeDetail?: string | null;
  /**
   * Freqtrade's min_date / max_date: open time of the first and of the last candle actually
   * backtested (after the startup candles are trimmed), epoch ms. Backtest days, CAGR, Sharpe,
   * Sortino and Calmar are computed over this span.
   */
  timerange: { start: number; end: number };
  stakeCurrency: string;
  stakeAmount: number | 'unlimited';
  startingBalance: number;
  /** The max_open_trades setting; -1 or Infinity for unlimited. */
  maxOpenTrades: number;
  /** The pairs backtested, in whitelist order (pairs without trades still get a table row). */
  pairs: string[];
  /** Closed trades and trades force-exited at the end, in the order the engine closed them. */
  trades: TradeRecord[];
  /** calculateMarketChange(candles per pair, timerange.start). */
  marketChange: number;
  /** Entry signals that could not be acted on (no free slot, pair locked, stake too small ...). */
  rejectedSignals: number;
  /** Risk engine denials by reason (Keel's addition to Freqtrade's report). */
  riskDenials: Record<string, number>;
  timedoutEntryOrders?: number;
  timedoutExitOrders?: number;
  fillModel: FillModelInfo;
  /** The venue's slippage, latency, participation, fee and account models (SimVenue.describeModels()); named in the report when given. */
  venueModels?: VenueModels;
  seed: number | null;
  /** hashTradeList(trades); computed by the report when omitted, checked when given. */
  tradeListHash?: string;
  /** The resolved config; redact() is applied again before it is written. */
  configResolved: Record<string, unknown>;
  strategySourceHash: string;
  dataHashes: Record<string, string>;
  /** Wall-clock start and end of the run (epoch ms), for the record. */
  runStartedAt?: number | null;
  runEndedAt?: number | null;
}
