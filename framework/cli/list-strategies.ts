import type { Command } from 'commander';
import { action } from './action.ts';

/**
 * `run.ts list-strategies`: every strategy class found under the strategy directory with its
 * file, timeframe, interface version, version(), parameter counts and status. Files and classes
 * that cannot be used are listed with what is wrong. The exit code is 0 whenever the directory
 * could be searched, even when some (or all) files have problems: the listing is the diagnosis.
 * A missing directory is an error (exit code 1).
 */
export function registerListStrategies(program: Command): void {
  program
    .command('list-strategies')
    .description('list the strategy classes in the strategy directory, with their status (broken files show their error)')
    .option('--strategy-path <dir>', 'directory searched for strategy files (default: config strategy.path, user_data/strategies)')
    .option('--json', 'print JSON: { directory, strategies, problems }')
    .action(action(async (opts: ListStrategiesOptions, cmd: Command) => (await import('./actions/list-strategies.ts')).listStrategiesAction(opts, cmd)));
}

export interface ListStrategiesOptions {
  strategyPath?: string;
  json?: boolean;
}
