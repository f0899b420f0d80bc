import { describe, expect, it } from 'vitest';
import { BTC, MIN, T0, req, setup, ticks } from './helpers.ts';

describe('latency model', () => {
  it('order_ms: an order live after the bar opened fills at the next bar (freqtrade model has no intrabar time)', async () => {
    const s = setup({ config: { latency: { order_ms: 90_000 } } });
    await s.venue.submit(req({ clientOrderId: 'm', side: 'buy', type: 'market', quantity: 1 })); // at T0 - 1m, live T0 + 30s
    expect(await s.venue.query('m')).toBeUndefined(); // still on the wire
    s.bar(0, 100, 101, 99, 100);
    expect(s.types('m')).toEqual([]);
    s.bar(1, 103, 104, 102, 103);
    expect(s.types('m')).toEqual(['accepted', 'filled']);
    expect(s.fills('m')[0]).toMatchObject({ ts: T0 + MIN });
    expect(ticks(s.fills('m')[0]!.lastPrice)).toBe(ticks(103));
  });

  it('ohlc_path with a bar duration: the order joins the path where it arrives', async () => {
    const s = setup({ config: { fill_model: 'ohlc_path', latency: { order_ms: 22_500 } }, barMs: MIN });
    s.clock.advanceTo(T0);
    await s.venue.submit(req({ clientOrderId: 'm', side: 'buy', type: 'market', quantity: 1 }));
    // tie -> high first: 100 -> 104 -> 96 -> 100, length 16; 22.5 s of 60 s = distance 6 -> price 102
    s.venue.onBarValues(BTC.id, T0, 100, 104, 96, 100, 1000);
    expect(s.fills('m')[0]).toMatchObject({ ts: T0 + 22_500 });
    expect(ticks(s.fills('m')[0]!.lastPrice)).toBe(ticks(102));
  });

  it('ack_ms: every report reaches the client later, through the clock, carrying the venue time', async () => {
    const s = setup({ config: { latency: { ack_ms: 500 } } });
    await s.venue.submit(req({ clientOrderId: 'l', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    expect(s.types('l')).toEqual([]);
    s.clock.advanceTo(T0 - MIN + 500);
    expect(s.of('l')).toMatchObject([{ type: 'accepted', ts: T0 - MIN }]);
    s.bar(0, 100, 101, 98, 100);
    expect(s.types('l')).toEqual(['accepted']);
    expect((await s.venue.query('l'))!.status).toBe('FILLED'); // the venue knows already
    s.clock.advanceTo(T0 + 499);
    expect(s.types('l')).toEqual(['accepted']);
    s.clock.advanceTo(T0 + 500);
    expect(s.of('l')[1]).toMatchObject({ type: 'filled', ts: T0 });
  });

  it('cancel_ms: the order can still fill while the cancel travels; the late cancel is refused', async () => {
    const s = setup({ config: { latency: { cancel_ms: 2 * MIN } } });
    await s.venue.submit(req({ clientOrderId: 'l', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    await s.venue.cancel('l'); // sent at T0 - 1m, arrives at T0 + 1m
    s.bar(0, 100, 101, 98, 100);
    expect(s.types('l')).toEqual(['accepted', 'filled']);
    s.clock.advanceTo(T0 + MIN);
    expect(s.types('l')).toEqual(['accepted', 'filled', 'cancel_rejected']);
    expect(s.last('l')).toMatchObject({ reason: 'ORDER_ALREADY_CLOSED', ts: T0 + MIN });
  });

  it('cancel_ms: a cancel that arrives before the touching bar wins', async () => {
    const s = setup({ config: { latency: { cancel_ms: 30_000 } } });
    await s.venue.submit(req({ clientOrderId: 'l', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    await s.venue.cancel('l'); // arrives T0 - 30 s
    s.bar(0, 100, 101, 98, 100);
    expect(s.types('l')).toEqual(['accepted', 'canceled']);
    expect(s.last('l').ts).toBe(T0 - 30_000);
    expect((await s.balance('USDT'))!.locked).toBe(0);
  });

  it('ohlc_path intrabar race: a fill before the cancel arrives stands, a touch after it never happens', async () => {
    const s = setup({ config: { fill_model: 'ohlc_path', latency: { cancel_ms: 30_000 } }, barMs: MIN });
    await s.venue.submit(req({ clientOrderId: 'early', side: 'sell', type: 'limit', quantity: 1, price: 103 }));
    await s.venue.submit(req({ clientOrderId: 'late', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    s.clock.advanceTo(T0);
    await s.venue.cancel('early');
    await s.venue.cancel('late');
    // 100 -> 104 -> 96 -> 100 (length 16): 103 at 11.25 s, 99 at 33.75 s; cancels arrive at 30 s
    s.venue.onBarValues(BTC.id, T0, 100, 104, 96, 100, 1000);
    expect(s.types('early')).toEqual(['accepted', 'filled', 'cancel_rejected']);
    expect(s.fills('early')[0]!.ts).toBe(T0 + 11_250);
    expect(s.types('late')).toEqual(['accepted', 'canceled']);
    expect(s.last('late').ts).toBe(T0 + 30_000);
  });

  it('a cancel that overtakes its order on the wire finds no order; the order then lives', async () => {
    const s = setup({ config: { latency: { order_ms: 1000, cancel_ms: 100 } } });
    await s.venue.submit(req({ clientOrderId: 'l', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    await s.venue.cancel('l');
    s.clock.advanceTo(T0);
    expect(s.types('l')).toEqual(['cancel_rejected', 'accepted']);
    expect(s.of('l')[0]).toMatchObject({ reason: 'UNKNOWN_ORDER' });
    expect((await s.venue.openOrders()).map((o) => o.clientOrderId)).toEqual(['l']);
  });

  it('describeModels names every model and its parameters', () => {
    const s = setup({
      config: {
        fill_model: 'ohlc_path',
        slippage: { model: 'volume_participation', bps: 15 },
        latency: { order_ms: 50, ack_ms: 20, cancel_ms: 40 },
        participation: { max_ratio: 0.2 },
      },
    });
    const d = s.venue.describeModels();
    expect(d).toMatchObject({
      venue: 'sim',
      fill_model: { name: 'ohlc_path', version: 1 },
      slippage: { name: 'volume_participation', bps: 15, exponent: 0.5 },
      latency: { name: 'fixed', order_ms: 50, ack_ms: 20, cancel_ms: 40 },
      participation: { name: 'bar_volume_cap', max_ratio: 0.2 },
      fees: { name: 'maker_taker', maker: 'per instrument', taker: 'per instrument' },
      account: { type: 'cash', leverage: 1 },
    });
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
