import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import { action, resolveFromCwd, splitList } from './action.ts';

interface AnalysisFlags {
  exportFilename?: string;
  analysisGroups?: string[];
  enterReasonList?: string[];
  exitReasonList?: string[];
  strategy?: string;
}

export interface AnalysisCommandOptions {
  exportFilename: string;
  analysisGroups: readonly string[];
  enterReasonList?: readonly string[];
  exitReasonList?: readonly string[];
  /** Only this strategy of a multi-strategy result. */
  strategy?: string;
}

/** The text `backtesting-analysis` prints: per strategy, the chosen analysis groups. */
export async function backtestingAnalysis(opts: AnalysisCommandOptions): Promise<string> {
  const [{ analyzeTrades, formatAnalysis }, { readBacktestResult, resolveResultFile }] = await Promise.all([
    import('../reports/analysis.ts'),
    import('../reports/export.ts'),
  ]);
  const file = await resolveResultFile(opts.exportFilename);
  const result = await readBacktestResult(file);
  const names = Object.keys(result.strategy);
  if (opts.strategy !== undefined && !names.includes(opts.strategy)) {
    throw new UsageError(`strategy "${opts.strategy}" is not in ${file} (it has: ${names.join(', ')})`);
  }
  let out = '';
  for (const name of opts.strategy !== undefined ? [opts.strategy] : names) {
    const tables = await analyzeTrades(result.strategy[name]!.trades, {
      groups: opts.analysisGroups,
      ...(opts.enterReasonList ? { enterReasonList: opts.enterReasonList } : {}),
      ...(opts.exitReasonList ? { exitReasonList: opts.exitReasonList } : {}),
    });
    out += `Strategy ${name}\n${formatAnalysis(tables)}\n`;
  }
  return out;
}

/** `run.ts backtesting-analysis`: group a stored backtest's trades by enter tag / exit reason. */
export function registerBacktestingAnalysis(program: Command): void {
  program
    .command('backtesting-analysis')
    .description('group the trades of a stored backtest by enter tag, exit reason and pair (Freqtrade\'s analysis groups 0-5)')
    .option('--export-filename <path>', 'result file, or a results directory (its .last_result.json names the latest); default: backtest.results_directory')
    .option(
      '--analysis-groups <groups...>',
      'tables to print: 0 wins/losses per enter tag, 1 profit per enter tag, 2 per enter tag and exit reason, 3 per pair and enter tag, 4 per pair, enter tag and exit reason, 5 per exit reason (default: 0)',
    )
    .option('--enter-reason-list <tags...>', 'only trades with these enter tags (OTHER = untagged; "all" = every tag)')
    .option('--exit-reason-list <reasons...>', 'only trades with these exit reasons ("all" = every reason)')
    .option('--strategy <name>', 'only this strategy of a --strategy-list result')
    .action(
      action(async (flags: AnalysisFlags, cmd: Command) => {
        const [{ loadCommandConfig }, { ANALYSIS_GROUPS }] = await Promise.all([import('./common.ts'), import('../reports/analysis.ts')]);
        const { config } = loadCommandConfig(cmd);
        const groups = splitList(flags.analysisGroups) ?? ['0'];
        for (const g of groups) {
          if (!(ANALYSIS_GROUPS as readonly string[]).includes(g)) {
            throw new UsageError(`invalid --analysis-groups value "${g}": expected ${ANALYSIS_GROUPS.join(' ')}`);
          }
        }
        const enter = splitList(flags.enterReasonList);
        const exit = splitList(flags.exitReasonList);
        process.stdout.write(
          await backtestingAnalysis({
            exportFilename: flags.exportFilename ? resolveFromCwd(flags.exportFilename) : config.backtest.results_directory,
            analysisGroups: groups,
            ...(enter ? { enterReasonList: enter } : {}),
            ...(exit ? { exitReasonList: exit } : {}),
            ...(flags.strategy !== undefined ? { strategy: flags.strategy } : {}),
          }),
        );
      }),
    );
}
