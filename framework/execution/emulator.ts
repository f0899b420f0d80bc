import type { Order } from './order.ts';
import {
  highFirst,
  isActivated,
  isFavourable,
  isTriggeredAt,
  trailingLimitPrice,
  trailingTrigger,
} from './trailing.ts';
import type { OrderRequest, OrderType } from './types.ts';

/**
 * Holds orders whose trigger the venue cannot handle (or that asked for `emulate`) and watches
 * prices for them. On trigger an order is released as a market order (stop_market,
 * market_if_touched, trailing_stop_market) or a limit order (stop_limit, limit_if_touched,
 * trailing_stop_limit) with the same client order id. The emulator decides; the engine (its
 * host) records the events and talks to the venue.
 */
export interface EmulatorHost {
  /** A trailing trigger (and, for trailing_stop_limit with limitOffset, its limit) moved. */
  updateTrigger(order: Order, triggerPrice: number, price: number | undefined, ts: number): void;
  /** The order fired: send `request` (market or limit) to the venue. */
  release(order: Order, request: OrderRequest, releasedPrice: number, ts: number): void;
  tickSize(instrumentId: string): number;
}

/** What an emulated order becomes when it fires. */
export function releasedType(type: OrderType): 'market' | 'limit' {
  return type === 'stop_limit' || type === 'limit_if_touched' || type === 'trailing_stop_limit' ? 'limit' : 'market';
}

export class OrderEmulator {
  private readonly byInstrument = new Map<string, Order[]>();
  /** Orders watched over all instruments (a backtest asks per candle whether there are any). */
  private total = 0;

  constructor(private readonly host: EmulatorHost) {}

  get size(): number {
    return this.total;
  }

  /** Orders watched for one instrument. */
  count(instrumentId: string): number {
    return this.byInstrument.get(instrumentId)?.length ?? 0;
  }

  hold(order: Order): void {
    let list = this.byInstrument.get(order.instrumentId);
    if (!list) this.byInstrument.set(order.instrumentId, (list = []));
    list.push(order);
    this.total++;
  }

  /** Stop watching an order (cancelled, expired). */
  remove(order: Order): void {
    const list = this.byInstrument.get(order.instrumentId);
    if (!list) return;
    const i = list.indexOf(order);
    if (i >= 0) {
      list.splice(i, 1);
      this.total--;
    }
  }

  held(instrumentId?: string): Order[] {
    if (instrumentId !== undefined) return [...(this.byInstrument.get(instrumentId) ?? [])];
    const out: Order[] = [];
    for (const list of this.byInstrument.values()) out.push(...list);
    return out;
  }

  /** One market price (last trade or mid) at time ts. */
  onPrice(instrumentId: string, price: number, ts: number): void {
    const list = this.byInstrument.get(instrumentId);
    if (!list || list.length === 0) return;
    this.visit(list, price, ts, false, this.host.tickSize(instrumentId));
  }

  /**
   * One bar, visited open -> nearer extreme -> other extreme -> close. After the open the path is
   * continuous, so an order that fires between two points is released at its trigger price;
   * at the open (a gap) it is released at the open.
   */
  onBar(instrumentId: string, open: number, high: number, low: number, close: number, ts: number): void {
    const list = this.byInstrument.get(instrumentId);
    if (!list || list.length === 0) return;
    const tick = this.host.tickSize(instrumentId);
    const hf = highFirst(open, high, low);
    this.visit(list, open, ts, false, tick);
    this.visit(list, hf ? high : low, ts, true, tick);
    this.visit(list, hf ? low : high, ts, true, tick);
    this.visit(list, close, ts, true, tick);
  }

  private visit(list: Order[], price: number, ts: number, continuous: boolean, tick: number): void {
    const n = list.length;
    let released = 0;
    for (let i = 0; i < n; i++) {
      const order = list[i]!;
      if (order.status !== 'EMULATED') continue; // released or removed during this pass
      if (this.step(order, price, ts, continuous, tick)) released++;
    }
    if (released > 0 || list.length !== n) {
      // Compact in place: released orders leave the watch list (no new array per price).
      let j = 0;
      for (let i = 0; i < list.length; i++) {
        const o = list[i]!;
        if (o.status === 'EMULATED') list[j++] = o;
      }
      this.total -= list.length - j;
      list.length = j;
    }
  }

  /** Ratchet a trailing order, then check its trigger; true when the order was released. */
  private step(order: Order, price: number, ts: number, continuous: boolean, tick: number): boolean {
    const r = order.request;
    const trailing = order.type === 'trailing_stop_market' || order.type === 'trailing_stop_limit';
    if (trailing) {
      if (!order.trailingActivated && isActivated(order.side, r.activationPrice, price, tick)) {
        order.trailingActivated = true;
        order.trailingExtreme = price;
      }
      if (order.trailingActivated) {
        if (order.side === 'sell' ? price > order.trailingExtreme : price < order.trailingExtreme) order.trailingExtreme = price;
        const candidate = trailingTrigger(order.side, order.trailingExtreme, r.trailingOffset!, r.trailingOffsetType!, tick);
        if (isFavourable(order.side, candidate, order.triggerPrice, tick)) {
          const limit =
            order.type === 'trailing_stop_limit' && r.limitOffset !== undefined
              ? trailingLimitPrice(order.side, candidate, r.limitOffset, r.trailingOffsetType!, tick)
              : undefined;
          this.host.updateTrigger(order, candidate, limit, ts);
        }
      }
    }
    const trigger = order.triggerPrice;
    if (trigger === undefined || !isTriggeredAt(order.type, order.side, trigger, price, tick)) return false;

    const type = releasedType(order.type);
    let limitPrice = order.price;
    if (order.type === 'trailing_stop_limit' && r.limitOffset !== undefined) {
      limitPrice = trailingLimitPrice(order.side, trigger, r.limitOffset, r.trailingOffsetType!, tick);
    }
    const request: OrderRequest = {
      ...r,
      type,
      quantity: order.quantity,
      price: type === 'limit' ? limitPrice : undefined,
      triggerPrice: undefined,
      trailingOffset: undefined,
      trailingOffsetType: undefined,
      limitOffset: undefined,
      activationPrice: undefined,
      emulate: undefined,
      postOnly: type === 'limit' ? r.postOnly : undefined,
    };
    this.host.release(order, request, continuous ? trigger : price, ts);
    return true;
  }
}
