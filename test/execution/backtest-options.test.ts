import { describe, expect, it } from 'vitest';
import { SimClock } from '../../framework/core/clock.ts';
import { ExecutionEngine } from '../../framework/execution/execution-engine.ts';
import type { Order } from '../../framework/execution/order.ts';
import type { OrderEvent, OrderRequest } from '../../framework/execution/types.ts';
import { SimVenue } from '../../framework/venues/sim/sim-venue.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

/**
 * The engine and simulated-venue options a backtest turns on for speed and memory: synchronous
 * venue calls and forgetting closed orders. Driven by real BTC/USDT 5m candles.
 */
const btc = readBinance5m('BTC');
const BTC = { id: 'BTC/USDT', venue: 'sim', base: 'BTC', quote: 'USDT', tickSize: 0.01, lotSize: 0.00001, minQuantity: 0.00001, makerFee: 0.001, takerFee: 0.001 };

function stack(opts: { sync?: boolean; retainEngine?: boolean; retainVenue?: boolean }) {
  const clock = new SimClock(btc.timestamp[0]!);
  const venue = new SimVenue({
    instruments: [BTC],
    clock,
    balances: { USDT: 100_000 },
    ...(opts.retainVenue === undefined ? {} : { retainClosedOrders: opts.retainVenue }),
  });
  const engine = new ExecutionEngine({
    venue,
    clock,
    ...(opts.sync === undefined ? {} : { syncVenueCalls: opts.sync }),
    ...(opts.retainEngine === undefined ? {} : { retainClosedOrders: opts.retainEngine }),
  });
  const seen: Array<{ event: OrderEvent; order: Order | undefined }> = [];
  engine.subscribe((event, order) => seen.push({ event, order }));
  const bar = (i: number) => {
    clock.advanceTo(btc.timestamp[i]!);
    venue.onBar('BTC/USDT', i, btc);
  };
  return { clock, venue, engine, seen, bar };
}

/** A buy limit at the close of candle i (inside candle i + 1's range on this data). */
function buyAt(id: string, i: number): OrderRequest {
  return { clientOrderId: id, instrumentId: 'BTC/USDT', side: 'buy', type: 'limit', quantity: 0.01, price: btc.close[i]!, strategyId: 'T' };
}

describe('ExecutionEngine syncVenueCalls', () => {
  it("uses the venue's submitNow / cancelNow, not the promise API", () => {
    const s = stack({ sync: true });
    let promiseCalls = 0;
    s.venue.submit = async () => void promiseCalls++;
    s.venue.cancel = async () => void promiseCalls++;
    s.engine.submit(buyAt('a', 0));
    expect(s.engine.order('a')!.status).toBe('ACCEPTED');
    s.engine.cancel('a');
    expect(s.engine.order('a')!.status).toBe('CANCELED');
    expect(promiseCalls).toBe(0);
  });

  it('turns a venue that throws into a rejected order at once (the promise API rejects a microtask later)', async () => {
    for (const sync of [true, false]) {
      const s = stack({ sync });
      const r = buyAt('dup', 0);
      s.venue.submitNow({ ...r }); // the venue already has this id: the engine's submit fails there
      s.engine.submit(r);
      const order = s.engine.order('dup')!;
      if (sync) {
        expect(order.status).toBe('REJECTED');
      } else {
        expect(order.status).toBe('SUBMITTED');
        await Promise.resolve();
        await Promise.resolve();
        expect(order.status).toBe('REJECTED');
      }
      const last = order.events[order.events.length - 1]!;
      expect(last).toMatchObject({ type: 'rejected', reason: 'VENUE_ERROR' });
      expect((last as { message: string }).message).toContain('already submitted');
    }
  });
});

describe('ExecutionEngine retainClosedOrders: false', () => {
  it('forgets an order once its terminal event is delivered; listeners still get every event with the order', () => {
    const s = stack({ sync: true, retainEngine: false });
    s.engine.submit(buyAt('a', 0));
    expect(s.engine.order('a')).toBeDefined();
    s.bar(1);
    const a = s.seen.filter((x) => x.event.clientOrderId === 'a');
    expect(a.map((x) => x.event.type)).toEqual(['initialized', 'submitted', 'accepted', 'filled']);
    expect(a.every((x) => x.order !== undefined && x.order.clientOrderId === 'a')).toBe(true);
    expect(a[3]!.order!.status).toBe('FILLED');
    expect(s.engine.order('a')).toBeUndefined();
    expect(s.engine.orders()).toEqual([]);
    // A cancel of the forgotten id: refused as unknown.
    s.engine.cancel('a');
    expect(s.seen[s.seen.length - 1]!.event).toMatchObject({ type: 'cancel_rejected', reason: 'UNKNOWN_ORDER' });
  });

  it('keeps open orders and orders with contingency links', () => {
    const s = stack({ sync: true, retainEngine: false });
    const p = btc.close[0]!;
    s.engine.submitBracket({
      entry: buyAt('e', 0),
      takeProfit: { clientOrderId: 'tp', instrumentId: 'BTC/USDT', side: 'sell', type: 'limit', quantity: 0.01, price: Math.round(p * 105) / 100, strategyId: 'T' },
      stopLoss: { clientOrderId: 'sl', instrumentId: 'BTC/USDT', side: 'sell', type: 'stop_market', quantity: 0.01, triggerPrice: Math.round(p * 95) / 100, strategyId: 'T' },
    });
    s.engine.submit(buyAt('far', 0));
    s.engine.modify('far', { price: Math.round(btc.close[0]! * 50) / 100 }); // never fills
    s.bar(1);
    expect(s.engine.order('e')!.status).toBe('FILLED');
    expect(s.engine.order('tp')).toBeDefined();
    expect(s.engine.order('far')!.isOpen).toBe(true);
  });

  it('by default keeps every order', () => {
    const s = stack({ sync: true });
    s.engine.submit(buyAt('a', 0));
    s.bar(1);
    expect(s.engine.order('a')!.status).toBe('FILLED');
  });
});

describe('SimVenue retainClosedOrders: false', () => {
  it('forgets a closed order: query, cancel and modify no longer find it; open orders stay', async () => {
    const clock = new SimClock(btc.timestamp[0]!);
    const venue = new SimVenue({ instruments: [BTC], clock, balances: { USDT: 100_000 }, retainClosedOrders: false });
    const events: OrderEvent[] = [];
    venue.subscribe((e) => events.push(e));
    venue.submitNow(buyAt('a', 0));
    venue.submitNow({ ...buyAt('far', 0), price: Math.round(btc.close[0]! * 50) / 100 });
    clock.advanceTo(btc.timestamp[1]!);
    venue.onBar('BTC/USDT', 1, btc);
    expect(events.filter((e) => e.clientOrderId === 'a').map((e) => e.type)).toEqual(['accepted', 'filled']);
    expect(await venue.query('a')).toBeUndefined();
    expect((await venue.query('far'))?.status).toBe('ACCEPTED');
    venue.cancelNow('a');
    expect(events[events.length - 1]).toMatchObject({ type: 'cancel_rejected', clientOrderId: 'a', reason: 'UNKNOWN_ORDER' });
    venue.cancelNow('far');
    expect(events[events.length - 1]).toMatchObject({ type: 'canceled', clientOrderId: 'far' });
  });

  it('by default keeps closed orders: a cancel is answered ORDER_ALREADY_CLOSED and the id stays taken', async () => {
    const clock = new SimClock(btc.timestamp[0]!);
    const venue = new SimVenue({ instruments: [BTC], clock, balances: { USDT: 100_000 } });
    const events: OrderEvent[] = [];
    venue.subscribe((e) => events.push(e));
    venue.submitNow(buyAt('a', 0));
    clock.advanceTo(btc.timestamp[1]!);
    venue.onBar('BTC/USDT', 1, btc);
    expect((await venue.query('a'))?.status).toBe('FILLED');
    venue.cancelNow('a');
    expect(events[events.length - 1]).toMatchObject({ type: 'cancel_rejected', reason: 'ORDER_ALREADY_CLOSED' });
    expect(() => venue.submitNow(buyAt('a', 0))).toThrow(/already submitted/);
  });
});
