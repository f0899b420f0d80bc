import { isOnStep, roundToStep } from '../core/precision.ts';
import { InvalidOrderTransition, OrderInvariantError } from './errors.ts';
import { isTerminal, nextStatus, transitionCell, triggerOf } from './state-machine.ts';
import type { OrderEvent, OrderRequest, OrderSide, OrderStatus, OrderType } from './types.ts';

/** Relative tolerance under which a fill total counts as the full quantity (float sums of lots). */
const QTY_REL_EPS = 1e-9;

const NO_FEES: ReadonlyMap<string, number> = new Map();

type FilledEvent = Extract<OrderEvent, { type: 'filled' }>;
type UpdatedEvent = Extract<OrderEvent, { type: 'updated' }>;

export interface OrderOptions {
  /** Lot size of the instrument: filled/leaves quantities are printed on its grid. */
  lotSize?: number;
}

/**
 * One order and everything that happened to it. All state changes go through `apply(event)`,
 * which asks the state table for the next status first and checks the event's content second;
 * either failure throws and leaves the order exactly as it was.
 */
export class Order {
  readonly request: Readonly<OrderRequest>;
  readonly clientOrderId: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly createdAt: number;

  status: OrderStatus = 'INITIALIZED';
  /** Status before the order entered PENDING_UPDATE / PENDING_CANCEL (the table's PREVIOUS). */
  previousStatus: OrderStatus = 'INITIALIZED';
  quantity: number;
  price: number | undefined;
  triggerPrice: number | undefined;
  filledQuantity = 0;
  leavesQuantity: number;
  /** Quantity-weighted mean fill price; NaN before the first fill. */
  averageFillPrice = Number.NaN;
  venueOrderId: string | undefined;
  /** Set by a `triggered` event (venue-side stop) or a local release of an emulated order. */
  isTriggered = false;
  /** Emulated trailing orders: whether the activation price was reached, and the best price seen. */
  trailingActivated = false;
  trailingExtreme = Number.NaN;
  /** What was actually sent to the venue when it differs from `request` (released emulated orders, resized children). */
  venueRequest: OrderRequest | undefined;
  readonly events: OrderEvent[] = [];
  lastEventAt: number;
  /**
   * Scratch slot of the engine's pre-trade gate: the risk manager keeps its bookkeeping of the
   * order here (found with the order, no lookup by id per event). Nothing else reads it.
   */
  gateState: unknown = undefined;
  /**
   * Scratch slot of the component that placed the order (the backtest's trade manager keeps its
   * record of the order here: found with the order's events, no lookup by id). Nothing else reads it.
   */
  ownerState: unknown = undefined;

  private readonly lotSize: number;
  // Most orders fill once, in one currency: the first trade id and fee are fields; a Set / Map
  // is made only for a second trade id / currency (or when `fees` is read).
  private hasTradeId = false;
  private firstTradeId: string | undefined;
  private tradeIds: Set<string> | undefined;
  private hasFee = false;
  private feeCurrency0: string | undefined;
  private feeAmount0 = 0;
  private feeMap: Map<string, number> | undefined;
  // Neumaier-compensated sums of quantity and price x quantity: the average stays exact to
  // ~1e-16 relative over many fills of very different sizes.
  private qtySum = 0;
  private qtyComp = 0;
  private notionalSum = 0;
  private notionalComp = 0;

  constructor(request: OrderRequest, ts: number, options: OrderOptions = {}) {
    this.request = request;
    this.clientOrderId = request.clientOrderId;
    this.instrumentId = request.instrumentId;
    this.side = request.side;
    this.type = request.type;
    this.quantity = request.quantity;
    this.leavesQuantity = request.quantity;
    this.price = request.price;
    this.triggerPrice = request.triggerPrice;
    this.createdAt = ts;
    this.lastEventAt = ts;
    this.lotSize = options.lotSize ?? 0;
    this.events.push({ type: 'initialized', clientOrderId: request.clientOrderId, instrumentId: request.instrumentId, ts, request });
  }

  /**
   * Whether the status is terminal (FILLED, CANCELED, REJECTED, DENIED, EXPIRED). A field that
   * apply() keeps equal to isTerminal(status), not a getter: the engine, the risk gate and the
   * portfolio ask several times per event, and a getter is a call until V8 optimizes the caller
   * (most of a backtest's orders run before it does). Read it; never assign it.
   */
  isClosed = false;

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Still in the engine: held contingent child, emulated, or released but not yet sent. */
  get isLocal(): boolean {
    return this.status === 'INITIALIZED' || this.status === 'EMULATED' || this.status === 'RELEASED';
  }

  get isPending(): boolean {
    return this.status === 'PENDING_UPDATE' || this.status === 'PENDING_CANCEL';
  }

  /** Fees per currency (quote currency unless the venue says otherwise). */
  get fees(): ReadonlyMap<string, number> {
    if (this.feeMap === undefined && this.hasFee) this.feeMap = new Map([[this.feeCurrency0 as string, this.feeAmount0]]);
    return this.feeMap ?? NO_FEES;
  }

  feeTotal(currency?: string): number {
    if (!this.feeMap) {
      if (!this.hasFee) return 0;
      return currency === undefined || currency === this.feeCurrency0 ? this.feeAmount0 : 0;
    }
    if (currency !== undefined) return this.feeMap.get(currency) ?? 0;
    let s = 0;
    for (const v of this.feeMap.values()) s += v;
    return s;
  }

  /**
   * Apply one event. Throws InvalidOrderTransition (the table refuses it) or OrderInvariantError
   * (overfill, duplicate trade id, update below the filled quantity, event of another order);
   * in both cases nothing about the order has changed.
   */
  apply(event: OrderEvent): void {
    if (event.clientOrderId !== this.clientOrderId) {
      throw new OrderInvariantError(this.clientOrderId, `received an event of order ${event.clientOrderId}`);
    }
    let completes = false;
    let newFilled = 0;
    if (event.type === 'filled') {
      // A fill the table refuses in any size (e.g. after CANCELED) is a transition error first.
      if (transitionCell(this.status, 'filled') === undefined && transitionCell(this.status, 'partially_filled') === undefined) {
        throw new InvalidOrderTransition(this.clientOrderId, this.status, 'filled');
      }
      newFilled = this.checkFill(event);
      completes = newFilled === this.quantity;
    } else if (event.type === 'updated') {
      this.checkUpdate(event);
    }
    const from = this.status;
    const to = nextStatus(this.clientOrderId, from, triggerOf(event, completes), this.previousStatus, event.type);

    // From here on the event is valid: mutate.
    if (to === 'PENDING_UPDATE' || to === 'PENDING_CANCEL') {
      if (from !== 'PENDING_UPDATE' && from !== 'PENDING_CANCEL') this.previousStatus = from;
      else if (event.type === 'triggered') this.previousStatus = 'TRIGGERED';
    }
    switch (event.type) {
      case 'filled':
        this.addFill(event, newFilled);
        break;
      case 'updated':
        if (event.quantity !== undefined) {
          this.quantity = event.quantity;
          this.leavesQuantity = this.onLot(event.quantity - this.filledQuantity);
        }
        if (event.price !== undefined) this.price = event.price;
        if (event.triggerPrice !== undefined) this.triggerPrice = event.triggerPrice;
        break;
      case 'accepted':
        this.venueOrderId = event.venueOrderId;
        break;
      case 'triggered':
        this.isTriggered = true;
        break;
      case 'released':
        this.isTriggered = true;
        break;
      case 'canceled':
      case 'expired':
      case 'rejected':
      case 'denied':
        this.leavesQuantity = 0;
        break;
      default:
        break;
    }
    this.status = to;
    this.isClosed = isTerminal(to);
    this.lastEventAt = event.ts;
    this.events.push(event);
  }

  /** Validates a fill and returns the filled quantity after it (snapped to `quantity` when within tolerance). */
  private checkFill(e: FilledEvent): number {
    if (!(e.lastQuantity > 0) || !Number.isFinite(e.lastQuantity)) {
      throw new OrderInvariantError(this.clientOrderId, `fill ${e.tradeId} has quantity ${e.lastQuantity}; expected a positive finite number`);
    }
    if (!(e.lastPrice > 0) || !Number.isFinite(e.lastPrice)) {
      throw new OrderInvariantError(this.clientOrderId, `fill ${e.tradeId} has price ${e.lastPrice}; expected a positive finite number`);
    }
    if (!Number.isFinite(e.fee)) {
      throw new OrderInvariantError(this.clientOrderId, `fill ${e.tradeId} has fee ${e.fee}; expected a finite number`);
    }
    if ((this.hasTradeId && e.tradeId === this.firstTradeId) || this.tradeIds?.has(e.tradeId)) {
      throw new OrderInvariantError(this.clientOrderId, `fill ${e.tradeId} was already applied (duplicate trade id)`);
    }
    const sum = this.qtySum + this.qtyComp + e.lastQuantity;
    const tol = QTY_REL_EPS * this.quantity;
    if (sum > this.quantity + tol) {
      throw new OrderInvariantError(
        this.clientOrderId,
        `fill ${e.tradeId} of ${e.lastQuantity} would fill ${sum} of quantity ${this.quantity} (overfill refused; filled so far ${this.filledQuantity})`,
      );
    }
    return Math.abs(this.quantity - sum) <= tol ? this.quantity : this.onLot(sum);
  }

  private checkUpdate(e: UpdatedEvent): void {
    if (e.quantity !== undefined) {
      if (!(e.quantity > 0) || !Number.isFinite(e.quantity)) {
        throw new OrderInvariantError(this.clientOrderId, `update to quantity ${e.quantity}; expected a positive finite number`);
      }
      if (this.filledQuantity > 0 && !(e.quantity > this.filledQuantity * (1 + QTY_REL_EPS))) {
        throw new OrderInvariantError(
          this.clientOrderId,
          `update to quantity ${e.quantity} is not above the filled quantity ${this.filledQuantity}`,
        );
      }
    }
    for (const [name, v] of [
      ['price', e.price],
      ['triggerPrice', e.triggerPrice],
    ] as const) {
      if (v !== undefined && (!(v > 0) || !Number.isFinite(v))) {
        throw new OrderInvariantError(this.clientOrderId, `update to ${name} ${v}; expected a positive finite number`);
      }
    }
  }

  private addFill(e: FilledEvent, newFilled: number): void {
    if (!this.hasTradeId) {
      this.hasTradeId = true;
      this.firstTradeId = e.tradeId;
    } else (this.tradeIds ??= new Set()).add(e.tradeId);
    const q = e.lastQuantity;
    const n = e.lastPrice * q;
    let t = this.qtySum + q;
    this.qtyComp += Math.abs(this.qtySum) >= Math.abs(q) ? this.qtySum - t + q : q - t + this.qtySum;
    this.qtySum = t;
    t = this.notionalSum + n;
    this.notionalComp += Math.abs(this.notionalSum) >= Math.abs(n) ? this.notionalSum - t + n : n - t + this.notionalSum;
    this.notionalSum = t;
    this.filledQuantity = newFilled;
    this.leavesQuantity = newFilled === this.quantity ? 0 : this.onLot(this.quantity - newFilled);
    this.averageFillPrice = (this.notionalSum + this.notionalComp) / (this.qtySum + this.qtyComp);
    if (this.feeMap === undefined && (!this.hasFee || this.feeCurrency0 === e.feeCurrency)) {
      this.hasFee = true;
      this.feeCurrency0 = e.feeCurrency;
      this.feeAmount0 = this.feeAmount0 + e.fee;
    } else {
      const fees = this.fees as Map<string, number>;
      fees.set(e.feeCurrency, (fees.get(e.feeCurrency) ?? 0) + e.fee);
    }
    if (!this.venueOrderId) this.venueOrderId = e.venueOrderId;
  }

  /**
   * Snap a computed quantity to the lot grid when it is on it (removes 0.30000000000000004);
   * without a lot size, drop the last binary digits (15 significant decimals).
   */
  private onLot(q: number): number {
    if (this.lotSize > 0) return isOnStep(q, this.lotSize) ? roundToStep(q, this.lotSize) : q;
    return Number(q.toPrecision(15));
  }
}
