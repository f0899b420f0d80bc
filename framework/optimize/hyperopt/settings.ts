import { createHash } from 'node:crypto';
import type { RiskConfigInput } from '../../config/risk-schema.ts';
import type { Timerange } from '../../core/timerange.ts';
import { CandleStore } from '../../data/parquet-store.ts';
import type { MarketSpec } from '../../engine/backtest/instruments.ts';
import type { LoadedData } from '../../engine/backtest/prepare-data.ts';
import type { BacktestOptions, BacktestOutcome } from '../../engine/backtest/runner.ts';
import type { StakeSettings } from '../../engine/trade-manager/stake.ts';
import type { BacktestRun } from '../../reports/types.ts';
import type { IStrategy } from '../../strategy/strategy.ts';

/**
 * Everything that decides an epoch's backtest besides the searched point, as plain data: it
 * goes to the workers, into the results file's header (so a resumed run and hyperopt-show
 * backtest exactly the same way) and, hashed, tells runs apart. Built from the config and the
 * backtest flags by settingsFromConfig (settings-from-config.ts), the same way `backtest` does.
 */
export interface BacktestSettings {
  exchange: string;
  tradingMode: 'spot' | 'futures';
  /** Candle store directory (absolute). */
  dataDir: string;
  pairs: string[];
  timeframe: string;
  timerange: Timerange;
  /** Candles loaded before the timerange for indicator warm-up (the strategy's startupCandleCount). */
  startupCandles: number;
  stakeCurrency: string;
  stake: StakeSettings;
  /** max_open_trades when the trades space is not searched; -1 = unlimited. */
  maxOpenTrades: number;
  /** The config's max_open_trades (the unlimited-stake fallback of the trades space). */
  configMaxOpenTrades: number;
  fee: number;
  maxLeverage: number;
  fillModel: 'freqtrade' | 'ohlc_path';
  venue: NonNullable<BacktestOptions['venue']>;
  markets: Record<string, MarketSpec> | null;
  marketsFile: string | null;
  risk: RiskConfigInput;
  enableProtections: boolean;
  load: { fillGaps: boolean; check: boolean };
}

/** Options for runBacktest over already loaded (shared) data. */
export function backtestOptions(
  s: BacktestSettings,
  strategy: IStrategy,
  strategyName: string,
  loaded: LoadedData | undefined,
  maxOpenTrades: number,
): BacktestOptions {
  return {
    strategy,
    strategyName,
    store: new CandleStore(s.dataDir, s.exchange, s.tradingMode),
    exchange: s.exchange,
    pairs: s.pairs,
    timeframe: s.timeframe,
    timerange: s.timerange,
    startupCandles: s.startupCandles,
    stakeCurrency: s.stakeCurrency,
    stake: s.stake,
    maxOpenTrades: maxOpenTrades < 0 ? Infinity : maxOpenTrades,
    fee: s.fee,
    tradingMode: s.tradingMode,
    maxLeverage: s.maxLeverage,
    fillModel: s.fillModel,
    venue: s.venue,
    ...(s.markets ? { markets: s.markets } : {}),
    risk: s.risk,
    enableProtections: s.enableProtections,
    load: s.load,
    progress: false,
    seed: null,
    ...(loaded ? { loaded } : {}),
  };
}

/**
 * The BacktestRun the reports and loss functions read, from a runner outcome. (The backtest
 * command builds the same object inline in cli/actions/backtest.ts; it is not exported, so
 * hyperopt keeps this adapter.)
 */
export function backtestRun(
  outcome: BacktestOutcome,
  s: BacktestSettings,
  extra: { maxOpenTrades: number; marketChange: number; strategySourceHash: string; configResolved: Record<string, unknown> },
): BacktestRun {
  return {
    strategy: outcome.strategy,
    timeframe: outcome.timeframe,
    timeframeDetail: outcome.timeframeDetail,
    timerange: { start: outcome.startDate, end: outcome.endDate },
    stakeCurrency: s.stakeCurrency,
    stakeAmount: s.stake.amount,
    startingBalance: s.stake.startingBalance,
    maxOpenTrades: extra.maxOpenTrades,
    pairs: outcome.pairs,
    trades: outcome.trades,
    marketChange: extra.marketChange,
    rejectedSignals: outcome.stats.rejectedSignals,
    riskDenials: outcome.riskDenials,
    timedoutEntryOrders: outcome.stats.timedoutEntryOrders,
    timedoutExitOrders: outcome.stats.timedoutExitOrders,
    fillModel: outcome.fillModel,
    seed: outcome.seed,
    configResolved: extra.configResolved,
    strategySourceHash: extra.strategySourceHash,
    dataHashes: outcome.dataHashes,
  };
}

/** JSON with object keys sorted, so equal settings always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
