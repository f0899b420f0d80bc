import type { Command } from 'commander';
import { TIMERANGE_HELP } from '../core/timerange.ts';
import type { RECURSIVE_DEFAULTS } from '../optimize/analysis/recursive.ts';
import { action } from './action.ts';

/**
 * The analysis' defaults named in the help text. They are written out because the analysis
 * module is only loaded when the command runs; `satisfies` makes a difference from the
 * library's RECURSIVE_DEFAULTS a compile error.
 */
const DEFAULTS = { threshold: 0.001, compareRows: 1 } as const satisfies Pick<typeof RECURSIVE_DEFAULTS, 'threshold' | 'compareRows'>;

export interface RecursiveFlags {
  strategy?: string;
  strategyPath?: string;
  timerange?: string;
  pairs?: string[];
  startupCandle?: string[];
  threshold?: string;
  compareRows?: string;
  datadir?: string;
  exchange?: string;
  json?: boolean;
}

/**
 * `run.ts recursive-analysis`: indicator values computed from several startup lengths against a
 * long-history reference; WARN when the strategy's startupCandleCount is too small
 * (docs/analysis-tools.md). Exit code 0 whenever the analysis ran, 1 on errors.
 */
export function registerRecursiveAnalysis(program: Command): void {
  program
    .command('recursive-analysis')
    .description("check that a strategy's startupCandleCount is enough: indicators from short histories vs a long-history reference")
    .option('-s, --strategy <name>', 'strategy class (default: strategy.name from the config)')
    .option('--strategy-path <dir>', 'directory searched for strategy files (default: strategy.path from the config)')
    .option(
      '--timerange <range>',
      `reference history: from its start (default: the first stored candle) to its end, the candle evaluated (default: the last); ${TIMERANGE_HELP}`,
    )
    .option('-p, --pairs <pairs...>', 'pairs to analyze (default: the first pair of exchange.pair_whitelist; indicators rarely need more)')
    .option(
      '--startup-candle <n...>',
      "startup lengths to test, e.g. 100 500 1000 (default: the strategy's startupCandleCount x1, x2, x4, x8; its own value is always added)",
    )
    .option('--threshold <ratio>', `relative deviation above which a length is too small (default ${DEFAULTS.threshold} = 0.1%)`)
    .option('--compare-rows <n>', `last rows compared, the worst counts (default ${DEFAULTS.compareRows})`)
    .option('--datadir <dir>', 'candle store root (default: data.directory from the config)')
    .option('--exchange <name>', 'exchange whose candles are used (default: exchange.name from the config)')
    .option('--json', 'print the results as JSON instead of tables')
    .action(action(async (opts: RecursiveFlags, cmd: Command) => (await import('./actions/recursive-analysis.ts')).recursiveAction(opts, cmd)));
}

