import type { Instrument } from './instrument.ts';

/**
 * The order model shared by the execution engine, every venue, the risk manager and the
 * portfolio. Names follow NautilusTrader where it has one; times are epoch milliseconds of the
 * engine clock (simulated in backtests).
 */

export type OrderSide = 'buy' | 'sell';

export type OrderType =
  | 'market'
  | 'limit'
  | 'stop_market'
  | 'stop_limit'
  | 'market_if_touched'
  | 'limit_if_touched'
  | 'trailing_stop_market'
  | 'trailing_stop_limit';

export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTD' | 'DAY';

/** How a trailing offset is expressed. */
export type TrailingOffsetType = 'price' | 'bps' | 'ticks';

export type LiquiditySide = 'maker' | 'taker';

export type ContingencyType = 'OTO' | 'OCO' | 'OUO';

export type OrderStatus =
  | 'INITIALIZED'
  | 'DENIED'
  | 'EMULATED'
  | 'RELEASED'
  | 'SUBMITTED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'CANCELED'
  | 'EXPIRED'
  | 'TRIGGERED'
  | 'PENDING_UPDATE'
  | 'PENDING_CANCEL'
  | 'PARTIALLY_FILLED'
  | 'FILLED';

/** Machine-readable reasons for DENIED (engine/risk) and REJECTED (venue) outcomes. */
export type RejectReason =
  | 'INVALID_QUANTITY'
  | 'INVALID_PRICE'
  | 'PRICE_NOT_ON_TICK'
  | 'QUANTITY_NOT_ON_LOT'
  | 'BELOW_MIN_QUANTITY'
  | 'ABOVE_MAX_QUANTITY'
  | 'BELOW_MIN_NOTIONAL'
  | 'ABOVE_MAX_NOTIONAL'
  | 'MISSING_PRICE'
  | 'MISSING_TRIGGER_PRICE'
  | 'MISSING_TRAILING_OFFSET'
  | 'INVALID_EXPIRE_TIME'
  | 'INVALID_DISPLAY_QUANTITY'
  | 'UNKNOWN_INSTRUMENT'
  | 'MARKET_CLOSED'
  | 'INSUFFICIENT_BALANCE'
  | 'DUPLICATE_CLIENT_ORDER_ID'
  | 'POST_ONLY_WOULD_TAKE'
  | 'FOK_NOT_FILLABLE'
  | 'REDUCE_ONLY_WOULD_INCREASE'
  | 'SELF_TRADE_PREVENTED'
  | 'UNKNOWN_ORDER'
  | 'ORDER_ALREADY_CLOSED'
  | 'INVALID_MODIFY'
  | 'VENUE_ERROR'
  | (string & {}); // risk checks add their own codes (issue: risk manager)

/** An order as the strategy (or an algorithm) asks for it; validated before anything leaves the engine. */
export interface OrderRequest {
  clientOrderId: string;
  instrumentId: string;
  side: OrderSide;
  type: OrderType;
  quantity: number;
  /** Limit price (limit, stop_limit, limit_if_touched, trailing_stop_limit). */
  price?: number;
  /** Trigger price (stop_*, *_if_touched; for trailing orders the initial trigger, optional). */
  triggerPrice?: number;
  /** Trailing distance of the trigger from the best price seen, and its unit. */
  trailingOffset?: number;
  trailingOffsetType?: TrailingOffsetType;
  /** trailing_stop_limit: distance of the limit price from the trigger, same unit. */
  limitOffset?: number;
  /** Trailing starts only once the market reaches this price. */
  activationPrice?: number;
  timeInForce?: TimeInForce;
  /** GTD: expiry time (epoch ms). */
  expireTime?: number;
  postOnly?: boolean;
  reduceOnly?: boolean;
  /** Iceberg: visible quantity per slice. */
  displayQuantity?: number;
  /** Hold the order in the engine and release it when triggered (for venues without the type). */
  emulate?: boolean;
  /** Contingency links (set by the engine for brackets/OCO/OTO lists). */
  contingency?: ContingencyType;
  parentOrderId?: string;
  linkedOrderIds?: string[];
  /** Who placed it: strategy id, exec algorithm id; copied to every event. */
  strategyId?: string;
  execAlgorithmId?: string;
  execAlgorithmParentId?: string;
  tags?: string[];
}

/** Fields every order event carries. */
interface EventBase {
  clientOrderId: string;
  instrumentId: string;
  /** Engine time of the event (epoch ms). */
  ts: number;
}

export type OrderEvent =
  | (EventBase & { type: 'initialized'; request: OrderRequest })
  | (EventBase & { type: 'denied'; reason: RejectReason; message: string })
  | (EventBase & { type: 'emulated' })
  | (EventBase & { type: 'released'; releasedPrice: number })
  | (EventBase & { type: 'submitted' })
  | (EventBase & { type: 'accepted'; venueOrderId: string })
  | (EventBase & { type: 'rejected'; reason: RejectReason; message: string })
  | (EventBase & { type: 'canceled'; reason?: string })
  | (EventBase & { type: 'expired' })
  | (EventBase & { type: 'triggered'; triggerPrice: number })
  | (EventBase & { type: 'pending_update' })
  | (EventBase & { type: 'pending_cancel' })
  | (EventBase & { type: 'updated'; quantity?: number; price?: number; triggerPrice?: number })
  | (EventBase & { type: 'modify_rejected'; reason: RejectReason; message: string })
  | (EventBase & { type: 'cancel_rejected'; reason: RejectReason; message: string })
  | (EventBase & {
      type: 'filled';
      tradeId: string;
      venueOrderId: string;
      side: OrderSide;
      lastQuantity: number;
      lastPrice: number;
      fee: number;
      feeCurrency: string;
      liquidity: LiquiditySide;
    });

export type OrderEventType = OrderEvent['type'];

/** Changes a modify may ask for. */
export interface OrderModification {
  quantity?: number;
  price?: number;
  triggerPrice?: number;
}

/** A balance per currency as a venue reports it. */
export interface Balance {
  currency: string;
  total: number;
  free: number;
  locked: number;
}

/** A net position as a venue reports it (signed quantity: + long, - short). */
export interface VenuePosition {
  instrumentId: string;
  quantity: number;
  averagePrice: number;
}

/** An order as a venue reports it (query / openOrders / reconciliation). */
export interface VenueOrder {
  clientOrderId: string;
  venueOrderId: string;
  instrumentId: string;
  side: OrderSide;
  type: OrderType;
  status: OrderStatus;
  quantity: number;
  filledQuantity: number;
  averagePrice: number;
  price?: number;
  triggerPrice?: number;
}

export type { Instrument };
