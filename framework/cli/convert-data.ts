import type { Command } from 'commander';
import { action } from './action.ts';
import { addImportOptions, addQualityOptions, type ImportFlags, type QualityFlags } from './data-options.ts';

export interface ConvertDataFlags extends ImportFlags, QualityFlags {
  input: string[];
  pair?: string;
  timeframe?: string;
  exchange?: string;
  datadir?: string;
  erase?: boolean;
  force?: boolean;
  json?: boolean;
}

/** `run.ts convert-data`: import candle files (Freqtrade json/json.gz/feather, CSV, Yahoo) into the Parquet store. */
export function registerConvertData(program: Command): void {
  const cmd = program
    .command('convert-data')
    .description(
      'import candle files into the Parquet candle store: Freqtrade .json / .json.gz / .feather, generic CSV with a ' +
        'column mapping, Yahoo daily CSV. Pair and timeframe come from Freqtrade-style names (BTC_USDT-5m.json) ' +
        'unless given. New candles are merged into stored ones (the imported row wins on equal timestamps).',
    )
    .requiredOption('-i, --input <paths...>', 'files or directories to import (a directory: all its candle files)')
    .option('-p, --pair <pair>', 'pair of the input, e.g. BTC/USDT (default: from the file name; one input file only)')
    .option('-t, --timeframe <tf>', 'timeframe of the input, e.g. 5m, 1d (default: from the file name)')
    .option('--exchange <name>', 'store under this exchange (default: exchange.name from the config)')
    .option('--datadir <dir>', 'candle store root (default: data.directory from the config)')
    .option('--erase', 'replace the stored candles of that pair/timeframe instead of merging')
    .option('--force', 'import even when the quality checks find errors (bad prices, rows off the timeframe grid)')
    .option('--json', 'print the result as JSON');
  addImportOptions(cmd);
  addQualityOptions(cmd);
  cmd.action(action(async (flags: ConvertDataFlags, command: Command) => (await import('./actions/convert-data.ts')).convertDataCommand(flags, command)));
}
