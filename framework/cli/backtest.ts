import { Option, type Command } from 'commander';
import { BREAKDOWN_PERIODS, type BreakdownPeriod } from '../reports/breakdown-periods.ts';
import { action, choiceList } from './action.ts';

/**
 * `run.ts backtest`: Freqtrade's `backtesting` on Keel's one engine. Loads the strategy (or
 * each of --strategy-list), runs the backtest, prints Freqtrade's report tables and writes the
 * versioned JSON result with the HTML report beside it. docs/backtesting.md explains the
 * semantics. The implementation (actions/backtest.ts) is loaded when the command runs.
 */

/**
 * The flags `backtest` and `hyperopt` share (what to run, on which candles, with what stake);
 * actions/backtest-flags.ts parses them for both.
 */
export interface BacktestRunFlags {
  strategy?: string;
  strategyPath?: string;
  timerange?: string;
  timeframe?: string;
  pairs?: string[];
  fee?: string;
  stakeAmount?: string;
  maxOpenTrades?: string;
  startingBalance?: string;
  enableProtections?: boolean;
  datadir?: string;
  exchange?: string;
  markets?: string;
}

export interface BacktestFlags extends BacktestRunFlags {
  strategyList?: string[];
  timeframeDetail?: string;
  export?: 'none' | 'trades' | 'signals';
  exportFilename?: string;
  /** false with --no-html. */
  html: boolean;
  breakdown?: BreakdownPeriod[];
  fillModel?: 'freqtrade' | 'ohlc-path';
  seed?: string;
}

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('backtest a strategy on stored candles with Freqtrade\'s semantics, print the report and write the JSON result and the HTML report (`npm start` runs it on the bundled data)')
    .option('-s, --strategy <name>', 'strategy class (default: strategy.name from the config)')
    .option('--strategy-list <names...>', 'backtest several strategies one after the other and compare them (a strategy summary table)')
    .option('--strategy-path <dir>', 'directory searched for strategies (default: strategy.path)')
    .option('--timerange <range>', 'candles to backtest, YYYYMMDD-[YYYYMMDD] (both ends inclusive; default: backtest.timerange, else all data)')
    .option('-i, --timeframe <tf>', "candle timeframe, e.g. 5m (default: the config's timeframe when set there, else the strategy's)")
    .option('--timeframe-detail <tf>', 'evaluate trades on this smaller timeframe inside each candle, e.g. 1m (its candles must be stored)')
    .option('-p, --pairs <pairs...>', 'pairs to backtest (default: exchange.pair_whitelist)')
    .option('--fee <ratio>', 'fee ratio charged on entry and exit, e.g. 0.001 (default: the larger of fees.maker / fees.taker)')
    .option('--stake-amount <amount>', 'stake per trade in the stake currency, or "unlimited" (default: stake.amount)')
    .option('--max-open-trades <n>', 'most trades open at once, -1 = unlimited (default: the strategy\'s maxOpenTrades, else max_open_trades)')
    .option('--starting-balance <amount>', 'starting balance in the stake currency (default: stake.starting_balance)')
    .option('--enable-protections', "apply the strategy's protections (CooldownPeriod, StoplossGuard, ...) during the backtest")
    .addOption(
      new Option('--export <what>', 'what to write to the results directory: none, trades (the JSON result and the HTML report), signals (also the entry signals) (default: backtest.export)').choices([
        'none',
        'trades',
        'signals',
      ]),
    )
    .option('--export-filename <path>', 'results directory (or a .json file name) for the export (default: backtest.results_directory)')
    .option('--no-html', 'do not write the HTML report beside the JSON result')
    .addOption(
      new Option('--breakdown <periods...>', `also print the profit per period: ${BREAKDOWN_PERIODS.join(', ')} (several: "day week" or "day,week")`).argParser(
        choiceList(BREAKDOWN_PERIODS),
      ),
    )
    .addOption(new Option('--fill-model <model>', 'how the simulated venue fills orders (default: sim_venue.fill_model)').choices(['freqtrade', 'ohlc-path']))
    .option('--seed <n>', 'seed recorded with the result (for fill models with randomness; the freqtrade model has none)')
    .option('--datadir <dir>', 'candle store directory (default: data.directory)')
    .option('--exchange <name>', 'exchange whose candles to use (default: exchange.name)')
    .option('--markets <file>', 'markets file with tick / lot sizes and minimums (default: configs/markets/<exchange>.json when present)')
    .action(action(async (flags: BacktestFlags, cmd: Command) => (await import('./actions/backtest.ts')).backtestCommand(flags, cmd)));
}
