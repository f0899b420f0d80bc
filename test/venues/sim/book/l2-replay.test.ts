import { describe, expect, it } from 'vitest';
import { L2Replay, replayAll } from '../../../../framework/venues/sim/book/replay.ts';
import { BUY, FOK, GTC, IOC, SELL } from '../../../../framework/venues/sim/book/types.ts';
import { RecordingSink } from './recording-sink.ts';

function setup() {
  const sink = new RecordingSink();
  const l2 = new L2Replay(sink);
  l2.apply({
    type: 'snapshot',
    ts: 0,
    bids: [
      [100, 10],
      [99, 20],
    ],
    asks: [
      [101, 8],
      [102, 5],
    ],
  });
  return { sink, l2 };
}

const fills = (s: RecordingSink) => s.take().map((e) => (e.kind === 'fill' ? [e.maker, e.taker, e.price, e.qty, e.makerLeft] : e));

describe('L2Replay: queue position', () => {
  it('joins behind the displayed size and fills once trades consume the queue ahead', () => {
    const { sink, l2 } = setup();
    expect(l2.addLimit(1, BUY, 100, 3).snapshot()).toMatchObject({ accepted: true, restingLots: 3 });
    expect(l2.queueAhead(1)).toBe(10);

    l2.apply({ type: 'trade', ts: 1, aggressorSide: SELL, priceTicks: 100, qtyLots: 4 });
    expect(l2.queueAhead(1)).toBe(6);
    // The depth update that reflects the trade is not a cancellation.
    l2.apply({ type: 'delta', ts: 2, side: BUY, priceTicks: 100, sizeLots: 6 });
    expect(l2.queueAhead(1)).toBe(6);
    // 3 of the 6 lots cancel: spread evenly over the queue, all 6 are ahead of us -> 3 left.
    l2.apply({ type: 'delta', ts: 3, side: BUY, priceTicks: 100, sizeLots: 3 });
    expect(l2.queueAhead(1)).toBe(3);
    // New orders join behind us.
    l2.apply({ type: 'delta', ts: 4, side: BUY, priceTicks: 100, sizeLots: 10 });
    expect(l2.queueAhead(1)).toBe(3);
    expect(sink.events).toEqual([]);

    l2.apply({ type: 'trade', ts: 5, aggressorSide: SELL, priceTicks: 100, qtyLots: 5 });
    expect(fills(sink)).toEqual([[1, 0, 100, 2, 1]]);
    expect(l2.queueAhead(1)).toBe(0);
    l2.apply({ type: 'trade', ts: 6, aggressorSide: SELL, priceTicks: 100, qtyLots: 4 });
    expect(fills(sink)).toEqual([[1, 0, 100, 1, 0]]);
    expect(Number.isNaN(l2.queueAhead(1))).toBe(true);
  });

  it('cancellations reduce the queue ahead in proportion to our share of the level', () => {
    const { l2 } = setup();
    l2.addLimit(1, SELL, 102, 1); // ahead 5
    l2.apply({ type: 'delta', ts: 1, side: SELL, priceTicks: 102, sizeLots: 15 }); // 10 join behind
    l2.apply({ type: 'delta', ts: 2, side: SELL, priceTicks: 102, sizeLots: 9 }); // 6 cancel, 5/15 of them ahead
    expect(l2.queueAhead(1)).toBe(3);
    l2.apply({ type: 'delta', ts: 3, side: SELL, priceTicks: 102, sizeLots: 1 }); // never more than the level
    expect(l2.queueAhead(1)).toBe(1); // 3 - 8 * 3 / 9 = 0.33, rounded up to a whole lot
    l2.apply({ type: 'delta', ts: 4, side: SELL, priceTicks: 102, sizeLots: 0 });
    expect(l2.queueAhead(1)).toBe(0);
  });

  it('an order that improves the price has nobody ahead', () => {
    const { sink, l2 } = setup();
    l2.addLimit(1, SELL, 101, 2);
    l2.addLimit(2, BUY, 100, 2);
    l2.addLimit(3, BUY, 100, 2); // our second order at 100 joins behind the first
    expect(l2.queueAhead(1)).toBe(8);
    l2.cancel(1);
    l2.addLimit(4, SELL, 101, 2);
    expect(l2.queueAhead(4)).toBe(8);
    const r = l2.modify(4, 101, 1);
    expect(r.accepted).toBe(true);
    expect(l2.queueAhead(4)).toBe(8); // smaller at the same price keeps the estimate
    l2.modify(4, 103, 1);
    expect(l2.queueAhead(4)).toBe(0);
    // One trade's volume is shared front to back: ahead of 2 is 10, of 3 also 10 (plus order 2).
    l2.apply({ type: 'trade', ts: 1, aggressorSide: SELL, priceTicks: 100, qtyLots: 12 });
    expect(fills(sink)).toEqual([[2, 0, 100, 2, 0]]);
    expect(l2.queueAhead(3)).toBe(0);
    expect(l2.remainingLots(3)).toBe(2);
  });

  it('a trade through our price fills us at our price, up to the traded quantity', () => {
    const { sink, l2 } = setup();
    l2.addLimit(1, BUY, 100, 5);
    l2.apply({ type: 'trade', ts: 1, aggressorSide: SELL, priceTicks: 99, qtyLots: 3 });
    expect(fills(sink)).toEqual([[1, 0, 100, 3, 2]]);
  });

  it('liquidity posted through our resting price trades with us (crossing quote)', () => {
    const { sink, l2 } = setup();
    l2.addLimit(1, BUY, 100, 5);
    l2.apply({ type: 'delta', ts: 1, side: SELL, priceTicks: 100, sizeLots: 3 });
    expect(fills(sink)).toEqual([[1, 0, 100, 3, 2]]);
    expect(l2.externalLotsAt(SELL, 100)).toBe(0);
    expect(l2.bestAsk()).toBe(101);
    // A snapshot with asks through our price does the same.
    l2.apply({ type: 'snapshot', ts: 2, bids: [[100, 4]], asks: [[99, 1], [101, 8]] });
    expect(fills(sink)).toEqual([[1, 0, 100, 1, 1]]);
    expect(l2.queueAhead(1)).toBe(4);
  });
});

describe('L2Replay: our taker orders', () => {
  it('a market order sweeps the external levels and leaves our copy reduced', () => {
    const { sink, l2 } = setup();
    const r = l2.addMarket(7, BUY, 10).snapshot();
    expect(r).toMatchObject({ accepted: true, filledLots: 10, fills: 2 });
    expect(fills(sink)).toEqual([
      [0, 7, 101, 8, 0],
      [0, 7, 102, 2, 3],
    ]);
    expect(l2.bestAsk()).toBe(102);
    expect(l2.externalLotsAt(SELL, 102)).toBe(3);
    expect(l2.addMarket(8, BUY, 10).snapshot()).toMatchObject({ filledLots: 3, canceledLots: 7, cancelReason: 'no_liquidity' });
  });

  it('IOC, FOK and post-only behave as on the book', () => {
    const { l2 } = setup();
    expect(l2.addLimit(1, BUY, 101, 9, FOK).reason).toBe('FOK_NOT_FILLABLE');
    expect(l2.addLimit(2, BUY, 101, 9, IOC).snapshot()).toMatchObject({ filledLots: 8, canceledLots: 1, cancelReason: 'ioc_remainder' });
    expect(l2.addLimit(3, SELL, 100, 1, GTC, true).reason).toBe('POST_ONLY_WOULD_TAKE');
    expect(l2.addLimit(4, BUY, 102, 6).snapshot()).toMatchObject({ filledLots: 5, restingLots: 1 });
    expect(l2.queueAhead(4)).toBe(0);
    expect(l2.addMarket(5, SELL, 2, 101).snapshot()).toMatchObject({ filledLots: 0, cancelReason: 'protection_price' });
    expect(l2.addLimit(4, BUY, 90, 1).reason).toBe('DUPLICATE_ORDER_ID');
    expect(l2.modify(99, 90, 1).reason).toBe('UNKNOWN_ORDER');
    expect(l2.cancel(99)).toBe(0);
  });

  it('replayAll feeds a message list; off-grid or negative numbers are skipped and counted', () => {
    const { l2 } = setup();
    replayAll(l2, [
      { type: 'delta', ts: 1, side: BUY, priceTicks: 100, sizeLots: 0 },
      { type: 'delta', ts: 2, side: BUY, priceTicks: 99.5, sizeLots: 3 },
      { type: 'delta', ts: 3, side: BUY, priceTicks: 99, sizeLots: -1 },
      { type: 'trade', ts: 4, aggressorSide: BUY, priceTicks: 101, qtyLots: 0.5 },
      { type: 'snapshot', ts: 5, bids: [[98, 1.5]], asks: [] },
    ]);
    expect(l2.bestBid()).toBe(99);
    expect(l2.externalLotsAt(BUY, 99)).toBe(20);
    expect(l2.stats).toMatchObject({ messages: 6, rejected: 4 });
  });
});
