import type { Clock } from '../../core/clock.ts';
import type { Pair } from '../../core/pair.ts';
import type { ExecutionEngine } from '../../execution/execution-engine.ts';
import type { Order } from '../../execution/order.ts';
import type { OrderRequest } from '../../execution/types.ts';
import type { Portfolio } from '../../portfolio/portfolio.ts';
import type { OrderApi } from '../../strategy/context.ts';
import type {
  BracketOrderArgs,
  LimitOrderArgs,
  MarketOrderArgs,
  OrderChanges,
  OrderUpdate,
  PositionView,
  StopOrderArgs,
  TrailingStopOrderArgs,
} from '../../strategy/types.ts';
import { intentRequest, type OrderIntent } from './intents.ts';
import {
  bracketSpec,
  limitOrStopRequest,
  limitRequest,
  marketRequest,
  stopRequest,
  trailingStopRequest,
  type RequestOrigin,
} from './order-requests.ts';
import { orderSnapshot, positionView, unknownOrderUpdate } from './views.ts';

export interface StrategyOrderApiOptions {
  engine: ExecutionEngine;
  strategyId: string;
  portfolio?: Portfolio;
  clock: Clock;
  /** Called when a strategy timer fires (the runtime calls onTimer through invokeCallback). */
  fireTimer: (name: string, firedAt: number) => void;
  /** Delivers a refusal the engine never saw (cancel/modify of an id this strategy does not own). */
  refuse: (update: OrderUpdate) => void;
}

/**
 * A strategy's `context.orders`: the order API on top of the execution engine. Every call
 * becomes an OrderRequest (order-requests.ts) with a deterministic client order id
 * (`engine.ids.next(strategyId)`) and the strategy id, and goes to engine.submit* - so it
 * passes the engine's validation and the risk gate like every other order. The strategy gets
 * the id back at once; the outcome (denied, accepted, filled ...) arrives through onOrderEvent.
 *
 * A strategy can only cancel, modify and list its own orders: an id it does not own gets a
 * cancel_rejected / modify_rejected UNKNOWN_ORDER update and nothing reaches the engine.
 *
 * The engine and portfolio are in #private fields: the strategy holds this object and must not
 * be able to reach the venue through it.
 */
export class StrategyOrderApi implements OrderApi {
  readonly #engine: ExecutionEngine;
  readonly #strategyId: string;
  readonly #portfolio: Portfolio | undefined;
  readonly #clock: Clock;
  readonly #fireTimer: (name: string, firedAt: number) => void;
  readonly #refuse: (update: OrderUpdate) => void;
  readonly #timers = new Set<string>();
  readonly #timerPrefix: string;

  constructor(options: StrategyOrderApiOptions) {
    this.#engine = options.engine;
    this.#strategyId = options.strategyId;
    this.#portfolio = options.portfolio;
    this.#clock = options.clock;
    this.#fireTimer = options.fireTimer;
    this.#refuse = options.refuse;
    this.#timerPrefix = `strategy:${options.strategyId}:timer:`;
  }

  // ---------------------------------------------------------------- submitting

  /** A fresh origin: the next deterministic client order id of this strategy. */
  #origin(): RequestOrigin {
    return { clientOrderId: this.#engine.ids.next(this.#strategyId), strategyId: this.#strategyId };
  }

  /** The single door to the engine for single orders (order API and signal intents alike). */
  submitRequest(request: OrderRequest): string {
    this.#engine.submit(request);
    return request.clientOrderId;
  }

  /** Submit a signal's intent (intents.ts) exactly as the order API would submit the same arguments. */
  submitIntent(intent: OrderIntent): string {
    return this.submitRequest(intentRequest(intent, this.#origin()));
  }

  market(args: MarketOrderArgs): string {
    return this.submitRequest(marketRequest(args, this.#origin()));
  }

  limit(args: LimitOrderArgs): string {
    return this.submitRequest(limitRequest(args, this.#origin()));
  }

  stop(args: StopOrderArgs): string {
    return this.submitRequest(stopRequest(args, this.#origin()));
  }

  trailingStop(args: TrailingStopOrderArgs): string {
    return this.submitRequest(trailingStopRequest(args, this.#origin()));
  }

  bracket(args: BracketOrderArgs): { entry: string; takeProfit: string; stopLoss: string } {
    const ids = { entry: this.#origin(), takeProfit: this.#origin(), stopLoss: this.#origin() };
    const spec = bracketSpec(args, ids, this.#engine.venue.capabilities.reduceOnly);
    this.#engine.submitBracket(spec);
    return { entry: ids.entry.clientOrderId, takeProfit: ids.takeProfit.clientOrderId, stopLoss: ids.stopLoss.clientOrderId };
  }

  oco(first: LimitOrderArgs | StopOrderArgs, second: LimitOrderArgs | StopOrderArgs): [string, string] {
    const a = limitOrStopRequest(first, this.#origin());
    const b = limitOrStopRequest(second, this.#origin());
    this.#engine.submitOco([a, b]);
    return [a.clientOrderId, b.clientOrderId];
  }

  // ---------------------------------------------------------------- managing

  /** The order if this strategy placed it. */
  #own(clientOrderId: string): Order | undefined {
    const o = this.#engine.order(clientOrderId);
    return o !== undefined && o.request.strategyId === this.#strategyId ? o : undefined;
  }

  cancel(clientOrderId: string): void {
    if (!this.#own(clientOrderId)) {
      this.#refuse(unknownOrderUpdate('cancel_rejected', clientOrderId, this.#clock.now()));
      return;
    }
    this.#engine.cancel(clientOrderId);
  }

  modify(clientOrderId: string, changes: OrderChanges): void {
    if (!this.#own(clientOrderId)) {
      this.#refuse(unknownOrderUpdate('modify_rejected', clientOrderId, this.#clock.now()));
      return;
    }
    this.#engine.modify(clientOrderId, changes);
  }

  cancelAll(pair?: Pair): void {
    for (const o of this.#engine.openOrders(pair)) {
      if (o.request.strategyId !== this.#strategyId || o.status === 'PENDING_CANCEL') continue;
      this.#engine.cancel(o.clientOrderId, 'cancel all');
    }
  }

  openOrders(pair?: Pair): OrderUpdate[] {
    const out: OrderUpdate[] = [];
    for (const o of this.#engine.openOrders(pair)) if (o.request.strategyId === this.#strategyId) out.push(orderSnapshot(o));
    return out;
  }

  position(pair: Pair): PositionView | undefined {
    return this.#portfolio === undefined ? undefined : positionView(this.#portfolio, pair);
  }

  // ---------------------------------------------------------------- time

  setTimer(name: string, at: number): void {
    this.#timers.add(name);
    this.#clock.setTimer(this.#timerPrefix + name, at, (firedAt) => {
      this.#timers.delete(name);
      this.#fireTimer(name, firedAt);
    });
  }

  cancelTimer(name: string): void {
    this.#timers.delete(name);
    this.#clock.cancelTimer(this.#timerPrefix + name);
  }

  /** Cancel every timer of this strategy (the runtime stops). */
  cancelAllTimers(): void {
    for (const name of [...this.#timers]) this.cancelTimer(name);
  }

  now(): number {
    return this.#clock.now();
  }
}
