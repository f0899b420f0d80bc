import type { Command } from 'commander';
import { action, numberFlag, wholeAtLeast } from './action.ts';

/**
 * `run.ts hyperopt-list`: the epochs of a hyperopt results file as a table (Freqtrade's
 * hyperopt-list), filtered, optionally exported as CSV. Reads the newest run unless --results
 * names one.
 */

interface HyperoptListFlags {
  results?: string;
  best?: boolean;
  profitable?: boolean;
  minTrades?: string;
  maxTrades?: string;
  minAvgProfit?: string;
  maxAvgProfit?: string;
  minTotalProfit?: string;
  maxTotalProfit?: string;
  minObjective?: string;
  maxObjective?: string;
  exportCsv?: string;
}

const any = (): boolean => true;

async function run(flags: HyperoptListFlags, cmd: Command): Promise<void> {
  const [{ loadCommandConfig, resolveFromCwd }, fs, path, rf, list] = await Promise.all([
    import('./common.ts'),
    import('node:fs'),
    import('node:path'),
    import('../optimize/hyperopt/results-file.ts'),
    import('../optimize/hyperopt/list.ts'),
  ]);
  const filter = {
    ...(flags.best ? { best: true } : {}),
    ...(flags.profitable ? { profitable: true } : {}),
    minTrades: numberFlag(flags.minTrades, '--min-trades', wholeAtLeast(0), 'a whole number >= 0'),
    maxTrades: numberFlag(flags.maxTrades, '--max-trades', wholeAtLeast(0), 'a whole number >= 0'),
    minAvgProfit: numberFlag(flags.minAvgProfit, '--min-avg-profit', any, 'a number (percent)'),
    maxAvgProfit: numberFlag(flags.maxAvgProfit, '--max-avg-profit', any, 'a number (percent)'),
    minTotalProfit: numberFlag(flags.minTotalProfit, '--min-total-profit', any, 'a number (stake currency)'),
    maxTotalProfit: numberFlag(flags.maxTotalProfit, '--max-total-profit', any, 'a number (stake currency)'),
    minObjective: numberFlag(flags.minObjective, '--min-objective', any, 'a number'),
    maxObjective: numberFlag(flags.maxObjective, '--max-objective', any, 'a number'),
  };
  const { config } = loadCommandConfig(cmd);
  const file = rf.pickResultsFile(flags.results, config.hyperopt.results_directory);
  const results = rf.readResultsFile(file);
  const { header } = results;
  const spec = header.spec;
  const total = Math.max(header.epochs, ...results.epochs.map((e) => e.epoch));
  const shown = list.filterEpochs(results.epochs, filter);
  const out = process.stdout;
  out.write(
    `${path.relative(process.cwd(), file) || file}: ${spec.strategy.name}, ${spec.loss.name}, ${spec.sampler.name} seed ${spec.sampler.seed}, ` +
      `spaces ${spec.spaces.join(' ')}; ${results.epochs.length} epochs recorded (started for ${header.epochs}), ${shown.length} shown\n`,
  );
  if (results.skippedLastLine !== null) out.write(`(skipping the partial last line ${results.skippedLastLine})\n`);
  out.write(shown.length > 0 ? list.epochTable(shown, results.epochs, total, spec.backtest.stakeCurrency) : 'No epochs match the filters.\n');
  if (flags.exportCsv !== undefined) {
    const target = resolveFromCwd(flags.exportCsv);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, list.epochsCsv(shown, results.epochs, spec.searchSpace.dimensions.map((d) => d.name)));
    out.write(`${shown.length} epochs written to ${path.relative(process.cwd(), target) || target}\n`);
  }
}

export function registerHyperoptList(program: Command): void {
  program
    .command('hyperopt-list')
    .description('list the epochs of a hyperopt run (the newest unless --results), filtered; optionally export them as CSV')
    .option('--results <file>', 'results file: a name in hyperopt.results_directory or a path (default: the newest run)')
    .option('--best', 'only epochs that were a new best when reached (in epoch order)')
    .option('--profitable', 'only epochs with a total profit above 0')
    .option('--min-trades <n>', 'only epochs with at least N trades')
    .option('--max-trades <n>', 'only epochs with at most N trades')
    .option('--min-avg-profit <pct>', 'only epochs whose average profit per trade is at least this, in percent')
    .option('--max-avg-profit <pct>', 'only epochs whose average profit per trade is at most this, in percent')
    .option('--min-total-profit <amount>', 'only epochs whose total profit is at least this, in the stake currency')
    .option('--max-total-profit <amount>', 'only epochs whose total profit is at most this, in the stake currency')
    .option('--min-objective <x>', 'only epochs whose objective (loss) is at least x')
    .option('--max-objective <x>', 'only epochs whose objective (loss) is at most x')
    .option('--export-csv <file>', 'also write the listed epochs (metrics and parameters) to this CSV file')
    .action(action(run));
}
