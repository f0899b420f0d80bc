import type {
  OrderRequest,
  OrderSide,
  OrderStatus,
  OrderType,
  TimeInForce,
  TrailingOffsetType,
  VenueOrder,
} from '../../execution/types.ts';
import type { LockGroup } from './lock-groups.ts';

/**
 * The venue's own record of one order: plain mutable fields (numbers where the bar loop reads
 * them, NaN for "not set") so matching never allocates. One object per order, never per bar.
 */

/** What the order does once its trigger (if any) has fired. */
export const EXEC_MARKET = 0;
export const EXEC_LIMIT = 1;

/** Trigger families: stop (buy above / sell below), if-touched (buy below / sell above), trailing (a moving stop). */
export const TRIG_NONE = 0;
export const TRIG_STOP = 1;
export const TRIG_TOUCHED = 2;
export const TRIG_TRAILING = 3;

export class SimOrder {
  readonly request: OrderRequest;
  readonly clientOrderId: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  /** +1 buy, -1 sell. */
  readonly dir: 1 | -1;
  readonly type: OrderType;
  readonly exec: typeof EXEC_MARKET | typeof EXEC_LIMIT;
  readonly trig: number;
  readonly tif: TimeInForce;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;

  venueOrderId = '';
  status: OrderStatus = 'SUBMITTED';
  quantity: number;
  filled = 0;
  /** Sum of qty * price over fills, for the average price. */
  filledNotional = 0;
  price: number;
  triggerPrice: number;
  /** True once a trigger-type order has fired (it then behaves as market or limit). */
  triggered = false;

  /** When the order reaches the venue (submit time + order latency). */
  liveAt: number;
  /** Reached the venue (validated): before that, cancels see an unknown order. */
  arrived = false;
  /** Accepted (or rejected) already; market/IOC/FOK/post-only orders are decided at their first price. */
  decided = false;
  /**
   * Not yet matched against any price since it arrived, was modified or triggered: if it is
   * marketable at its first price it crosses (taker); otherwise it rests (maker).
   */
  fresh = true;
  /** GTD / DAY expiry (epoch ms), Infinity for none. */
  expireAt = Infinity;

  /** Trailing: offset, unit, limit offset, activation price, state. */
  readonly trailOffset: number;
  readonly trailUnit: TrailingOffsetType;
  readonly limitOffset: number;
  readonly activationPrice: number;
  active: boolean;
  /** Trailing: best price seen since activation (highest for sells, lowest for buys). */
  best = NaN;
  /** Trailing: current trigger as a whole number of ticks (NaN until known); ratchets only. */
  trailSteps = NaN;

  /** Id of the order in the order book (book fill model), 0 when not in a book. */
  bookId = 0;

  /**
   * What this order needs reserved and in which currency. Locked in the accounts as is, or, for
   * an OCO/OUO member (lockGroup set), through its group, which locks the largest need of its members.
   */
  lockCurrency = '';
  lockAmount = 0;
  lockGroup: LockGroup | null = null;

  constructor(request: OrderRequest, liveAt: number) {
    this.request = request;
    this.clientOrderId = request.clientOrderId;
    this.instrumentId = request.instrumentId;
    this.side = request.side;
    this.dir = request.side === 'buy' ? 1 : -1;
    this.type = request.type;
    this.exec = execOf(request.type);
    this.trig = trigOf(request.type);
    this.tif = request.timeInForce ?? 'GTC';
    this.postOnly = request.postOnly === true;
    this.reduceOnly = request.reduceOnly === true;
    this.quantity = request.quantity;
    this.price = request.price ?? NaN;
    this.triggerPrice = request.triggerPrice ?? NaN;
    this.trailOffset = request.trailingOffset ?? NaN;
    this.trailUnit = request.trailingOffsetType ?? 'price';
    this.limitOffset = request.limitOffset ?? NaN;
    this.activationPrice = request.activationPrice ?? NaN;
    this.active = !(this.activationPrice === this.activationPrice); // no activation price: active at once
    this.liveAt = liveAt;
  }

  get remaining(): number {
    return this.quantity - this.filled;
  }

  get isOpen(): boolean {
    return this.status !== 'FILLED' && this.status !== 'CANCELED' && this.status !== 'EXPIRED' && this.status !== 'REJECTED';
  }

  get averagePrice(): number {
    return this.filled > 0 ? this.filledNotional / this.filled : 0;
  }

  toVenueOrder(): VenueOrder {
    const o: VenueOrder = {
      clientOrderId: this.clientOrderId,
      venueOrderId: this.venueOrderId,
      instrumentId: this.instrumentId,
      side: this.side,
      type: this.type,
      status: this.status,
      quantity: this.quantity,
      filledQuantity: this.filled,
      averagePrice: this.averagePrice,
    };
    if (this.price === this.price) o.price = this.price;
    if (this.triggerPrice === this.triggerPrice) o.triggerPrice = this.triggerPrice;
    return o;
  }
}

function execOf(type: OrderType): typeof EXEC_MARKET | typeof EXEC_LIMIT {
  return type === 'limit' || type === 'stop_limit' || type === 'limit_if_touched' || type === 'trailing_stop_limit'
    ? EXEC_LIMIT
    : EXEC_MARKET;
}

function trigOf(type: OrderType): number {
  switch (type) {
    case 'stop_market':
    case 'stop_limit':
      return TRIG_STOP;
    case 'market_if_touched':
    case 'limit_if_touched':
      return TRIG_TOUCHED;
    case 'trailing_stop_market':
    case 'trailing_stop_limit':
      return TRIG_TRAILING;
    default:
      return TRIG_NONE;
  }
}
