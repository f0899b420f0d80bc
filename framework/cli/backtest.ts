import path from 'node:path';
import { Option, type Command } from 'commander';
import type { ConfigSource } from '../config/load.ts';
import type { KeelConfig } from '../config/schema.ts';
import type { BacktestOutcome } from '../engine/backtest/runner.ts';
import type { BacktestRun, BreakdownPeriod } from '../reports/types.ts';
import { UsageError } from '../core/errors.ts';
import { action, loadCommandConfig, resolveFromCwd, splitList } from './common.ts';

/**
 * `run.ts backtest`: Freqtrade's `backtesting` on Keel's one engine. Loads the strategy (or
 * each of --strategy-list), runs the backtest, prints Freqtrade's report tables and writes the
 * versioned JSON result (framework/reports/export.ts). docs/backtesting.md explains the
 * semantics. The heavy modules are imported when the command runs, not when it is registered.
 */

interface BacktestFlags {
  strategy?: string;
  strategyList?: string[];
  strategyPath?: string;
  timerange?: string;
  timeframe?: string;
  timeframeDetail?: string;
  pairs?: string[];
  fee?: string;
  stakeAmount?: string;
  maxOpenTrades?: string;
  startingBalance?: string;
  enableProtections?: boolean;
  export?: 'none' | 'trades' | 'signals';
  exportFilename?: string;
  breakdown?: string[];
  fillModel?: 'freqtrade' | 'ohlc-path';
  seed?: string;
  datadir?: string;
  exchange?: string;
  markets?: string;
}

const BREAKDOWNS = ['day', 'week', 'month', 'year', 'weekday'] as const;

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('backtest a strategy on stored candles with Freqtrade\'s semantics and print the report (`npm start` runs it on the bundled data)')
    .option('-s, --strategy <name>', 'strategy class (default: strategy.name from the config)')
    .option('--strategy-list <names...>', 'backtest several strategies one after the other and compare them (a strategy summary table)')
    .option('--strategy-path <dir>', 'directory searched for strategies (default: strategy.path)')
    .option('--timerange <range>', 'candles to backtest, YYYYMMDD-[YYYYMMDD] (both ends inclusive; default: backtest.timerange, else all data)')
    .option('-i, --timeframe <tf>', "candle timeframe, e.g. 5m (default: the config's timeframe when set there, else the strategy's)")
    .option('--timeframe-detail <tf>', 'evaluate trades on this smaller timeframe inside each candle, e.g. 1m (its candles must be stored)')
    .option('-p, --pairs <pairs...>', 'pairs to backtest (default: exchange.pair_whitelist)')
    .option('--fee <ratio>', 'fee ratio charged on entry and exit, e.g. 0.001 (default: the larger of fees.maker / fees.taker)')
    .option('--stake-amount <amount>', 'stake per trade in the stake currency, or "unlimited" (default: stake.amount)')
    .option('--max-open-trades <n>', 'most trades open at once, -1 = unlimited (default: the strategy\'s maxOpenTrades, else max_open_trades)')
    .option('--starting-balance <amount>', 'starting balance in the stake currency (default: stake.starting_balance)')
    .option('--enable-protections', "apply the strategy's protections (CooldownPeriod, StoplossGuard, ...) during the backtest")
    .addOption(new Option('--export <what>', 'what to write to the results directory (default: backtest.export)').choices(['none', 'trades', 'signals']))
    .option('--export-filename <path>', 'results directory (or a .json file name) for the export (default: backtest.results_directory)')
    .addOption(new Option('--breakdown <periods...>', 'also print the profit per period').choices([...BREAKDOWNS]))
    .addOption(new Option('--fill-model <model>', 'how the simulated venue fills orders (default: sim_venue.fill_model)').choices(['freqtrade', 'ohlc-path']))
    .option('--seed <n>', 'seed recorded with the result (for fill models with randomness; the freqtrade model has none)')
    .option('--datadir <dir>', 'candle store directory (default: data.directory)')
    .option('--exchange <name>', 'exchange whose candles to use (default: exchange.name)')
    .option('--markets <file>', 'markets file with tick / lot sizes and minimums (default: configs/markets/<exchange>.json when present)')
    .action(action(async (flags: BacktestFlags, cmd: Command) => runBacktestCommand(flags, cmd)));
}

function parseNumber(value: string | undefined, flag: string, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected ${expected}`);
  }
  return n;
}

async function runBacktestCommand(flags: BacktestFlags, cmd: Command): Promise<void> {
  const stakeAmount =
    flags.stakeAmount === undefined || flags.stakeAmount === 'unlimited'
      ? flags.stakeAmount
      : parseNumber(flags.stakeAmount, '--stake-amount', (n) => n > 0, 'a positive number or "unlimited"');
  const maxOpenTrades = parseNumber(flags.maxOpenTrades, '--max-open-trades', (n) => Number.isInteger(n) && n >= -1, 'a whole number >= -1');
  const startingBalance = parseNumber(flags.startingBalance, '--starting-balance', (n) => n > 0, 'a positive number');
  const feeFlag = parseNumber(flags.fee, '--fee', (n) => n >= 0 && n < 0.1, 'a ratio in [0, 0.1), e.g. 0.001');
  const seed = parseNumber(flags.seed, '--seed', (n) => Number.isInteger(n), 'a whole number');
  const pairs = splitList(flags.pairs);

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
    'backtest.export': flags.export,
    'sim_venue.fill_model': flags.fillModel === 'ohlc-path' ? 'ohlc_path' : flags.fillModel,
  });

  const [
    { getLogger },
    { parseTimerange },
    { redact },
    { CandleStore },
    { discoverStrategies },
    { loadStrategy },
    { runBacktest },
    { findMarketsFile, readMarketsFile },
    { buildBacktestResult, writeBacktestResult },
    { showBacktestResults },
    { calculateMarketChange },
  ] = await Promise.all([
    import('../core/logger.ts'),
    import('../core/timerange.ts'),
    import('../core/redact.ts'),
    import('../data/parquet-store.ts'),
    import('../strategy/registry.ts'),
    import('../strategy/loader.ts'),
    import('../engine/backtest/runner.ts'),
    import('../engine/backtest/instruments.ts'),
    import('../reports/export.ts'),
    import('../reports/text.ts'),
    import('../reports/market-change.ts'),
  ]);
  const log = getLogger('backtest');

  const names = splitList(flags.strategyList) ?? [flags.strategy ?? config.strategy.name].filter((n): n is string => n !== undefined);
  if (names.length === 0) throw new UsageError('no strategy selected: pass --strategy <ClassName> (or --strategy-list) or set strategy.name in the config');
  if (new Set(names).size !== names.length) throw new UsageError(`--strategy-list names a strategy twice: ${names.join(', ')}`);
  const whitelist = config.exchange.pair_whitelist;
  if (whitelist.length === 0) throw new UsageError('no pairs: pass --pairs or set exchange.pair_whitelist in the config');
  const blacklist = config.exchange.pair_blacklist.map((p) => new RegExp(`^${p}$`));
  const tradePairs = whitelist.filter((p) => !blacklist.some((re) => re.test(p)));
  if (tradePairs.length === 0) throw new UsageError(`every pair of the whitelist is blacklisted (${config.exchange.pair_blacklist.join(', ')})`);

  const timerange = parseTimerange(config.backtest.timerange);
  const fee = feeFlag ?? defaultFee(config);
  const store = new CandleStore(config.data.directory, config.exchange.name, config.exchange.trading_mode);
  const marketsPath = findMarketsFile(
    flags.markets === undefined ? undefined : resolveFromCwd(flags.markets),
    path.resolve(process.cwd(), 'configs/markets', `${config.exchange.name}.json`),
  );
  const markets = marketsPath ? readMarketsFile(marketsPath) : undefined;

  const discovery = await discoverStrategies(config.strategy.path);
  const loaded = [];
  for (const name of names) {
    loaded.push(await loadStrategy(name, { dir: config.strategy.path, parameterOverrides: config.strategy.parameters, discovery }));
  }
  // Freqtrade loads the largest startup of all strategies in the list for every one of them.
  const startup = Math.max(...loaded.map((l) => l.strategy.startupCandleCount));

  const runs: BacktestRun[] = [];
  const outcomes: BacktestOutcome[] = [];
  for (const l of loaded) {
    const s = l.strategy;
    const timeframe = explicitlySet(sources.get('timeframe')) ? config.timeframe : s.timeframe;
    const mot = maxOpenTrades ?? s.maxOpenTrades ?? config.max_open_trades;
    const startedAt = Date.now();
    const outcome = await runBacktest({
      strategy: s,
      strategyName: l.name,
      store,
      exchange: config.exchange.name,
      pairs: tradePairs,
      timeframe,
      ...(flags.timeframeDetail ? { timeframeDetail: flags.timeframeDetail } : {}),
      timerange,
      startupCandles: startup,
      stakeCurrency: config.stake.currency,
      stake: {
        amount: config.stake.amount,
        tradableBalanceRatio: config.stake.tradable_balance_ratio,
        startingBalance: config.stake.starting_balance,
      },
      maxOpenTrades: mot === -1 ? Infinity : mot,
      fee,
      tradingMode: config.exchange.trading_mode,
      maxLeverage: config.exchange.trading_mode === 'futures' ? config.sim_venue.account.leverage : 1,
      fillModel: config.sim_venue.fill_model === 'ohlc_path' ? 'ohlc_path' : 'freqtrade',
      venue: { slippage: config.sim_venue.slippage, latency: config.sim_venue.latency, participation: config.sim_venue.participation },
      ...(markets ? { markets } : {}),
      risk: config.risk,
      enableProtections: flags.enableProtections === true,
      load: { fillGaps: config.data.fill_gaps, check: config.data.check_on_load },
      collectRejected: config.backtest.export === 'signals',
      progress: process.stderr.isTTY === true,
      seed: seed ?? null,
    });
    if (config.sim_venue.fill_model === 'book') log.warn('sim_venue.fill_model "book" needs order book data; the backtest used the freqtrade model');
    outcomes.push(outcome);
    runs.push({
      strategy: l.name,
      timeframe,
      timeframeDetail: outcome.timeframeDetail,
      timerange: { start: outcome.startDate, end: outcome.endDate },
      stakeCurrency: config.stake.currency,
      stakeAmount: config.stake.amount,
      startingBalance: config.stake.starting_balance,
      maxOpenTrades: mot,
      pairs: outcome.pairs,
      trades: outcome.trades,
      marketChange: calculateMarketChange(outcome.candles, outcome.startDate),
      rejectedSignals: outcome.stats.rejectedSignals,
      riskDenials: outcome.riskDenials,
      timedoutEntryOrders: outcome.stats.timedoutEntryOrders,
      timedoutExitOrders: outcome.stats.timedoutExitOrders,
      fillModel: outcome.fillModel,
      seed: outcome.seed,
      configResolved: redact({ ...config, backtest: { ...config.backtest }, resolved: { strategy: l.name, timeframe, fee, max_open_trades: mot, markets: marketsPath ?? null } }) as Record<string, unknown>,
      strategySourceHash: l.sourceHash,
      dataHashes: outcome.dataHashes,
      runStartedAt: startedAt,
      runEndedAt: Date.now(),
    });
    const t = outcome.timings;
    log.info(
      { strategy: l.name, trades: outcome.trades.length, loadMs: Math.round(t.loadMs), analyzeMs: Math.round(t.analyzeMs), loopMs: Math.round(t.loopMs) },
      `${l.name}: ${outcome.trades.length} trades; ${outcome.pairCandles} pair-candles in ${Math.round(t.loopMs)} ms`,
    );
  }

  const result = buildBacktestResult(runs);
  const breakdown = (splitList(flags.breakdown) ?? []) as BreakdownPeriod[];
  let text = showBacktestResults(result, breakdown);
  for (const o of outcomes) {
    const skips = Object.entries(o.stats.entrySkips);
    if (skips.length > 0) text += `${o.strategy}: entry signals not acted on: ${skips.map(([k, n]) => `${k} ${n}`).join(', ')}\n`;
  }
  process.stdout.write(text);

  if (config.backtest.export !== 'none') {
    const target = flags.exportFilename ? resolveFromCwd(flags.exportFilename) : config.backtest.results_directory;
    const dir = target.endsWith('.json') ? path.dirname(target) : target;
    const file = await writeBacktestResult(result, dir);
    process.stdout.write(`Backtest result written to ${path.relative(process.cwd(), file) || file}\n`);
    if (config.backtest.export === 'signals') {
      const { writeFileAtomic } = await import('../data/atomic-write.ts');
      const signals = Object.fromEntries(
        outcomes.map((o) => [
          o.strategy,
          {
            rejected: o.rejected,
            entries: o.trades.map((t) => ({ tradeId: t.id, pair: t.pair, date: t.openDate, enterTag: t.enterTag })),
          },
        ]),
      );
      const sidecar = file.replace(/\.json$/, '_signals.json');
      await writeFileAtomic(sidecar, Buffer.from(`${JSON.stringify({ kind: 'keel-backtest-signals', version: 1, strategy: signals }, null, 1)}\n`));
      process.stdout.write(`Entry signals written to ${path.relative(process.cwd(), sidecar) || sidecar}\n`);
    }
  }
}

/** Whether a config value was set on purpose (file, environment, flag) rather than by the schema default. */
function explicitlySet(source: ConfigSource | undefined): boolean {
  return source !== undefined && source.kind !== 'default';
}

/** Freqtrade's backtest fee: the configured one, else the worse of maker and taker; 0.1% when neither is set. */
function defaultFee(config: KeelConfig): number {
  const { maker, taker } = config.fees;
  if (maker === null && taker === null) return 0.001;
  return Math.max(maker ?? 0, taker ?? 0);
}
