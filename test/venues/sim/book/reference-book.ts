/**
 * A deliberately naive order book (one array of order objects, the best order found by a
 * linear scan each time) used as the oracle for OrderBook in property tests. It follows the
 * documented semantics literally; FOK is checked by simulating the order on a copy of the book
 * instead of OrderBook's analytical walk, so the two are independent.
 */
import {
  BUY,
  FOK,
  GTC,
  STP_CANCEL_NEWEST,
  STP_CANCEL_OLDEST,
  STP_NONE,
  type BookResultSnapshot,
  type BookTif,
  type RestingOrder,
  type Side,
  type StpMode,
} from '../../../../framework/venues/sim/book/types.ts';

interface RefOrder {
  id: number;
  side: Side;
  price: number;
  remaining: number;
  visible: number;
  display: number;
  owner: number;
  stp: StpMode;
  postOnly: boolean;
  seq: number;
}

export type RefEvent =
  | { kind: 'fill'; maker: number; taker: number; price: number; qty: number; makerLeft: number; takerLeft: number }
  | { kind: 'makerCanceled'; id: number; left: number };

function emptyResult(): BookResultSnapshot {
  return { accepted: true, reason: null, filledLots: 0, restingLots: 0, canceledLots: 0, cancelReason: null, fills: 0 };
}

export class ReferenceBook {
  orders: RefOrder[] = [];
  events: RefEvent[] = [];
  private seq = 0;
  private stopped = false;
  private fills = 0;

  private clone(): ReferenceBook {
    const c = new ReferenceBook();
    c.orders = this.orders.map((o) => ({ ...o }));
    c.seq = this.seq;
    return c;
  }

  private better(side: Side, a: RefOrder, b: RefOrder): boolean {
    if (a.price !== b.price) return side === BUY ? a.price > b.price : a.price < b.price;
    return a.seq < b.seq;
  }

  private best(side: Side): RefOrder | undefined {
    let best: RefOrder | undefined;
    for (const o of this.orders) if (o.side === side && (!best || this.better(side, o, best))) best = o;
    return best;
  }

  private remove(o: RefOrder): void {
    this.orders.splice(this.orders.indexOf(o), 1);
  }

  private match(taker: number, side: Side, limit: number, qty: number, owner: number, stp: StpMode): number {
    let remaining = qty;
    this.stopped = false;
    this.fills = 0;
    const opp: Side = side === BUY ? 1 : 0;
    while (remaining > 0) {
      const o = this.best(opp);
      if (!o) break;
      if (side === BUY ? o.price > limit : o.price < limit) break;
      if (owner !== 0 && stp !== STP_NONE && o.owner === owner) {
        if (stp !== STP_CANCEL_NEWEST) {
          this.remove(o);
          this.events.push({ kind: 'makerCanceled', id: o.id, left: o.remaining });
        }
        if (stp !== STP_CANCEL_OLDEST) {
          this.stopped = true;
          break;
        }
        continue;
      }
      const q = Math.min(o.visible, remaining);
      o.visible -= q;
      o.remaining -= q;
      remaining -= q;
      this.fills++;
      this.events.push({ kind: 'fill', maker: o.id, taker, price: o.price, qty: q, makerLeft: o.remaining, takerLeft: remaining });
      if (o.visible === 0) {
        if (o.remaining > 0) {
          o.visible = Math.min(o.display, o.remaining);
          o.seq = this.seq++;
        } else {
          this.remove(o);
        }
      }
    }
    return remaining;
  }

  private crosses(side: Side, price: number): boolean {
    const o = this.best(side === BUY ? 1 : 0);
    return o !== undefined && (side === BUY ? o.price <= price : o.price >= price);
  }

  private rest(o: Omit<RefOrder, 'seq' | 'visible'>): void {
    const display = o.display > 0 && o.display < o.remaining ? o.display : 0;
    this.orders.push({ ...o, display, visible: display > 0 ? display : o.remaining, seq: this.seq++ });
  }

  addLimit(
    id: number,
    side: Side,
    price: number,
    qty: number,
    tif: BookTif = GTC,
    postOnly = false,
    display = 0,
    owner = 0,
    stp: StpMode = STP_NONE,
  ): BookResultSnapshot {
    const r = emptyResult();
    const reject = (reason: BookResultSnapshot['reason']) => ({ ...r, accepted: false, reason });
    if (!Number.isSafeInteger(price)) return reject('INVALID_PRICE');
    if (!Number.isSafeInteger(qty) || qty <= 0) return reject('INVALID_QUANTITY');
    if (display < 0 || !Number.isSafeInteger(display)) return reject('INVALID_DISPLAY_QUANTITY');
    if (postOnly && tif !== GTC) return reject('INVALID_TIME_IN_FORCE');
    if (this.orders.some((o) => o.id === id)) return reject('DUPLICATE_ORDER_ID');
    const crosses = this.crosses(side, price);
    if (crosses && postOnly) return reject('POST_ONLY_WOULD_TAKE');
    if (tif === FOK && this.clone().match(id, side, price, qty, owner, stp) > 0) return reject('FOK_NOT_FILLABLE');
    const left = this.match(id, side, price, qty, owner, stp);
    r.fills = this.fills;
    r.filledLots = qty - left;
    if (left > 0) {
      if (this.stopped) {
        r.canceledLots = left;
        r.cancelReason = 'self_trade';
      } else if (tif !== GTC) {
        r.canceledLots = left;
        r.cancelReason = 'ioc_remainder';
      } else {
        this.rest({ id, side, price, remaining: left, display, owner, stp, postOnly });
        r.restingLots = left;
      }
    }
    return r;
  }

  addMarket(id: number, side: Side, qty: number, protection = NaN, owner = 0, stp: StpMode = STP_NONE, fok = false): BookResultSnapshot {
    const r = emptyResult();
    if (!Number.isSafeInteger(qty) || qty <= 0) return { ...r, accepted: false, reason: 'INVALID_QUANTITY' };
    if (this.orders.some((o) => o.id === id)) return { ...r, accepted: false, reason: 'DUPLICATE_ORDER_ID' };
    const limit = Number.isNaN(protection) ? (side === BUY ? Infinity : -Infinity) : protection;
    if (fok && this.clone().match(id, side, limit, qty, owner, stp) > 0) return { ...r, accepted: false, reason: 'FOK_NOT_FILLABLE' };
    const left = this.match(id, side, limit, qty, owner, stp);
    r.fills = this.fills;
    r.filledLots = qty - left;
    if (left > 0) {
      r.canceledLots = left;
      r.cancelReason = this.stopped ? 'self_trade' : this.best(side === BUY ? 1 : 0) ? 'protection_price' : 'no_liquidity';
    }
    return r;
  }

  cancel(id: number): number {
    const o = this.orders.find((x) => x.id === id);
    if (!o) return 0;
    this.remove(o);
    return o.remaining;
  }

  modify(id: number, price: number, qty: number): BookResultSnapshot {
    const r = emptyResult();
    const o = this.orders.find((x) => x.id === id);
    if (!o) return { ...r, accepted: false, reason: 'UNKNOWN_ORDER' };
    if (!Number.isSafeInteger(price)) return { ...r, accepted: false, reason: 'INVALID_PRICE' };
    if (!Number.isSafeInteger(qty) || qty <= 0) return { ...r, accepted: false, reason: 'INVALID_QUANTITY' };
    if (price === o.price) {
      if (qty <= o.remaining) {
        o.visible = Math.min(o.visible, qty);
      } else {
        if (o.display === 0) o.visible = qty;
        o.seq = this.seq++;
      }
      o.remaining = qty;
      r.restingLots = qty;
      return r;
    }
    if (o.postOnly && this.crosses(o.side, price)) return { ...r, accepted: false, reason: 'POST_ONLY_WOULD_TAKE' };
    this.remove(o);
    const left = this.match(id, o.side, price, qty, o.owner, o.stp);
    r.fills = this.fills;
    r.filledLots = qty - left;
    if (left > 0) {
      if (this.stopped) {
        r.canceledLots = left;
        r.cancelReason = 'self_trade';
      } else {
        this.rest({ ...o, price, remaining: left });
        r.restingLots = left;
      }
    }
    return r;
  }

  /** Orders of a side, best price first, queue order within a price (as OrderBook.ordersOf). */
  ordersOf(side: Side): RestingOrder[] {
    return this.orders
      .filter((o) => o.side === side)
      .sort((a, b) => (this.better(side, a, b) ? -1 : 1))
      .map((o) => ({
        id: o.id,
        side: o.side,
        priceTicks: o.price,
        remainingLots: o.remaining,
        visibleLots: o.visible,
        displayLots: o.display,
        owner: o.owner,
        stp: o.stp,
        postOnly: o.postOnly,
      }));
  }
}
