import { Option, type Command } from 'commander';
import { TIMERANGE_HELP } from '../core/timerange.ts';
import type { LOOKAHEAD_DEFAULTS, SignalSelection } from '../optimize/analysis/lookahead.ts';
import { action } from './action.ts';

/**
 * The analysis' defaults named in the help text. They are written out because the analysis
 * module is only loaded when the command runs; `satisfies` makes a difference from the
 * library's LOOKAHEAD_DEFAULTS a compile error.
 */
const DEFAULTS = { minimumSignals: 10, targetedSignals: 20 } as const satisfies Pick<typeof LOOKAHEAD_DEFAULTS, 'minimumSignals' | 'targetedSignals'>;

export interface LookaheadFlags {
  strategy?: string;
  strategyPath?: string;
  timerange?: string;
  pairs?: string[];
  minimumTradeAmount?: string;
  targetedTradeAmount?: string;
  tolerance?: string;
  signalSelection?: SignalSelection;
  datadir?: string;
  exchange?: string;
  json?: boolean;
}

/**
 * `run.ts lookahead-analysis`: re-analyze the strategy on candles cut right after each checked
 * signal and report what changed (docs/analysis-tools.md). Exit code 0 whenever the analysis
 * ran, bias or not (the report is the result); 1 on errors.
 */
export function registerLookaheadAnalysis(program: Command): void {
  program
    .command('lookahead-analysis')
    .description('check a strategy for lookahead bias: signals and indicator values recomputed on candles cut after each signal must not change')
    .option('-s, --strategy <name>', 'strategy class (default: strategy.name from the config)')
    .option('--strategy-path <dir>', 'directory searched for strategy files (default: strategy.path from the config)')
    .option('--timerange <range>', `candles analyzed (startup candles are loaded before it): ${TIMERANGE_HELP}`)
    .option('-p, --pairs <pairs...>', 'pairs, e.g. BTC/USDT ETH/USDT (default: exchange.pair_whitelist from the config)')
    .option(
      '--minimum-trade-amount <n>',
      `fewer signals (entries + exits) than this give no verdict ("too few signals") (default ${DEFAULTS.minimumSignals})`,
    )
    .option(
      '--targeted-trade-amount <n>',
      `check at most this many entry signals and as many exit signals (default ${DEFAULTS.targetedSignals})`,
    )
    .option('--tolerance <ratio>', 'relative tolerance for indicator values, e.g. 1e-12 (default 0: bit for bit, NaN equals NaN)')
    .addOption(
      new Option('--signal-selection <how>', 'which signals to check when there are more than targeted: spread over the range, or the first ones')
        .choices(['spread', 'first'])
        .default('spread'),
    )
    .option('--datadir <dir>', 'candle store root (default: data.directory from the config)')
    .option('--exchange <name>', 'exchange whose candles are used (default: exchange.name from the config)')
    .option('--json', 'print the result as JSON instead of tables')
    .action(action(async (opts: LookaheadFlags, cmd: Command) => (await import('./actions/lookahead-analysis.ts')).lookaheadAction(opts, cmd)));
}

