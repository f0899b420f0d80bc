import { describe, expect, it } from 'vitest';
import { L3Replay, replayAll, type L3Message } from '../../../../framework/venues/sim/book/replay.ts';
import { BUY, SELL } from '../../../../framework/venues/sim/book/types.ts';
import { RecordingSink } from './recording-sink.ts';

const ext = (id: number) => L3Replay.bookIdOf(id);

function setup() {
  const sink = new RecordingSink();
  return { sink, l3: new L3Replay(sink) };
}

describe('L3Replay', () => {
  it('queues our order behind earlier external orders and fills it when trades reach it', () => {
    const { sink, l3 } = setup();
    replayAll(l3, [
      { type: 'add', ts: 1, orderId: 501, side: BUY, priceTicks: 100, qtyLots: 5 },
      { type: 'add', ts: 2, orderId: 502, side: SELL, priceTicks: 102, qtyLots: 5 },
    ]);
    l3.book.addLimit(1, BUY, 100, 3); // ours joins behind 501
    l3.apply({ type: 'add', ts: 3, orderId: 503, side: BUY, priceTicks: 100, qtyLots: 4 });
    expect(l3.book.levelOrderIds(BUY, 100)).toEqual([ext(501), 1, ext(503)]);
    expect(l3.book.queueAhead(1)).toBe(5);

    l3.apply({ type: 'trade', ts: 4, aggressorSide: SELL, priceTicks: 100, qtyLots: 5, makerOrderId: 501 });
    expect(sink.events).toEqual([]); // external with external: not reported
    expect(l3.book.queueAhead(1)).toBe(0);

    // The feed says 503 traded 4, but we are in front of it: we get 3, 503 keeps 3.
    l3.apply({ type: 'trade', ts: 5, aggressorSide: SELL, priceTicks: 100, qtyLots: 4, makerOrderId: 503 });
    expect(sink.take()).toEqual([
      { kind: 'fill', maker: 1, taker: Number.MIN_SAFE_INTEGER, price: 100, qty: 3, makerLeft: 0, takerLeft: 1 },
    ]);
    expect(l3.book.order(ext(503))?.remainingLots).toBe(3);
    expect(l3.stats).toMatchObject({ messages: 5, ourFills: 1, externalFills: 2 });
  });

  it('a trade at a worse price fills our better-priced order first', () => {
    const { sink, l3 } = setup();
    l3.apply({ type: 'add', ts: 1, orderId: 1, side: BUY, priceTicks: 100, qtyLots: 5 });
    l3.book.addLimit(7, BUY, 101, 2); // we improve the bid
    l3.apply({ type: 'trade', ts: 2, aggressorSide: SELL, priceTicks: 100, qtyLots: 3, makerOrderId: 1 });
    expect(sink.take().map((e) => (e.kind === 'fill' ? [e.maker, e.price, e.qty] : e))).toEqual([[7, 101, 2]]);
    expect(l3.book.order(ext(1))?.remainingLots).toBe(4);
  });

  it('an external add that crosses our order trades with it (we were there first)', () => {
    const { sink, l3 } = setup();
    l3.apply({ type: 'add', ts: 1, orderId: 1, side: BUY, priceTicks: 100, qtyLots: 5 });
    l3.book.addLimit(9, SELL, 101, 2);
    l3.apply({ type: 'add', ts: 2, orderId: 2, side: BUY, priceTicks: 101, qtyLots: 3 });
    expect(sink.take()).toEqual([{ kind: 'fill', maker: 9, taker: ext(2), price: 101, qty: 2, makerLeft: 0, takerLeft: 1 }]);
    expect(l3.book.order(ext(2))?.remainingLots).toBe(1);
    expect(l3.book.bestBid()).toBe(101);
  });

  it('partial cancel keeps priority, modify up loses it, full cancel removes', () => {
    const { l3 } = setup();
    l3.apply({ type: 'add', ts: 1, orderId: 1, side: SELL, priceTicks: 105, qtyLots: 6 });
    l3.book.addLimit(3, SELL, 105, 1);
    l3.apply({ type: 'cancel', ts: 2, orderId: 1, qtyLots: 4 });
    expect(l3.book.levelOrderIds(SELL, 105)).toEqual([ext(1), 3]);
    expect(l3.book.queueAhead(3)).toBe(2);
    l3.apply({ type: 'modify', ts: 3, orderId: 1, priceTicks: 105, qtyLots: 10 });
    expect(l3.book.levelOrderIds(SELL, 105)).toEqual([3, ext(1)]);
    expect(l3.book.queueAhead(3)).toBe(0);
    l3.apply({ type: 'cancel', ts: 4, orderId: 1 });
    expect(l3.book.levelOrderIds(SELL, 105)).toEqual([3]);
  });

  it('a partial cancel of everything left removes the order', () => {
    const { l3 } = setup();
    l3.apply({ type: 'add', ts: 1, orderId: 1, side: SELL, priceTicks: 105, qtyLots: 2 });
    l3.apply({ type: 'cancel', ts: 2, orderId: 1, qtyLots: 5 });
    expect(l3.book.orderCount).toBe(0);
  });

  it('our taker order consumes external liquidity; later references to it are counted and skipped', () => {
    const { sink, l3 } = setup();
    const feed: L3Message[] = [
      { type: 'add', ts: 1, orderId: 10, side: SELL, priceTicks: 101, qtyLots: 2 },
      { type: 'add', ts: 2, orderId: 11, side: SELL, priceTicks: 101, qtyLots: 2 },
    ];
    replayAll(l3, feed);
    const r = l3.book.addMarket(20, BUY, 2).snapshot();
    expect(r.filledLots).toBe(2);
    expect(sink.take()).toEqual([{ kind: 'fill', maker: ext(10), taker: 20, price: 101, qty: 2, makerLeft: 0, takerLeft: 0 }]);
    // In history order 10 is still there and gets canceled / traded: it is gone here.
    l3.apply({ type: 'cancel', ts: 3, orderId: 10 });
    l3.apply({ type: 'modify', ts: 4, orderId: 10, priceTicks: 101, qtyLots: 1 });
    expect(l3.stats.unknownOrders).toBe(2);
    // A trade that history made with 10 now meets the next order in the queue (our impact).
    l3.apply({ type: 'trade', ts: 5, aggressorSide: BUY, priceTicks: 101, qtyLots: 1, makerOrderId: 10 });
    expect(l3.book.order(ext(11))?.remainingLots).toBe(1);
    expect(sink.events).toEqual([]);
  });

  it('rejects malformed feed ids and duplicate adds without throwing', () => {
    const { l3 } = setup();
    l3.apply({ type: 'add', ts: 1, orderId: -5, side: SELL, priceTicks: 101, qtyLots: 2 });
    l3.apply({ type: 'add', ts: 1, orderId: 5, side: SELL, priceTicks: 101, qtyLots: 2 });
    l3.apply({ type: 'add', ts: 1, orderId: 5, side: SELL, priceTicks: 102, qtyLots: 2 });
    l3.apply({ type: 'add', ts: 1, orderId: 6, side: SELL, priceTicks: 101.5, qtyLots: 2 });
    expect(l3.stats.rejected).toBe(3);
    expect(l3.book.orderCount).toBe(1);
  });
});
