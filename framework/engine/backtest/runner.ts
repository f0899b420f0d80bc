import { SimClock } from '../../core/clock.ts';
import { ConfigError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import type { Pair } from '../../core/pair.ts';
import { startProgress } from '../../core/progress.ts';
import { timeframeToMs, type Timeframe } from '../../core/timeframe.ts';
import type { Timerange } from '../../core/timerange.ts';
import type { RiskConfigInput } from '../../config/risk-schema.ts';
import { lowerBound, type Candles } from '../../data/candles.ts';
import { loadCandles, type LoadOptions } from '../../data/load.ts';
import type { CandleStore } from '../../data/parquet-store.ts';
import { ExecutionEngine } from '../../execution/execution-engine.ts';
import type { Instrument } from '../../execution/instrument.ts';
import { DataFrame } from '../../frame/index.ts';
import { Portfolio } from '../../portfolio/portfolio.ts';
import { RiskManager } from '../../risk/risk-manager.ts';
import { hasCallback, invokeCallback } from '../../strategy/callbacks.ts';
import { HistoricalDataProvider } from '../../strategy/historical-data-provider.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import type { RunMode } from '../../strategy/types.ts';
import { SimVenue } from '../../venues/sim/sim-venue.ts';
import type { SimVenueConfigInput } from '../../config/sim-venue-schema.ts';
import { OrderEventRouter } from '../strategy-runtime/event-router.ts';
import { StrategyRuntime } from '../strategy-runtime/strategy-runtime.ts';
import { StakeWallet, type StakeSettings } from '../trade-manager/stake.ts';
import { TradeManager } from '../trade-manager/trade-manager.ts';
import type { CandleRow, RejectedSignal, TradeManagerStats, UnfilledTimeout } from '../trade-manager/types.ts';
import type { TradeRecord } from '../../portfolio/trade-record.ts';
import { buildInstrument, type MarketSpec } from './instruments.ts';
import {
  analyzeData,
  loadData,
  SIG_ENTER_LONG,
  SIG_ENTER_SHORT,
  SIG_ENTER_TAG,
  SIG_ENTRY,
  SIG_ENTRY_LONG,
  SIG_ENTRY_SHORT,
  SIG_EXIT_LONG,
  SIG_EXIT_SHORT,
  SIG_EXIT_TAG,
  type LoadedData,
  type PreparedData,
  type PreparedPair,
} from './prepare-data.ts';
import { stakeWallets } from './strategy-context.ts';

/**
 * The backtest runner: one engine, driven candle by candle on a simulated clock.
 *
 *   strategy signals (vectorized, once per pair) -> TradeManager (Freqtrade's trade logic)
 *   -> risk manager (pre-trade gate) -> ExecutionEngine -> SimVenue (fill model) -> events
 *   -> Portfolio + TradeManager (trades) -> TradeRecords
 *
 * The loop walks one merged timeline over all pairs: per candle time, pairs holding a trade
 * first (in the order their trades opened), then the whitelist order; per pair the trade
 * manager evaluates the candle, the venue matches it, the trade manager finishes it. A pair
 * without a trade and without an entry signal costs a few array reads. With a detail
 * timeframe, each candle of a pair that holds a trade or has an entry signal is replayed on the
 * smaller candles, every pair interleaved on the detail timeline (Freqtrade's
 * --timeframe-detail).
 *
 * The engine sees a candle after the venue (engine.onBar) whenever its emulator holds orders
 * (emulate: true) or the strategy uses the order API; signal-only strategies skip that, and
 * their closed orders are not kept by the engine or the venue (memory stays flat). The venue
 * is called synchronously (syncVenueCalls): no promise per order.
 */

export interface BacktestOptions {
  strategy: IStrategy;
  /** Strategy name (OrderRequest.strategyId, reports). */
  strategyName: string;
  store: CandleStore;
  /** Venue / exchange name for the instruments. */
  exchange: string;
  pairs: readonly Pair[];
  timeframe: Timeframe;
  timeframeDetail?: Timeframe;
  timerange: Timerange;
  /** Default: strategy.startupCandleCount. */
  startupCandles?: number;
  stakeCurrency: string;
  stake: StakeSettings;
  /** Infinity = unlimited. */
  maxOpenTrades: number;
  fee: number;
  tradingMode?: 'spot' | 'futures';
  maxLeverage?: number;
  /** Fill model of the simulated venue (default 'freqtrade'). */
  fillModel?: 'freqtrade' | 'ohlc_path';
  /** Other venue settings (slippage, latency, participation); fill model, fees and account come from the options above. */
  venue?: Omit<SimVenueConfigInput, 'fill_model' | 'fees' | 'account'>;
  /** Markets file entries by pair; pairs without one get the defaults. */
  markets?: Record<string, MarketSpec>;
  /** The `risk` config section for the risk manager (the engine's pre-trade gate). */
  risk?: RiskConfigInput;
  /** Run protections after closed trades (Freqtrade's --enable-protections). */
  enableProtections?: boolean;
  unfilledTimeout?: UnfilledTimeout;
  load?: LoadOptions;
  /** Keep rejected entry signals (export=signals). */
  collectRejected?: boolean;
  /** Show a progress bar on a terminal. */
  progress?: boolean;
  /** Recorded with the result; no model of the freqtrade fill model draws random numbers. */
  seed?: number | null;
  /** Data already loaded by loadData (same pairs, timerange, startup); skips loading. */
  loaded?: LoadedData;
  /** Work done once by a caller that backtests the same `loaded` data many times (hyperopt). */
  reuse?: BacktestReuse;
  /** dp.runmode the strategy sees (default 'backtest'; hyperopt epochs pass 'hyperopt'). */
  runmode?: RunMode;
}

/**
 * What hyperopt computes once per run instead of once per epoch: the instruments of `loaded`'s
 * pairs (built as buildInstrument does, with the same exchange, fee and markets), and an
 * analysis that returns exactly what analyzeData would for the strategy as it is now (hashes
 * and OHLC kept from the first epoch; only the hooks run again).
 */
export interface BacktestReuse {
  readonly instruments: Array<Instrument & { source: string }>;
  analyze(strategy: IStrategy, loaded: LoadedData): PreparedData;
}

export interface BacktestOutcome {
  strategy: string;
  timeframe: Timeframe;
  timeframeDetail: Timeframe | null;
  /** Open time of the first and last backtested candle (Freqtrade's min_date / max_date). */
  startDate: number;
  endDate: number;
  /** Pairs backtested (whitelist order; pairs without data in the range are left out). */
  pairs: Pair[];
  trades: TradeRecord[];
  stats: TradeManagerStats;
  rejected: RejectedSignal[];
  /** Engine / risk denials and venue rejections of orders, by reason code. */
  riskDenials: Record<string, number>;
  fillModel: { name: string; version: number; params: Record<string, unknown> };
  dataHashes: Record<string, string>;
  instruments: Array<Instrument & { source: string }>;
  /** Backtested candles per pair (startup excluded), e.g. for the market change. */
  candles: Map<Pair, Candles>;
  /** Pair-candles the loop walked, and how many went past the fast path. */
  pairCandles: number;
  activePairCandles: number;
  /** Wall-clock phases; loopCpuMs is the process CPU time of the loop (all threads, GC included). */
  timings: { loadMs: number; analyzeMs: number; loopMs: number; loopCpuMs: number };
  seed: number | null;
}

interface Detail {
  ts: Float64Array;
  candles: Candles;
  ptr: number;
}

export async function runBacktest(opts: BacktestOptions): Promise<BacktestOutcome> {
  const log = getLogger('backtest');
  const strategy = opts.strategy;
  const sid = opts.strategyName;
  const tfMs = timeframeToMs(opts.timeframe);
  const tradingMode = opts.tradingMode ?? 'spot';
  const canShort = tradingMode === 'futures' && strategy.canShort;
  const startup = opts.startupCandles ?? strategy.startupCandleCount;
  const detailMs = opts.timeframeDetail ? timeframeToMs(opts.timeframeDetail) : 0;
  if (detailMs > 0 && (detailMs >= tfMs || tfMs % detailMs !== 0)) {
    throw new ConfigError(`--timeframe-detail ${opts.timeframeDetail} must be smaller than the timeframe ${opts.timeframe} and divide it`);
  }
  if (opts.stake.amount === 'unlimited' && !Number.isFinite(opts.maxOpenTrades)) {
    throw new ConfigError('stake amount "unlimited" needs a finite max_open_trades (it splits the balance over the slots)');
  }

  // ---- data, instruments, accounts
  const t0 = performance.now();
  // Hyperopt loads the data once and runs many epochs on it.
  const loaded = opts.loaded ?? await loadData(strategy, {
    store: opts.store,
    pairs: opts.pairs,
    timeframe: opts.timeframe,
    timerange: opts.timerange,
    startupCandles: startup,
    canShort,
    ...(opts.load ? { load: opts.load } : {}),
  });
  const instrumentsAll = opts.reuse?.instruments ?? loaded.pairs.map((p) => buildInstrument(p.pair, opts.exchange, opts.fee, opts.markets?.[p.pair], p.candles));
  const tLoad = performance.now();

  const wallet = new StakeWallet(opts.stake);
  const clock = new SimClock(0);
  const accounting = tradingMode === 'futures' ? 'margin' : 'cash';
  const leverage = opts.maxLeverage ?? 1;
  const portfolio = new Portfolio({
    instruments: instrumentsAll,
    startingBalances: { [opts.stakeCurrency]: opts.stake.startingBalance },
    accounting,
    valuationCurrency: opts.stakeCurrency,
    leverage,
  });
  const risk = new RiskManager({
    config: opts.risk ?? {},
    timeframe: opts.timeframe,
    portfolio,
    signalFile: null,
    protectionsEnabled: opts.enableProtections === true,
    logger: log,
  });
  risk.registerStrategy(sid, { protections: opts.enableProtections ? strategy.protections : [] });
  const stratLocks = risk.locksFor(sid);
  const dp = new HistoricalDataProvider({ runmode: opts.runmode ?? 'backtest', timeframe: opts.timeframe, whitelist: loaded.pairs.map((p) => p.pair) });
  // While the hooks run, dp serves the whole loaded data (Freqtrade's backtest does the same).
  dp.setNow(Infinity);
  for (const [key, c] of loaded.informative) {
    const [pair, tf] = key.split('|') as [string, string];
    dp.addCandles(pair, tf, DataFrame.fromCandles(c, { timeframe: tf }));
  }

  // A strategy with order-API hooks may cancel or look up any of its orders: the engine keeps
  // them all. Signal-only strategies let closed orders go (memory stays flat over the run).
  const ownOrders = usesOrderApi(strategy);
  const venue = new SimVenue({
    id: opts.exchange,
    instruments: instrumentsAll,
    clock,
    balances: { [opts.stakeCurrency]: opts.stake.startingBalance },
    config: {
      ...opts.venue,
      fill_model: opts.fillModel ?? 'freqtrade',
      fees: { maker: opts.fee, taker: opts.fee },
      account: { type: accounting, leverage },
    },
    barMs: detailMs > 0 ? detailMs : tfMs,
    retainClosedOrders: ownOrders,
  });
  const engine = new ExecutionEngine({ venue, clock, gate: risk, syncVenueCalls: true, retainClosedOrders: ownOrders });
  risk.attach(engine);
  const router = new OrderEventRouter({ engine, portfolio });
  // The strategy's context (dp, wallets, locks, order API) and its event hooks.
  const runtime = new StrategyRuntime({
    strategy,
    strategyId: sid,
    router,
    dataProvider: dp,
    wallets: stakeWallets(wallet, opts.stakeCurrency, portfolio),
    locks: stratLocks,
    clock,
    logger: log,
  });
  await runtime.start();

  const prepared = opts.reuse ? opts.reuse.analyze(strategy, loaded) : analyzeData(strategy, loaded, { timeframe: opts.timeframe, startupCandles: startup, canShort, pairs: opts.pairs });
  const tAnalyze = performance.now();
  const P = prepared.pairs;
  const instruments = P.map((p) => instrumentsAll.find((i) => i.id === p.pair)!);
  for (const p of P) dp.addAnalyzed(p.pair, p.frame);

  const tm = new TradeManager({
    strategy,
    strategyId: sid,
    pairs: P.map((p) => p.pair),
    instruments,
    timeframeMs: tfMs,
    fee: opts.fee,
    stake: opts.stake,
    wallet,
    cashAvailable: () => portfolio.free(opts.stakeCurrency),
    maxOpenTrades: opts.maxOpenTrades,
    tradingMode,
    maxLeverage: leverage,
    ...(opts.unfilledTimeout ? { unfilledTimeout: opts.unfilledTimeout } : {}),
    isPairLocked: (pair, time, side) => risk.locks.isPairLocked(pair, time, side) || stratLocks.isPairLocked(pair, time, side),
    // Signal orders take the order API's one door (same requests, same risk gate as hand-placed orders).
    port: {
      nextClientOrderId: () => engine.ids.next(sid),
      submit: (request) => void runtime.orders.submitRequest(request),
      cancel: (id) => runtime.orders.cancel(id),
    },
    onTradeClosed: (record) => risk.onTradeClosed(record, sid, record.closeDate),
    collectRejected: opts.collectRejected === true,
    stopExitsAsStopOrders: (opts.fillModel ?? 'freqtrade') !== 'freqtrade',
  });
  router.subscribe(tm.onOrderEvent);

  // ---- the loop
  const details = detailMs > 0 ? await loadDetails(opts, P, prepared.startDate) : null;
  // Equity breakers (daily loss, drawdown) are measured once per candle; without them the risk
  // manager only gates orders and runs protections on closed trades.
  const cycle = needsRiskCycle(risk.currentConfig) ? (t: number) => risk.onCycle(t) : null;
  const loop = new Loop(opts, strategy, tm, runtime, venue, engine, portfolio, dp, clock, P, details, tfMs, detailMs, cycle);
  const tLoop0 = performance.now();
  const cpu0 = process.cpuUsage();
  loop.run(prepared.startDate, prepared.endDate);
  loop.forceExits();
  const cpu1 = process.cpuUsage(cpu0);
  const tLoop1 = performance.now();
  runtime.stop();
  router.dispose();
  engine.dispose();

  const candles = new Map<Pair, Candles>();
  for (const p of P) {
    const s = p.startup;
    candles.set(p.pair, {
      timestamp: p.candles.timestamp.subarray(s),
      open: p.candles.open.subarray(s),
      high: p.candles.high.subarray(s),
      low: p.candles.low.subarray(s),
      close: p.candles.close.subarray(s),
      volume: p.candles.volume.subarray(s),
    });
  }
  const model = venue.describeModels().fill_model as { name: string; version?: number } & Record<string, unknown>;
  const { name, version, ...params } = model;
  return {
    strategy: sid,
    timeframe: opts.timeframe,
    timeframeDetail: opts.timeframeDetail ?? null,
    startDate: prepared.startDate,
    endDate: prepared.endDate,
    pairs: P.map((p) => p.pair),
    trades: tm.closed,
    stats: tm.stats,
    rejected: tm.rejected,
    riskDenials: { ...tm.stats.orderRefusals },
    fillModel: { name, version: version ?? 1, params },
    dataHashes: Object.fromEntries(P.map((p) => [`${p.pair} ${opts.timeframe}`, p.dataHash])),
    instruments,
    candles,
    pairCandles: loop.pairCandles,
    activePairCandles: loop.activePairCandles,
    timings: { loadMs: tLoad - t0, analyzeMs: tAnalyze - tLoad, loopMs: tLoop1 - tLoop0, loopCpuMs: (cpu1.user + cpu1.system) / 1000 },
    seed: opts.seed ?? null,
  };
}

/** Whether the strategy has hooks that see order events or candles (and may use the order API on any order). */
function usesOrderApi(strategy: IStrategy): boolean {
  return hasCallback(strategy, 'onCandle') || hasCallback(strategy, 'onOrderEvent') || hasCallback(strategy, 'onTimer') || hasCallback(strategy, 'onPositionChanged');
}

/** Whether the risk config has a breaker measured on equity (then the risk manager needs a cycle per candle). */
function needsRiskCycle(cfg: RiskManager['currentConfig']): boolean {
  const set = (v: unknown) => v !== null && v !== undefined;
  const b = cfg.breakers;
  if (set(b.daily_loss.max_ratio) || set(b.daily_loss.max_abs) || set(b.drawdown.max_ratio)) return true;
  for (const s of Object.values(cfg.strategies ?? {})) {
    const sb = (s as { breakers?: { daily_loss?: { max_ratio?: unknown; max_abs?: unknown }; drawdown?: { max_ratio?: unknown } } }).breakers;
    if (sb && (set(sb.daily_loss?.max_ratio) || set(sb.daily_loss?.max_abs) || set(sb.drawdown?.max_ratio))) return true;
  }
  return false;
}

/** ts[0] when ts[k] === ts[0] + k x stepMs for every row k < n (the loop may compute times), else NaN. */
function uniformBase(ts: Float64Array, n: number, stepMs: number): number {
  if (n === 0) return Number.NaN;
  const b = ts[0]!;
  for (let k = 1; k < n; k++) if (ts[k] !== b + k * stepMs) return Number.NaN;
  return b;
}

async function loadDetails(opts: BacktestOptions, P: PreparedPair[], from: number): Promise<Detail[]> {
  const out: Detail[] = [];
  for (const p of P) {
    const tf = opts.timeframeDetail!;
    if (!opts.store.exists(p.pair, tf)) {
      throw new ConfigError(`--timeframe-detail ${tf}: no ${tf} candles for ${p.pair} in ${opts.store.path(p.pair, tf)}; download them first`);
    }
    const c = (await loadCandles(opts.store, p.pair, tf, opts.load)).candles;
    out.push({ ts: c.timestamp, candles: c, ptr: lowerBound(c.timestamp, from) });
  }
  return out;
}

/** The event loop. One instance per run; the row object is reused for every candle. */
class Loop {
  pairCandles = 0;
  activePairCandles = 0;
  private readonly row: CandleRow = {
    time: 0,
    open: 0,
    high: 0,
    low: 0,
    close: 0,
    enterLong: 0,
    exitLong: 0,
    enterShort: 0,
    exitShort: 0,
    enterTag: null,
    exitTag: null,
    entryDir: 0,
    canEnter: false,
  };
  private readonly ptr: Int32Array;
  private readonly order: Int32Array;
  private readonly mark: Int32Array;
  private stamp = 0;
  /** openTradesVersion the pair order was computed for (-1: never), and its count. */
  private orderVersion = -1;
  private orderCount = 0;
  private readonly botLoopStart: boolean;
  /** A strategy with onCandle sees every candle of every pair (no fast path). */
  private readonly onCandle: boolean;
  /** A strategy with order-API hooks may have orders of its own on any pair: the venue sees every processed candle. */
  private readonly ownOrders: boolean;
  private readonly dMain: Int32Array;
  private readonly dStart: Int32Array;
  private readonly dCount: Int32Array;
  private readonly hadTrade: Uint8Array;
  /** Each pair's instrument index in the portfolio (marks by index, no lookup per candle). */
  private readonly markIndex: Int32Array;
  /**
   * Per pair, the first timestamp when every row k is exactly base + k x timeframe (gap-filled
   * data), else NaN. The loop then computes a row's time instead of loading it: one memory
   * stream less per pair-candle.
   */
  private readonly base: Float64Array;

  constructor(
    private readonly opts: BacktestOptions,
    private readonly strategy: IStrategy,
    private readonly tm: TradeManager,
    private readonly runtime: StrategyRuntime,
    private readonly venue: SimVenue,
    private readonly engine: ExecutionEngine,
    private readonly portfolio: Portfolio,
    private readonly dp: HistoricalDataProvider,
    private readonly clock: SimClock,
    private readonly P: PreparedPair[],
    private readonly details: Detail[] | null,
    private readonly tfMs: number,
    private readonly detailMs: number,
    private readonly cycle: ((t: number) => void) | null,
  ) {
    this.ptr = Int32Array.from(P.map((p) => p.startup + 1));
    this.order = new Int32Array(P.length);
    this.mark = new Int32Array(P.length);
    this.dMain = new Int32Array(P.length);
    this.dStart = new Int32Array(P.length);
    this.dCount = new Int32Array(P.length);
    this.hadTrade = new Uint8Array(P.length);
    this.markIndex = Int32Array.from(P.map((p) => portfolio.instrumentIndexOf(p.pair)));
    this.base = Float64Array.from(P.map((p) => uniformBase(p.ts, p.n, tfMs)));
    this.botLoopStart = hasCallback(strategy, 'botLoopStart');
    this.onCandle = hasCallback(strategy, 'onCandle');
    this.ownOrders = usesOrderApi(strategy);
  }

  run(startDate: number, endDate: number): void {
    const tfMs = this.tfMs;
    const steps = Math.max(1, Math.round((endDate - startDate) / tfMs));
    const progress = this.opts.progress ? startProgress('Backtest', steps) : null;
    const every = Math.max(1, Math.floor(steps / 200));
    let step = 0;
    for (let T = startDate + tfMs; T <= endDate; T += tfMs) {
      this.clock.advanceTo(T);
      this.dp.setNow(T);
      if (this.botLoopStart) invokeCallback(this.strategy, 'botLoopStart', { currentTime: T }, undefined);
      if (this.details === null) this.mainStep(T, endDate);
      else this.detailStep(T, endDate);
      if (this.cycle !== null) this.cycle(T);
      if (progress !== null && ++step % every === 0) progress.update(step);
    }
    progress?.update(steps);
    progress?.stop();
  }

  /** Pairs with open trades first (in trade order), then the whitelist; returns the count. */
  private pairOrder(): number {
    // The order depends only on the open trades: unchanged since the last step, it is still valid.
    const version = this.tm.openTradesVersion;
    if (version === this.orderVersion) return this.orderCount;
    this.orderVersion = version;
    this.orderCount = this.computePairOrder();
    return this.orderCount;
  }

  private computePairOrder(): number {
    const order = this.order;
    const n = this.P.length;
    const open = this.tm.openTrades;
    if (open.length === 0) {
      for (let p = 0; p < n; p++) order[p] = p;
      return n;
    }
    const stamp = ++this.stamp;
    const mark = this.mark;
    let c = 0;
    for (let i = 0; i < open.length; i++) {
      const p = open[i]!.pairIndex;
      if (mark[p] !== stamp) {
        mark[p] = stamp;
        order[c++] = p;
      }
    }
    for (let p = 0; p < n; p++) if (mark[p] !== stamp) order[c++] = p;
    return c;
  }

  private mainStep(T: number, endDate: number): void {
    const P = this.P;
    const ptr = this.ptr;
    const order = this.order;
    const tm = this.tm;
    const base = this.base;
    const tfMs = this.tfMs;
    const count = this.pairOrder();
    const last = T === endDate;
    for (let q = 0; q < count; q++) {
      const p = order[q]!;
      const d = P[p]!;
      const k = ptr[p]!;
      const b = base[p]!;
      if (k >= d.n) continue;
      const tk = b === b ? b + k * tfMs : d.ts[k]!;
      if (tk > T) continue;
      ptr[p] = k + 1;
      this.pairCandles++;
      const f = d.flags[k - 1]!;
      if (!this.onCandle && !tm.hasTrade(p) && ((f & SIG_ENTRY) === 0 || last)) {
        // No trade, no entry: only orders of the strategy's own (order API) may need the candle.
        if (this.ownOrders || this.engine.emulatedCount() !== 0) this.ownOrdersCandle(d, k, T);
        continue;
      }
      this.activePairCandles++;
      const row = this.fillRow(d, k, T, f, !last);
      tm.beginCandle(p, row);
      if (this.onCandle) this.candleClosed(d, k - 1, T);
      // Only working orders need the venue to see the candle (the strategy's own orders included).
      if (this.ownOrders || tm.hasOpenOrders(p)) this.venue.onBarInterleaved(d.pair, k, d.ohlc, d.candles, tk);
      if (this.ownOrders || this.engine.emulatedCount() !== 0) this.engineBar(d.pair, row.open, row.high, row.low, row.close, T);
      tm.endCandle(p, row);
      // row.time is T here.
      if (tm.hasTrade(p)) this.portfolio.markAtRow(this.markIndex[p]!, row);
    }
  }

  /**
   * Freqtrade's detail loop for one main candle: pairs active on it (a trade, or an entry
   * signal) are spread into their detail candles; every detail time, all active pairs in turn.
   * A pair whose trade closed during this main candle is not re-entered before the next one.
   */
  private detailStep(T: number, endDate: number): void {
    const P = this.P;
    const ptr = this.ptr;
    const tm = this.tm;
    const details = this.details!;
    // Per pair: main row of this candle (-1: none), its detail rows (start -1: none), and
    // whether it held a trade when the candle began.
    const main = this.dMain.fill(-1);
    const dStart = this.dStart.fill(-1);
    const dCount = this.dCount.fill(0);
    const hadTrade = this.hadTrade.fill(0);
    for (const t of tm.openTrades) hadTrade[t.pairIndex] = 1;
    const perMain = Math.round(this.tfMs / this.detailMs);
    for (let j = 0; j < perMain; j++) {
      const Td = T + j * this.detailMs;
      this.clock.advanceTo(Td);
      this.dp.setNow(Td);
      const count = this.pairOrder();
      for (let q = 0; q < count; q++) {
        const p = this.order[q]!;
        const d = P[p]!;
        let row: CandleRow;
        if (j === 0) {
          const k = ptr[p]!;
          if (k >= d.n || d.ts[k]! > T) continue;
          ptr[p] = k + 1;
          this.pairCandles++;
          main[p] = k;
          if (this.onCandle) this.candleClosed(d, k - 1, T);
          if (!tm.hasTrade(p) && (d.flags[k - 1]! & SIG_ENTRY) === 0) {
            if (this.ownOrders || this.engine.emulatedCount() !== 0) this.ownOrdersCandle(d, k, T);
            continue;
          }
          const det = details[p]!;
          while (det.ptr < det.ts.length && det.ts[det.ptr]! < T) det.ptr++;
          let e = det.ptr;
          while (e < det.ts.length && det.ts[e]! < T + this.tfMs) e++;
          if (e > det.ptr) {
            dStart[p] = det.ptr;
            dCount[p] = e - det.ptr;
            det.ptr = e;
          }
        } else if (dStart[p]! < 0 || j >= dCount[p]!) continue;
        const k = main[p]!;
        if (k < 0) continue;
        const hasTrade = tm.hasTrade(p);
        if (hadTrade[p] === 1 && !hasTrade) continue;
        if (hasTrade) hadTrade[p] = 1;
        const f = d.flags[k - 1]!;
        const last = Td === endDate;
        if (!hasTrade && ((f & SIG_ENTRY) === 0 || last)) continue;
        this.activePairCandles++;
        if (dStart[p]! >= 0) {
          const det = details[p]!;
          const i = dStart[p]! + j;
          row = this.fillRow(d, k, Td, f, !last);
          const c = det.candles;
          row.open = c.open[i]!;
          row.high = c.high[i]!;
          row.low = c.low[i]!;
          row.close = c.close[i]!;
          tm.beginCandle(p, row);
          if (this.ownOrders || tm.hasOpenOrders(p)) this.venue.onBarValues(d.pair, Td, row.open, row.high, row.low, row.close, c.volume[i]!, this.detailMs);
        } else {
          row = this.fillRow(d, k, T, f, !last);
          tm.beginCandle(p, row);
          if (this.ownOrders || tm.hasOpenOrders(p)) this.venue.onBar(d.pair, k, d.candles, this.tfMs);
        }
        if (this.ownOrders || this.engine.emulatedCount() !== 0) this.engineBar(d.pair, row.open, row.high, row.low, row.close, row.time);
        tm.endCandle(p, row);
        // row.time is Td here (a pair without detail candles is processed only at j = 0).
        if (tm.hasTrade(p)) this.portfolio.markAtRow(this.markIndex[p]!, row);
      }
    }
  }

  /**
   * A candle of a pair without a trade: the venue matches it when the strategy has orders of
   * its own resting or in flight there, and the engine's emulator sees it when it watches any.
   */
  private ownOrdersCandle(d: PreparedPair, k: number, T: number): void {
    if (this.ownOrders && this.venue.needsBar(d.pair)) this.venue.onBar(d.pair, k, d.candles);
    const c = d.candles;
    this.engineBar(d.pair, c.open[k]!, c.high[k]!, c.low[k]!, c.close[k]!, T);
  }

  /**
   * The engine sees the candle after the venue matched it. Its close becomes the engine's last
   * price (what the risk gate values market orders of the order API at, from the next candle
   * on), and emulated orders (emulate: true, or types the venue lacks) trail and trigger along
   * it: a released order meets the venue on the next candle (a market order at its open), as
   * a stop held by the engine in live trading would. Signal-only strategies pay for this only
   * while the emulator holds an order on the pair.
   */
  private engineBar(pair: Pair, open: number, high: number, low: number, close: number, T: number): void {
    if (this.ownOrders || this.engine.emulatedCount(pair) !== 0) this.engine.onBar(pair, open, high, low, close, T);
  }

  /** The strategy's onCandle for the candle that has just closed (row j of the analyzed frame). */
  private candleClosed(d: PreparedPair, j: number, now: number): void {
    const c = d.candles;
    this.runtime.candleClosed(d.pair, j, now, c.open[j]!, c.high[j]!, c.low[j]!, c.close[j]!, c.volume[j]!);
  }

  /**
   * The candle row k with the signals of row k - 1 (they act on the next candle). The signals
   * come from the one flag byte per row (PreparedPair.flags); the trade manager compares the
   * signal columns with 1, so 0 / 1 stand for them exactly.
   */
  private fillRow(d: PreparedPair, k: number, T: number, f: number, canEnter: boolean): CandleRow {
    const row = this.row;
    const x = d.ohlc;
    const i = k - 1;
    const j = 4 * k;
    row.time = T;
    row.open = x[j]!;
    row.high = x[j + 1]!;
    row.low = x[j + 2]!;
    row.close = x[j + 3]!;
    row.enterLong = f & SIG_ENTER_LONG;
    row.exitLong = (f & SIG_EXIT_LONG) >> 1;
    row.enterShort = (f & SIG_ENTER_SHORT) >> 2;
    row.exitShort = (f & SIG_EXIT_SHORT) >> 3;
    row.enterTag = (f & SIG_ENTER_TAG) === 0 ? null : d.signals.enterTag[i]!;
    row.exitTag = (f & SIG_EXIT_TAG) === 0 ? null : d.signals.exitTag[i]!;
    row.entryDir = (f & SIG_ENTRY_LONG) !== 0 ? 1 : (f & SIG_ENTRY_SHORT) !== 0 ? -1 : 0;
    row.canEnter = canEnter;
    return row;
  }

  /** Freqtrade's handle_left_open: trades still open are exited at the open of their pair's last candle. */
  forceExits(): void {
    for (let p = 0; p < this.P.length; p++) {
      if (!this.tm.hasTrade(p)) continue;
      const d = this.P[p]!;
      const k = d.n - 1;
      const row = this.fillRow(d, k, d.ts[k]!, d.flags[k - 1]! & ~SIG_ENTRY, false);
      if (this.tm.beginForceExit(p, row)) {
        // The exit is matched against the last candle once more (the clock cannot go back
        // for a pair whose data ended early: its bar is replayed at the current time).
        const t = Math.max(row.time, this.clock.now());
        const c = d.candles;
        this.venue.onBarValues(d.pair, t, c.open[k]!, c.high[k]!, c.low[k]!, c.close[k]!, c.volume[k]!);
      }
      this.tm.endForceExit();
    }
  }
}
