import type { Clock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { getLogger, type Logger } from '../../core/logger.ts';
import type { Pair } from '../../core/pair.ts';
import type { ExecutionEngine } from '../../execution/execution-engine.ts';
import type { Order } from '../../execution/order.ts';
import type { OrderEvent } from '../../execution/types.ts';
import type { FillApplied, Portfolio } from '../../portfolio/portfolio.ts';
import { PortfolioWallets } from '../../portfolio/wallets.ts';
import { PairLockRegistry } from '../../risk/pair-locks.ts';
import { hasCallback, invokeCallback, invokeCallbackAsync } from '../../strategy/callbacks.ts';
import type { DataProvider, PairLocks, StrategyContext, Wallets } from '../../strategy/context.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import type { OrderUpdate } from '../../strategy/types.ts';
import type { OrderEventRouter, OrderEventSink } from './event-router.ts';
import { signalEntryIntent, signalExitIntent, type SignalEntry, type SignalExit } from './intents.ts';
import { StrategyOrderApi } from './order-api.ts';
import { orderUpdate, positionChanged } from './views.ts';

/**
 * One running strategy: builds its context (data provider, wallets, locks, order API),
 * dispatches engine events and candles to its event hooks, and turns its Freqtrade-style
 * signals into orders through the same order API.
 *
 *   const router = new OrderEventRouter({ engine, portfolio });        // once per engine
 *   const runtime = new StrategyRuntime({ strategy, strategyId: 'SmaCross', router, dataProvider,
 *                                         locks: risk.locksFor('SmaCross') });
 *   await runtime.start();                                           // botStart
 *   per closed candle: runtime.candleClosed(pair, i, closeTime, o, h, l, c, v)   // onCandle
 *   per signal:        runtime.enter({ pair, side: 'long', stake: 100, price: open, orderType: 'limit', tag })
 *                      runtime.exit({ pair, side: 'long', amount, price, orderType: 'market', tag: 'exit_signal' })
 *   runtime.stop();                                                  // timers off, events no longer routed
 *
 * Every call into strategy code goes through invokeCallback: a hook that throws is logged
 * (with strategy, hook and pair) and skipped; the run goes on.
 */

export interface StrategyRuntimeOptions {
  strategy: IStrategy;
  /**
   * OrderRequest.strategyId of every order, the key of the deterministic client order ids,
   * the risk manager's scope name. Usually the strategy's name; no '-' inside (ids stay parseable).
   */
  strategyId: string;
  /** The engine's event router (one per engine); the runtime registers with it. */
  router: OrderEventRouter;
  dataProvider: DataProvider;
  /** Default: PortfolioWallets over the router's portfolio in its valuation currency. */
  wallets?: Wallets;
  /** Default: a fresh PairLockRegistry at the strategy's timeframe. Pass risk.locksFor(strategyId) so the risk gate sees them. */
  locks?: PairLocks;
  /** Default: the engine's clock. */
  clock?: Clock;
  logger?: Logger;
}

export class StrategyRuntime implements OrderEventSink {
  readonly strategy: IStrategy;
  readonly strategyId: string;
  readonly engine: ExecutionEngine;
  readonly portfolio: Portfolio | undefined;
  readonly clock: Clock;
  readonly context: StrategyContext;
  readonly orders: StrategyOrderApi;

  private readonly router: OrderEventRouter;
  private readonly log: Logger;
  // Hook presence, read once: the per-candle and per-event paths check a boolean, nothing more.
  private readonly hasOnCandle: boolean;
  private readonly hasOnOrderEvent: boolean;
  private readonly hasOnPositionChanged: boolean;
  /** Whether handleOrderEvent does anything (the router skips the call per event otherwise). */
  readonly listens: boolean;
  private started = false;
  private stopped = false;

  constructor(options: StrategyRuntimeOptions) {
    const { strategy, strategyId, router } = options;
    if (!strategyId) throw new UsageError('StrategyRuntime: strategyId must be a non-empty string');
    if (strategyId.includes('-')) {
      throw new UsageError(`StrategyRuntime: strategyId "${strategyId}" contains '-'; client order ids are "<prefix>-<strategyId>-<n>"`);
    }
    this.strategy = strategy;
    this.strategyId = strategyId;
    this.router = router;
    this.engine = router.engine;
    this.portfolio = router.portfolio;
    this.clock = options.clock ?? router.engine.clock;
    this.log = options.logger ?? getLogger('strategy');

    let wallets = options.wallets;
    if (!wallets) {
      if (!this.portfolio) throw new UsageError(`StrategyRuntime ${strategyId}: pass wallets, or a portfolio to the OrderEventRouter`);
      wallets = new PortfolioWallets(this.portfolio, { stakeCurrency: this.portfolio.valuationCurrency });
    }
    this.orders = new StrategyOrderApi({
      engine: this.engine,
      strategyId,
      portfolio: this.portfolio,
      clock: this.clock,
      fireTimer: (name, time) => invokeCallback(this.strategy, 'onTimer', { name, time }, undefined, { logger: this.log }),
      refuse: (update) => this.deliver(update),
    });
    this.context = {
      dataProvider: options.dataProvider,
      wallets,
      locks: options.locks ?? new PairLockRegistry({ timeframe: strategy.timeframe }),
      orders: this.orders,
    };
    strategy.context = this.context;
    this.hasOnCandle = hasCallback(strategy, 'onCandle');
    this.hasOnOrderEvent = hasCallback(strategy, 'onOrderEvent');
    this.hasOnPositionChanged = hasCallback(strategy, 'onPositionChanged');
    this.listens = this.hasOnOrderEvent || this.hasOnPositionChanged;
    router.register(this);
  }

  /** Call botStart (it may be async: models, data). Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await invokeCallbackAsync(this.strategy, 'botStart', undefined, undefined, { logger: this.log });
  }

  /** Cancel the strategy's timers, stop routing its events and candles (its open orders stay; cancel them first if needed). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.orders.cancelAllTimers();
    this.router.unregister(this);
  }

  /**
   * A candle of `pair` has closed (row `index` of its analyzed frame, `time` its close time =
   * engine time now). Calls onCandle when the strategy has it; otherwise returns at once
   * without allocating anything.
   */
  candleClosed(pair: Pair, index: number, time: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (!this.hasOnCandle || this.stopped) return;
    invokeCallback(this.strategy, 'onCandle', { pair, index, time, open, high, low, close, volume }, undefined, { pair, logger: this.log });
  }

  /** Submit an entry signal (Freqtrade style) as an order; returns its client order id. See intents.ts. */
  enter(signal: SignalEntry): string {
    return this.orders.submitIntent(signalEntryIntent(signal, this.engine.venue.instrument(signal.pair)));
  }

  /** Submit an exit of (part of) an open trade as an order; returns its client order id. See intents.ts. */
  exit(signal: SignalExit): string {
    return this.orders.submitIntent(signalExitIntent(signal, this.engine.venue.instrument(signal.pair)));
  }

  /** From the router: an event of one of this strategy's orders, with the portfolio's fill result. */
  handleOrderEvent(event: OrderEvent, order: Order, fill: FillApplied | undefined): void {
    if (this.hasOnOrderEvent) this.deliver(orderUpdate(event, order));
    if (fill !== undefined && this.hasOnPositionChanged) {
      const args = positionChanged(fill, event.ts);
      if (args) invokeCallback(this.strategy, 'onPositionChanged', args, undefined, { pair: args.pair, logger: this.log });
    }
  }

  private deliver(update: OrderUpdate): void {
    if (!this.hasOnOrderEvent) return;
    invokeCallback(this.strategy, 'onOrderEvent', update, undefined, { pair: update.pair || undefined, logger: this.log });
  }
}
