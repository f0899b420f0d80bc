import type { Command } from 'commander';
import { action } from './action.ts';

/**
 * `run.ts quickstart`: a look at the bundled sample data before backtesting it: the configured
 * pairs as stored, the strategies found, and the signals the configured strategy produces on
 * that data. (`npm start` runs `backtest`, which trades those signals.)
 */
export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('the bundled sample data, the strategies found and the signals of the configured strategy (`npm start` then backtests them)')
    .option('-s, --strategy <name>', 'strategy class to analyze (default: strategy.name from the config)')
    .action(action(async (opts: { strategy?: string }, cmd: Command) => (await import('./actions/quickstart.ts')).quickstart(opts, cmd)));
}
