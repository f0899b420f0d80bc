import type { Command } from 'commander';
import { action, numberFlag } from './action.ts';

/**
 * `run.ts hyperopt-show -n N`: the full backtest report of one epoch of a hyperopt run (the
 * epoch is backtested again with the run's recorded settings), or of the best one.
 */

interface HyperoptShowFlags {
  index?: string;
  best?: boolean;
  results?: string;
}

async function run(flags: HyperoptShowFlags, cmd: Command): Promise<void> {
  const [{ loadCommandConfig }, rf, show] = await Promise.all([
    import('./common.ts'),
    import('../optimize/hyperopt/results-file.ts'),
    import('../optimize/hyperopt/show.ts'),
  ]);
  const n = numberFlag(flags.index, '-n', (x) => Number.isInteger(x) && x >= 1, 'an epoch number >= 1');
  if (n === undefined && !flags.best) {
    const { UsageError } = await import('../core/errors.ts');
    throw new UsageError('hyperopt-show needs -n <epoch> or --best');
  }
  const { config } = loadCommandConfig(cmd);
  const file = rf.pickResultsFile(flags.results, config.hyperopt.results_directory);
  const results = rf.readResultsFile(file);
  const epoch = show.pickEpoch(results, n, flags.best === true);
  const shown = await show.showEpoch(results, epoch);
  process.stdout.write(shown.text);
}

export function registerHyperoptShow(program: Command): void {
  program
    .command('hyperopt-show')
    .description('the full backtest report of one epoch of a hyperopt run (re-run with the recorded settings)')
    .option('-n, --index <n>', 'epoch number, as hyperopt-list shows it')
    .option('--best', 'the best epoch of the run')
    .option('--results <file>', 'results file: a name in hyperopt.results_directory or a path (default: the newest run)')
    .action(action(run));
}
