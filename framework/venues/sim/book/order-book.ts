/**
 * OrderBook: a limit order book for ONE instrument with price-time priority, built for speed.
 *
 * Units: prices are integer ticks and quantities integer lots (convert with units.ts, i.e.
 * precision.ts toSteps). Order ids are numbers chosen by the caller, unique among the orders
 * resting in this book (the book frees an id when the order leaves).
 *
 * API (numeric constants from types.ts: BUY/SELL, GTC/IOC/FOK, STP_*):
 *   const book = new OrderBook(sink?)                      sink: FillSink (onFill, onMakerCanceled)
 *   book.addLimit(id, side, priceTicks, qtyLots, tif = GTC, postOnly = false,
 *                 displayLots = 0, owner = 0, stp = STP_NONE): BookResult
 *   book.addMarket(id, side, qtyLots, protectionTicks = NaN, owner = 0, stp = STP_NONE,
 *                  fok = false): BookResult
 *   book.cancel(id): number                                 open lots canceled; 0 = unknown id
 *   book.modify(id, newPriceTicks, newQtyLots): BookResult  newQtyLots = new OPEN quantity
 *   book.bestBid() / bestAsk(): number                      ticks, NaN when that side is empty
 *   book.bestBidLots() / bestAskLots(): number              visible lots at the touch
 *   book.depth(side, levels, outPrices, outLots): number    top levels into caller arrays (no alloc)
 *   book.snapshot(levels): { bids: DepthLevel[], asks: DepthLevel[] }     (allocates)
 *   book.order(id): RestingOrder | undefined, book.has(id), book.queueAhead(id)
 *   book.levelOrderIds(side, priceTicks): number[], book.ordersOf(side): RestingOrder[]
 *   book.visibleLotsAt(side, priceTicks), book.orderCount, book.levelCount(side), book.clear()
 *
 * owner: an int32 account/strategy number for self-trade prevention, 0 = anonymous (never
 * self-trades). BookResult: accepted, reason (BookRejectReason), filledLots, restingLots,
 * canceledLots (+ cancelReason: ioc_remainder | no_liquidity | protection_price | self_trade),
 * fills. GTD/DAY are GTC to the book: the venue cancels them when they expire.
 *
 * Every add/modify returns the book's one reusable BookResult (read it at once). Fills go to
 * the sink as they happen, at the MAKER's price. Semantics, as exchanges do it:
 * - Matching walks the opposite side best price first, and each level in arrival order.
 * - IOC: the part not filled at once is canceled. FOK: the book is checked first and the order
 *   is rejected (book untouched) unless it can fill completely, self-trade prevention included.
 * - Post-only: rejected when it would take liquidity (no re-pricing). Not combinable with IOC/FOK.
 * - Iceberg (displayLots > 0 and < qty): only the slice is visible (depth, queue); hidden lots
 *   still trade against takers. When a slice is used up, the next slice is shown at the BACK of
 *   its level (the refreshed slice loses time priority). An incoming iceberg takes with its
 *   full quantity.
 * - Market orders are IOC (or FOK), sweep levels up to the optional protection price, never
 *   rest; an empty book gives an accepted order with everything canceled ('no_liquidity').
 * - Modify: a price change or a quantity increase sends the order to the back (a price change
 *   is a cancel/replace and may trade at once; post-only orders that would trade are rejected
 *   and left unchanged); a quantity decrease keeps the place in the queue.
 * - Self-trade prevention: see STP_* in types.ts; the incoming order's mode applies when its
 *   owner (non-zero) equals the resting order's owner.
 *
 * Layout: orders live in struct-of-arrays pools (typed arrays that double when full) linked
 * into per-level FIFO lists by slot index; levels are pooled the same way and indexed by two
 * PriceLadders (sorted, best at the end). An IdIndex (typed-array hash table) finds orders
 * for cancel/modify. No object is allocated per order or per fill on the hot path.
 */
import { IdIndex } from './id-index.ts';
import { PriceLadder } from './price-ladder.ts';
import {
  BookResult,
  BUY,
  FOK,
  GTC,
  NULL_SINK,
  SELL,
  STP_CANCEL_BOTH,
  STP_CANCEL_NEWEST,
  STP_CANCEL_OLDEST,
  STP_NONE,
  type BookTif,
  type DepthLevel,
  type FillSink,
  type RestingOrder,
  type Side,
  type StpMode,
} from './types.ts';

const NIL = -1;
// oFlags bits
const F_SELL = 1;
const F_POST_ONLY = 2;
const STP_SHIFT = 2; // bits 2-3 hold the StpMode

export class OrderBook {
  private sink: FillSink;
  private readonly result = new BookResult();

  // ---- order pool (slot-indexed) ----
  private oCap: number;
  private oId: Float64Array;
  private oPrice: Float64Array;
  /** Open lots, visible + hidden. */
  private oRemaining: Float64Array;
  /** Lots shown (current iceberg slice, or everything). */
  private oVisible: Float64Array;
  /** Iceberg slice size; 0 = fully visible. */
  private oDisplay: Float64Array;
  private oOwner: Int32Array;
  private oFlags: Uint8Array;
  private oPrev: Int32Array;
  /** Next in level FIFO; for free slots, next free slot. */
  private oNext: Int32Array;
  private oLevel: Int32Array;
  private oFree = NIL;
  private oUsed = 0;

  // ---- level pool ----
  private lCap: number;
  private lPrice: Float64Array;
  private lHead: Int32Array;
  private lTail: Int32Array;
  private lVisible: Float64Array;
  /** Visible + hidden lots (what a taker can actually get). */
  private lTotal: Float64Array;
  private lCount: Int32Array;
  private lFree = NIL;
  private lUsed = 0;

  private readonly bids = new PriceLadder(1);
  private readonly asks = new PriceLadder(-1);
  private readonly ids: IdIndex;

  /** Set by match(): the incoming order was stopped by self-trade prevention. */
  private stpStopped = false;
  /** Fills produced by the last match(). */
  private fillCount = 0;

  constructor(sink: FillSink = NULL_SINK, capacity = 1024) {
    this.sink = sink;
    this.oCap = capacity;
    this.ids = new IdIndex(capacity);
    this.oId = new Float64Array(capacity);
    this.oPrice = new Float64Array(capacity);
    this.oRemaining = new Float64Array(capacity);
    this.oVisible = new Float64Array(capacity);
    this.oDisplay = new Float64Array(capacity);
    this.oOwner = new Int32Array(capacity);
    this.oFlags = new Uint8Array(capacity);
    this.oPrev = new Int32Array(capacity);
    this.oNext = new Int32Array(capacity);
    this.oLevel = new Int32Array(capacity);
    const lcap = 256;
    this.lCap = lcap;
    this.lPrice = new Float64Array(lcap);
    this.lHead = new Int32Array(lcap);
    this.lTail = new Int32Array(lcap);
    this.lVisible = new Float64Array(lcap);
    this.lTotal = new Float64Array(lcap);
    this.lCount = new Int32Array(lcap);
  }

  setSink(sink: FillSink): void {
    this.sink = sink;
  }

  /** Number of resting orders. */
  get orderCount(): number {
    return this.ids.size;
  }

  levelCount(side: Side): number {
    return side === BUY ? this.bids.size : this.asks.size;
  }

  // =====================================================================================
  // Commands
  // =====================================================================================

  addLimit(
    id: number,
    side: Side,
    priceTicks: number,
    qtyLots: number,
    tif: BookTif = GTC,
    postOnly = false,
    displayLots = 0,
    owner = 0,
    stp: StpMode = STP_NONE,
  ): BookResult {
    const r = this.result.reset();
    owner |= 0; // stored as int32: compare what is stored
    if (!Number.isSafeInteger(priceTicks)) return r.reject('INVALID_PRICE');
    if (!Number.isSafeInteger(qtyLots) || qtyLots <= 0) return r.reject('INVALID_QUANTITY');
    if (displayLots !== 0) {
      if (!Number.isSafeInteger(displayLots) || displayLots < 0) return r.reject('INVALID_DISPLAY_QUANTITY');
      if (displayLots >= qtyLots) displayLots = 0; // a slice as large as the order is no iceberg
    }
    if (postOnly && tif !== GTC) return r.reject('INVALID_TIME_IN_FORCE');
    if (this.ids.has(id)) return r.reject('DUPLICATE_ORDER_ID');

    const crosses = this.crosses(side, priceTicks);
    if (crosses && postOnly) return r.reject('POST_ONLY_WOULD_TAKE');
    if (tif === FOK && !this.fillable(side, priceTicks, qtyLots, owner, stp)) return r.reject('FOK_NOT_FILLABLE');

    this.stpStopped = false;
    let remaining = qtyLots;
    if (crosses) {
      remaining = this.match(id, side, priceTicks, qtyLots, owner, stp);
      r.fills = this.fillCount;
    }
    r.filledLots = qtyLots - remaining;
    if (remaining > 0) {
      if (this.stpStopped) {
        r.canceledLots = remaining;
        r.cancelReason = 'self_trade';
      } else if (tif !== GTC) {
        r.canceledLots = remaining;
        r.cancelReason = 'ioc_remainder';
      } else {
        this.rest(id, side, priceTicks, remaining, displayLots, owner, postOnly ? F_POST_ONLY : 0, stp);
        r.restingLots = remaining;
      }
    }
    return r;
  }

  /**
   * Market order: sweeps the opposite side up to protectionTicks (NaN = no limit); what is
   * left is canceled (IOC). With fok=true it is rejected unless it can fill completely.
   */
  addMarket(
    id: number,
    side: Side,
    qtyLots: number,
    protectionTicks = NaN,
    owner = 0,
    stp: StpMode = STP_NONE,
    fok = false,
  ): BookResult {
    const r = this.result.reset();
    owner |= 0;
    if (!Number.isSafeInteger(qtyLots) || qtyLots <= 0) return r.reject('INVALID_QUANTITY');
    const hasProtection = protectionTicks === protectionTicks; // not NaN
    if (hasProtection && !Number.isSafeInteger(protectionTicks)) return r.reject('INVALID_PRICE');
    if (this.ids.has(id)) return r.reject('DUPLICATE_ORDER_ID');
    const limit = hasProtection ? protectionTicks : side === BUY ? Infinity : -Infinity;
    if (fok && !this.fillable(side, limit, qtyLots, owner, stp)) return r.reject('FOK_NOT_FILLABLE');

    const remaining = this.match(id, side, limit, qtyLots, owner, stp);
    r.fills = this.fillCount;
    r.filledLots = qtyLots - remaining;
    if (remaining > 0) {
      r.canceledLots = remaining;
      const oppositeLeft = side === BUY ? this.asks.size : this.bids.size;
      r.cancelReason = this.stpStopped ? 'self_trade' : oppositeLeft > 0 ? 'protection_price' : 'no_liquidity';
    }
    return r;
  }

  /** Removes a resting order; returns its open lots, or 0 when the id is not resting here. */
  cancel(id: number): number {
    const slot = this.ids.get(id);
    if (slot < 0) return 0;
    const left = this.oRemaining[slot]!;
    this.removeResting(slot);
    return left;
  }

  /**
   * Changes a resting order's price and/or open quantity (newQtyLots is the new OPEN quantity,
   * not the original). Same price and a smaller quantity keeps the queue place; a larger
   * quantity goes to the back; a new price is a cancel/replace that may trade at once.
   */
  modify(id: number, newPriceTicks: number, newQtyLots: number): BookResult {
    const r = this.result.reset();
    const slot = this.ids.get(id);
    if (slot < 0) return r.reject('UNKNOWN_ORDER');
    if (!Number.isSafeInteger(newPriceTicks)) return r.reject('INVALID_PRICE');
    if (!Number.isSafeInteger(newQtyLots) || newQtyLots <= 0) return r.reject('INVALID_QUANTITY');

    const flags = this.oFlags[slot]!;
    const side: Side = flags & F_SELL ? SELL : BUY;
    const price = this.oPrice[slot]!;
    const remaining = this.oRemaining[slot]!;
    const lvl = this.oLevel[slot]!;

    if (newPriceTicks === price) {
      if (newQtyLots <= remaining) {
        // Decrease (or no change): keep the place in the queue.
        const vis = this.oVisible[slot]!;
        const newVis = vis < newQtyLots ? vis : newQtyLots;
        this.lVisible[lvl] = this.lVisible[lvl]! - vis + newVis;
        this.lTotal[lvl] = this.lTotal[lvl]! - remaining + newQtyLots;
        this.oVisible[slot] = newVis;
        this.oRemaining[slot] = newQtyLots;
      } else {
        // Increase: loses priority. An iceberg keeps its current slice; the extra is hidden.
        const vis = this.oVisible[slot]!;
        const newVis = this.oDisplay[slot]! > 0 ? vis : newQtyLots;
        this.lVisible[lvl] = this.lVisible[lvl]! - vis + newVis;
        this.lTotal[lvl] = this.lTotal[lvl]! - remaining + newQtyLots;
        this.oVisible[slot] = newVis;
        this.oRemaining[slot] = newQtyLots;
        this.moveToTail(slot, lvl);
      }
      r.restingLots = newQtyLots;
      return r;
    }

    // Price change: cancel/replace with the same id, flags, owner and iceberg slice.
    const postOnly = (flags & F_POST_ONLY) !== 0;
    const crosses = this.crosses(side, newPriceTicks);
    if (crosses && postOnly) return r.reject('POST_ONLY_WOULD_TAKE');
    const display = this.oDisplay[slot]!;
    const owner = this.oOwner[slot]!;
    const stp = ((flags >> STP_SHIFT) & 3) as StpMode;
    this.removeResting(slot);
    this.stpStopped = false;
    let left = newQtyLots;
    if (crosses) {
      left = this.match(id, side, newPriceTicks, newQtyLots, owner, stp);
      r.fills = this.fillCount;
    }
    r.filledLots = newQtyLots - left;
    if (left > 0) {
      if (this.stpStopped) {
        r.canceledLots = left;
        r.cancelReason = 'self_trade';
      } else {
        this.rest(id, side, newPriceTicks, left, display < left ? display : 0, owner, flags & F_POST_ONLY, stp);
        r.restingLots = left;
      }
    }
    return r;
  }

  /** Removes every order (the pools keep their capacity). */
  clear(): void {
    this.ids.clear();
    this.bids.clear();
    this.asks.clear();
    this.oFree = NIL;
    this.oUsed = 0;
    this.lFree = NIL;
    this.lUsed = 0;
  }

  // =====================================================================================
  // Queries
  // =====================================================================================

  bestBid(): number {
    return this.bids.priceAt(0);
  }

  bestAsk(): number {
    return this.asks.priceAt(0);
  }

  bestBidLots(): number {
    return this.bids.size > 0 ? this.lVisible[this.bids.valueAt(0)]! : 0;
  }

  bestAskLots(): number {
    return this.asks.size > 0 ? this.lVisible[this.asks.valueAt(0)]! : 0;
  }

  /** Visible lots resting at a price on one side (0 when no level). */
  visibleLotsAt(side: Side, priceTicks: number): number {
    const ladder = side === BUY ? this.bids : this.asks;
    const pos = ladder.find(priceTicks);
    return pos >= 0 ? this.lVisible[ladder.values[pos]!]! : 0;
  }

  /**
   * Top `levels` levels of one side, best first, into caller-owned arrays (visible lots, as an
   * exchange publishes them). Returns the number of levels written.
   */
  depth(side: Side, levels: number, outPrices: Float64Array, outLots: Float64Array): number {
    const ladder = side === BUY ? this.bids : this.asks;
    const n = Math.min(levels, ladder.size, outPrices.length, outLots.length);
    for (let i = 0; i < n; i++) {
      const lvl = ladder.valueAt(i);
      outPrices[i] = this.lPrice[lvl]!;
      outLots[i] = this.lVisible[lvl]!;
    }
    return n;
  }

  /** Aggregated top-N snapshot of both sides (allocates; for reports and tests). */
  snapshot(levels = Infinity): { bids: DepthLevel[]; asks: DepthLevel[] } {
    const side = (ladder: PriceLadder): DepthLevel[] => {
      const out: DepthLevel[] = [];
      const n = Math.min(levels, ladder.size);
      for (let i = 0; i < n; i++) {
        const lvl = ladder.valueAt(i);
        out.push({ priceTicks: this.lPrice[lvl]!, visibleLots: this.lVisible[lvl]!, orders: this.lCount[lvl]! });
      }
      return out;
    };
    return { bids: side(this.bids), asks: side(this.asks) };
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  order(id: number): RestingOrder | undefined {
    const slot = this.ids.get(id);
    if (slot < 0) return undefined;
    const flags = this.oFlags[slot]!;
    return {
      id,
      side: flags & F_SELL ? SELL : BUY,
      priceTicks: this.oPrice[slot]!,
      remainingLots: this.oRemaining[slot]!,
      visibleLots: this.oVisible[slot]!,
      displayLots: this.oDisplay[slot]!,
      owner: this.oOwner[slot]!,
      stp: ((flags >> STP_SHIFT) & 3) as StpMode,
      postOnly: (flags & F_POST_ONLY) !== 0,
    };
  }

  /** Visible lots queued ahead of a resting order at its price (NaN for an unknown id). */
  queueAhead(id: number): number {
    const slot = this.ids.get(id);
    if (slot < 0) return NaN;
    let ahead = 0;
    for (let o = this.oPrev[slot]!; o !== NIL; o = this.oPrev[o]!) ahead += this.oVisible[o]!;
    return ahead;
  }

  /** Ids resting at one price, front of the queue first (allocates; for tests and debugging). */
  levelOrderIds(side: Side, priceTicks: number): number[] {
    const ladder = side === BUY ? this.bids : this.asks;
    const pos = ladder.find(priceTicks);
    const out: number[] = [];
    if (pos < 0) return out;
    for (let o = this.lHead[ladder.values[pos]!]!; o !== NIL; o = this.oNext[o]!) out.push(this.oId[o]!);
    return out;
  }

  /** Every resting order of a side, best price first and in queue order (allocates). */
  ordersOf(side: Side): RestingOrder[] {
    const ladder = side === BUY ? this.bids : this.asks;
    const out: RestingOrder[] = [];
    for (let i = 0; i < ladder.size; i++) {
      for (let o = this.lHead[ladder.valueAt(i)]!; o !== NIL; o = this.oNext[o]!) out.push(this.order(this.oId[o]!)!);
    }
    return out;
  }

  // =====================================================================================
  // Matching
  // =====================================================================================

  /** Whether an order at priceTicks would meet the opposite touch. */
  private crosses(side: Side, priceTicks: number): boolean {
    if (side === BUY) return this.asks.size > 0 && this.asks.priceAt(0) <= priceTicks;
    return this.bids.size > 0 && this.bids.priceAt(0) >= priceTicks;
  }

  /**
   * Whether qty can fill completely at prices up to limit (FOK), walking exactly the way
   * match() will: with self-trade prevention that cancels the incoming order, only the
   * visible lots in front of the first own order of that level count (an iceberg's refreshed
   * slice goes behind it); resting own orders under cancel-oldest are skipped.
   */
  private fillable(side: Side, limit: number, qty: number, owner: number, stp: StpMode): boolean {
    const opp = side === BUY ? this.asks : this.bids;
    const sgn = side === BUY ? 1 : -1;
    const stpActive = owner !== 0 && stp !== STP_NONE;
    let sum = 0;
    for (let i = opp.size - 1; i >= 0; i--) {
      const lvl = opp.values[i]!;
      if (sgn * this.lPrice[lvl]! > sgn * limit) return false;
      if (!stpActive) {
        sum += this.lTotal[lvl]!;
      } else {
        let levelSum = 0;
        let blocked = false;
        for (let o = this.lHead[lvl]!; o !== NIL; o = this.oNext[o]!) {
          if (this.oOwner[o] === owner) {
            if (stp === STP_CANCEL_OLDEST) continue;
            blocked = true;
            break;
          }
          levelSum += this.oRemaining[o]!;
        }
        if (blocked) {
          let before = 0;
          for (let o = this.lHead[lvl]!; this.oOwner[o] !== owner; o = this.oNext[o]!) before += this.oVisible[o]!;
          return sum + before >= qty;
        }
        sum += levelSum;
      }
      if (sum >= qty) return true;
    }
    return false;
  }

  /**
   * Matches an incoming order against the opposite side up to `limit` (Infinity/-Infinity for
   * none); returns the lots left. Fills are reported at the maker's price.
   */
  private match(takerId: number, side: Side, limit: number, qty: number, owner: number, stp: StpMode): number {
    const opp = side === BUY ? this.asks : this.bids;
    const sgn = side === BUY ? 1 : -1;
    const stpActive = owner !== 0 && stp !== STP_NONE;
    const sink = this.sink;
    const oVisible = this.oVisible;
    const oRemaining = this.oRemaining;
    const oNext = this.oNext;
    const lVisible = this.lVisible;
    const lTotal = this.lTotal;
    let remaining = qty;
    let fills = 0;
    this.stpStopped = false;

    while (remaining > 0 && opp.size > 0) {
      const lvl = opp.values[opp.size - 1]!;
      const price = this.lPrice[lvl]!;
      if (sgn * price > sgn * limit) break;

      let o = this.lHead[lvl]!;
      while (remaining > 0 && o !== NIL) {
        const next = oNext[o]!;
        if (stpActive && this.oOwner[o] === owner) {
          if (stp !== STP_CANCEL_NEWEST) {
            const left = oRemaining[o]!;
            const makerId = this.oId[o]!;
            this.unlink(o, lvl);
            this.freeOrder(o);
            sink.onMakerCanceled?.(makerId, left, 'self_trade');
          }
          if (stp !== STP_CANCEL_OLDEST) {
            this.stpStopped = true;
            break;
          }
          o = next;
          continue;
        }

        const vis = oVisible[o]!;
        const q = vis < remaining ? vis : remaining;
        const makerLeft = oRemaining[o]! - q;
        oVisible[o] = vis - q;
        oRemaining[o] = makerLeft;
        lVisible[lvl] = lVisible[lvl]! - q;
        lTotal[lvl] = lTotal[lvl]! - q;
        remaining -= q;
        fills++;
        const makerId = this.oId[o]!;

        if (vis === q) {
          if (makerLeft > 0) {
            // Iceberg: show the next slice at the back of the level (loses time priority).
            const d = this.oDisplay[o]!;
            const slice = d < makerLeft ? d : makerLeft;
            oVisible[o] = slice;
            lVisible[lvl] = lVisible[lvl]! + slice;
            if (next !== NIL) {
              this.moveToTail(o, lvl);
              sink.onFill(makerId, takerId, price, q, makerLeft, remaining);
              o = next;
            } else {
              sink.onFill(makerId, takerId, price, q, makerLeft, remaining);
            }
            continue;
          }
          this.unlink(o, lvl);
          this.freeOrder(o);
        }
        sink.onFill(makerId, takerId, price, q, makerLeft, remaining);
        o = next;
      }

      if (this.lCount[lvl] === 0) {
        opp.size--; // the best level is the last entry of the ladder
        this.freeLevel(lvl);
      }
      if (this.stpStopped) break;
    }
    this.fillCount = fills;
    return remaining;
  }

  // =====================================================================================
  // Pools and lists
  // =====================================================================================

  /** Adds a resting order at the back of its level (creating the level if needed). */
  private rest(
    id: number,
    side: Side,
    price: number,
    qty: number,
    display: number,
    owner: number,
    postOnlyFlag: number,
    stp: StpMode,
  ): void {
    const ladder = side === BUY ? this.bids : this.asks;
    let pos = ladder.find(price);
    let lvl: number;
    if (pos >= 0) {
      lvl = ladder.values[pos]!;
    } else {
      lvl = this.allocLevel(price);
      pos = -pos - 1;
      ladder.insertAt(pos, price, lvl);
    }
    const o = this.allocOrder();
    const vis = display > 0 && display < qty ? display : qty;
    this.oId[o] = id;
    this.oPrice[o] = price;
    this.oRemaining[o] = qty;
    this.oVisible[o] = vis;
    this.oDisplay[o] = display > 0 && display < qty ? display : 0;
    this.oOwner[o] = owner;
    this.oFlags[o] = (side === SELL ? F_SELL : 0) | postOnlyFlag | (stp << STP_SHIFT);
    this.oLevel[o] = lvl;
    this.append(o, lvl);
    this.lVisible[lvl] = this.lVisible[lvl]! + vis;
    this.lTotal[lvl] = this.lTotal[lvl]! + qty;
    this.ids.set(id, o);
  }

  /** Removes a resting order found by slot, dropping its level when it empties. */
  private removeResting(slot: number): void {
    const lvl = this.oLevel[slot]!;
    const side: Side = this.oFlags[slot]! & F_SELL ? SELL : BUY;
    this.unlink(slot, lvl);
    this.freeOrder(slot);
    if (this.lCount[lvl] === 0) {
      const ladder = side === BUY ? this.bids : this.asks;
      const pos = ladder.find(this.lPrice[lvl]!);
      ladder.removeAt(pos);
      this.freeLevel(lvl);
    }
  }

  private append(o: number, lvl: number): void {
    const tail = this.lTail[lvl]!;
    this.oPrev[o] = tail;
    this.oNext[o] = NIL;
    if (tail === NIL) this.lHead[lvl] = o;
    else this.oNext[tail] = o;
    this.lTail[lvl] = o;
    this.lCount[lvl] = this.lCount[lvl]! + 1;
  }

  /** Takes an order out of its level list and the level's totals (the level stays). */
  private unlink(o: number, lvl: number): void {
    const prev = this.oPrev[o]!;
    const next = this.oNext[o]!;
    if (prev === NIL) this.lHead[lvl] = next;
    else this.oNext[prev] = next;
    if (next === NIL) this.lTail[lvl] = prev;
    else this.oPrev[next] = prev;
    this.lCount[lvl] = this.lCount[lvl]! - 1;
    this.lVisible[lvl] = this.lVisible[lvl]! - this.oVisible[o]!;
    this.lTotal[lvl] = this.lTotal[lvl]! - this.oRemaining[o]!;
  }

  private moveToTail(o: number, lvl: number): void {
    if (this.lTail[lvl] === o) return;
    const prev = this.oPrev[o]!;
    const next = this.oNext[o]!;
    if (prev === NIL) this.lHead[lvl] = next;
    else this.oNext[prev] = next;
    this.oPrev[next] = prev; // next exists: o is not the tail
    const tail = this.lTail[lvl]!;
    this.oNext[tail] = o;
    this.oPrev[o] = tail;
    this.oNext[o] = NIL;
    this.lTail[lvl] = o;
  }

  private allocOrder(): number {
    if (this.oFree !== NIL) {
      const o = this.oFree;
      this.oFree = this.oNext[o]!;
      return o;
    }
    if (this.oUsed === this.oCap) this.growOrders();
    return this.oUsed++;
  }

  private freeOrder(o: number): void {
    this.ids.delete(this.oId[o]!);
    this.oNext[o] = this.oFree;
    this.oFree = o;
  }

  private allocLevel(price: number): number {
    let l: number;
    if (this.lFree !== NIL) {
      l = this.lFree;
      this.lFree = this.lHead[l]!;
    } else {
      if (this.lUsed === this.lCap) this.growLevels();
      l = this.lUsed++;
    }
    this.lPrice[l] = price;
    this.lHead[l] = NIL;
    this.lTail[l] = NIL;
    this.lVisible[l] = 0;
    this.lTotal[l] = 0;
    this.lCount[l] = 0;
    return l;
  }

  private freeLevel(l: number): void {
    this.lHead[l] = this.lFree;
    this.lFree = l;
  }

  private growOrders(): void {
    const cap = this.oCap * 2;
    this.oId = growF64(this.oId, cap);
    this.oPrice = growF64(this.oPrice, cap);
    this.oRemaining = growF64(this.oRemaining, cap);
    this.oVisible = growF64(this.oVisible, cap);
    this.oDisplay = growF64(this.oDisplay, cap);
    this.oOwner = growI32(this.oOwner, cap);
    const flags = new Uint8Array(cap);
    flags.set(this.oFlags);
    this.oFlags = flags;
    this.oPrev = growI32(this.oPrev, cap);
    this.oNext = growI32(this.oNext, cap);
    this.oLevel = growI32(this.oLevel, cap);
    this.oCap = cap;
  }

  private growLevels(): void {
    const cap = this.lCap * 2;
    this.lPrice = growF64(this.lPrice, cap);
    this.lHead = growI32(this.lHead, cap);
    this.lTail = growI32(this.lTail, cap);
    this.lVisible = growF64(this.lVisible, cap);
    this.lTotal = growF64(this.lTotal, cap);
    this.lCount = growI32(this.lCount, cap);
    this.lCap = cap;
  }
}

function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
