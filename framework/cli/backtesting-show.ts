import { Option, type Command } from 'commander';
import { BREAKDOWN_PERIODS, type BreakdownPeriod } from '../reports/breakdown-periods.ts';
import { action, choiceList, resolveFromCwd } from './action.ts';

interface ShowFlags {
  exportFilename?: string;
  breakdown?: BreakdownPeriod[];
  showPairList?: boolean;
}

export interface ShowOptions {
  /** A result file, or a directory whose .last_result.json names the latest one. */
  exportFilename: string;
  breakdown?: readonly BreakdownPeriod[];
  showPairList?: boolean;
}

/** The report text of a stored backtest result, as `backtesting-show` prints it. */
export async function backtestingShow(opts: ShowOptions): Promise<string> {
  const [{ readBacktestResult, resolveResultFile }, { showBacktestResults }] = await Promise.all([
    import('../reports/export.ts'),
    import('../reports/text.ts'),
  ]);
  const file = await resolveResultFile(opts.exportFilename);
  const result = await readBacktestResult(file);
  let out = `Showing ${file}\n\n${showBacktestResults(result, opts.breakdown ?? [])}`;
  if (opts.showPairList) {
    for (const [name, s] of Object.entries(result.strategy)) {
      const pairs = s.tables.resultsPerPair.filter((r) => r.key !== 'TOTAL');
      out += `Pairs for Strategy ${name}: \n[\n${pairs.map((r) => `"${String(r.key)}",  // ${(r.profitMean * 100).toFixed(2)}%`).join('\n')}\n]\n`;
    }
  }
  return out;
}

/** `run.ts backtesting-show`: re-print the report of a stored backtest. */
export function registerBacktestingShow(program: Command): void {
  program
    .command('backtesting-show')
    .description('print the report of a stored backtest result again (the latest one by default)')
    .option('--export-filename <path>', 'result file, or a results directory (its .last_result.json names the latest); default: backtest.results_directory')
    .addOption(
      new Option('--breakdown <periods...>', `also print the profit breakdown per period: ${BREAKDOWN_PERIODS.join(', ')} (several: "day week" or "day,week")`).argParser(
        choiceList(BREAKDOWN_PERIODS),
      ),
    )
    .option('--show-pair-list', 'also print the pairs sorted by profit, as a list to paste into a pair whitelist')
    .action(
      action(async (flags: ShowFlags, cmd: Command) => {
        const { loadCommandConfig } = await import('./common.ts');
        const { config } = loadCommandConfig(cmd);
        const target = flags.exportFilename ? resolveFromCwd(flags.exportFilename) : config.backtest.results_directory;
        const breakdown = flags.breakdown ?? [];
        process.stdout.write(await backtestingShow({ exportFilename: target, breakdown, showPairList: flags.showPairList ?? false }));
      }),
    );
}
