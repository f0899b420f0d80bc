import type { Command } from 'commander';
import type { CliOverrides, ResolvedConfig } from '../../config/load.ts';
import type { BacktestRunFlags } from '../backtest.ts';
import { loadCommandConfig, numberFlag, resolveFromCwd, splitList, wholeAtLeast } from '../common.ts';

/** The shared backtest flags, checked, with the config they override. */
export interface ParsedBacktestFlags extends ResolvedConfig {
  pairs: string[] | undefined;
  fee: number | undefined;
  stakeAmount: number | 'unlimited' | undefined;
  maxOpenTrades: number | undefined;
  startingBalance: number | undefined;
  /** --markets resolved against the working directory. */
  markets: string | undefined;
}

/**
 * Parse the flags `backtest` and `hyperopt` share and load the config they override (one
 * parser, so both commands accept and refuse the same values with the same messages).
 * `extra` holds a command's own config overrides (flat dotted keys).
 */
export function parseBacktestFlags(flags: BacktestRunFlags, cmd: Command, extra: CliOverrides = {}): ParsedBacktestFlags {
  const stakeAmount =
    flags.stakeAmount === undefined || flags.stakeAmount === 'unlimited'
      ? flags.stakeAmount
      : numberFlag(flags.stakeAmount, '--stake-amount', (n) => n > 0, 'a positive number or "unlimited"');
  const maxOpenTrades = numberFlag(flags.maxOpenTrades, '--max-open-trades', wholeAtLeast(-1), 'a whole number >= -1');
  const startingBalance = numberFlag(flags.startingBalance, '--starting-balance', (n) => n > 0, 'a positive number');
  const fee = numberFlag(flags.fee, '--fee', (n) => n >= 0 && n < 0.1, 'a ratio in [0, 0.1), e.g. 0.001');
  const pairs = splitList(flags.pairs);

  const { config, sources } = loadCommandConfig(cmd, {
    'data.directory': flags.datadir,
    'exchange.name': flags.exchange,
    'exchange.pair_whitelist': pairs,
    'strategy.name': flags.strategy,
    'strategy.path': flags.strategyPath,
    'stake.amount': stakeAmount,
    'stake.starting_balance': startingBalance,
    max_open_trades: maxOpenTrades,
    timeframe: flags.timeframe,
    'backtest.timerange': flags.timerange,
    ...extra,
  });
  const markets = flags.markets === undefined ? undefined : resolveFromCwd(flags.markets);
  return { config, sources, pairs, fee, stakeAmount, maxOpenTrades, startingBalance, markets };
}
