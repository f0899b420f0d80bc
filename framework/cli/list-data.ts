import type { Command } from 'commander';
import { action } from './action.ts';

export interface ListDataFlags {
  exchange?: string;
  datadir?: string;
  pairs?: string[];
  timeframes?: string[];
  json?: boolean;
}

/** `run.ts list-data`: what the candle store holds. */
export function registerListData(program: Command): void {
  program
    .command('list-data')
    .description('list the stored candles of an exchange: pairs, timeframes, candle counts, first and last candle, gaps and missing candles')
    .option('--exchange <name>', 'exchange folder of the store (default: exchange.name from the config)')
    .option('--datadir <dir>', 'candle store root (default: data.directory from the config)')
    .option('-p, --pairs <pairs...>', 'only these pairs')
    .option('-t, --timeframes <timeframes...>', 'only these timeframes')
    .option('--json', 'print the list as JSON')
    .action(action(async (flags: ListDataFlags, cmd: Command) => (await import('./actions/list-data.ts')).listData(flags, cmd)));
}
