import type { Instrument } from './instrument.ts';
import type { Order } from './order.ts';
import type { OrderEvent, OrderRequest } from './types.ts';
import type { Denial } from './validation.ts';

/**
 * What a pre-trade gate (the risk manager) sees of the engine: read-only queries.
 */
export interface ExecutionEngineView {
  order(clientOrderId: string): Order | undefined;
  /** Every order that is not in a terminal status, optionally of one instrument. */
  openOrders(instrumentId?: string): Order[];
  /** Last price fed to the engine (onPrice/onBar close) for the instrument. */
  lastPrice(instrumentId: string): number | undefined;
}

export interface PreTradeContext {
  /** 'submit' for new orders (and each order of a list), 'modify' for a modify of `order`. */
  action: 'submit' | 'modify';
  instrument: Instrument;
  /** Engine clock time, epoch ms. */
  now: number;
  engine: ExecutionEngineView;
  /** The live order being modified (action 'modify'). */
  order?: Order;
  /** The other requests of the list being submitted (contingent orders), including this one. */
  list?: readonly OrderRequest[];
}

/**
 * A pre-trade check the engine runs after its own validation and before anything leaves it.
 * Return null to let the order pass, or a denial (reason code + one sentence) to deny it:
 * a submit becomes DENIED, a modify gets a modify_rejected event. Must be synchronous and
 * fast: it is on the signal -> venue path. `ctx` is valid during the call only (the engine
 * reuses one context object for its submits): copy what you need to keep.
 */
export interface PreTradeGate {
  check(request: OrderRequest, ctx: PreTradeContext): Denial | null;
  /** Every order event after the engine applied it (before strategy listeners see it). */
  onOrderEvent?(event: OrderEvent, order: Order | undefined): void;
}
