import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../../../framework/venues/sim/book/order-book.ts';
import {
  BUY,
  FOK,
  GTC,
  IOC,
  SELL,
  STP_CANCEL_BOTH,
  STP_CANCEL_NEWEST,
  STP_CANCEL_OLDEST,
  STP_NONE,
} from '../../../../framework/venues/sim/book/types.ts';
import { RecordingSink } from './recording-sink.ts';

function setup() {
  const sink = new RecordingSink();
  return { sink, book: new OrderBook(sink, 4) }; // tiny capacity: pools must grow
}

describe('OrderBook: price-time priority', () => {
  it('fills the better price first, then the earlier order at one price', () => {
    const { book, sink } = setup();
    book.addLimit(1, SELL, 101, 5);
    book.addLimit(2, SELL, 100, 5);
    book.addLimit(3, SELL, 100, 5);
    book.addLimit(4, SELL, 102, 5);
    expect(book.bestAsk()).toBe(100);
    expect(book.levelOrderIds(SELL, 100)).toEqual([2, 3]);
    const r = book.addLimit(10, BUY, 101, 12).snapshot();
    expect(r).toMatchObject({ accepted: true, filledLots: 12, restingLots: 0, canceledLots: 0, fills: 3 });
    expect(sink.fills()).toEqual([
      { kind: 'fill', maker: 2, taker: 10, price: 100, qty: 5, makerLeft: 0, takerLeft: 7 },
      { kind: 'fill', maker: 3, taker: 10, price: 100, qty: 5, makerLeft: 0, takerLeft: 2 },
      { kind: 'fill', maker: 1, taker: 10, price: 101, qty: 2, makerLeft: 3, takerLeft: 0 },
    ]);
    expect(book.bestAsk()).toBe(101);
    expect(book.order(1)?.remainingLots).toBe(3);
    expect(book.has(2)).toBe(false);
  });

  it('executes at the maker price even when the taker bids higher', () => {
    const { book, sink } = setup();
    book.addLimit(1, BUY, 100, 4);
    book.addLimit(2, SELL, 95, 3);
    expect(sink.fills()).toEqual([{ kind: 'fill', maker: 1, taker: 2, price: 100, qty: 3, makerLeft: 1, takerLeft: 0 }]);
    expect(book.bestBidLots()).toBe(1);
    expect(Number.isNaN(book.bestAsk())).toBe(true);
  });

  it('sweeps several levels with a partial fill of the last one and rests the rest', () => {
    const { book, sink } = setup();
    for (let i = 0; i < 5; i++) book.addLimit(i + 1, BUY, 100 - i, 2);
    const r = book.addLimit(9, SELL, 98, 10).snapshot();
    expect(r).toMatchObject({ filledLots: 6, restingLots: 4, fills: 3 });
    expect(sink.fills().map((f) => [f.maker, f.price, f.qty])).toEqual([
      [1, 100, 2],
      [2, 99, 2],
      [3, 98, 2],
    ]);
    expect(book.bestAsk()).toBe(98);
    expect(book.bestBid()).toBe(97);
    expect(book.snapshot()).toEqual({
      bids: [
        { priceTicks: 97, visibleLots: 2, orders: 1 },
        { priceTicks: 96, visibleLots: 2, orders: 1 },
      ],
      asks: [{ priceTicks: 98, visibleLots: 4, orders: 1 }],
    });
  });

  it('depth() writes the top N aggregated levels into caller arrays', () => {
    const { book } = setup();
    book.addLimit(1, SELL, 105, 1);
    book.addLimit(2, SELL, 103, 2);
    book.addLimit(3, SELL, 103, 3);
    book.addLimit(4, SELL, 104, 4);
    const p = new Float64Array(2);
    const q = new Float64Array(2);
    expect(book.depth(SELL, 5, p, q)).toBe(2);
    expect([...p]).toEqual([103, 104]);
    expect([...q]).toEqual([5, 4]);
    expect(book.levelCount(SELL)).toBe(3);
    expect(book.visibleLotsAt(SELL, 105)).toBe(1);
    expect(book.visibleLotsAt(SELL, 101)).toBe(0);
  });
});

describe('OrderBook: time in force', () => {
  it('IOC fills what it can and cancels the remainder without resting', () => {
    const { book } = setup();
    book.addLimit(1, SELL, 100, 3);
    book.addLimit(2, SELL, 102, 3);
    const r = book.addLimit(3, BUY, 101, 10, IOC).snapshot();
    expect(r).toMatchObject({ accepted: true, filledLots: 3, restingLots: 0, canceledLots: 7, cancelReason: 'ioc_remainder' });
    expect(book.has(3)).toBe(false);
    expect(Number.isNaN(book.bestBid())).toBe(true);
    expect(book.bestAsk()).toBe(102);
  });

  it('FOK rejects without touching the book when it cannot fill completely', () => {
    const { book, sink } = setup();
    book.addLimit(1, SELL, 100, 3);
    book.addLimit(2, SELL, 101, 3);
    book.addLimit(3, SELL, 103, 30);
    const r = book.addLimit(4, BUY, 101, 7, FOK).snapshot();
    expect(r).toMatchObject({ accepted: false, reason: 'FOK_NOT_FILLABLE', filledLots: 0 });
    expect(sink.events).toEqual([]);
    expect(book.orderCount).toBe(3);
    const ok = book.addLimit(5, BUY, 101, 6, FOK).snapshot();
    expect(ok).toMatchObject({ accepted: true, filledLots: 6, restingLots: 0, canceledLots: 0 });
    expect(book.bestAsk()).toBe(103);
  });

  it('FOK counts hidden iceberg lots, which a taker really gets', () => {
    const { book } = setup();
    book.addLimit(1, SELL, 100, 10, GTC, false, 2);
    expect(book.bestAskLots()).toBe(2);
    const r = book.addLimit(2, BUY, 100, 9, FOK).snapshot();
    expect(r).toMatchObject({ accepted: true, filledLots: 9 });
    expect(book.order(1)).toMatchObject({ remainingLots: 1, visibleLots: 1 });
  });

  it('post-only is rejected when it would take and rests otherwise', () => {
    const { book, sink } = setup();
    book.addLimit(1, SELL, 100, 5);
    expect(book.addLimit(2, BUY, 100, 1, GTC, true).snapshot()).toMatchObject({ accepted: false, reason: 'POST_ONLY_WOULD_TAKE' });
    expect(book.addLimit(3, BUY, 101, 1, GTC, true).reason).toBe('POST_ONLY_WOULD_TAKE');
    expect(book.addLimit(4, BUY, 99, 1, GTC, true).snapshot()).toMatchObject({ accepted: true, restingLots: 1 });
    expect(book.addLimit(5, BUY, 98, 1, IOC, true).reason).toBe('INVALID_TIME_IN_FORCE');
    expect(sink.events).toEqual([]);
    expect(book.order(4)?.postOnly).toBe(true);
  });

  it('rejects bad numbers and duplicate ids', () => {
    const { book } = setup();
    expect(book.addLimit(1, BUY, 100.5, 1).reason).toBe('INVALID_PRICE');
    expect(book.addLimit(1, BUY, 100, 0).reason).toBe('INVALID_QUANTITY');
    expect(book.addLimit(1, BUY, 100, 1.5).reason).toBe('INVALID_QUANTITY');
    expect(book.addLimit(1, BUY, 100, 5, GTC, false, -1).reason).toBe('INVALID_DISPLAY_QUANTITY');
    expect(book.addLimit(1, BUY, 100, 1).accepted).toBe(true);
    expect(book.addLimit(1, SELL, 105, 1).reason).toBe('DUPLICATE_ORDER_ID');
    expect(book.addMarket(1, SELL, 1).reason).toBe('DUPLICATE_ORDER_ID');
    expect(book.addMarket(2, SELL, 1, 99.5).reason).toBe('INVALID_PRICE');
  });
});

describe('OrderBook: market orders', () => {
  it('on an empty book: accepted, nothing filled, everything canceled', () => {
    const { book, sink } = setup();
    const r = book.addMarket(1, BUY, 5).snapshot();
    expect(r).toMatchObject({ accepted: true, filledLots: 0, canceledLots: 5, cancelReason: 'no_liquidity', fills: 0 });
    expect(sink.events).toEqual([]);
    expect(book.orderCount).toBe(0);
  });

  it('sweeps the book until it runs out', () => {
    const { book, sink } = setup();
    book.addLimit(1, BUY, 100, 2);
    book.addLimit(2, BUY, 90, 2);
    const r = book.addMarket(3, SELL, 5).snapshot();
    expect(r).toMatchObject({ filledLots: 4, canceledLots: 1, cancelReason: 'no_liquidity' });
    expect(sink.fills().map((f) => f.price)).toEqual([100, 90]);
    expect(book.levelCount(BUY)).toBe(0);
  });

  it('stops at the protection price', () => {
    const { book } = setup();
    book.addLimit(1, SELL, 100, 2);
    book.addLimit(2, SELL, 105, 2);
    const r = book.addMarket(3, BUY, 5, 103).snapshot();
    expect(r).toMatchObject({ filledLots: 2, canceledLots: 3, cancelReason: 'protection_price' });
    expect(book.bestAsk()).toBe(105);
  });

  it('FOK market orders are all or nothing', () => {
    const { book } = setup();
    book.addLimit(1, SELL, 100, 2);
    expect(book.addMarket(2, BUY, 3, NaN, 0, STP_NONE, true).reason).toBe('FOK_NOT_FILLABLE');
    expect(book.addMarket(3, BUY, 2, NaN, 0, STP_NONE, true).filledLots).toBe(2);
  });
});

describe('OrderBook: cancel', () => {
  it('returns the open lots, removes empty levels, and 0 for unknown ids', () => {
    const { book } = setup();
    book.addLimit(1, BUY, 100, 3);
    book.addLimit(2, BUY, 99, 4);
    book.addLimit(3, BUY, 98, 5);
    expect(book.cancel(2)).toBe(4);
    expect(book.levelCount(BUY)).toBe(2);
    expect(book.cancel(2)).toBe(0);
    expect(book.cancel(12345)).toBe(0);
    expect(book.cancel(1)).toBe(3);
    expect(book.bestBid()).toBe(98);
    expect(book.orderCount).toBe(1);
  });

  it('keeps the queue intact when the middle order leaves', () => {
    const { book } = setup();
    for (let i = 1; i <= 4; i++) book.addLimit(i, SELL, 100, 1);
    book.cancel(2);
    expect(book.levelOrderIds(SELL, 100)).toEqual([1, 3, 4]);
    expect(book.queueAhead(4)).toBe(2);
    book.cancel(1);
    book.cancel(4);
    expect(book.levelOrderIds(SELL, 100)).toEqual([3]);
    book.addLimit(5, SELL, 100, 1);
    expect(book.levelOrderIds(SELL, 100)).toEqual([3, 5]);
  });
});

describe('OrderBook: iceberg', () => {
  it('shows only the slice, refreshes it at the back of the level', () => {
    const { book, sink } = setup();
    book.addLimit(1, SELL, 100, 10, GTC, false, 3); // iceberg: 3 visible, 7 hidden
    book.addLimit(2, SELL, 100, 2);
    expect(book.visibleLotsAt(SELL, 100)).toBe(5);
    expect(book.levelOrderIds(SELL, 100)).toEqual([1, 2]);

    // Takes the first slice: the refreshed slice goes behind order 2.
    book.addLimit(3, BUY, 100, 3);
    expect(sink.take()).toEqual([{ kind: 'fill', maker: 1, taker: 3, price: 100, qty: 3, makerLeft: 7, takerLeft: 0 }]);
    expect(book.levelOrderIds(SELL, 100)).toEqual([2, 1]);
    expect(book.order(1)).toMatchObject({ remainingLots: 7, visibleLots: 3 });
    expect(book.visibleLotsAt(SELL, 100)).toBe(5);

    // A larger taker: order 2 first, then slices of 1 until the hidden part runs out.
    const r = book.addLimit(4, BUY, 100, 20).snapshot();
    expect(r).toMatchObject({ filledLots: 9, restingLots: 11, fills: 4 });
    expect(sink.take().map((e) => (e.kind === 'fill' ? [e.maker, e.qty, e.makerLeft] : e))).toEqual([
      [2, 2, 0],
      [1, 3, 4],
      [1, 3, 1],
      [1, 1, 0],
    ]);
    expect(book.bestBid()).toBe(100);
    expect(Number.isNaN(book.bestAsk())).toBe(true);
  });

  it('an incoming iceberg takes with its full size and rests only a slice visibly', () => {
    const { book } = setup();
    book.addLimit(1, BUY, 100, 4);
    const r = book.addLimit(2, SELL, 100, 10, GTC, false, 2).snapshot();
    expect(r).toMatchObject({ filledLots: 4, restingLots: 6 });
    expect(book.order(2)).toMatchObject({ remainingLots: 6, visibleLots: 2, displayLots: 2 });
    expect(book.bestAskLots()).toBe(2);
  });

  it('a slice as large as the order is an ordinary order', () => {
    const { book } = setup();
    book.addLimit(1, BUY, 100, 4, GTC, false, 4);
    expect(book.order(1)).toMatchObject({ visibleLots: 4, displayLots: 0 });
  });
});

describe('OrderBook: modify', () => {
  it('quantity decrease keeps priority', () => {
    const { book } = setup();
    book.addLimit(1, BUY, 100, 5);
    book.addLimit(2, BUY, 100, 5);
    const r = book.modify(1, 100, 2).snapshot();
    expect(r).toMatchObject({ accepted: true, restingLots: 2 });
    expect(book.levelOrderIds(BUY, 100)).toEqual([1, 2]);
    expect(book.visibleLotsAt(BUY, 100)).toBe(7);
  });

  it('quantity increase loses priority', () => {
    const { book } = setup();
    book.addLimit(1, BUY, 100, 5);
    book.addLimit(2, BUY, 100, 5);
    book.modify(1, 100, 8);
    expect(book.levelOrderIds(BUY, 100)).toEqual([2, 1]);
    expect(book.visibleLotsAt(BUY, 100)).toBe(13);
    expect(book.queueAhead(1)).toBe(5);
  });

  it('price change moves the order to the back of the new level', () => {
    const { book } = setup();
    book.addLimit(1, BUY, 100, 5);
    book.addLimit(2, BUY, 99, 5);
    book.modify(1, 99, 5);
    expect(book.levelOrderIds(BUY, 99)).toEqual([2, 1]);
    expect(book.levelCount(BUY)).toBe(1);
  });

  it('price change that crosses trades at once; post-only crossing modify is rejected and unchanged', () => {
    const { book, sink } = setup();
    book.addLimit(1, SELL, 101, 3);
    book.addLimit(2, BUY, 99, 5);
    book.addLimit(3, BUY, 98, 5, GTC, true);
    const r = book.modify(2, 101, 5).snapshot();
    expect(r).toMatchObject({ accepted: true, filledLots: 3, restingLots: 2 });
    expect(sink.take()).toEqual([{ kind: 'fill', maker: 1, taker: 2, price: 101, qty: 3, makerLeft: 0, takerLeft: 2 }]);
    book.addLimit(4, SELL, 102, 1);
    expect(book.modify(3, 102, 5).reason).toBe('POST_ONLY_WOULD_TAKE');
    expect(book.order(3)).toMatchObject({ priceTicks: 98, remainingLots: 5 });
    expect(book.modify(99, 100, 1).reason).toBe('UNKNOWN_ORDER');
    expect(book.modify(3, 98, 0).reason).toBe('INVALID_QUANTITY');
  });

  it('iceberg decrease trims the slice, increase adds hidden lots and loses priority', () => {
    const { book } = setup();
    book.addLimit(1, SELL, 100, 10, GTC, false, 4);
    book.addLimit(2, SELL, 100, 1);
    book.modify(1, 100, 3);
    expect(book.order(1)).toMatchObject({ remainingLots: 3, visibleLots: 3 });
    expect(book.levelOrderIds(SELL, 100)).toEqual([1, 2]);
    book.modify(1, 100, 20);
    expect(book.order(1)).toMatchObject({ remainingLots: 20, visibleLots: 3 });
    expect(book.levelOrderIds(SELL, 100)).toEqual([2, 1]);
  });
});

describe('OrderBook: self-trade prevention', () => {
  function selfBook() {
    const s = setup();
    s.book.addLimit(1, SELL, 100, 2, GTC, false, 0, 7); // owner 7
    s.book.addLimit(2, SELL, 100, 2, GTC, false, 0, 8); // someone else
    s.book.addLimit(3, SELL, 101, 2, GTC, false, 0, 7);
    return s;
  }

  it('none: trades with itself', () => {
    const { book, sink } = selfBook();
    book.addLimit(10, BUY, 101, 6, GTC, false, 0, 7, STP_NONE);
    expect(sink.fills().map((f) => f.maker)).toEqual([1, 2, 3]);
  });

  it('cancel-newest: the incoming order stops at its own resting order', () => {
    const { book, sink } = selfBook();
    const r = book.addLimit(10, BUY, 101, 6, GTC, false, 0, 7, STP_CANCEL_NEWEST).snapshot();
    expect(r).toMatchObject({ accepted: true, filledLots: 0, restingLots: 0, canceledLots: 6, cancelReason: 'self_trade' });
    expect(sink.events).toEqual([]);
    expect(book.orderCount).toBe(3);
  });

  it('cancel-oldest: own resting orders are removed and matching goes on', () => {
    const { book, sink } = selfBook();
    const r = book.addLimit(10, BUY, 101, 6, GTC, false, 0, 7, STP_CANCEL_OLDEST).snapshot();
    expect(r).toMatchObject({ filledLots: 2, restingLots: 4 });
    expect(sink.events).toEqual([
      { kind: 'makerCanceled', id: 1, left: 2 },
      { kind: 'fill', maker: 2, taker: 10, price: 100, qty: 2, makerLeft: 0, takerLeft: 4 },
      { kind: 'makerCanceled', id: 3, left: 2 },
    ]);
    expect(book.bestBid()).toBe(101);
    expect(book.levelCount(SELL)).toBe(0);
  });

  it('cancel-both: both leave', () => {
    const { book, sink } = selfBook();
    const r = book.addLimit(10, BUY, 101, 6, GTC, false, 0, 7, STP_CANCEL_BOTH).snapshot();
    expect(r).toMatchObject({ filledLots: 0, canceledLots: 6, cancelReason: 'self_trade' });
    expect(sink.events).toEqual([{ kind: 'makerCanceled', id: 1, left: 2 }]);
    expect(book.levelOrderIds(SELL, 100)).toEqual([2]);
  });

  it('owner 0 never self-trades; different owners trade', () => {
    const { book, sink } = setup();
    book.addLimit(1, SELL, 100, 1);
    book.addLimit(2, BUY, 100, 1, GTC, false, 0, 0, STP_CANCEL_NEWEST);
    book.addLimit(3, SELL, 100, 1, GTC, false, 0, 4);
    book.addLimit(4, BUY, 100, 1, GTC, false, 0, 5, STP_CANCEL_NEWEST);
    expect(sink.fills().length).toBe(2);
  });

  it('FOK sees that self-trade prevention would stop it', () => {
    const { book, sink } = selfBook();
    // 4 lots at <= 101 from others are not reachable: order 1 (own) comes first at 100.
    expect(book.addLimit(10, BUY, 101, 2, FOK, false, 0, 7, STP_CANCEL_NEWEST).reason).toBe('FOK_NOT_FILLABLE');
    // Cancel-oldest skips own orders: 2 lots from order 2 are reachable.
    expect(book.addLimit(11, BUY, 101, 3, FOK, false, 0, 7, STP_CANCEL_OLDEST).reason).toBe('FOK_NOT_FILLABLE');
    expect(sink.events).toEqual([]);
    expect(book.addLimit(12, BUY, 101, 2, FOK, false, 0, 7, STP_CANCEL_OLDEST).filledLots).toBe(2);
  });

  it('FOK with an iceberg ahead of an own order counts only the slice in front of it', () => {
    const { book } = setup();
    book.addLimit(1, SELL, 100, 10, GTC, false, 2, 8); // iceberg of another owner
    book.addLimit(2, SELL, 100, 5, GTC, false, 0, 7); // own order behind it
    // The refreshed slice goes behind order 2, so only 2 lots are reachable.
    expect(book.addLimit(3, BUY, 100, 3, FOK, false, 0, 7, STP_CANCEL_NEWEST).reason).toBe('FOK_NOT_FILLABLE');
    const r = book.addLimit(4, BUY, 100, 3, IOC, false, 0, 7, STP_CANCEL_NEWEST).snapshot();
    expect(r).toMatchObject({ filledLots: 2, canceledLots: 1, cancelReason: 'self_trade' });
  });
});

describe('OrderBook: pools', () => {
  it('reuses freed slots and grows beyond the initial capacity', () => {
    const { book } = setup();
    for (let i = 0; i < 1000; i++) book.addLimit(i, i % 2 ? SELL : BUY, i % 2 ? 200 + ((i >> 1) % 50) : 100 - ((i >> 1) % 50), 1 + (i % 3));
    expect(book.orderCount).toBe(1000);
    expect(book.levelCount(BUY)).toBe(50);
    for (let i = 0; i < 1000; i += 2) book.cancel(i);
    expect(book.levelCount(BUY)).toBe(0);
    for (let i = 1000; i < 1500; i++) book.addLimit(i, BUY, 150 - (i % 7), 1);
    expect(book.orderCount).toBe(1000);
    expect(book.bestBid()).toBe(150);
    const r = book.addMarket(5000, SELL, 10_000).snapshot();
    expect(r.filledLots).toBe(500);
    book.clear();
    expect(book.orderCount).toBe(0);
    expect(Number.isNaN(book.bestAsk())).toBe(true);
  });
});
