/**
 * Flags and time in force end to end (engine -> SimVenue -> portfolio): IOC, FOK, GTD and DAY
 * expiry, post-only, reduce-only, and what the fill models do with an iceberg's display quantity.
 */
import { describe, expect, it } from 'vitest';
import { BUY, SELL } from '../../../framework/venues/sim/book/index.ts';
import { MIN, T0, e8, reasonOf, req, stack, ticks } from './stack.ts';

const DAY = 86_400_000;

describe('IOC and FOK', () => {
  it('IOC, freqtrade model: the first bar is its only chance (fills inside it at the limit), else canceled', () => {
    const s = stack();
    s.engine.submit(req({ clientOrderId: 'in', side: 'buy', type: 'limit', quantity: 1, price: 98, timeInForce: 'IOC' }));
    s.engine.submit(req({ clientOrderId: 'out', side: 'buy', type: 'limit', quantity: 1, price: 97, timeInForce: 'IOC' }));
    s.bar(0, 100, 100.5, 97.5, 99);
    expect(s.fills('in').map((f) => ticks(f.lastPrice))).toEqual([9800]);
    expect(s.types('out')).toEqual(['initialized', 'submitted', 'canceled']);
    expect(s.last('out')).toMatchObject({ reason: 'IOC: not fillable at once' });
    expect(s.engine.openOrders()).toEqual([]);
  });

  it('IOC, ohlc_path model: decided at its first price (the open): marketable fills at the open, else canceled', () => {
    const s = stack({ config: { fill_model: 'ohlc_path' } });
    s.engine.submit(req({ clientOrderId: 'in', side: 'buy', type: 'limit', quantity: 1, price: 101, timeInForce: 'IOC' }));
    s.engine.submit(req({ clientOrderId: 'out', side: 'buy', type: 'limit', quantity: 1, price: 98, timeInForce: 'IOC' }));
    s.bar(0, 100, 100.5, 97.5, 99);
    expect(s.fills('in').map((f) => [ticks(f.lastPrice), f.liquidity])).toEqual([[10000, 'taker']]);
    expect(s.order('out').status).toBe('CANCELED');
  });

  it('IOC larger than the participation cap: partial fill, the rest canceled; the portfolio holds what filled', async () => {
    const s = stack({ config: { participation: { max_ratio: 0.001 } } }); // 1 BTC of a 1000 BTC bar
    s.engine.submit(req({ clientOrderId: 'ioc', side: 'buy', type: 'limit', quantity: 2.5, price: 101, timeInForce: 'IOC' }));
    s.bar(0, 100, 101, 99, 100, 1_000);
    expect(s.types('ioc')).toEqual(['initialized', 'submitted', 'accepted', 'filled', 'canceled']);
    expect(s.statusAt.slice(-2)).toEqual(['PARTIALLY_FILLED', 'CANCELED']); // status when each event was delivered
    expect(s.order('ioc')).toMatchObject({ status: 'CANCELED', filledQuantity: 1, leavesQuantity: 0 });
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(1);
    expect((await s.venueBalance('USDT')).locked).toBe(0);
  });

  it('FOK larger than the cap is rejected FOK_NOT_FILLABLE with nothing filled; one that fits fills whole', async () => {
    const s = stack({ config: { participation: { max_ratio: 0.001 } } });
    s.engine.submit(req({ clientOrderId: 'fok', side: 'buy', type: 'limit', quantity: 2, price: 101, timeInForce: 'FOK' }));
    s.bar(0, 100, 101, 99, 100, 1_000);
    expect(s.types('fok')).toEqual(['initialized', 'submitted', 'rejected']);
    expect(reasonOf(s.last('fok'))).toBe('FOK_NOT_FILLABLE');
    expect(s.portfolio.total('BTC')).toBe(0);
    expect(s.portfolio.total('USDT')).toBe(10_000);
    s.engine.submit(req({ clientOrderId: 'fits', side: 'buy', type: 'limit', quantity: 1, price: 101, timeInForce: 'FOK' }));
    s.bar(1, 100, 101, 99, 100, 1_000);
    expect(s.order('fits').status).toBe('FILLED');
    expect((await s.venueBalance('USDT')).locked).toBe(0);
  });
});

describe('GTD and DAY expiry', () => {
  it('GTD: the venue expires the order at expireTime (event at that time), its reservation is freed', async () => {
    const s = stack();
    const expireTime = T0 + 2 * MIN + 30_000;
    s.engine.submit(req({ clientOrderId: 'g', side: 'buy', type: 'limit', quantity: 1, price: 90, timeInForce: 'GTD', expireTime }));
    expect((await s.venueBalance('USDT')).locked).toBeCloseTo(90.18, 9);
    s.bar(0, 100, 101, 99, 100);
    s.bar(1, 100, 101, 99, 100);
    s.bar(2, 100, 101, 99, 100);
    expect(s.order('g').status).toBe('ACCEPTED');
    s.bar(3, 100, 101, 89, 100); // would fill, but the order expired at 2m30s
    expect(s.last('g')).toMatchObject({ type: 'expired', ts: expireTime });
    expect(s.order('g').status).toBe('EXPIRED');
    expect(s.fills('g')).toEqual([]);
    expect((await s.venueBalance('USDT')).locked).toBe(0);
    expect(s.engine.openOrders()).toEqual([]);
  });

  it('GTD on an emulated order: the engine expires it itself (the venue never saw it)', async () => {
    const s = stack({ capabilities: { orderTypes: ['market', 'limit', 'stop_market', 'stop_limit'] } });
    const expireTime = T0 + MIN + 1;
    s.engine.submit(
      req({ clientOrderId: 'e', side: 'buy', type: 'market_if_touched', quantity: 1, triggerPrice: 90, timeInForce: 'GTD', expireTime }),
    );
    expect(s.order('e').status).toBe('EMULATED');
    s.bar(0, 100, 101, 99, 100);
    s.bar(1, 100, 101, 99, 100);
    s.bar(2, 100, 101, 85, 100); // would trigger; already expired
    expect(s.types('e')).toEqual(['initialized', 'emulated', 'expired']);
    expect(s.last('e').ts).toBe(expireTime);
    expect(await s.venue.query('e')).toBeUndefined();
    expect(s.engine.emulatedOrders()).toEqual([]);
  });

  it('DAY: expires at the next UTC midnight after it reached the venue', () => {
    const s = stack();
    s.clock.advanceTo(T0 + 10 * MIN);
    s.engine.submit(req({ clientOrderId: 'd', side: 'buy', type: 'limit', quantity: 1, price: 90, timeInForce: 'DAY' }));
    s.clock.advanceTo(T0 + DAY - 1);
    expect(s.order('d').status).toBe('ACCEPTED');
    s.clock.advanceTo(T0 + DAY + 1);
    expect(s.last('d')).toMatchObject({ type: 'expired', ts: T0 + DAY });
  });
});

describe('post-only and reduce-only', () => {
  it('post-only: rejected POST_ONLY_WOULD_TAKE when marketable at its first price; otherwise rests and fills as maker', async () => {
    for (const model of ['freqtrade', 'ohlc_path'] as const) {
      const s = stack({ config: { fill_model: model } });
      s.engine.submit(req({ clientOrderId: 'take', side: 'buy', type: 'limit', quantity: 1, price: 100.5, postOnly: true }));
      s.engine.submit(req({ clientOrderId: 'make', side: 'buy', type: 'limit', quantity: 1, price: 99, postOnly: true }));
      s.bar(0, 100, 101, 98, 100);
      expect(s.types('take'), model).toEqual(['initialized', 'submitted', 'rejected']);
      expect(reasonOf(s.last('take'))).toBe('POST_ONLY_WOULD_TAKE');
      expect(s.fills('make').map((f) => [ticks(f.lastPrice), f.liquidity, f.fee]), model).toEqual([[9900, 'maker', 0.099]]);
      expect((await s.venueBalance('USDT')).locked).toBe(0);
    }
  });

  it('post-only with IOC or on a market order is denied by the engine', () => {
    const s = stack();
    s.engine.submit(req({ clientOrderId: 'a', side: 'buy', type: 'limit', quantity: 1, price: 99, postOnly: true, timeInForce: 'IOC' }));
    s.engine.submit(req({ clientOrderId: 'b', side: 'buy', type: 'market', quantity: 1, postOnly: true }));
    expect(reasonOf(s.last('a'))).toBe('INVALID_TIME_IN_FORCE');
    expect(reasonOf(s.last('b'))).toBe('INVALID_POST_ONLY');
  });

  it('reduce-only: refused without a position or beyond it; closes the position otherwise', () => {
    const s = stack({ accounting: 'margin' });
    s.engine.submit(req({ clientOrderId: 'none', side: 'sell', type: 'market', quantity: 1, reduceOnly: true }));
    expect(reasonOf(s.last('none'))).toBe('REDUCE_ONLY_WOULD_INCREASE');
    s.engine.submit(req({ clientOrderId: 'L', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 100, 100, 100);
    s.engine.submit(req({ clientOrderId: 'big', side: 'sell', type: 'market', quantity: 2, reduceOnly: true }));
    expect(reasonOf(s.last('big'))).toBe('REDUCE_ONLY_WOULD_INCREASE');
    s.engine.submit(req({ clientOrderId: 'close', side: 'sell', type: 'market', quantity: 1, reduceOnly: true }));
    s.bar(1, 101, 101, 101, 101);
    expect(s.order('close').status).toBe('FILLED');
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(0);
    // margin: realized 1.00, fees 0.2 + 0.202
    expect(e8(s.portfolio.total('USDT'))).toBe(e8(10_000 + 1 - 0.2 - 0.202));
  });
});

describe('iceberg (display quantity)', () => {
  it('bar models ignore the display quantity: the whole order fills as one limit order', () => {
    for (const model of ['freqtrade', 'ohlc_path'] as const) {
      const s = stack({ config: { fill_model: model } });
      s.engine.submit(req({ clientOrderId: 'ice', side: 'buy', type: 'limit', quantity: 2, price: 98, displayQuantity: 0.5 }));
      s.bar(0, 100, 100, 97, 99);
      expect(s.fills('ice').map((f) => f.lastQuantity), model).toEqual([2]);
    }
  });

  it('a venue without iceberg support: the engine denies UNSUPPORTED_BY_VENUE (use the ICEBERG algorithm instead)', () => {
    const s = stack({ capabilities: { iceberg: false } });
    s.engine.submit(req({ clientOrderId: 'ice', side: 'buy', type: 'limit', quantity: 2, price: 98, displayQuantity: 0.5 }));
    expect(reasonOf(s.last('ice'))).toBe('UNSUPPORTED_BY_VENUE');
  });

  it('book model, L3 replay: only the slice has queue priority; the refreshed slice goes behind later orders', () => {
    const run = (displayQuantity: number | undefined) => {
      const s = stack({ config: { fill_model: 'book', book: { data: 'l3' } } });
      const msg = (m: Parameters<typeof s.venue.onBookMessage>[1]) => s.venue.onBookMessage('BTC/USDT', m);
      msg({ type: 'add', ts: T0, orderId: 1, side: SELL, priceTicks: 10100, qtyLots: 1000 });
      s.engine.submit(req({ clientOrderId: 'ice', side: 'buy', type: 'limit', quantity: 2, price: 99, displayQuantity }));
      msg({ type: 'add', ts: T0 + 1, orderId: 2, side: BUY, priceTicks: 9900, qtyLots: 1000 }); // behind us
      msg({ type: 'trade', ts: T0 + 2, aggressorSide: SELL, priceTicks: 9900, qtyLots: 800 });
      return s.fills('ice').map((f) => f.lastQuantity);
    };
    expect(run(undefined)).toEqual([0.8]); // first in the queue: takes the whole trade
    expect(run(0.5)).toEqual([0.5]); // the 0.5 slice, then the next slice queues behind order 2
  });
});
