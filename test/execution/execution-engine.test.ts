import { describe, expect, it } from 'vitest';
import { SimClock } from '../../framework/core/clock.ts';
import { UsageError } from '../../framework/core/errors.ts';
import { ExecutionEngine } from '../../framework/execution/execution-engine.ts';
import type { PreTradeGate } from '../../framework/execution/gate.ts';
import type { Order } from '../../framework/execution/order.ts';
import type { OrderEvent, OrderRequest } from '../../framework/execution/types.ts';
import { BTC, ScriptedVenue } from './helpers/scripted-venue.ts';

function setup(opts: { gate?: PreTradeGate } = {}) {
  const venue = new ScriptedVenue();
  const clock = new SimClock(1_700_000_000_000);
  const engine = new ExecutionEngine({ venue, clock, gate: opts.gate });
  const seen: Array<{ event: OrderEvent; status: string | undefined }> = [];
  engine.subscribe((event, order) => seen.push({ event, status: order?.status }));
  const types = () => seen.map((s) => `${s.event.clientOrderId}:${s.event.type}`);
  return { venue, clock, engine, seen, types };
}

function limit(id: string, over: Partial<OrderRequest> = {}): OrderRequest {
  return { clientOrderId: id, instrumentId: 'BTC/USDT', side: 'buy', type: 'limit', quantity: 0.5, price: 40_000, ...over };
}

function last<T>(xs: T[]): T {
  return xs[xs.length - 1]!;
}

describe('ExecutionEngine: submit', () => {
  it('validates, sends to the venue and applies the venue answer; subscribers see events in order', () => {
    const { venue, engine, types } = setup();
    const order = engine.submit(limit('A'));
    expect(order.status).toBe('ACCEPTED');
    expect(order.venueOrderId).toBe('V1');
    expect(venue.submits).toHaveLength(1);
    expect(venue.submits[0]).toMatchObject({ clientOrderId: 'A', quantity: 0.5, price: 40_000 });
    expect(types()).toEqual(['A:initialized', 'A:submitted', 'A:accepted']);
    venue.fill('A', 0.2, 39_999);
    venue.fill('A', 0.3, 40_000);
    expect(order.status).toBe('FILLED');
    expect(order.averageFillPrice).toBeCloseTo(39_999.6, 9);
    expect(engine.openOrders()).toEqual([]);
    expect(engine.orders()).toEqual([order]);
  });

  it('denies a bad order with a reason code and never sends it', () => {
    const { venue, engine, seen } = setup();
    const order = engine.submit(limit('A', { price: 40_000.001 }));
    expect(order.status).toBe('DENIED');
    const denied = last(order.events);
    expect(denied).toMatchObject({ type: 'denied', reason: 'PRICE_NOT_ON_TICK' });
    expect(venue.submits).toHaveLength(0);
    expect(engine.stats.denied).toBe(1);
    expect(seen.map((s) => s.event.type)).toEqual(['initialized', 'denied']);
  });

  it('denies unknown instruments and closed markets', () => {
    const { venue, engine } = setup();
    expect(last(engine.submit(limit('A', { instrumentId: 'XYZ/USDT' })).events)).toMatchObject({ reason: 'UNKNOWN_INSTRUMENT' });
    venue.setInstrument({ ...BTC, isOpen: false });
    expect(last(engine.submit(limit('B')).events)).toMatchObject({ reason: 'MARKET_CLOSED' });
    expect(venue.submits).toHaveLength(0);
  });

  it('uses the last price as the notional of market orders', () => {
    const { engine } = setup();
    engine.onPrice('BTC/USDT', 4000);
    expect(last(engine.submit({ ...limit('A', { quantity: 0.001 }), type: 'market', price: undefined }).events)).toMatchObject({
      reason: 'BELOW_MIN_NOTIONAL',
    });
    engine.onPrice('BTC/USDT', 40_000);
    expect(engine.submit({ ...limit('B', { quantity: 0.001 }), type: 'market', price: undefined }).status).toBe('ACCEPTED');
  });

  it('a second submit with the same client order id returns the existing order and creates nothing', () => {
    const { venue, engine, seen } = setup();
    const first = engine.submit(limit('A'));
    const n = seen.length;
    const again = engine.submit(limit('A', { price: 41_000, quantity: 3 }));
    expect(again).toBe(first);
    expect(again.price).toBe(40_000);
    expect(venue.submits).toHaveLength(1);
    expect(seen).toHaveLength(n);
    expect(engine.stats.duplicateSubmits).toBe(1);
    // Also for a denied order: the id stays taken.
    const d = engine.submit(limit('D', { quantity: -1 }));
    expect(engine.submit(limit('D'))).toBe(d);
    expect(d.status).toBe('DENIED');
  });

  it('refuses requests without an id or with contingency links (programming errors)', () => {
    const { engine } = setup();
    expect(() => engine.submit(limit(''))).toThrow(UsageError);
    expect(() => engine.submit(limit('A', { contingency: 'OCO', linkedOrderIds: ['B'] }))).toThrow(/use submitList/);
  });

  it('a venue rejection (e.g. insufficient balance) lands as REJECTED with its reason', () => {
    const { venue, engine } = setup();
    venue.autoAccept = false;
    const o = engine.submit(limit('A'));
    expect(o.status).toBe('SUBMITTED');
    venue.reject('A', 'INSUFFICIENT_BALANCE', 'need 20000 USDT, have 10');
    expect(o.status).toBe('REJECTED');
    expect(last(o.events)).toMatchObject({ type: 'rejected', reason: 'INSUFFICIENT_BALANCE' });
    expect(engine.openOrders()).toHaveLength(0);
  });

  it('a failed venue request (rejected promise) becomes a VENUE_ERROR rejection', async () => {
    const { venue, engine } = setup();
    venue.failNext = 'submit';
    const o = engine.submit(limit('A'));
    expect(o.status).toBe('SUBMITTED');
    await new Promise((r) => setImmediate(r));
    expect(o.status).toBe('REJECTED');
    expect(last(o.events)).toMatchObject({ reason: 'VENUE_ERROR' });
    expect((last(o.events) as { message: string }).message).toContain('connection reset');
  });

  it('passes the gate a context and denies with its reason; the gate sees every event first', () => {
    const calls: string[] = [];
    const gate: PreTradeGate = {
      check(r, ctx) {
        calls.push(`${ctx.action}:${r.clientOrderId}:${ctx.instrument.id}:${ctx.engine.openOrders().length}`);
        return r.quantity > 1 ? { reason: 'MAX_ORDER_SIZE', message: `order ${r.clientOrderId}: too big` } : null;
      },
      onOrderEvent(e) {
        calls.push(`event:${e.type}`);
      },
    };
    const { engine } = setup({ gate });
    expect(engine.submit(limit('A')).status).toBe('ACCEPTED');
    const big = engine.submit(limit('B', { quantity: 2 }));
    expect(big.status).toBe('DENIED');
    expect(last(big.events)).toMatchObject({ reason: 'MAX_ORDER_SIZE', message: 'order B: too big' });
    engine.modify('A', { quantity: 3 });
    expect(last(engine.order('A')!.events)).toMatchObject({ type: 'modify_rejected', reason: 'MAX_ORDER_SIZE' });
    expect(calls).toEqual([
      'submit:A:BTC/USDT:1',
      'event:initialized',
      'event:submitted',
      'event:accepted',
      'submit:B:BTC/USDT:2',
      'event:initialized',
      'event:denied',
      'modify:A:BTC/USDT:1',
      'event:modify_rejected',
    ]);
  });

  it('delivers events caused by a subscriber after the event being delivered', () => {
    const { venue, engine, types } = setup();
    engine.subscribe((e) => {
      if (e.type === 'filled' && e.clientOrderId === 'A') engine.submit(limit('B', { side: 'sell', price: 41_000 }));
    });
    engine.submit(limit('A'));
    venue.fill('A', 0.5, 40_000);
    expect(types()).toEqual(['A:initialized', 'A:submitted', 'A:accepted', 'A:filled', 'B:initialized', 'B:submitted', 'B:accepted']);
  });

  it('a throwing subscriber is logged and counted; the engine goes on', () => {
    const { engine } = setup();
    engine.subscribe(() => {
      throw new Error('strategy bug');
    });
    expect(engine.submit(limit('A')).status).toBe('ACCEPTED');
    expect(engine.stats.listenerErrors).toBe(3);
  });
});

describe('ExecutionEngine: cancel and modify', () => {
  it('cancel: PENDING_CANCEL, then CANCELED from the venue', () => {
    const { venue, engine, types } = setup();
    venue.autoCancel = false;
    const o = engine.submit(limit('A'));
    engine.cancel('A');
    expect(o.status).toBe('PENDING_CANCEL');
    engine.cancel('A'); // a second cancel while one is in flight is not sent again
    expect(venue.cancels).toEqual(['A']);
    venue.emit({ type: 'canceled', clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 1 });
    expect(o.status).toBe('CANCELED');
    expect(types().slice(-2)).toEqual(['A:pending_cancel', 'A:canceled']);
  });

  it('cancel of an unknown order: cancel_rejected UNKNOWN_ORDER, nothing created', () => {
    const { venue, engine, seen } = setup();
    engine.cancel('ghost');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.event).toMatchObject({ type: 'cancel_rejected', clientOrderId: 'ghost', reason: 'UNKNOWN_ORDER' });
    expect(seen[0]!.status).toBeUndefined();
    expect(engine.orders()).toHaveLength(0);
    expect(venue.cancels).toHaveLength(0);
  });

  it('cancel of a filled order: cancel_rejected ORDER_ALREADY_CLOSED, stays FILLED, venue not asked', () => {
    const { venue, engine } = setup();
    const o = engine.submit(limit('A'));
    venue.fill('A', 0.5, 40_000);
    engine.cancel('A');
    expect(o.status).toBe('FILLED');
    expect(last(o.events)).toMatchObject({ type: 'cancel_rejected', reason: 'ORDER_ALREADY_CLOSED' });
    expect(venue.cancels).toHaveLength(0);
  });

  it('a venue cancel rejection puts the order back where it was; a failed cancel request too', async () => {
    const { venue, engine } = setup();
    venue.autoCancel = false;
    const o = engine.submit(limit('A'));
    venue.fill('A', 0.1, 40_000);
    engine.cancel('A');
    venue.emit({ type: 'cancel_rejected', clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 1, reason: 'VENUE_ERROR', message: 'busy' });
    expect(o.status).toBe('PARTIALLY_FILLED');
    venue.failNext = 'cancel';
    engine.cancel('A');
    expect(o.status).toBe('PENDING_CANCEL');
    await new Promise((r) => setImmediate(r));
    expect(o.status).toBe('PARTIALLY_FILLED');
    expect(last(o.events)).toMatchObject({ type: 'cancel_rejected', reason: 'VENUE_ERROR' });
  });

  it('modify: PENDING_UPDATE then updated values from the venue', () => {
    const { venue, engine } = setup();
    venue.autoModify = false;
    const o = engine.submit(limit('A'));
    engine.modify('A', { price: 39_500, quantity: 0.7 });
    expect(o.status).toBe('PENDING_UPDATE');
    expect(venue.modifies).toEqual([{ id: 'A', changes: { price: 39_500, quantity: 0.7 } }]);
    venue.emit({ type: 'updated', clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 1, price: 39_500, quantity: 0.7 });
    expect([o.status, o.price, o.quantity, o.leavesQuantity]).toEqual(['ACCEPTED', 39_500, 0.7, 0.7]);
  });

  it('modify refusals: unknown, filled, invalid values, quantity not above filled, cancel in flight', () => {
    const { venue, engine, seen } = setup();
    engine.modify('ghost', { price: 1 });
    expect(last(seen).event).toMatchObject({ type: 'modify_rejected', reason: 'UNKNOWN_ORDER' });

    const f = engine.submit(limit('F'));
    venue.fill('F', 0.5, 40_000);
    engine.modify('F', { price: 39_000 });
    expect([f.status, f.price]).toEqual(['FILLED', 40_000]);
    expect(last(f.events)).toMatchObject({ type: 'modify_rejected', reason: 'ORDER_ALREADY_CLOSED' });

    const a = engine.submit(limit('A'));
    venue.fill('A', 0.2, 40_000);
    engine.modify('A', { price: 39_000.005 });
    expect(last(a.events)).toMatchObject({ type: 'modify_rejected', reason: 'PRICE_NOT_ON_TICK' });
    engine.modify('A', { quantity: 0.2 });
    expect(last(a.events)).toMatchObject({ type: 'modify_rejected', reason: 'INVALID_MODIFY' });
    expect([a.status, a.quantity, a.price]).toEqual(['PARTIALLY_FILLED', 0.5, 40_000]);

    venue.autoCancel = false;
    engine.cancel('A');
    engine.modify('A', { price: 39_000 });
    expect(a.status).toBe('PENDING_CANCEL');
    expect(last(a.events)).toMatchObject({ type: 'modify_rejected', reason: 'INVALID_MODIFY' });
    expect(venue.modifies).toHaveLength(0);
  });

  it('a modify refused in the engine while another is in flight leaves the order PENDING_UPDATE', () => {
    const { venue, engine, seen } = setup();
    venue.autoModify = false;
    const o = engine.submit(limit('A'));
    engine.modify('A', { price: 39_000 });
    engine.modify('A', { price: 39_000.001 });
    expect(o.status).toBe('PENDING_UPDATE');
    expect(last(seen).event).toMatchObject({ type: 'modify_rejected', reason: 'PRICE_NOT_ON_TICK' });
    expect(venue.modifies).toHaveLength(1);
    venue.emit({ type: 'updated', clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 1, price: 39_000 });
    expect([o.status, o.price]).toEqual(['ACCEPTED', 39_000]);
  });

  it('cancelAll cancels the open orders of one instrument or all', () => {
    const { venue, engine } = setup();
    venue.setInstrument({ ...BTC, id: 'ETH/USDT', base: 'ETH' });
    engine.submit(limit('A'));
    engine.submit(limit('B', { instrumentId: 'ETH/USDT', price: 2000 }));
    engine.submit(limit('C'));
    venue.fill('C', 0.5, 40_000);
    expect(engine.cancelAll('BTC/USDT')).toBe(1);
    expect(engine.order('A')!.status).toBe('CANCELED');
    expect(engine.order('B')!.status).toBe('ACCEPTED');
    expect(engine.cancelAll()).toBe(1);
    expect(engine.openOrders()).toHaveLength(0);
  });
});

describe('ExecutionEngine: venue events', () => {
  it('events for unknown orders are counted and logged, never thrown', () => {
    const { venue, engine, seen } = setup();
    const refused: string[] = [];
    engine.subscribeRefused((e, err) => refused.push(`${e.clientOrderId}:${err.message}`));
    expect(() => venue.fill('nobody', 1, 100)).not.toThrow();
    expect(engine.stats.unknownOrderEvents).toBe(1);
    expect(refused).toEqual(['nobody:unknown order nobody']);
    expect(seen).toHaveLength(0);
  });

  it('a fill after the order was cancelled is refused by the table, counted, and the order stays CANCELED', () => {
    const { venue, engine } = setup();
    const refused: Array<{ e: OrderEvent; err: Error; o: Order | undefined }> = [];
    engine.subscribeRefused((e, err, o) => refused.push({ e, err, o }));
    const o = engine.submit(limit('A'));
    engine.cancel('A');
    expect(o.status).toBe('CANCELED');
    expect(() => venue.fill('A', 0.1, 40_000)).not.toThrow();
    expect(o.status).toBe('CANCELED');
    expect(o.filledQuantity).toBe(0);
    expect(engine.stats.refusedVenueEvents).toBe(1);
    expect(refused[0]!.err.message).toMatch(/order A: event 'filled' is not allowed in status CANCELED/);
    expect(refused[0]!.o).toBe(o);
  });

  it('an overfill from the venue is refused with the order unchanged', () => {
    const { venue, engine } = setup();
    const o = engine.submit(limit('A'));
    venue.fill('A', 0.4, 40_000);
    venue.fill('A', 0.2, 40_000);
    expect([o.status, o.filledQuantity]).toEqual(['PARTIALLY_FILLED', 0.4]);
    expect(engine.stats.refusedVenueEvents).toBe(1);
  });

  it('engine-only event types from a venue are ignored and counted', () => {
    const { venue, engine } = setup();
    const o = engine.submit(limit('A'));
    venue.emit({ type: 'submitted', clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 1 });
    venue.emit({ type: 'denied', clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 1, reason: 'X', message: 'x' });
    expect(o.status).toBe('ACCEPTED');
    expect(engine.stats.ignoredVenueEvents).toBe(2);
  });

  it('dispose stops listening to the venue', () => {
    const { venue, engine } = setup();
    venue.autoAccept = false;
    const o = engine.submit(limit('A'));
    engine.dispose();
    venue.accept('A');
    expect(o.status).toBe('SUBMITTED');
  });
});
