import { describe, expect, it } from 'vitest';
import { LiveClock } from '../../../framework/core/clock.ts';
import { SimVenue } from '../../../framework/venues/sim/sim-venue.ts';
import { BTC, ETH, MIN, T0, req, setup } from './helpers.ts';

describe('paper trading and several instruments', () => {
  it('onTick: a last price is a flat bar; market orders fill at the next tick, limits when a tick reaches them', async () => {
    const s = setup();
    s.venue.onTick(BTC.id, T0, 100);
    await s.venue.submit(req({ clientOrderId: 'm', side: 'buy', type: 'market', quantity: 1 }));
    await s.venue.submit(req({ clientOrderId: 'l', side: 'sell', type: 'limit', quantity: 1, price: 100.5 }));
    s.venue.onTick(BTC.id, T0 + 1000, 100.2);
    expect(s.fills('m')[0]).toMatchObject({ lastPrice: 100.2, ts: T0 + 1000 });
    expect(s.fills('l')).toHaveLength(0);
    s.venue.onTick(BTC.id, T0 + 2000, 100.5);
    expect(s.fills('l')[0]).toMatchObject({ lastPrice: 100.5, liquidity: 'maker' });
    expect(s.venue.lastPrice(BTC.id)).toBe(100.5);
  });

  it('runs on the wall clock (LiveClock) for paper mode: a GTD expiry fires by itself', async () => {
    const clock = new LiveClock();
    const venue = new SimVenue({ instruments: [BTC], clock, balances: { USDT: 1000 } });
    const seen: string[] = [];
    const expired = new Promise<void>((resolve) =>
      venue.subscribe((e) => {
        seen.push(e.type);
        if (e.type === 'expired') resolve();
      }),
    );
    await venue.submit(req({ clientOrderId: 'g', side: 'buy', type: 'limit', quantity: 1, price: 90, timeInForce: 'GTD', expireTime: Date.now() + 30 }));
    await expired;
    expect(seen).toEqual(['accepted', 'expired']);
    expect(await venue.openOrders()).toEqual([]);
  });

  it('orders match only on bars of their own instrument; balances are per currency', async () => {
    const s = setup({ instruments: [BTC, ETH], balances: { USDT: 10_000 } });
    await s.venue.submit(req({ clientOrderId: 'btc', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    await s.venue.submit(req({ clientOrderId: 'eth', instrumentId: ETH.id, side: 'buy', type: 'limit', quantity: 2, price: 49 }));
    s.bar(0, 50, 51, 48, 50, 1000, ETH.id);
    expect(s.fills('btc')).toHaveLength(0);
    expect(s.fills('eth')[0]).toMatchObject({ lastPrice: 49, lastQuantity: 2 });
    s.bar(0, 100, 101, 98, 100, 1000, BTC.id);
    expect(s.fills('btc')[0]).toMatchObject({ lastPrice: 99 });
    const bal = Object.fromEntries((await s.venue.balances()).map((b) => [b.currency, b.total]));
    expect(bal.ETH).toBe(2);
    expect(bal.BTC).toBe(1);
    expect(bal.USDT).toBeCloseTo(10_000 - 98 - 0.098 - 99 - 0.099, 9);
    expect((await s.venue.positions()).map((p) => p.instrumentId).sort()).toEqual([BTC.id, ETH.id]);
  });

  it('with latency, an order for an unknown instrument is rejected when it arrives', async () => {
    const s = setup({ config: { latency: { order_ms: 5000 } } });
    await s.venue.submit(req({ clientOrderId: 'x', instrumentId: 'NOPE/USDT', side: 'buy', type: 'market', quantity: 1 }));
    expect(s.types('x')).toEqual([]);
    s.clock.advanceTo(T0 - MIN + 5000);
    expect(s.last('x')).toMatchObject({ type: 'rejected', reason: 'UNKNOWN_INSTRUMENT', ts: T0 - MIN + 5000 });
  });
});
