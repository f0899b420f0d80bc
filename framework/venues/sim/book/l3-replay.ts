/**
 * L3Replay: order-by-order market data replayed into a real OrderBook, with our own orders
 * queued among the external ones by price-time priority.
 *
 *   const replay = new L3Replay(sink);            // sink sees only fills/cancels of OUR orders
 *   replay.apply(msg);                            // L3Message (replay.ts), in feed order
 *   replay.book.addLimit(ourId, ...);             // our orders: POSITIVE ids, straight on the book
 *
 * Ids: feed order ids must be non-negative safe integers (as in ITCH / MBO feeds); external
 * order n rests in the book as id -n-1, so our orders must use POSITIVE ids and no id table is
 * kept (nothing leaks when the feed never mentions a filled order again). Fills where both
 * sides are external are applied to the book but not reported.
 *
 * How feed events meet our orders:
 * - add: placed as a GTC limit order. In a consistent feed it crosses nothing external; if it
 *   crosses one of OUR orders (we improved the price), it trades with ours first, as it would
 *   have in a market where our order existed. Its remainder rests.
 * - trade: replayed as the aggressor: a market order limited to the trade price for the trade
 *   quantity. Orders ahead of the named maker (ours, if we are first in the queue or at a better
 *   price) fill first; the external maker then keeps what our orders took from the aggressor
 *   (our presence displaces liquidity, which is the point of the simulation).
 * - cancel / modify: applied to the external order with the book's priority rules (a partial
 *   cancel keeps the queue place).
 * References to orders that are gone (our orders consumed them, or the feed starts mid-stream)
 * are skipped and counted in `stats.unknownOrders`; rejected adds (duplicate ids, bad numbers)
 * in `stats.rejected`.
 */
import { OrderBook } from './order-book.ts';
import type { L3Message } from './replay.ts';
import { GTC, type FillSink, type MakerCancelReason } from './types.ts';

export class L3Replay {
  readonly book: OrderBook;
  readonly stats = { messages: 0, externalFills: 0, ourFills: 0, unknownOrders: 0, rejected: 0 };

  constructor(sink: FillSink, capacity?: number) {
    const stats = this.stats;
    const filter: FillSink = {
      onFill(makerId, takerId, priceTicks, qtyLots, makerRemaining, takerRemaining) {
        if (makerId > 0 || takerId > 0) {
          stats.ourFills++;
          sink.onFill(makerId, takerId, priceTicks, qtyLots, makerRemaining, takerRemaining);
        } else {
          stats.externalFills++;
        }
      },
      onMakerCanceled(orderId: number, remainingLots: number, reason: MakerCancelReason) {
        if (orderId > 0) sink.onMakerCanceled?.(orderId, remainingLots, reason);
      },
    };
    this.book = new OrderBook(filter, capacity);
  }

  /** The book id of an external (feed) order id: -id - 1. */
  static bookIdOf(externalId: number): number {
    return -externalId - 1;
  }

  apply(msg: L3Message): void {
    this.stats.messages++;
    const book = this.book;
    switch (msg.type) {
      case 'add': {
        if (!isFeedId(msg.orderId)) {
          this.stats.rejected++;
          return;
        }
        const r = book.addLimit(-msg.orderId - 1, msg.side, msg.priceTicks, msg.qtyLots, GTC);
        if (!r.accepted) this.stats.rejected++;
        return;
      }
      case 'cancel': {
        const id = this.live(msg.orderId);
        if (id === undefined) return;
        if (msg.qtyLots === undefined) {
          book.cancel(id);
          return;
        }
        const o = book.order(id)!;
        const left = o.remainingLots - msg.qtyLots;
        if (left > 0) book.modify(id, o.priceTicks, left);
        else book.cancel(id);
        return;
      }
      case 'modify': {
        const id = this.live(msg.orderId);
        if (id === undefined) return;
        if (!book.modify(id, msg.priceTicks, msg.qtyLots).accepted) this.stats.rejected++;
        return;
      }
      case 'trade': {
        const r = book.addMarket(EXTERNAL_AGGRESSOR, msg.aggressorSide, msg.qtyLots, msg.priceTicks);
        if (!r.accepted) this.stats.rejected++;
        return;
      }
    }
  }

  /** Book id of a still-resting external order; counts the reference when it is gone. */
  private live(externalId: number): number | undefined {
    const id = -externalId - 1;
    if (isFeedId(externalId) && this.book.has(id)) return id;
    this.stats.unknownOrders++;
    return undefined;
  }
}

/** Book id of every external aggressor (never rests, so it never collides). */
const EXTERNAL_AGGRESSOR = Number.MIN_SAFE_INTEGER;

function isFeedId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 0 && id < Number.MAX_SAFE_INTEGER - 1;
}
