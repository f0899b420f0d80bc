import { UsageError, errorMessage } from '../../core/errors.ts';
import { getLogger, type Logger } from '../../core/logger.ts';
import type { ExecutionEngine } from '../../execution/execution-engine.ts';
import type { Order } from '../../execution/order.ts';
import type { OrderEvent } from '../../execution/types.ts';
import type { FillApplied, Portfolio } from '../../portfolio/portfolio.ts';

/**
 * The one subscriber of the execution engine on the strategy side. For every applied event,
 * in the engine's delivery order:
 *   1. the portfolio applies it (fills move positions and balances, terminal events release
 *      reservations) - the router is the portfolio's only feed, so do NOT also subscribe
 *      portfolio.onOrderEvent to the engine (fills would count twice);
 *   2. listeners added with `subscribe` (the runner's trade bookkeeping) get it with the
 *      portfolio's FillApplied;
 *   3. the StrategyRuntime whose strategy placed the order (OrderRequest.strategyId) gets it,
 *      which calls onOrderEvent and, for fills, onPositionChanged.
 * A lookup by strategy id per event: the cost does not grow with the number of strategies.
 */

export type RoutedEventListener = (event: OrderEvent, order: Order | undefined, fill: FillApplied | undefined) => void;

/** What the router needs of a runtime (StrategyRuntime implements it). */
export interface OrderEventSink {
  readonly strategyId: string;
  /** false: handleOrderEvent would do nothing with any event (the router skips the call). Default true. */
  readonly listens?: boolean;
  handleOrderEvent(event: OrderEvent, order: Order, fill: FillApplied | undefined): void;
}

export interface OrderEventRouterOptions {
  engine: ExecutionEngine;
  /** Receives every event first. Without it, positions and onPositionChanged are not available. */
  portfolio?: Portfolio;
  logger?: Logger;
}

export class OrderEventRouter {
  readonly engine: ExecutionEngine;
  readonly portfolio: Portfolio | undefined;
  private readonly sinks = new Map<string, OrderEventSink>();
  /** The sink of the last strategy id routed (one strategy per run is the common case: no lookup per event). */
  private lastSid: string | undefined;
  private lastSink: OrderEventSink | undefined;
  private readonly listeners: RoutedEventListener[] = [];
  private readonly log: Logger;
  private readonly unsubscribe: () => void;

  constructor(options: OrderEventRouterOptions) {
    this.engine = options.engine;
    this.portfolio = options.portfolio;
    this.log = options.logger ?? getLogger('engine');
    this.unsubscribe = this.engine.subscribe(this.route);
  }

  /** Route events of orders with this strategy id to the sink; one sink per strategy id. */
  register(sink: OrderEventSink): void {
    if (this.sinks.has(sink.strategyId)) {
      throw new UsageError(`strategy id "${sink.strategyId}" is already running; every running strategy needs its own id`);
    }
    this.sinks.set(sink.strategyId, sink);
    this.lastSid = undefined;
  }

  unregister(sink: OrderEventSink): void {
    if (this.sinks.get(sink.strategyId) === sink) this.sinks.delete(sink.strategyId);
    this.lastSid = undefined;
  }

  /** Every event after the portfolio applied it, with the fill result; returns the unsubscribe function. */
  subscribe(listener: RoutedEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Stop listening to the engine. */
  dispose(): void {
    this.unsubscribe();
    this.sinks.clear();
    this.lastSid = undefined;
  }

  // An arrow function in a field: the engine calls it directly (no wrapper call per event).
  private readonly route = (event: OrderEvent, order: Order | undefined): void => {
    let fill: FillApplied | undefined;
    if (this.portfolio) {
      try {
        fill = this.portfolio.onOrderEvent(event);
      } catch (err) {
        // The strategy still hears of the event; the portfolio's refusal is an engine-level fault to log.
        this.log.error({ event, err: errorMessage(err) }, `portfolio refused the ${event.type} event of order ${event.clientOrderId}: ${errorMessage(err)}`);
      }
    }
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i]!(event, order, fill);
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, `order event listener failed on ${event.type} of ${event.clientOrderId}: ${errorMessage(err)}`);
      }
    }
    if (!order) return;
    const sid = order.request.strategyId;
    if (sid === undefined) return;
    let sink: OrderEventSink | undefined;
    if (sid === this.lastSid) sink = this.lastSink;
    else {
      sink = this.sinks.get(sid);
      this.lastSid = sid;
      this.lastSink = sink;
    }
    // A sink that says it has no event hooks is not called (StrategyRuntime without onOrderEvent / onPositionChanged).
    if (sink !== undefined && sink.listens !== false) sink.handleOrderEvent(event, order, fill);
  };
}
