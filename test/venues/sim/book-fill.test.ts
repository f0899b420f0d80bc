import { describe, expect, it } from 'vitest';
import { BUY, SELL } from '../../../framework/venues/sim/book/index.ts';
import { T0, req, setup, ticks } from './helpers.ts';

/** Prices in ticks of 0.01 and sizes in lots of 0.001, as the book takes them. */
const l2 = { fill_model: 'book', book: { data: 'l2' } } as const;
const l3 = { fill_model: 'book', book: { data: 'l3' } } as const;

describe('fill model "book" (L2 replay)', () => {
  it('market orders sweep the book as taker; resting limits queue behind the external size and fill on trades as maker', async () => {
    const s = setup({ config: l2 });
    const book = (msg: Parameters<typeof s.venue.onBookMessage>[1]) => s.venue.onBookMessage('BTC/USDT', msg);
    book({ type: 'snapshot', ts: T0, bids: [[9999, 5000]], asks: [[10001, 3000], [10002, 5000]] });
    await s.venue.submit(req({ clientOrderId: 'mkt', side: 'buy', type: 'market', quantity: 4 }));
    expect(s.types('mkt')).toEqual(['accepted', 'filled', 'filled']);
    expect(s.fills('mkt').map((f) => [f.lastQuantity, ticks(f.lastPrice), f.liquidity])).toEqual([
      [3, 10001, 'taker'],
      [1, 10002, 'taker'],
    ]);

    await s.venue.submit(req({ clientOrderId: 'bid', side: 'buy', type: 'limit', quantity: 1, price: 99.99 }));
    expect(s.types('bid')).toEqual(['accepted']);
    book({ type: 'trade', ts: T0 + 1000, aggressorSide: SELL, priceTicks: 9999, qtyLots: 5500 }); // 5.0 ahead of us, then 0.5 for us
    expect(s.fills('bid').map((f) => [f.lastQuantity, ticks(f.lastPrice), f.liquidity, f.ts])).toEqual([[0.5, 9999, 'maker', T0 + 1000]]);
    expect((await s.venue.query('bid'))!).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 0.5 });

    await s.venue.cancel('bid');
    expect(s.last('bid').type).toBe('canceled');
    book({ type: 'trade', ts: T0 + 2000, aggressorSide: SELL, priceTicks: 9999, qtyLots: 5000 });
    expect(s.fills('bid')).toHaveLength(1);
  });

  it('post-only that would cross is rejected by the book; a stop is triggered by a trade price and sweeps the bids', async () => {
    const s = setup({ config: l2 });
    s.venue.onBookMessage('BTC/USDT', { type: 'snapshot', ts: T0, bids: [[9950, 1000], [9940, 5000]], asks: [[10001, 3000]] });
    await s.venue.submit(req({ clientOrderId: 'po', side: 'buy', type: 'limit', quantity: 1, price: 100.01, postOnly: true }));
    expect(s.types('po')).toEqual(['rejected']);
    expect(s.last('po')).toMatchObject({ reason: 'POST_ONLY_WOULD_TAKE' });

    await s.venue.submit(req({ clientOrderId: 'stop', side: 'sell', type: 'stop_market', quantity: 2, triggerPrice: 99.5 }));
    expect(s.types('stop')).toEqual(['accepted']);
    s.venue.onBookMessage('BTC/USDT', { type: 'trade', ts: T0 + 1000, aggressorSide: SELL, priceTicks: 9960, qtyLots: 10 });
    expect(s.types('stop')).toEqual(['accepted']);
    s.venue.onBookMessage('BTC/USDT', { type: 'trade', ts: T0 + 2000, aggressorSide: SELL, priceTicks: 9950, qtyLots: 10 });
    expect(s.types('stop')).toEqual(['accepted', 'triggered', 'filled', 'filled']);
    expect(s.fills('stop').map((f) => [f.lastQuantity, ticks(f.lastPrice)])).toEqual([
      [1, 9950], // L2: a trade does not shrink the level; the depth update that follows would
      [1, 9940],
    ]);
    expect(s.venue.describeModels().fill_model).toMatchObject({ name: 'book', data: 'l2' });
  });

  it('onBar is refused in book mode, onBookMessage in bar mode', () => {
    const s = setup({ config: l2 });
    expect(() => s.bar(0, 1, 1, 1, 1)).toThrow(/onBookMessage/);
    const b = setup();
    expect(() => b.venue.onBookMessage('BTC/USDT', { type: 'trade', ts: T0, aggressorSide: BUY, priceTicks: 1, qtyLots: 1 })).toThrow(/fill_model "book"/);
  });
});

describe('fill model "book" (L3 replay)', () => {
  it('our order queues behind earlier orders at its price (price-time priority) and fills when a trade reaches it', async () => {
    const s = setup({ config: l3 });
    const msg = (m: Parameters<typeof s.venue.onBookMessage>[1]) => s.venue.onBookMessage('BTC/USDT', m);
    msg({ type: 'add', ts: T0, orderId: 1, side: SELL, priceTicks: 10001, qtyLots: 2000 });
    msg({ type: 'add', ts: T0, orderId: 2, side: SELL, priceTicks: 10001, qtyLots: 1000 });
    msg({ type: 'add', ts: T0, orderId: 3, side: BUY, priceTicks: 9999, qtyLots: 1000 });
    await s.venue.submit(req({ clientOrderId: 'ask', side: 'sell', type: 'limit', quantity: 1, price: 100.01 }));
    msg({ type: 'add', ts: T0 + 1, orderId: 4, side: SELL, priceTicks: 10001, qtyLots: 1000 }); // behind us
    msg({ type: 'trade', ts: T0 + 500, aggressorSide: BUY, priceTicks: 10001, qtyLots: 3500 });
    expect(s.fills('ask').map((f) => [f.lastQuantity, ticks(f.lastPrice), f.liquidity, f.ts])).toEqual([[0.5, 10001, 'maker', T0 + 500]]);

    await s.venue.submit(req({ clientOrderId: 'ioc', side: 'buy', type: 'limit', quantity: 2, price: 99.99, timeInForce: 'IOC' }));
    expect(s.types('ioc')).toEqual(['canceled']); // nothing offered at 99.99
    await s.venue.submit(req({ clientOrderId: 'hit', side: 'sell', type: 'limit', quantity: 2, price: 99.99, timeInForce: 'IOC' }));
    expect(s.types('hit')).toEqual(['accepted', 'filled', 'canceled']);
    expect(s.fills('hit')[0]).toMatchObject({ lastQuantity: 1, liquidity: 'taker' });
    expect((await s.balance('BTC'))!.total).toBeCloseTo(10 - 0.5 - 1, 9);
  });
});
