/**
 * Emulation on the real stack: a SimVenue whose capabilities leave out the trailing stops, so
 * the engine holds them, trails them along each bar's path (open -> nearer extreme -> other
 * extreme -> close) and releases a market / limit order to the venue when they fire. The bar is
 * matched by the venue first, so a released order trades from the next bar on (no look-ahead).
 */
import { describe, expect, it } from 'vitest';
import type { OrderType } from '../../../framework/execution/types.ts';
import { MIN, T0, type Stack, req, stack, ticks } from './stack.ts';

const NO_TRAILING: OrderType[] = ['market', 'limit', 'stop_market', 'stop_limit', 'market_if_touched', 'limit_if_touched'];

function long(): Stack {
  const s = stack({ capabilities: { orderTypes: NO_TRAILING } });
  s.engine.submit(req({ clientOrderId: 'L', side: 'buy', type: 'market', quantity: 1 }));
  s.bar(0, 100, 100, 100, 100);
  return s;
}

/** Trigger prices of the order's updated events, in cents. */
function triggers(s: Stack, id: string): number[] {
  return s.of(id).flatMap((e) => (e.type === 'updated' && e.triggerPrice !== undefined ? [ticks(e.triggerPrice)] : []));
}

describe('engine emulation of order types the venue lacks', () => {
  it('trailing_stop_market (price offset): held, ratcheted along the path, released as a market order, filled at the next open', async () => {
    const s = long();
    const o = s.engine.submit(req({ clientOrderId: 'T', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 2, trailingOffsetType: 'price' }));
    expect(o.status).toBe('EMULATED');
    expect(s.engine.emulatedOrders().map((x) => x.clientOrderId)).toEqual(['T']);
    s.bar(1, 100, 101, 99.5, 100.5); // stop 98 at the open, 99 at the high
    s.bar(2, 100.5, 103, 100.4, 102); // low first (nearer the open): 100.4 > 99; then the high: stop 101
    expect(o.status).toBe('EMULATED');
    s.bar(3, 102, 102.5, 100, 100.5); // high first, then down through 101: fires at 101
    expect(o.status).toBe('SUBMITTED');
    expect(triggers(s, 'T')).toEqual([9800, 9900, 10100]);
    expect(s.of('T').find((e) => e.type === 'released')).toMatchObject({ releasedPrice: 101, ts: T0 + 3 * MIN });
    expect(o.venueRequest).toMatchObject({ type: 'market', triggerPrice: undefined, trailingOffset: undefined });
    s.bar(4, 100.2, 100.8, 99.9, 100.4);
    expect(s.types('T')).toEqual(['initialized', 'emulated', 'updated', 'updated', 'updated', 'released', 'submitted', 'accepted', 'filled']);
    expect(s.fills('T').map((f) => [ticks(f.lastPrice), f.liquidity])).toEqual([[10020, 'taker']]);
    expect((await s.venue.query('T'))!.type).toBe('market');
    expect(s.engine.emulatedOrders()).toEqual([]);
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(0);
  });

  it('trailing_stop_limit (ticks offset, activation price): trails only once activated, released as a limit limitOffset below the trigger', () => {
    const s = long();
    const o = s.engine.submit(
      req({
        clientOrderId: 'T',
        side: 'sell',
        type: 'trailing_stop_limit',
        quantity: 1,
        trailingOffset: 200,
        trailingOffsetType: 'ticks',
        limitOffset: 50,
        activationPrice: 102.5,
      }),
    );
    s.bar(1, 100, 101, 99.5, 100.5); // below the activation price: nothing
    expect(triggers(s, 'T')).toEqual([]);
    s.bar(2, 100.5, 103, 100.4, 102); // activates at 103: stop 101, limit 100.5
    expect(o).toMatchObject({ status: 'EMULATED', triggerPrice: 101, price: 100.5 });
    s.bar(3, 102, 102.5, 100, 100.5); // fires at 101
    expect(o.venueRequest).toMatchObject({ type: 'limit', price: 100.5 });
    expect(o.status).toBe('ACCEPTED'); // a limit is accepted on arrival
    s.bar(4, 100.2, 100.8, 99.9, 100.4); // the sell limit 100.5 is above the open: it rests, the high reaches it
    expect(s.fills('T').map((f) => [ticks(f.lastPrice), f.liquidity])).toEqual([[10050, 'maker']]);
  });

  it('emulate: true holds a type the venue has (stop_market) in the engine; cancel and modify act locally', async () => {
    const s = long();
    const o = s.engine.submit(req({ clientOrderId: 'S', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95, emulate: true }));
    expect(o.status).toBe('EMULATED');
    s.engine.modify('S', { triggerPrice: 96 });
    expect(o).toMatchObject({ status: 'EMULATED', triggerPrice: 96 });
    expect(await s.venue.query('S')).toBeUndefined();
    s.engine.cancel('S');
    expect(s.types('S')).toEqual(['initialized', 'emulated', 'updated', 'canceled']);
    expect(s.engine.emulatedOrders()).toEqual([]);
    s.bar(1, 100, 100, 90, 92); // would have fired
    expect(s.types('S')).toHaveLength(4);
  });

  it('a gap through an emulated stop releases at the open, not at the trigger', () => {
    const s = long();
    s.engine.submit(req({ clientOrderId: 'S', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95, emulate: true }));
    s.bar(1, 93, 94, 92, 93);
    expect(s.of('S').find((e) => e.type === 'released')).toMatchObject({ releasedPrice: 93 });
    s.bar(2, 92.5, 93, 92, 92.5);
    expect(s.fills('S').map((f) => ticks(f.lastPrice))).toEqual([9250]);
  });

  it('native (ohlc_path venue) and emulated trailing stops round a fractional bps offset the same way: away from the market', async () => {
    const request = req({
      clientOrderId: 'T',
      side: 'sell',
      type: 'trailing_stop_limit',
      quantity: 1,
      trailingOffset: 130, // 1.3% of 101 = 1.313 -> 99.687 -> 99.68 (never closer than the offset)
      trailingOffsetType: 'bps',
      limitOffset: 32.6, // 0.326% of 99.68 = 0.32496 -> 99.35504 -> 99.35
    });
    const native = stack({ config: { fill_model: 'ohlc_path' } });
    const emulated = stack({ config: { fill_model: 'ohlc_path' }, capabilities: { orderTypes: NO_TRAILING } });
    for (const s of [native, emulated]) {
      s.engine.submit(req({ clientOrderId: 'L', side: 'buy', type: 'market', quantity: 1 }));
      s.bar(0, 100, 100, 100, 100);
      s.engine.submit(request);
      s.bar(1, 100, 101, 99.8, 100.5);
    }
    expect((await native.venue.query('T'))!.triggerPrice).toBe(99.68);
    expect(emulated.order('T').triggerPrice).toBe(99.68);
    for (const s of [native, emulated]) s.bar(2, 100.5, 100.6, 99, 99.2); // fires at 99.68
    expect(native.order('T').price).toBe(99.35); // the venue's 'updated' at the trigger
    expect(emulated.order('T').venueRequest).toMatchObject({ type: 'limit', price: 99.35 });
  });

  it('the same trailing stop native at the venue (freqtrade model) fires one bar earlier: that model tests the low after the high', () => {
    const s = stack();
    s.engine.submit(req({ clientOrderId: 'L', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 100, 100, 100);
    s.engine.submit(req({ clientOrderId: 'T', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 2, trailingOffsetType: 'price' }));
    s.bar(1, 100, 101, 99.5, 100.5);
    s.bar(2, 100.5, 103, 100.4, 102);
    expect(s.fills('T').map((f) => ticks(f.lastPrice))).toEqual([10100]);
    expect(s.types('T')).toEqual(['initialized', 'submitted', 'accepted', 'triggered', 'filled']);
  });
});
