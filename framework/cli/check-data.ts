import type { Command } from 'commander';
import { action } from './action.ts';
import { addImportOptions, addQualityOptions, type ImportFlags, type QualityFlags } from './data-options.ts';

export interface CheckDataFlags extends ImportFlags, QualityFlags {
  pairs?: string[];
  timeframes?: string[];
  exchange?: string;
  datadir?: string;
  file?: string[];
  json?: boolean;
  limit?: string;
}

/** `run.ts check-data`: quality report per stored series (or per given file); exit code 1 on errors. */
export function registerCheckData(program: Command): void {
  const cmd = program
    .command('check-data')
    .description(
      'check candle data for unsorted or duplicate timestamps, rows off the timeframe grid, gaps, NaN or non-positive ' +
        'prices, high/low inconsistent with open/close, negative volume, long stale runs and outlier returns. ' +
        'Checks the stored series (all, or --pairs/--timeframes), or files given with --file. Exit code 1 when errors are found ' +
        '(gaps, stale runs and outliers are warnings).',
    )
    .option('-p, --pairs <pairs...>', 'only these stored pairs, e.g. BTC/USDT ETH/USDT')
    .option('-t, --timeframes <timeframes...>', 'only these stored timeframes; with --file: the timeframe of files whose name does not say it')
    .option('--exchange <name>', 'exchange folder of the store (default: exchange.name from the config)')
    .option('--datadir <dir>', 'candle store root (default: data.directory from the config)')
    .option('-f, --file <paths...>', 'check these files (any importable format) instead of the store')
    .option('--limit <n>', 'findings listed per check in the text report (the JSON report lists up to 1000)', '20')
    .option('--json', 'print the reports as JSON');
  addImportOptions(cmd);
  addQualityOptions(cmd);
  cmd.action(action(async (flags: CheckDataFlags, command: Command) => (await import('./actions/check-data.ts')).checkDataCommand(flags, command)));
}
