import path from 'node:path';
import type { Command } from 'commander';
import type { ConfigSource } from '../../config/load.ts';
import type { KeelConfig } from '../../config/schema.ts';
import { UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import { redact } from '../../core/redact.ts';
import { parseTimerange } from '../../core/timerange.ts';
import { CandleStore } from '../../data/parquet-store.ts';
import { findMarketsFile, readMarketsFile } from '../../engine/backtest/instruments.ts';
import { runBacktest, type BacktestOptions, type BacktestOutcome } from '../../engine/backtest/runner.ts';
import type { ReportCandles } from '../../reports/html/chart-data.ts';
import { buildBacktestResult, writeBacktestResult } from '../../reports/export.ts';
import { calculateMarketChange } from '../../reports/market-change.ts';
import { showBacktestResults } from '../../reports/text.ts';
import type { BacktestRun } from '../../reports/types.ts';
import { loadStrategy } from '../../strategy/loader.ts';
import { discoverStrategies } from '../../strategy/registry.ts';
import type { PlotConfig } from '../../strategy/types.ts';
import type { BacktestFlags } from '../backtest.ts';
import { numberFlag, resolveFromCwd, splitList } from '../common.ts';
import { parseBacktestFlags } from './backtest-flags.ts';
import { chartCandles } from './backtest-chart.ts';
import { describeVenueModels } from './venue-models.ts';

/** What `run.ts backtest` does (registered in ../backtest.ts). */
export async function backtestCommand(flags: BacktestFlags, cmd: Command): Promise<void> {
  // Time since the process started: Node, the launcher and loading this command's modules.
  const startMs = performance.now();
  const seed = numberFlag(flags.seed, '--seed', (n) => Number.isInteger(n), 'a whole number');
  const { config, sources, maxOpenTrades, fee: feeFlag, markets: marketsFlag } = parseBacktestFlags(flags, cmd, {
    'backtest.export': flags.export,
    'sim_venue.fill_model': flags.fillModel === 'ohlc-path' ? 'ohlc_path' : flags.fillModel,
  });
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
  const store = new CandleStore(config.data.directory, config.exchange.name, config.exchange.trading_mode, { columnCache: config.data.column_cache });
  const marketsPath = findMarketsFile(marketsFlag, path.resolve(process.cwd(), 'configs/markets', `${config.exchange.name}.json`));
  const markets = marketsPath ? readMarketsFile(marketsPath) : undefined;
  if (config.sim_venue.fill_model === 'book') {
    log.warn('sim_venue.fill_model "book" needs order book data, which a backtest on candles does not have: this backtest uses the freqtrade fill model');
  }
  const writeHtml = config.backtest.export !== 'none' && flags.html;

  // Only the files that can define the selected classes are imported (see discoverStrategies).
  const discovery = await discoverStrategies(config.strategy.path, { names });
  const loaded = [];
  for (const name of names) {
    loaded.push(await loadStrategy(name, { dir: config.strategy.path, parameterOverrides: config.strategy.parameters, discovery }));
  }
  // Freqtrade loads the largest startup of all strategies in the list for every one of them.
  const startup = Math.max(...loaded.map((l) => l.strategy.startupCandleCount));

  const runs: BacktestRun[] = [];
  const outcomes: BacktestOutcome[] = [];
  // The HTML report charts one set of indicators: those of the first strategy.
  let chart: { candles: Record<string, ReportCandles>; plotConfig: PlotConfig | undefined } | undefined;
  for (const l of loaded) {
    const s = l.strategy;
    const timeframe = explicitlySet(sources.get('timeframe')) ? config.timeframe : s.timeframe;
    const mot = maxOpenTrades ?? s.maxOpenTrades ?? config.max_open_trades;
    const options: BacktestOptions = {
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
      // startProgress also stays quiet without a terminal or under CI.
      progress: process.stderr.isTTY === true,
      seed: seed ?? null,
    };
    const startedAt = Date.now();
    const outcome = await runBacktest(options);
    if (writeHtml && chart === undefined) chart = { candles: chartCandles(s, outcome), plotConfig: s.plotConfig };
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
      venueModels: describeVenueModels(options),
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

  const tReport = performance.now();
  const result = buildBacktestResult(runs);
  let text = showBacktestResults(result, flags.breakdown ?? []);
  for (const o of outcomes) {
    const skips = Object.entries(o.stats.entrySkips);
    if (skips.length > 0) text += `${o.strategy}: entry signals not acted on: ${skips.map(([k, n]) => `${k} ${n}`).join(', ')}\n`;
  }
  process.stdout.write(text);
  // Where a run's time goes besides the per-strategy figures above (bench/backtest-sma.ts reads it).
  const reportMs = Math.round(performance.now() - tReport);
  log.info({ startMs: Math.round(startMs), reportMs }, `report built in ${reportMs} ms; the command started ${Math.round(startMs)} ms after the process`);

  if (config.backtest.export === 'none') return;
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;
  const target = flags.exportFilename ? resolveFromCwd(flags.exportFilename) : config.backtest.results_directory;
  const dir = target.endsWith('.json') ? path.dirname(target) : target;
  const file = await writeBacktestResult(result, dir);
  process.stdout.write(`Backtest result written to ${shown(file)}\n`);
  if (config.backtest.export === 'signals') {
    const { writeFileAtomic } = await import('../../data/atomic-write.ts');
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
    process.stdout.write(`Entry signals written to ${shown(sidecar)}\n`);
  }
  if (chart !== undefined) {
    // Rendering inlines the chart library: loaded only when a report is written.
    const { htmlReportPathFor, writeHtmlReport } = await import('../../reports/html/html-report.ts');
    const html = await writeHtmlReport(htmlReportPathFor(file), { result, candles: chart.candles, plotConfig: chart.plotConfig });
    process.stdout.write(`HTML report written to ${shown(html)}\n`);
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
