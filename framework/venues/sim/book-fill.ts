import { toSteps } from '../../core/precision.ts';
import type { LiquiditySide, RejectReason } from '../../execution/types.ts';
import {
  BUY,
  FOK,
  GTC,
  IOC,
  L2Replay,
  L3Replay,
  SELL,
  type BookResult,
  type BookTif,
  type FillSink,
  type L2Message,
  type L3Message,
  type Side,
} from './book/index.ts';
import type { SimVenueConfig } from '../../config/sim-venue-schema.ts';
import type { MarketState } from './fill-model.ts';
import { awaitsTrigger, reaches, triggerLevel, trailSee, trigSense } from './order-rules.ts';
import { EXEC_MARKET, type SimOrder, TRIG_TRAILING } from './sim-order.ts';

/**
 * Fill model "book": our orders trade in the order-book matching engine (framework/venues/sim/
 * book) against replayed market data: L2 (price levels + public trades, queue position
 * estimated) or L3 (order by order, price-time priority among the feed's orders). The book
 * decides every fill, its price and size; the venue keeps balances, events, latency, expiry.
 *
 *  - limit orders go into the book with their time in force (GTC/GTD/DAY rest; IOC/FOK as the
 *    book applies them) and post-only; GTD/DAY are expired by the venue.
 *  - market orders sweep the book up to a protection price (market_protection_bps from the best
 *    opposite price); what is left is canceled. A cash buy reserves qty at the protection price.
 *  - stop / if-touched / trailing orders are held by the venue and triggered by public trade
 *    prices (last-price triggers, the exchange default); trailing references move with trades.
 *    Once triggered they enter the book as market or limit orders.
 *  - maker / taker come from the book (resting side = maker); no slippage model and no
 *    participation cap: the book is the price impact.
 *  - modify: same price and smaller quantity keeps the queue place, anything else re-queues
 *    (the book's rules); a post-only modify that would cross is refused.
 */

/** What the driver needs from the venue. */
export interface BookHost {
  /** Book one fill the book made (qty/price already decided) and emit it. */
  bookFill(m: MarketState, o: SimOrder, qty: number, price: number, liquidity: LiquiditySide): void;
  /** Reserve funds for a market order at its protection price; false when they do not fit. */
  reserveAt(m: MarketState, o: SimOrder, price: number): boolean;
  trigger(m: MarketState, o: SimOrder): void;
  refuse(m: MarketState, o: SimOrder, reason: RejectReason, message: string): void;
  cancelOrder(m: MarketState, o: SimOrder, reason: string, t: number): void;
  accept(o: SimOrder, t: number): void;
}

interface Replay {
  addLimit(id: number, side: Side, priceTicks: number, qtyLots: number, tif: BookTif, postOnly: boolean, displayLots: number): BookResult;
  addMarket(id: number, side: Side, qtyLots: number, protectionTicks: number, fok: boolean): BookResult;
  cancel(id: number): number;
  modify(id: number, priceTicks: number, qtyLots: number): BookResult;
  bestBid(): number;
  bestAsk(): number;
  apply(msg: L2Message | L3Message): void;
}

function l2(sink: FillSink): Replay {
  const r = new L2Replay(sink);
  return {
    addLimit: (id, side, p, q, tif, postOnly) => r.addLimit(id, side, p, q, tif, postOnly),
    addMarket: (id, side, q, prot, fok) => r.addMarket(id, side, q, prot, fok),
    cancel: (id) => r.cancel(id),
    modify: (id, p, q) => r.modify(id, p, q),
    bestBid: () => r.bestBid(),
    bestAsk: () => r.bestAsk(),
    apply: (msg) => r.apply(msg as L2Message),
  };
}

function l3(sink: FillSink): Replay {
  const r = new L3Replay(sink);
  const b = r.book;
  return {
    addLimit: (id, side, p, q, tif, postOnly, display) => b.addLimit(id, side, p, q, tif, postOnly, display),
    addMarket: (id, side, q, prot, fok) => b.addMarket(id, side, q, prot, 0, undefined, fok),
    cancel: (id) => b.cancel(id),
    modify: (id, p, q) => b.modify(id, p, q),
    bestBid: () => b.bestBid(),
    bestAsk: () => b.bestAsk(),
    apply: (msg) => r.apply(msg as L3Message),
  };
}

const TAKER_CANCEL_TEXT: Record<string, string> = {
  ioc_remainder: 'IOC: remainder not fillable at once',
  no_liquidity: 'market order: no liquidity left in the book',
  protection_price: 'market order: stopped at its protection price',
  self_trade: 'self-trade prevention',
};

export class BookDriver {
  private readonly host: BookHost;
  private readonly data: 'l2' | 'l3';
  private readonly protectionBps: number;
  private readonly replays = new Map<MarketState, Replay>();
  private readonly byId = new Map<number, SimOrder>();
  private nextId = 1;

  constructor(host: BookHost, cfg: SimVenueConfig['book']) {
    this.host = host;
    this.data = cfg.data;
    this.protectionBps = cfg.market_protection_bps;
  }

  describe(): Record<string, unknown> {
    return {
      name: 'book',
      version: 1,
      data: this.data,
      market_protection_bps: this.protectionBps,
      triggers: 'last trade price',
      slippage_and_cap: 'not applied: the book is the price impact',
    };
  }

  private replay(m: MarketState): Replay {
    let r = this.replays.get(m);
    if (!r) {
      const sink: FillSink = {
        onFill: (makerId, takerId, priceTicks, qtyLots) => {
          const maker = this.byId.get(makerId);
          if (maker) this.fill(m, maker, priceTicks, qtyLots, 'maker');
          const taker = this.byId.get(takerId);
          if (taker) this.fill(m, taker, priceTicks, qtyLots, 'taker');
        },
        onMakerCanceled: (orderId) => {
          const o = this.byId.get(orderId);
          if (o) {
            this.byId.delete(orderId);
            o.bookId = 0;
            this.host.cancelOrder(m, o, 'self-trade prevention', m.now);
          }
        },
      };
      r = this.data === 'l2' ? l2(sink) : l3(sink);
      this.replays.set(m, r);
    }
    return r;
  }

  private fill(m: MarketState, o: SimOrder, priceTicks: number, qtyLots: number, liquidity: LiquiditySide): void {
    const inst = m.inst;
    this.host.bookFill(m, o, qtyLots * inst.lotSize, priceTicks * inst.tickSize, liquidity);
    if (!o.isOpen) {
      this.byId.delete(o.bookId);
      o.bookId = 0;
    }
  }

  /** One market data message for the instrument (time m.now); then trade-price triggers. */
  apply(m: MarketState, msg: L2Message | L3Message): void {
    this.replay(m).apply(msg);
    if (msg.type === 'trade') {
      m.lastPrice = msg.priceTicks * m.tick;
      this.checkTriggers(m);
    }
  }

  /** An accepted (or to-be-decided) order reached the venue: hold it for its trigger, or send it to the book. */
  place(m: MarketState, o: SimOrder): void {
    if (awaitsTrigger(o)) {
      this.triggerIfReached(m, o);
      return;
    }
    this.release(m, o);
  }

  /** Take the order out of the book (cancel, expiry, refusal). */
  remove(m: MarketState, o: SimOrder): void {
    if (o.bookId === 0) return;
    this.replay(m).cancel(o.bookId);
    this.byId.delete(o.bookId);
    o.bookId = 0;
  }

  /**
   * Apply a modify to a booked order (the SimOrder already carries the new values). Returns a
   * refusal to report as modify_rejected, or null. Orders held for a trigger change in place.
   */
  checkModify(m: MarketState, o: SimOrder, newPrice: number): { reason: RejectReason; message: string } | null {
    if (o.bookId === 0 || !o.postOnly) return null;
    const r = this.replay(m);
    const best = o.dir > 0 ? r.bestAsk() : r.bestBid();
    const p = toSteps(newPrice, m.tick);
    if (best === best && (o.dir > 0 ? best <= p : best >= p)) {
      return { reason: 'POST_ONLY_WOULD_TAKE', message: `post-only ${o.side} limit ${newPrice} would take against the best ${best * m.tick}` };
    }
    return null;
  }

  modify(m: MarketState, o: SimOrder): void {
    if (o.bookId === 0) {
      if (awaitsTrigger(o)) this.triggerIfReached(m, o);
      return;
    }
    const id = o.bookId;
    const res = this.replay(m).modify(id, toSteps(o.price, m.tick), toSteps(o.quantity - o.filled, m.inst.lotSize));
    if (!res.accepted) {
      this.byId.delete(id);
      o.bookId = 0;
      this.host.cancelOrder(m, o, `the book refused the modify: ${res.reason}`, m.now);
    } else if (res.canceledLots > 0 && o.isOpen) {
      this.remove(m, o);
      this.host.cancelOrder(m, o, TAKER_CANCEL_TEXT[res.cancelReason ?? ''] ?? 'canceled by the book', m.now);
    }
  }

  private checkTriggers(m: MarketState): void {
    const live = m.live;
    for (let k = 0; k < live.length; k++) {
      const o = live[k]!;
      if (o.isOpen && awaitsTrigger(o)) this.triggerIfReached(m, o);
    }
  }

  private triggerIfReached(m: MarketState, o: SimOrder): void {
    const px = m.lastPrice;
    if (px !== px) return;
    m.px = px;
    if (o.trig === TRIG_TRAILING) {
      trailSee(o, m);
      if (!o.active) return;
    }
    const level = triggerLevel(o, m.tick);
    if (level !== level || !reaches(trigSense(o), px, level, m.eps)) return;
    this.host.trigger(m, o);
    if (o.isOpen) this.release(m, o);
  }

  private release(m: MarketState, o: SimOrder): void {
    const r = this.replay(m);
    const inst = m.inst;
    const side = o.dir > 0 ? BUY : SELL;
    const lots = toSteps(o.quantity - o.filled, inst.lotSize);
    const id = this.nextId++;
    o.bookId = id;
    this.byId.set(id, o);
    let res: BookResult;
    if (o.exec === EXEC_MARKET) {
      const best = o.dir > 0 ? r.bestAsk() : r.bestBid();
      let protection = NaN;
      if (best === best) {
        const f = (o.dir * this.protectionBps) / 1e4;
        protection = o.dir > 0 ? Math.ceil(best * (1 + f)) : Math.floor(best * (1 + f));
        if (!this.host.reserveAt(m, o, protection * m.tick)) {
          this.byId.delete(id);
          o.bookId = 0;
          this.host.refuse(m, o, 'INSUFFICIENT_BALANCE', `market ${o.side} ${o.quantity} up to ${protection * m.tick} does not fit the free balance`);
          return;
        }
      }
      res = r.addMarket(id, side, lots, protection, o.tif === 'FOK');
    } else {
      const tif: BookTif = o.tif === 'IOC' ? IOC : o.tif === 'FOK' ? FOK : GTC;
      const display = o.request.displayQuantity === undefined ? 0 : toSteps(o.request.displayQuantity, inst.lotSize);
      res = r.addLimit(id, side, toSteps(o.price, m.tick), lots, tif, o.postOnly && tif === GTC, display);
    }
    const accepted = res.accepted;
    const reason = res.reason;
    const canceled = res.canceledLots;
    const cancelReason = res.cancelReason;
    o.fresh = false;
    if (!accepted) {
      this.byId.delete(id);
      o.bookId = 0;
      this.host.refuse(m, o, reason ?? 'VENUE_ERROR', `the book refused the order: ${reason}`);
      return;
    }
    if (canceled > 0 && o.isOpen) {
      this.byId.delete(id);
      o.bookId = 0;
      this.host.cancelOrder(m, o, TAKER_CANCEL_TEXT[cancelReason ?? ''] ?? 'canceled by the book', m.now);
      return;
    }
    if (o.isOpen && !o.decided) this.host.accept(o, m.now);
  }
}
