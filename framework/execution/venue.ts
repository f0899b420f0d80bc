import type {
  Balance,
  Instrument,
  OrderEvent,
  OrderModification,
  OrderRequest,
  OrderType,
  TimeInForce,
  VenueOrder,
  VenuePosition,
} from './types.ts';

export type OrderEventListener = (event: OrderEvent) => void;

/** What a venue accepts natively; the engine emulates the rest (e.g. trailing stops on a spot exchange). */
export interface VenueCapabilities {
  orderTypes: readonly OrderType[];
  timeInForce: readonly TimeInForce[];
  postOnly: boolean;
  reduceOnly: boolean;
  /** Native iceberg (display quantity) support. */
  iceberg: boolean;
}

/**
 * A place orders go: the simulated venue (backtest, paper) or a live exchange through ccxt. The
 * execution engine talks only to this interface. Outcomes (accepted, rejected, filled, ...)
 * arrive as events through `subscribe`, never as return values, because a live exchange
 * reports them asynchronously and out of band; the promises only say the request was sent.
 */
export interface Venue {
  readonly id: string;
  readonly capabilities: VenueCapabilities;
  /** Markets with their grids and limits; the engine validates orders against them. */
  instruments(): readonly Instrument[];
  instrument(id: string): Instrument | undefined;
  submit(request: OrderRequest): Promise<void>;
  cancel(clientOrderId: string): Promise<void>;
  modify(clientOrderId: string, changes: OrderModification): Promise<void>;
  /**
   * Optional synchronous forms of submit / cancel / modify, for venues that take a request in
   * the caller's turn (the simulated venue). The engine calls them when present, which spares
   * a promise and a callback per request on the backtest path; a throw is a failed request,
   * handled as a rejected promise is (only sooner). Events still arrive through `subscribe`.
   */
  submitNow?(request: OrderRequest): void;
  cancelNow?(clientOrderId: string): void;
  modifyNow?(clientOrderId: string, changes: OrderModification): void;
  query(clientOrderId: string): Promise<VenueOrder | undefined>;
  openOrders(instrumentId?: string): Promise<VenueOrder[]>;
  balances(): Promise<Balance[]>;
  positions(): Promise<VenuePosition[]>;
  /** Every order event of this venue; returns the unsubscribe function. */
  subscribe(listener: OrderEventListener): () => void;
}
