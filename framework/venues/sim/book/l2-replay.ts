/**
 * L2Replay: price-level market data (snapshots, level deltas, public trades) with our orders
 * simulated on top of it. External liquidity is only a size per price, so each of our resting
 * orders carries `ahead`: an estimate of the external lots queued in front of it.
 *
 *   const l2 = new L2Replay(sink);
 *   l2.apply(msg);                                 // L2Message (replay.ts), in feed order
 *   l2.addLimit(id, side, priceTicks, qtyLots, tif = GTC, postOnly = false): BookResult
 *   l2.addMarket(id, side, qtyLots, protectionTicks = NaN, fok = false): BookResult
 *   l2.cancel(id): number   l2.modify(id, priceTicks, qtyLots): BookResult
 *   l2.queueAhead(id)       l2.bestBid() / bestAsk() / externalLotsAt(side, priceTicks)
 *
 * Fills go to the sink with id 0 for the external side (takerRemaining is NaN when the taker
 * is external: its size is unknown). Our ids must not be 0.
 *
 * Queue model (documented assumptions):
 * - Joining: a resting order gets ahead = the external size at its price when it joins (0 when
 *   it improves the price). Later external additions queue behind it.
 * - Trades: a public trade of t lots at price p against our side consumes the queue front to
 *   back. Our orders at prices the aggressor went THROUGH (better than p for it) fill first,
 *   up to t in total. At p, each order in joining order fills max(0, left - ahead) (capped at
 *   its size) and its ahead drops by `left`; `left` shrinks by what our orders took, so one
 *   trade's volume is never used twice. (We assume our presence does not change the external
 *   order flow.)
 * - Cancellations: when a delta lowers a level where we rest, the decrease not explained by
 *   the trades at that level since its last update is a cancellation, assumed spread evenly over
 *   the queue: ahead -= cancelled * ahead / (size before - traded). This is the linear
 *   "proportional" queue model, rounded up to whole lots; real cancels cluster at the back
 *   (newest orders), so it is mildly pessimistic for us.
 * - ahead never exceeds the level's current external size.
 * - Crossing quotes: when external liquidity appears at or through our resting price, it is an
 *   incoming order that would have traded with ours: we fill at OUR price up to that size, and
 *   the size we took is removed from our copy of that level until its next update (which is
 *   then taken at face value).
 * - Trades are assumed to arrive before the depth update that reflects them (a merged,
 *   sequenced feed). With separate, unordered streams the update may be counted as a cancel
 *   first, which makes fills optimistic.
 * - Our taker orders consume our copy of the external levels (until their next update) and
 *   never match our own resting orders.
 */
import { PriceLadder } from './price-ladder.ts';
import { BookResult, BUY, FOK, GTC, SELL, type BookTif, type FillSink, type Side } from './types.ts';
import type { L2Message } from './replay.ts';

interface OurOrder {
  id: number;
  side: Side;
  priceTicks: number;
  remainingLots: number;
  /** Estimated external lots in front of us at our price. */
  ahead: number;
  /** Joining order, for priority among our own orders at one price. */
  seq: number;
}

/** One side of the external book: sizes by price plus a sorted ladder for the touch. */
class ExternalSide {
  readonly ladder: PriceLadder;
  readonly sizes = new Map<number, number>();
  constructor(sign: 1 | -1) {
    this.ladder = new PriceLadder(sign);
  }
  get(price: number): number {
    return this.sizes.get(price) ?? 0;
  }
  set(price: number, size: number): void {
    const had = this.sizes.has(price);
    if (size > 0) {
      this.sizes.set(price, size);
      if (!had) this.ladder.insertAt(-this.ladder.find(price) - 1, price, 0);
    } else if (had) {
      this.sizes.delete(price);
      this.ladder.removeAt(this.ladder.find(price));
    }
  }
  best(): number {
    return this.ladder.priceAt(0);
  }
  clear(): void {
    this.sizes.clear();
    this.ladder.clear();
  }
}

export class L2Replay {
  /** rejected: messages with a non-integer price/size or a negative size (skipped). */
  readonly stats = { messages: 0, ourFills: 0, rejected: 0 };
  private readonly sink: FillSink;
  private readonly result = new BookResult();
  private readonly ext: [ExternalSide, ExternalSide] = [new ExternalSide(1), new ExternalSide(-1)];
  /** Per side: traded lots per price since the level's last update (only where we rest). */
  private readonly traded: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  private readonly mine = new Map<number, OurOrder>();
  private seq = 0;

  constructor(sink: FillSink) {
    this.sink = sink;
  }

  // ---------------------------------------------------------------- market data

  apply(msg: L2Message): void {
    this.stats.messages++;
    switch (msg.type) {
      case 'snapshot': {
        if (!msg.bids.every(validLevel) || !msg.asks.every(validLevel)) {
          this.stats.rejected++;
          return;
        }
        const before: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
        for (const o of this.mine.values()) before[o.side].set(o.priceTicks, this.ext[o.side].get(o.priceTicks));
        this.ext[BUY].clear();
        this.ext[SELL].clear();
        for (const [p, q] of msg.bids) this.ext[BUY].set(p, q);
        for (const [p, q] of msg.asks) this.ext[SELL].set(p, q);
        for (const side of [BUY, SELL] as const) {
          for (const [p, old] of before[side]) this.levelChanged(side, p, old, this.ext[side].get(p));
        }
        this.sweepCrossed();
        return;
      }
      case 'delta': {
        if (!validLevel([msg.priceTicks, msg.sizeLots])) {
          this.stats.rejected++;
          return;
        }
        const side = this.ext[msg.side];
        const old = side.get(msg.priceTicks);
        side.set(msg.priceTicks, msg.sizeLots);
        this.levelChanged(msg.side, msg.priceTicks, old, msg.sizeLots);
        if (msg.sizeLots > old) this.sweepCrossed();
        return;
      }
      case 'trade':
        if (!validLevel([msg.priceTicks, msg.qtyLots])) {
          this.stats.rejected++;
          return;
        }
        this.onTrade(msg.aggressorSide, msg.priceTicks, msg.qtyLots);
        return;
    }
  }

  private levelChanged(side: Side, price: number, old: number, now: number): void {
    const traded = this.traded[side].get(price) ?? 0;
    this.traded[side].delete(price);
    let cancelled = 0;
    let base = 0;
    if (now < old) {
      const explained = Math.min(old - now, traded);
      cancelled = old - now - explained;
      base = old - explained;
    }
    for (const o of this.mine.values()) {
      if (o.side !== side || o.priceTicks !== price) continue;
      // Rounded up to whole lots so fills stay integer (and the estimate errs against us).
      if (cancelled > 0 && base > 0) o.ahead = Math.ceil(o.ahead - (cancelled * o.ahead) / base);
      if (o.ahead > now) o.ahead = now;
      if (o.ahead < 0) o.ahead = 0;
    }
  }

  private onTrade(aggressor: Side, price: number, qty: number): void {
    const makerSide: Side = aggressor === BUY ? SELL : BUY;
    // Our orders the aggressor reached: at its price or better for it.
    const reached = this.ours(makerSide).filter((o) => (makerSide === BUY ? o.priceTicks >= price : o.priceTicks <= price));
    const restingAtPrice = reached.some((o) => o.priceTicks === price);
    let left = qty;
    for (const o of reached) {
      if (o.priceTicks !== price) {
        // The aggressor went through our price: everything queued there traded, us included.
        if (left <= 0) break;
        const fill = Math.min(o.remainingLots, left);
        this.fillOurs(o, fill);
        left -= fill;
        continue;
      }
      if (left <= 0) break;
      const fill = Math.min(o.remainingLots, Math.max(0, left - o.ahead));
      o.ahead = Math.max(0, o.ahead - left);
      if (fill > 0) {
        this.fillOurs(o, fill);
        left -= fill;
      }
    }
    if (restingAtPrice) this.traded[makerSide].set(price, (this.traded[makerSide].get(price) ?? 0) + qty);
  }

  /**
   * External liquidity at or through our resting prices trades with us at our price (we were
   * there first). Walks our orders best first against the opposite external levels.
   */
  private sweepCrossed(): void {
    for (const side of [BUY, SELL] as const) {
      const opp = this.ext[side === BUY ? SELL : BUY];
      const sgn = side === BUY ? 1 : -1;
      for (const o of this.ours(side)) {
        while (o.remainingLots > 0 && opp.ladder.size > 0) {
          const p = opp.best();
          if (sgn * p > sgn * o.priceTicks) break;
          const avail = opp.get(p);
          const q = Math.min(avail, o.remainingLots);
          opp.set(p, avail - q);
          this.fillOurs(o, q);
        }
      }
    }
  }

  private fillOurs(o: OurOrder, q: number): void {
    o.remainingLots -= q;
    if (o.remainingLots === 0) this.mine.delete(o.id);
    this.stats.ourFills++;
    this.sink.onFill(o.id, 0, o.priceTicks, q, o.remainingLots, NaN);
  }

  /** Our resting orders of one side, best price first, then joining order. */
  private ours(side: Side): OurOrder[] {
    const out: OurOrder[] = [];
    for (const o of this.mine.values()) if (o.side === side) out.push(o);
    const sgn = side === BUY ? -1 : 1;
    return out.sort((a, b) => (a.priceTicks !== b.priceTicks ? sgn * (a.priceTicks - b.priceTicks) : a.seq - b.seq));
  }

  // ---------------------------------------------------------------- our orders

  addLimit(id: number, side: Side, priceTicks: number, qtyLots: number, tif: BookTif = GTC, postOnly = false): BookResult {
    const r = this.result.reset();
    if (!Number.isSafeInteger(priceTicks)) return r.reject('INVALID_PRICE');
    if (!Number.isSafeInteger(qtyLots) || qtyLots <= 0) return r.reject('INVALID_QUANTITY');
    if (postOnly && tif !== GTC) return r.reject('INVALID_TIME_IN_FORCE');
    if (id === 0 || this.mine.has(id)) return r.reject('DUPLICATE_ORDER_ID');
    const opp = this.ext[side === BUY ? SELL : BUY];
    const best = opp.best();
    const crosses = best === best && (side === BUY ? best <= priceTicks : best >= priceTicks);
    if (crosses && postOnly) return r.reject('POST_ONLY_WOULD_TAKE');
    if (tif === FOK && this.available(side, priceTicks) < qtyLots) return r.reject('FOK_NOT_FILLABLE');
    const left = crosses ? this.take(id, side, priceTicks, qtyLots) : qtyLots;
    r.filledLots = qtyLots - left;
    if (left > 0) {
      if (tif !== GTC) {
        r.canceledLots = left;
        r.cancelReason = 'ioc_remainder';
      } else {
        this.mine.set(id, { id, side, priceTicks, remainingLots: left, ahead: this.ext[side].get(priceTicks), seq: this.seq++ });
        r.restingLots = left;
      }
    }
    return r;
  }

  addMarket(id: number, side: Side, qtyLots: number, protectionTicks = NaN, fok = false): BookResult {
    const r = this.result.reset();
    if (!Number.isSafeInteger(qtyLots) || qtyLots <= 0) return r.reject('INVALID_QUANTITY');
    const limit = protectionTicks === protectionTicks ? protectionTicks : side === BUY ? Infinity : -Infinity;
    if (id === 0 || this.mine.has(id)) return r.reject('DUPLICATE_ORDER_ID');
    if (fok && this.available(side, limit) < qtyLots) return r.reject('FOK_NOT_FILLABLE');
    const left = this.take(id, side, limit, qtyLots);
    r.filledLots = qtyLots - left;
    if (left > 0) {
      r.canceledLots = left;
      r.cancelReason = this.ext[side === BUY ? SELL : BUY].ladder.size > 0 ? 'protection_price' : 'no_liquidity';
    }
    return r;
  }

  cancel(id: number): number {
    const o = this.mine.get(id);
    if (!o) return 0;
    this.mine.delete(id);
    return o.remainingLots;
  }

  /** Smaller quantity at the same price keeps the queue estimate; anything else re-joins. */
  modify(id: number, priceTicks: number, qtyLots: number): BookResult {
    const o = this.mine.get(id);
    if (!o) return this.result.reset().reject('UNKNOWN_ORDER');
    if (!Number.isSafeInteger(qtyLots) || qtyLots <= 0) return this.result.reset().reject('INVALID_QUANTITY');
    if (priceTicks === o.priceTicks && qtyLots <= o.remainingLots) {
      o.remainingLots = qtyLots;
      const r = this.result.reset();
      r.restingLots = qtyLots;
      return r;
    }
    this.mine.delete(id);
    const r = this.addLimit(id, o.side, priceTicks, qtyLots);
    if (!r.accepted) this.mine.set(id, o); // a refused modify leaves the order as it was
    return r;
  }

  queueAhead(id: number): number {
    return this.mine.get(id)?.ahead ?? NaN;
  }

  remainingLots(id: number): number {
    return this.mine.get(id)?.remainingLots ?? 0;
  }

  bestBid(): number {
    return this.ext[BUY].best();
  }

  bestAsk(): number {
    return this.ext[SELL].best();
  }

  externalLotsAt(side: Side, priceTicks: number): number {
    return this.ext[side].get(priceTicks);
  }

  /** External lots an order of `side` could take up to `limit`. */
  private available(side: Side, limit: number): number {
    const opp = this.ext[side === BUY ? SELL : BUY];
    const sgn = side === BUY ? 1 : -1;
    let sum = 0;
    for (let i = 0; i < opp.ladder.size; i++) {
      const p = opp.ladder.priceAt(i);
      if (sgn * p > sgn * limit) break;
      sum += opp.get(p);
    }
    return sum;
  }

  /** Our order takes external liquidity up to limit; returns what is left. */
  private take(id: number, side: Side, limit: number, qty: number): number {
    const opp = this.ext[side === BUY ? SELL : BUY];
    const sgn = side === BUY ? 1 : -1;
    let left = qty;
    while (left > 0 && opp.ladder.size > 0) {
      const p = opp.best();
      if (sgn * p > sgn * limit) break;
      const avail = opp.get(p);
      const q = Math.min(avail, left);
      opp.set(p, avail - q);
      left -= q;
      this.result.fills++;
      this.stats.ourFills++;
      this.sink.onFill(0, id, p, q, avail - q, left);
    }
    return left;
  }
}

function validLevel(level: readonly [number, number]): boolean {
  return Number.isSafeInteger(level[0]) && Number.isSafeInteger(level[1]) && level[1] >= 0;
}
