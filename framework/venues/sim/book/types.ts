/**
 * Vocabulary of the order book: sides, time in force, self-trade prevention modes, the fill
 * sink and the reusable result of an add/modify. Prices are integer ticks and quantities
 * integer lots everywhere inside the book (see units.ts for the conversion), so every
 * comparison is exact.
 *
 * The hot-path API is positional and numeric (no option objects, no per-order allocation);
 * these constants are plain numbers so they can be stored in typed arrays.
 */
import type { OrderSide } from '../../../execution/types.ts';

export const BUY = 0;
export const SELL = 1;
export type Side = typeof BUY | typeof SELL;

export function sideOf(side: OrderSide): Side {
  return side === 'buy' ? BUY : SELL;
}

export function orderSideOf(side: Side): OrderSide {
  return side === BUY ? 'buy' : 'sell';
}

/** Time in force as the book knows it; GTD/DAY are GTC to the book (the venue expires them). */
export const GTC = 0;
export const IOC = 1;
export const FOK = 2;
export type BookTif = typeof GTC | typeof IOC | typeof FOK;

/**
 * Self-trade prevention, applied when an incoming order would match a resting order of the
 * same non-zero owner; the incoming (taker) order's mode decides, as on Binance and Coinbase.
 *   STP_NONE: trade with yourself normally.
 *   STP_CANCEL_NEWEST: cancel the rest of the incoming order; the resting order stays (Binance EXPIRE_TAKER).
 *   STP_CANCEL_OLDEST: cancel the resting order and keep matching (EXPIRE_MAKER).
 *   STP_CANCEL_BOTH: cancel both (EXPIRE_BOTH).
 */
export const STP_NONE = 0;
export const STP_CANCEL_NEWEST = 1;
export const STP_CANCEL_OLDEST = 2;
export const STP_CANCEL_BOTH = 3;
export type StpMode = typeof STP_NONE | typeof STP_CANCEL_NEWEST | typeof STP_CANCEL_OLDEST | typeof STP_CANCEL_BOTH;

/** Why the book refused an add or a modify (names follow execution/types.ts RejectReason). */
export type BookRejectReason =
  | 'INVALID_PRICE'
  | 'INVALID_QUANTITY'
  | 'INVALID_DISPLAY_QUANTITY'
  | 'INVALID_TIME_IN_FORCE'
  | 'DUPLICATE_ORDER_ID'
  | 'POST_ONLY_WOULD_TAKE'
  | 'FOK_NOT_FILLABLE'
  | 'UNKNOWN_ORDER';

/**
 * Why part of an accepted incoming order was canceled instead of resting:
 *   ioc_remainder: IOC (or FOK-checked) limit order, what did not fill at once;
 *   no_liquidity: a market order emptied the opposite side;
 *   protection_price: a market order reached its protection price;
 *   self_trade: self-trade prevention canceled the incoming order.
 */
export type TakerCancelReason = 'ioc_remainder' | 'no_liquidity' | 'protection_price' | 'self_trade';

/** Why the book removed a resting order on its own (today only self-trade prevention). */
export type MakerCancelReason = 'self_trade';

/**
 * Receives what the book does to orders, synchronously, during the call that caused it.
 * A sink must not call back into the same book (add/cancel/modify) from inside a callback.
 */
export interface FillSink {
  /**
   * One execution: the resting (maker) order traded qtyLots with the incoming (taker) order at
   * the maker's price. makerRemaining/takerRemaining are the open lots left after this fill
   * (maker: visible + hidden; 0 means the maker left the book).
   */
  onFill(makerId: number, takerId: number, priceTicks: number, qtyLots: number, makerRemaining: number, takerRemaining: number): void;
  /** A resting order was removed by the book itself (self-trade prevention), with its open lots. */
  onMakerCanceled?(orderId: number, remainingLots: number, reason: MakerCancelReason): void;
}

/** A sink that ignores everything (books that only need the results). */
export const NULL_SINK: FillSink = { onFill() {} };

/**
 * Outcome of addLimit / addMarket / modify. The book returns the SAME instance on every call
 * (no allocation on the hot path): read it at once or copy it with `snapshot()`.
 * filledLots + restingLots + canceledLots = the order's quantity when accepted.
 */
export class BookResult {
  accepted = true;
  reason: BookRejectReason | null = null;
  filledLots = 0;
  restingLots = 0;
  canceledLots = 0;
  cancelReason: TakerCancelReason | null = null;
  /** Number of fills (executions against resting orders) the call produced. */
  fills = 0;

  reset(): this {
    this.accepted = true;
    this.reason = null;
    this.filledLots = 0;
    this.restingLots = 0;
    this.canceledLots = 0;
    this.cancelReason = null;
    this.fills = 0;
    return this;
  }

  reject(reason: BookRejectReason): this {
    this.accepted = false;
    this.reason = reason;
    return this;
  }

  snapshot(): BookResultSnapshot {
    return {
      accepted: this.accepted,
      reason: this.reason,
      filledLots: this.filledLots,
      restingLots: this.restingLots,
      canceledLots: this.canceledLots,
      cancelReason: this.cancelReason,
      fills: this.fills,
    };
  }
}

export type BookResultSnapshot = Pick<
  BookResult,
  'accepted' | 'reason' | 'filledLots' | 'restingLots' | 'canceledLots' | 'cancelReason' | 'fills'
>;

/** A resting order as queries report it (allocated: for inspection, not for the hot path). */
export interface RestingOrder {
  id: number;
  side: Side;
  priceTicks: number;
  /** Open lots, visible + hidden. */
  remainingLots: number;
  /** Lots shown in the book (the current iceberg slice, or all of it). */
  visibleLots: number;
  /** Iceberg slice size; 0 when the order is fully visible. */
  displayLots: number;
  owner: number;
  stp: StpMode;
  postOnly: boolean;
}

/** One aggregated price level of a depth snapshot (visible lots only, as an exchange shows it). */
export interface DepthLevel {
  priceTicks: number;
  visibleLots: number;
  orders: number;
}
