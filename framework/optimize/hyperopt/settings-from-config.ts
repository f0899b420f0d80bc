import path from 'node:path';
import type { KeelConfig } from '../../config/schema.ts';
import { UsageError } from '../../core/errors.ts';
import { parseTimerange, type Timerange } from '../../core/timerange.ts';
import { findMarketsFile, readMarketsFile } from '../../engine/backtest/instruments.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import type { BacktestSettings } from './settings.ts';

/**
 * Backtest settings of a hyperopt run from the resolved config, the same rules as the backtest
 * command (cli/actions/backtest.ts): pairs = whitelist minus blacklist, timeframe = the
 * config's when set on purpose else the strategy's, fee = --fee else the worse of maker/taker
 * (0.1% when neither is set), max_open_trades = --max-open-trades else the strategy's else the
 * config's, markets file = --markets else configs/markets/<exchange>.json when present.
 */
export interface BacktestChoices {
  /** --fee */
  fee?: number;
  /** --max-open-trades */
  maxOpenTrades?: number;
  enableProtections?: boolean;
  /** --markets, absolute. */
  markets?: string;
  /** The timeframe was set on purpose (file, environment or flag), not by the schema default. */
  timeframeExplicit: boolean;
  /** Instead of the config's backtest.timerange (walk-forward windows). */
  timerange?: Timerange;
  /** Base directory for configs/markets (the working directory). */
  cwd?: string;
}

export function backtestSettings(config: KeelConfig, strategy: IStrategy, c: BacktestChoices): BacktestSettings {
  const whitelist = config.exchange.pair_whitelist;
  if (whitelist.length === 0) throw new UsageError('no pairs: pass --pairs or set exchange.pair_whitelist in the config');
  const blacklist = config.exchange.pair_blacklist.map((p) => new RegExp(`^${p}$`));
  const pairs = whitelist.filter((p) => !blacklist.some((re) => re.test(p)));
  if (pairs.length === 0) throw new UsageError(`every pair of the whitelist is blacklisted (${config.exchange.pair_blacklist.join(', ')})`);
  const marketsFile = findMarketsFile(c.markets, path.resolve(c.cwd ?? process.cwd(), 'configs/markets', `${config.exchange.name}.json`)) ?? null;
  const mot = c.maxOpenTrades ?? strategy.maxOpenTrades ?? config.max_open_trades;
  return {
    exchange: config.exchange.name,
    tradingMode: config.exchange.trading_mode,
    dataDir: config.data.directory,
    pairs,
    timeframe: c.timeframeExplicit ? config.timeframe : strategy.timeframe,
    timerange: c.timerange ?? parseTimerange(config.backtest.timerange),
    startupCandles: strategy.startupCandleCount,
    stakeCurrency: config.stake.currency,
    stake: {
      amount: config.stake.amount,
      tradableBalanceRatio: config.stake.tradable_balance_ratio,
      startingBalance: config.stake.starting_balance,
    },
    maxOpenTrades: mot,
    configMaxOpenTrades: config.max_open_trades,
    fee: c.fee ?? defaultFee(config),
    maxLeverage: config.exchange.trading_mode === 'futures' ? config.sim_venue.account.leverage : 1,
    fillModel: config.sim_venue.fill_model === 'ohlc_path' ? 'ohlc_path' : 'freqtrade',
    venue: { slippage: config.sim_venue.slippage, latency: config.sim_venue.latency, participation: config.sim_venue.participation },
    markets: marketsFile ? readMarketsFile(marketsFile) : null,
    marketsFile,
    risk: config.risk,
    enableProtections: c.enableProtections === true,
    load: { fillGaps: config.data.fill_gaps, check: config.data.check_on_load },
  };
}

/** Freqtrade's backtest fee: the configured one, else the worse of maker and taker; 0.1% when neither is set. */
export function defaultFee(config: KeelConfig): number {
  const { maker, taker } = config.fees;
  if (maker === null && taker === null) return 0.001;
  return Math.max(maker ?? 0, taker ?? 0);
}
