import { describe, expect, it } from 'vitest';
import { OrderInvariantError } from '../../framework/execution/errors.ts';
import { Order } from '../../framework/execution/order.ts';
import type { OrderEvent, OrderRequest } from '../../framework/execution/types.ts';

const base = { clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 5 };

function fill(qty: number, price: number, tradeId: string, fee = 0.01, feeCurrency = 'USDT'): OrderEvent {
  return {
    ...base,
    type: 'filled',
    tradeId,
    venueOrderId: 'V9',
    side: 'buy',
    lastQuantity: qty,
    lastPrice: price,
    fee,
    feeCurrency,
    liquidity: 'taker',
  };
}

function accepted(quantity = 1, lotSize?: number): Order {
  const req: OrderRequest = { clientOrderId: 'A', instrumentId: 'BTC/USDT', side: 'buy', type: 'limit', quantity, price: 100 };
  const o = new Order(req, 1, { lotSize });
  o.apply({ ...base, type: 'submitted' });
  o.apply({ ...base, type: 'accepted', venueOrderId: 'V9' });
  return o;
}

describe('Order', () => {
  it('starts INITIALIZED with the initialized event and the request values', () => {
    const req: OrderRequest = { clientOrderId: 'A', instrumentId: 'BTC/USDT', side: 'sell', type: 'stop_limit', quantity: 2, price: 9, triggerPrice: 10 };
    const o = new Order(req, 42);
    expect(o.status).toBe('INITIALIZED');
    expect(o.events).toEqual([{ type: 'initialized', clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 42, request: req }]);
    expect([o.quantity, o.leavesQuantity, o.filledQuantity, o.price, o.triggerPrice]).toEqual([2, 2, 0, 9, 10]);
    expect(Number.isNaN(o.averageFillPrice)).toBe(true);
    expect(o.isOpen && o.isLocal && !o.isClosed).toBe(true);
  });

  it('tracks fills: quantity-weighted average, leaves, fees per currency, venue order id', () => {
    const o = accepted(1);
    o.apply(fill(0.25, 100, 't1', 0.5));
    expect(o.status).toBe('PARTIALLY_FILLED');
    o.apply(fill(0.5, 103, 't2', 0.25, 'BNB'));
    o.apply(fill(0.25, 99, 't3', 0.5));
    expect(o.status).toBe('FILLED');
    expect(o.filledQuantity).toBe(1);
    expect(o.leavesQuantity).toBe(0);
    expect(o.averageFillPrice).toBeCloseTo((0.25 * 100 + 0.5 * 103 + 0.25 * 99) / 1, 12);
    expect(o.feeTotal('USDT')).toBe(1);
    expect(o.feeTotal('BNB')).toBe(0.25);
    expect(o.venueOrderId).toBe('V9');
    expect(o.isClosed).toBe(true);
  });

  it('snaps sums of decimal lots to the lot grid and completes on 0.1 + 0.2 of 0.3', () => {
    const o = accepted(0.3, 0.1);
    o.apply(fill(0.1, 100, 't1'));
    o.apply(fill(0.2, 100, 't2'));
    expect(o.status).toBe('FILLED');
    expect(o.filledQuantity).toBe(0.3);
    const p = accepted(1, 0.1);
    p.apply(fill(0.1, 100, 't1'));
    p.apply(fill(0.2, 100, 't2'));
    expect(p.filledQuantity).toBe(0.3);
    expect(p.leavesQuantity).toBe(0.7);
  });

  it('refuses an overfill with a clear error and leaves the order unchanged', () => {
    const o = accepted(1);
    o.apply(fill(0.6, 100, 't1'));
    expect(() => o.apply(fill(0.5, 101, 't2'))).toThrow(OrderInvariantError);
    expect(() => o.apply(fill(0.5, 101, 't2'))).toThrow(/order A: fill t2 of 0.5 would fill 1.1 of quantity 1 \(overfill refused/);
    expect([o.status, o.filledQuantity, o.leavesQuantity, o.averageFillPrice, o.events.length]).toEqual(['PARTIALLY_FILLED', 0.6, 0.4, 100, 4]);
  });

  it('refuses a duplicate trade id, bad fill values and events of another order', () => {
    const o = accepted(1);
    o.apply(fill(0.1, 100, 't1'));
    expect(() => o.apply(fill(0.1, 100, 't1'))).toThrow(/duplicate trade id/);
    expect(() => o.apply(fill(0, 100, 't2'))).toThrow(/quantity 0/);
    expect(() => o.apply(fill(0.1, Number.NaN, 't3'))).toThrow(/price NaN/);
    expect(() => o.apply({ ...base, clientOrderId: 'B', type: 'canceled' })).toThrow(/received an event of order B/);
    expect(o.filledQuantity).toBe(0.1);
    expect(o.events).toHaveLength(4);
  });

  it('applies updates; the quantity may not go to or below the filled quantity', () => {
    const o = accepted(1);
    o.apply({ ...base, type: 'updated', price: 101, quantity: 2 });
    expect([o.price, o.quantity, o.leavesQuantity]).toEqual([101, 2, 2]);
    o.apply(fill(0.5, 101, 't1'));
    expect(() => o.apply({ ...base, type: 'updated', quantity: 0.4 })).toThrow(/not above the filled quantity 0.5/);
    expect(() => o.apply({ ...base, type: 'updated', quantity: 0.5 })).toThrow(OrderInvariantError);
    expect(() => o.apply({ ...base, type: 'updated', price: -1 })).toThrow(/price -1/);
    expect(o.quantity).toBe(2);
    o.apply({ ...base, type: 'updated', quantity: 0.8 });
    expect([o.quantity, o.leavesQuantity, o.status]).toEqual([0.8, 0.3, 'PARTIALLY_FILLED']);
  });

  it('a cancel closes the order with nothing left open and keeps the fills', () => {
    const o = accepted(1);
    o.apply(fill(0.4, 100, 't1'));
    o.apply({ ...base, type: 'canceled' });
    expect([o.status, o.filledQuantity, o.leavesQuantity]).toEqual(['CANCELED', 0.4, 0]);
  });
});
