import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import { BTC, MIN, T0, req, setup, ticks } from './helpers.ts';

function reasonOf(e: { type: string } | undefined): string | undefined {
  return e && 'reason' in e ? (e as { reason?: string }).reason : undefined;
}

describe('time in force', () => {
  it('GTD expires at expireTime through the clock, with no bar needed, and never fills after it', async () => {
    const s = setup();
    await s.venue.submit(
      req({ clientOrderId: 'gtd', side: 'buy', type: 'limit', quantity: 1, price: 99, timeInForce: 'GTD', expireTime: T0 + 90_000 }),
    );
    s.bar(0, 100, 101, 99.5, 100);
    expect(s.types('gtd')).toEqual(['accepted']);
    s.clock.advanceTo(T0 + 2 * MIN);
    expect(s.types('gtd')).toEqual(['accepted', 'expired']);
    expect(s.last('gtd').ts).toBe(T0 + 90_000);
    s.bar(2, 100, 101, 95, 96); // would have filled
    expect(s.fills('gtd')).toHaveLength(0);
    expect(await s.venue.openOrders()).toEqual([]);
    expect((await s.venue.query('gtd'))!.status).toBe('EXPIRED');
    expect((await s.balance('USDT'))!.locked).toBe(0);
  });

  it('GTD with an expireTime not after the arrival is rejected INVALID_EXPIRE_TIME', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'g', side: 'buy', type: 'limit', quantity: 1, price: 99, timeInForce: 'GTD', expireTime: T0 - MIN }));
    expect(s.types('g')).toEqual(['rejected']);
    expect(reasonOf(s.last('g'))).toBe('INVALID_EXPIRE_TIME');
  });

  it('DAY expires at the next UTC midnight, before the midnight bar is matched', async () => {
    const day = Date.UTC(2024, 0, 2);
    const s = setup({ start: day - 3 * MIN });
    await s.venue.submit(req({ clientOrderId: 'day', side: 'buy', type: 'limit', quantity: 1, price: 99, timeInForce: 'DAY' }));
    s.clock.advanceTo(day - MIN);
    s.venue.onBarValues(BTC.id, day - MIN, 100, 101, 99.5, 100, 10);
    expect(s.types('day')).toEqual(['accepted']);
    s.clock.advanceTo(day);
    s.venue.onBarValues(BTC.id, day, 100, 100, 98, 99, 10);
    expect(s.types('day')).toEqual(['accepted', 'expired']);
    expect(s.last('day').ts).toBe(day);
  });

  it('FOK larger than the participation cap is rejected FOK_NOT_FILLABLE; one that fits fills in full', async () => {
    const s = setup({ config: { participation: { max_ratio: 0.1 } } });
    await s.venue.submit(req({ clientOrderId: 'big', side: 'buy', type: 'market', quantity: 1, timeInForce: 'FOK' }));
    await s.venue.submit(req({ clientOrderId: 'small', side: 'buy', type: 'market', quantity: 0.4, timeInForce: 'FOK' }));
    s.bar(0, 100, 101, 99, 100, 5); // cap 0.5
    expect(s.types('big')).toEqual(['rejected']);
    expect(reasonOf(s.last('big'))).toBe('FOK_NOT_FILLABLE');
    expect(s.types('small')).toEqual(['accepted', 'filled']);
    expect(s.fills('small')[0]!.lastQuantity).toBe(0.4);
  });

  it('FOK limit not marketable at its first chance is rejected', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'f', side: 'buy', type: 'limit', quantity: 1, price: 90, timeInForce: 'FOK' }));
    s.bar(0, 100, 101, 99, 100);
    expect(s.types('f')).toEqual(['rejected']);
    expect(reasonOf(s.last('f'))).toBe('FOK_NOT_FILLABLE');
  });

  it('IOC partially filled by the cap: the rest is canceled', async () => {
    const s = setup({ config: { participation: { max_ratio: 0.5 } } });
    await s.venue.submit(req({ clientOrderId: 'ioc', side: 'buy', type: 'market', quantity: 2, timeInForce: 'IOC' }));
    s.bar(0, 100, 101, 99, 100, 3); // cap 1.5
    expect(s.types('ioc')).toEqual(['accepted', 'filled', 'canceled']);
    expect(s.fills('ioc')[0]!.lastQuantity).toBe(1.5);
    expect((await s.venue.query('ioc'))!).toMatchObject({ status: 'CANCELED', filledQuantity: 1.5 });
  });
});

describe('post-only', () => {
  it('rejected POST_ONLY_WOULD_TAKE when marketable at the open; otherwise rests and fills as maker', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'takes', side: 'buy', type: 'limit', quantity: 1, price: 101, postOnly: true }));
    await s.venue.submit(req({ clientOrderId: 'rests', side: 'buy', type: 'limit', quantity: 1, price: 99, postOnly: true }));
    expect(s.types('takes')).toEqual([]);
    s.bar(0, 100, 101, 98, 100);
    expect(s.types('takes')).toEqual(['rejected']);
    expect(reasonOf(s.last('takes'))).toBe('POST_ONLY_WOULD_TAKE');
    expect(s.types('rests')).toEqual(['accepted', 'filled']);
    expect(s.fills('rests')[0]!.liquidity).toBe('maker');
    expect((await s.balance('USDT'))!.locked).toBe(0);
  });
});

describe('rejections keep the venue consistent', () => {
  it('insufficient quote for a buy limit: rejected on arrival, nothing locked, nothing open', async () => {
    const s = setup({ balances: { USDT: 150 } });
    await s.venue.submit(req({ clientOrderId: 'big', side: 'buy', type: 'limit', quantity: 2, price: 100 }));
    expect(s.types('big')).toEqual(['rejected']);
    expect(reasonOf(s.last('big'))).toBe('INSUFFICIENT_BALANCE');
    expect(await s.venue.balances()).toEqual([{ currency: 'USDT', total: 150, free: 150, locked: 0 }]);
    expect(await s.venue.openOrders()).toEqual([]);
  });

  it('open orders reserve funds (price x qty x (1 + worst fee)); the next order sees only what is free', async () => {
    const s = setup({ balances: { USDT: 150 } });
    await s.venue.submit(req({ clientOrderId: 'a', side: 'buy', type: 'limit', quantity: 1, price: 100 }));
    expect((await s.balance('USDT'))!.locked).toBeCloseTo(100.2, 9);
    await s.venue.submit(req({ clientOrderId: 'b', side: 'buy', type: 'limit', quantity: 1, price: 50 }));
    expect(reasonOf(s.last('b'))).toBe('INSUFFICIENT_BALANCE');
    await s.venue.cancel('a');
    expect(s.types('a')).toEqual(['accepted', 'canceled']);
    expect((await s.balance('USDT'))!).toMatchObject({ total: 150, locked: 0, free: 150 });
  });

  it('cash sell of more base than held is rejected', async () => {
    const s = setup({ balances: { USDT: 0, BTC: 1 } });
    await s.venue.submit(req({ clientOrderId: 's', side: 'sell', type: 'market', quantity: 1.5 }));
    expect(reasonOf(s.last('s'))).toBe('INSUFFICIENT_BALANCE');
  });

  it('a market buy is checked at its fill price (the next open): rejected if it does not fit', async () => {
    const s = setup({ balances: { USDT: 100 } });
    await s.venue.submit(req({ clientOrderId: 'm', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 99, 100); // 100 + 0.2 fee > 100
    expect(s.types('m')).toEqual(['rejected']);
    expect(reasonOf(s.last('m'))).toBe('INSUFFICIENT_BALANCE');
    expect(await s.venue.positions()).toEqual([]);
    expect((await s.balance('USDT'))!.total).toBe(100);
  });

  it('unknown instrument: rejected UNKNOWN_INSTRUMENT', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'u', instrumentId: 'DOGE/USDT', side: 'buy', type: 'market', quantity: 1 }));
    expect(s.types('u')).toEqual(['rejected']);
    expect(reasonOf(s.last('u'))).toBe('UNKNOWN_INSTRUMENT');
    expect((await s.venue.query('u'))!.status).toBe('REJECTED');
    expect(() => s.venue.onBarValues('DOGE/USDT', T0, 1, 1, 1, 1, 1)).toThrow(UsageError);
  });

  it('closed market: rejected MARKET_CLOSED; resting orders do not match while halted', async () => {
    const s = setup({ instruments: [{ ...BTC, isOpen: false }] });
    await s.venue.submit(req({ clientOrderId: 'c', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    expect(reasonOf(s.last('c'))).toBe('MARKET_CLOSED');
    s.venue.setMarketOpen(BTC.id, true);
    await s.venue.submit(req({ clientOrderId: 'd', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    expect(s.types('d')).toEqual(['accepted']);
    s.venue.setMarketOpen(BTC.id, false);
    s.bar(0, 100, 100, 98, 99);
    expect(s.fills('d')).toHaveLength(0);
    s.venue.setMarketOpen(BTC.id, true);
    s.bar(1, 100, 100, 98, 99);
    expect(s.fills('d')).toHaveLength(1);
  });

  it('cancel of an unknown order and of a filled order: cancel_rejected with the reason', async () => {
    const s = setup();
    await s.venue.cancel('nope');
    expect(s.types('nope')).toEqual(['cancel_rejected']);
    expect(reasonOf(s.last('nope'))).toBe('UNKNOWN_ORDER');
    await s.venue.submit(req({ clientOrderId: 'f', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 99, 100);
    await s.venue.cancel('f');
    expect(s.types('f')).toEqual(['accepted', 'filled', 'cancel_rejected']);
    expect(reasonOf(s.last('f'))).toBe('ORDER_ALREADY_CLOSED');
    expect((await s.venue.query('f'))!).toMatchObject({ status: 'FILLED', filledQuantity: 1, averagePrice: 100 });
  });

  it('modify: a filled order is refused ORDER_ALREADY_CLOSED, an unknown one UNKNOWN_ORDER, a bad change INVALID_MODIFY', async () => {
    const s = setup();
    await s.venue.modify('ghost', { price: 1 });
    expect(reasonOf(s.last('ghost'))).toBe('UNKNOWN_ORDER');
    await s.venue.submit(req({ clientOrderId: 'f', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 99, 100);
    await s.venue.modify('f', { quantity: 2 });
    expect(s.last('f').type).toBe('modify_rejected');
    expect(reasonOf(s.last('f'))).toBe('ORDER_ALREADY_CLOSED');
    await s.venue.submit(req({ clientOrderId: 'l', side: 'buy', type: 'limit', quantity: 1, price: 90 }));
    await s.venue.modify('l', { triggerPrice: 95 });
    expect(reasonOf(s.last('l'))).toBe('INVALID_MODIFY');
    await s.venue.modify('l', { price: 90.005 });
    expect(reasonOf(s.last('l'))).toBe('INVALID_MODIFY');
    expect((await s.venue.query('l'))!).toMatchObject({ status: 'ACCEPTED', price: 90, quantity: 1 });
  });

  it('modify price and quantity of a resting limit: updated, re-reserved, and the new price fills', async () => {
    const s = setup({ balances: { USDT: 1000 } });
    await s.venue.submit(req({ clientOrderId: 'l', side: 'buy', type: 'limit', quantity: 1, price: 90 }));
    s.bar(0, 100, 101, 95, 100);
    await s.venue.modify('l', { price: 96, quantity: 2 });
    const up = s.last('l');
    expect(up).toMatchObject({ type: 'updated', price: 96, quantity: 2 });
    expect((await s.balance('USDT'))!.locked).toBeCloseTo(2 * 96 * 1.002, 9);
    await s.venue.modify('l', { quantity: 20 }); // 20 * 96 > 1000
    expect(reasonOf(s.last('l'))).toBe('INSUFFICIENT_BALANCE');
    expect((await s.balance('USDT'))!.locked).toBeCloseTo(2 * 96 * 1.002, 9);
    s.bar(1, 100, 101, 95, 100);
    expect(s.fills('l')[0]).toMatchObject({ lastQuantity: 2, lastPrice: 96, liquidity: 'maker' });
  });

  it('reduce-only that would increase (no position, or more than the position) is rejected', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'r0', side: 'sell', type: 'market', quantity: 1, reduceOnly: true }));
    expect(reasonOf(s.last('r0'))).toBe('REDUCE_ONLY_WOULD_INCREASE');
    await s.venue.submit(req({ clientOrderId: 'long', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 99, 100);
    await s.venue.submit(req({ clientOrderId: 'r2', side: 'sell', type: 'market', quantity: 2, reduceOnly: true }));
    expect(reasonOf(s.last('r2'))).toBe('REDUCE_ONLY_WOULD_INCREASE');
    await s.venue.submit(req({ clientOrderId: 'r1', side: 'sell', type: 'limit', quantity: 1, price: 100.5, reduceOnly: true }));
    s.bar(1, 100, 101, 99, 100);
    expect(s.fills('r1')).toHaveLength(1);
    expect(await s.venue.positions()).toEqual([]);
  });

  it('the grids are checked on arrival: price off the tick, quantity off the lot, missing trigger', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'p', side: 'buy', type: 'limit', quantity: 1, price: 99.999 }));
    await s.venue.submit(req({ clientOrderId: 'q', side: 'buy', type: 'limit', quantity: 0.0005, price: 99 }));
    await s.venue.submit(req({ clientOrderId: 't', side: 'sell', type: 'stop_market', quantity: 1 }));
    expect([s.last('p'), s.last('q'), s.last('t')].map(reasonOf)).toEqual([
      'PRICE_NOT_ON_TICK',
      'QUANTITY_NOT_ON_LOT',
      'MISSING_TRIGGER_PRICE',
    ]);
  });

  it('an order type the venue is configured without is rejected (the engine must emulate it)', async () => {
    const s = setup({ capabilities: { orderTypes: ['market', 'limit'] } });
    expect(s.venue.capabilities.orderTypes).toEqual(['market', 'limit']);
    await s.venue.submit(req({ clientOrderId: 'tr', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 1 }));
    expect(reasonOf(s.last('tr'))).toBe('UNSUPPORTED_ORDER_TYPE');
  });

  it('a clientOrderId submitted twice throws and creates no second order', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'dup', side: 'buy', type: 'limit', quantity: 1, price: 90 }));
    await expect(s.venue.submit(req({ clientOrderId: 'dup', side: 'buy', type: 'limit', quantity: 1, price: 91 }))).rejects.toThrow(
      /already submitted/,
    );
    expect(s.types('dup')).toEqual(['accepted']);
    expect((await s.venue.openOrders()).map((o) => o.price)).toEqual([90]);
  });
});
