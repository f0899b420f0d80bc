import type { Command } from 'commander';
import { action } from './action.ts';

/**
 * `run.ts hyperopt`: search a strategy's parameters (Freqtrade's hyperopt) on every core, with
 * resumable results and walk-forward validation. docs/hyperopt.md explains it; the work is in
 * framework/optimize/hyperopt/ (loaded when the command runs).
 */

export interface HyperoptFlags {
  strategy?: string;
  strategyPath?: string;
  epochs?: string;
  spaces?: string[];
  hyperoptLoss?: string;
  sampler?: string;
  jobWorkers?: string;
  randomState?: string;
  minTrades?: string;
  timerange?: string;
  timeframe?: string;
  pairs?: string[];
  fee?: string;
  stakeAmount?: string;
  maxOpenTrades?: string;
  startingBalance?: string;
  enableProtections?: boolean;
  resume?: string;
  earlyStop?: string;
  walkForward?: string;
  disableParamExport?: boolean;
  datadir?: string;
  exchange?: string;
  markets?: string;
}

/** A number flag checked at the edge: the flag, the value and what was expected are named. */
export async function numberFlag(value: string | undefined, flag: string, check: (n: number) => boolean, expected: string): Promise<number | undefined> {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
    const { UsageError } = await import('../core/errors.ts');
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected ${expected}`);
  }
  return n;
}

const whole = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

async function run(flags: HyperoptFlags, cmd: Command): Promise<void> {
  const [{ loadCommandConfig, resolveFromCwd, splitList }, { hyperoptCommand }] = await Promise.all([
    import('./common.ts'),
    import('../optimize/hyperopt/command.ts'),
  ]);
  const epochs = await numberFlag(flags.epochs, '--epochs', whole(1), 'a whole number >= 1');
  const jobs = await numberFlag(flags.jobWorkers, '-j', whole(1), 'a whole number >= 1 (worker threads)');
  const seed = await numberFlag(flags.randomState, '--random-state', (n) => whole(0)(n) && n <= Number.MAX_SAFE_INTEGER, 'a whole number >= 0');
  const minTrades = await numberFlag(flags.minTrades, '--min-trades', whole(0), 'a whole number >= 0');
  const earlyStop = await numberFlag(flags.earlyStop, '--early-stop', whole(0), 'a whole number >= 0 (0 = off)');
  const fee = await numberFlag(flags.fee, '--fee', (n) => n >= 0 && n < 0.1, 'a ratio in [0, 0.1), e.g. 0.001');
  const maxOpenTrades = await numberFlag(flags.maxOpenTrades, '--max-open-trades', whole(-1), 'a whole number >= -1');
  const startingBalance = await numberFlag(flags.startingBalance, '--starting-balance', (n) => n > 0, 'a positive number');
  const stakeAmount: number | 'unlimited' | undefined =
    flags.stakeAmount === undefined || flags.stakeAmount === 'unlimited'
      ? (flags.stakeAmount as 'unlimited' | undefined)
      : await numberFlag(flags.stakeAmount, '--stake-amount', (n) => n > 0, 'a positive number or "unlimited"');
  const pairs = splitList(flags.pairs);
  const spaces = splitList(flags.spaces);

  const { config, sources } = loadCommandConfig(cmd, {
    'data.directory': flags.datadir,
    'exchange.name': flags.exchange,
    'exchange.pair_whitelist': pairs,
    'strategy.name': flags.strategy,
    'strategy.path': flags.strategyPath,
    'stake.amount': stakeAmount,
    'stake.starting_balance': startingBalance,
    max_open_trades: maxOpenTrades,
    timeframe: flags.timeframe,
    'backtest.timerange': flags.timerange,
  });
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
    ...(flags.markets !== undefined ? { markets: resolveFromCwd(flags.markets) } : {}),
    progress: process.stderr.isTTY === true,
    out: process.stdout,
  };
  if (flags.walkForward !== undefined) {
    if (flags.resume !== undefined) {
      const { UsageError } = await import('../core/errors.ts');
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
