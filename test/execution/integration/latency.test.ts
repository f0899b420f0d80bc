/**
 * The latency model through the engine: order_ms (client -> venue for orders and modifies),
 * cancel_ms (client -> venue for cancels), ack_ms (venue -> client for every report). Events
 * carry the venue's time (`ts`); the engine applies them when they are delivered, on the
 * SimClock's timers, so the engine's view lags the venue by ack_ms.
 */
import { describe, expect, it } from 'vitest';
import { MIN, T0, req, stack } from './stack.ts';

const LATENCY = { latency: { order_ms: 100, ack_ms: 50, cancel_ms: 200 } };

describe('latency model interplay', () => {
  it('order, ack and cancel delays: event times and delivery times', () => {
    const s = stack({ config: LATENCY });
    const seen: Array<[string, string, number, number]> = [];
    s.engine.subscribe((e) => seen.push([e.clientOrderId, e.type, e.ts - T0, s.clock.now() - T0]));
    s.engine.submit(req({ clientOrderId: 'A', side: 'buy', type: 'limit', quantity: 1, price: 99 })); // at T0 - 1 min
    expect(s.order('A').status).toBe('SUBMITTED');
    s.bar(0, 100, 101, 98, 100); // reaches the venue at -59.9 s, fills at the bar (T0)
    expect(s.order('A').status).toBe('ACCEPTED'); // the fill report is still on the wire
    s.clock.advanceTo(T0 + 50);
    expect(s.order('A').status).toBe('FILLED');
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(1);

    s.clock.advanceTo(T0 + 1_000);
    s.engine.submit(req({ clientOrderId: 'B', side: 'buy', type: 'limit', quantity: 1, price: 90 }));
    s.clock.advanceTo(T0 + 2_000);
    s.engine.cancel('B');
    expect(s.order('B').status).toBe('PENDING_CANCEL');
    s.clock.advanceTo(T0 + 3_000);
    expect(s.order('B').status).toBe('CANCELED');

    expect(seen).toEqual([
      // [order, event, ts - T0, delivered at - T0]
      ['A', 'initialized', -MIN, -MIN],
      ['A', 'submitted', -MIN, -MIN],
      ['A', 'accepted', -MIN + 100, -MIN + 150],
      ['A', 'filled', 0, 50],
      ['B', 'initialized', 1_000, 1_000],
      ['B', 'submitted', 1_000, 1_000],
      ['B', 'accepted', 1_100, 1_150],
      ['B', 'pending_cancel', 2_000, 2_000],
      ['B', 'canceled', 2_200, 2_250],
    ]);
  });

  it('an order still in flight at the bar open misses that bar; a cancel in flight does not stop a fill', () => {
    const s = stack({ config: { latency: { order_ms: 2 * MIN, cancel_ms: 2 * MIN } } });
    s.engine.submit(req({ clientOrderId: 'A', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    s.bar(0, 100, 101, 98, 100); // A reaches the venue at T0 + 1 min: not live at this bar's open
    expect(s.fills('A')).toEqual([]);
    s.bar(1, 100, 101, 98, 100); // live now, fills
    expect(s.order('A').status).toBe('FILLED');

    s.engine.submit(req({ clientOrderId: 'B', side: 'buy', type: 'limit', quantity: 1, price: 97 }));
    s.bar(2, 100, 101, 99, 100);
    s.bar(3, 100, 101, 99, 100); // B live since T0 + 3 min
    s.engine.cancel('B'); // takes 2 minutes
    s.bar(4, 98, 99, 96, 97); // fills B before the cancel arrives
    s.bar(5, 98, 99, 96, 97);
    expect(s.types('B')).toEqual(['initialized', 'submitted', 'accepted', 'pending_cancel', 'filled', 'cancel_rejected']);
    expect(s.order('B').status).toBe('FILLED');
  });

  it('a modify in flight: the order keeps its old price at the venue until the modify arrives', () => {
    const s = stack({ config: { latency: { order_ms: 30_000 } } });
    s.engine.submit(req({ clientOrderId: 'A', side: 'buy', type: 'limit', quantity: 1, price: 95 }));
    s.bar(0, 100, 101, 99, 100);
    s.engine.modify('A', { price: 99.5 }); // arrives at T0 + 30 s
    expect(s.order('A').status).toBe('PENDING_UPDATE');
    s.clock.advanceTo(T0 + 30_000);
    expect(s.order('A')).toMatchObject({ status: 'ACCEPTED', price: 99.5 });
    s.bar(1, 100, 101, 99, 100);
    expect(s.fills('A').map((f) => f.lastPrice)).toEqual([99.5]);
  });
});
