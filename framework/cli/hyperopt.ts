import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import { action, numberFlag, splitList, wholeAtLeast } from './action.ts';
import type { BacktestRunFlags } from './backtest.ts';

/**
 * `run.ts hyperopt`: search a strategy's parameters (Freqtrade's hyperopt) on every core, with
 * resumable results and walk-forward validation. docs/hyperopt.md explains it; the work is in
 * framework/optimize/hyperopt/ (loaded when the command runs).
 */

export interface HyperoptFlags extends BacktestRunFlags {
  epochs?: string;
  spaces?: string[];
  hyperoptLoss?: string;
  sampler?: string;
  jobWorkers?: string;
  randomState?: string;
  minTrades?: string;
  resume?: string;
  earlyStop?: string;
  walkForward?: string;
  disableParamExport?: boolean;
}

async function run(flags: HyperoptFlags, cmd: Command): Promise<void> {
  const [{ parseBacktestFlags }, { hyperoptCommand }] = await Promise.all([
    import('./actions/backtest-flags.ts'),
    import('../optimize/hyperopt/command.ts'),
  ]);
  const epochs = numberFlag(flags.epochs, '--epochs', wholeAtLeast(1), 'a whole number >= 1');
  const jobs = numberFlag(flags.jobWorkers, '-j', wholeAtLeast(1), 'a whole number >= 1 (worker threads)');
  const seed = numberFlag(flags.randomState, '--random-state', (n) => wholeAtLeast(0)(n) && n <= Number.MAX_SAFE_INTEGER, 'a whole number >= 0');
  const minTrades = numberFlag(flags.minTrades, '--min-trades', wholeAtLeast(0), 'a whole number >= 0');
  const earlyStop = numberFlag(flags.earlyStop, '--early-stop', wholeAtLeast(0), 'a whole number >= 0 (0 = off)');
  const spaces = splitList(flags.spaces);
  const { config, sources, pairs, fee, stakeAmount, maxOpenTrades, startingBalance, markets } = parseBacktestFlags(flags, cmd);
  const tfSource = sources.get('timeframe');
  const request = {
    config,
    timeframeExplicit: tfSource !== undefined && tfSource.kind !== 'default',
    ...(flags.strategy !== undefined ? { strategy: flags.strategy } : {}),
    ...(spaces !== undefined ? { spaces } : {}),
    ...(flags.hyperoptLoss !== undefined ? { loss: flags.hyperoptLoss } : {}),
    ...(flags.sampler !== undefined ? { sampler: flags.sampler } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(minTrades !== undefined ? { minTrades } : {}),
    ...(flags.timerange !== undefined ? { timerange: flags.timerange } : {}),
    ...(flags.timeframe !== undefined ? { timeframe: flags.timeframe } : {}),
    ...(pairs !== undefined ? { pairs } : {}),
    ...(fee !== undefined ? { fee } : {}),
    ...(stakeAmount !== undefined ? { stakeAmount } : {}),
    ...(maxOpenTrades !== undefined ? { maxOpenTrades } : {}),
    ...(startingBalance !== undefined ? { startingBalance } : {}),
    ...(flags.enableProtections ? { enableProtections: true } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(earlyStop !== undefined ? { earlyStop } : {}),
    ...(flags.resume !== undefined ? { resume: flags.resume } : {}),
    ...(flags.disableParamExport ? { disableParamExport: true } : {}),
    ...(markets !== undefined ? { markets } : {}),
    progress: process.stderr.isTTY === true,
    out: process.stdout,
  };
  if (flags.walkForward !== undefined) {
    if (flags.resume !== undefined) {
      throw new UsageError('--walk-forward and --resume cannot be combined: a walk-forward run starts one hyperopt run per window');
    }
    const { walkForwardCommand } = await import('../optimize/walk-forward/run.ts');
    await walkForwardCommand({ ...request, walkForward: flags.walkForward });
    return;
  }
  await hyperoptCommand(request);
}

export function registerHyperopt(program: Command): void {
  program
    .command('hyperopt')
    .description(
      "search the strategy's parameters (Freqtrade's hyperopt) with worker threads on every core; each epoch is appended to a results file that --resume continues; the best parameters go to the strategy's JSON parameter file",
    )
    .option('-s, --strategy <name>', 'strategy class (default: strategy.name from the config)')
    .option('--strategy-path <dir>', 'directory searched for strategies (default: strategy.path)')
    .option('-e, --epochs <n>', 'epochs to run (with --resume: the total to reach; default 100, or the resumed run\'s)')
    .option(
      '--spaces <spaces...>',
      'what to search: buy sell roi stoploss trailing protection trades default all, or a custom space of the strategy (default: default = buy sell roi stoploss)',
    )
    .option('--hyperopt-loss <name>', 'loss function to minimise, e.g. SharpeHyperOptLoss or Sharpe, or a class in user_data/hyperopts (default: ShortTradeDurHyperOptLoss)')
    .option('--sampler <name>', 'how trials are chosen: tpe, random, grid or nsga2 (multi-objective losses) (default: tpe)')
    .option('-j, --job-workers <n>', 'worker threads (default: the number of cores)')
    .option('--random-state <n>', 'seed: the same seed gives the same trials with any -j (default: random, printed)')
    .option('--min-trades <n>', 'epochs with fewer trades get the maximal loss (default: 1)')
    .option('--early-stop <n>', 'stop once N epochs in a row (in epoch order) brought no improvement (default: 0 = off)')
    .option('--resume <run>', 'continue an interrupted run: its results file (name in the results directory, or a path)')
    .option('--walk-forward <spec>', 'walk-forward validation: windows=N[,train=DUR][,test=DUR][,anchored], e.g. windows=3,test=30d (see docs/hyperopt.md)')
    .option('--disable-param-export', "do not write the best parameters to the strategy's JSON parameter file")
    .option('--timerange <range>', 'candles to optimise on, YYYYMMDD-[YYYYMMDD] (default: backtest.timerange, else all data)')
    .option('-i, --timeframe <tf>', "candle timeframe (default: the config's timeframe when set there, else the strategy's)")
    .option('-p, --pairs <pairs...>', 'pairs to backtest (default: exchange.pair_whitelist)')
    .option('--fee <ratio>', 'fee ratio per side, e.g. 0.001 (default: the larger of fees.maker / fees.taker)')
    .option('--stake-amount <amount>', 'stake per trade, or "unlimited" (default: stake.amount)')
    .option('--max-open-trades <n>', "most trades open at once, -1 = unlimited (default: the strategy's maxOpenTrades, else max_open_trades)")
    .option('--starting-balance <amount>', 'starting balance in the stake currency (default: stake.starting_balance)')
    .option('--enable-protections', "apply the strategy's protections during each epoch's backtest")
    .option('--datadir <dir>', 'candle store directory (default: data.directory)')
    .option('--exchange <name>', 'exchange whose candles to use (default: exchange.name)')
    .option('--markets <file>', 'markets file with tick / lot sizes and minimums (default: configs/markets/<exchange>.json when present)')
    .action(action(run));
}
