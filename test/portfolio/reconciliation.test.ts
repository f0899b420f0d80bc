import { describe, expect, it } from 'vitest';
import { reconcile, type ReconcileOrder } from '../../framework/portfolio/reconciliation.ts';
import { BTC_USDT, ETH_USDT } from './fixtures.ts';

const options = { instruments: [BTC_USDT, ETH_USDT] };

function order(clientOrderId: string, status: ReconcileOrder['status'], filledQuantity = 0, extra: Partial<ReconcileOrder> = {}): ReconcileOrder {
  return { clientOrderId, instrumentId: 'BTC/USDT', status, quantity: 0.3, filledQuantity, ...extra };
}

describe('reconcile', () => {
  it('finds nothing when both sides agree (float noise and in-flight states included)', () => {
    const expected = {
      orders: [order('A', 'ACCEPTED'), order('B', 'PARTIALLY_FILLED', 0.1 + 0.2), order('C', 'PENDING_CANCEL'), order('D', 'FILLED', 0.3)],
      positions: [{ instrumentId: 'BTC/USDT', quantity: 0.1 + 0.2, averagePrice: 20000 }],
      balances: [{ currency: 'USDT', total: 100.1 + 0.2, free: 100.3, locked: 0 }],
    };
    const reported = {
      orders: [order('A', 'ACCEPTED'), order('B', 'PARTIALLY_FILLED', 0.3), order('C', 'ACCEPTED'), order('E', 'CANCELED')],
      positions: [{ instrumentId: 'BTC/USDT', quantity: 0.3, averagePrice: 20000 }],
      balances: [{ currency: 'USDT', total: 100.3, free: 100.3, locked: 0 }],
    };
    expect(reconcile(expected, reported, options)).toEqual([]);
  });

  it('reports an open order the venue does not have, and ignores closed or local-only ones', () => {
    const d = reconcile(
      { orders: [order('A', 'ACCEPTED'), order('B', 'CANCELED'), order('C', 'EMULATED'), order('D', 'DENIED')], positions: [] },
      { orders: [], positions: [] },
      options,
    );
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ kind: 'order_missing_at_venue', clientOrderId: 'A', action: 'adopt_venue_state' });
    expect(d[0]!.message).toMatch(/order A \(BTC\/USDT\) is ACCEPTED here but unknown at the venue/);
  });

  it('reports orders unknown to us: open ones to cancel, filled ones to alert', () => {
    const d = reconcile(
      { orders: [], positions: [] },
      { orders: [order('X', 'ACCEPTED'), order('Y', 'FILLED', 0.3), order('Z', 'CANCELED')], positions: [] },
      options,
    );
    expect(d.map((x) => [x.kind, 'clientOrderId' in x ? x.clientOrderId : '', x.action])).toEqual([
      ['unknown_order_at_venue', 'X', 'cancel_at_venue'],
      ['unknown_order_at_venue', 'Y', 'alert'],
    ]);
  });

  it('matches by venue order id when the client id differs', () => {
    const d = reconcile(
      { orders: [order('A', 'ACCEPTED', 0, { venueOrderId: 'v1' })], positions: [] },
      { orders: [order('a-venue-alias', 'ACCEPTED', 0, { venueOrderId: 'v1' })], positions: [] },
      options,
    );
    expect(d).toEqual([]);
  });

  it('reports status and filled quantity mismatches with the action that fits', () => {
    const d = reconcile(
      {
        orders: [order('A', 'ACCEPTED'), order('B', 'CANCELED'), order('C', 'FILLED', 0.3), order('F', 'PARTIALLY_FILLED', 0.2)],
        positions: [],
      },
      {
        orders: [order('A', 'FILLED', 0.3), order('B', 'ACCEPTED'), order('C', 'PARTIALLY_FILLED', 0.1), order('F', 'PARTIALLY_FILLED', 0.1)],
        positions: [],
      },
      options,
    );
    expect(d.map((x) => [x.kind, 'clientOrderId' in x ? x.clientOrderId : '', x.action])).toEqual([
      ['order_status_mismatch', 'A', 'adopt_venue_state'], // filled while we were away
      ['order_filled_quantity_mismatch', 'A', 'adopt_venue_state'], // missed fills
      ['order_status_mismatch', 'B', 'cancel_at_venue'], // our cancel never landed
      ['order_status_mismatch', 'C', 'alert'], // we booked a fill the venue has not made
      ['order_filled_quantity_mismatch', 'C', 'alert'],
      ['order_filled_quantity_mismatch', 'F', 'alert'],
    ]);
    expect(d[1]).toMatchObject({ expectedFilled: 0, reportedFilled: 0.3 });
  });

  it('reports position differences beyond the lot tolerance, netting hedged entries', () => {
    const expected = {
      orders: [],
      positions: [
        { instrumentId: 'BTC/USDT', quantity: 0.5, averagePrice: 1 },
        { instrumentId: 'BTC/USDT', quantity: -0.2, averagePrice: 1 },
        { instrumentId: 'ETH/USDT', quantity: 2, averagePrice: 1 },
      ],
    };
    const reported = {
      orders: [],
      positions: [
        { instrumentId: 'BTC/USDT', quantity: 0.301, averagePrice: 1 },
        { instrumentId: 'SOL/USDT', quantity: 3, averagePrice: 1 },
      ],
    };
    const strict = reconcile(expected, reported, options);
    expect(strict).toEqual([
      expect.objectContaining({ kind: 'position_quantity_mismatch', instrumentId: 'BTC/USDT', differenceLots: 1, action: 'adopt_venue_state' }),
      expect.objectContaining({ kind: 'position_quantity_mismatch', instrumentId: 'ETH/USDT', expectedQuantity: 2, reportedQuantity: 0, differenceLots: -200 }),
      expect.objectContaining({ kind: 'position_quantity_mismatch', instrumentId: 'SOL/USDT', reportedQuantity: 3 }),
    ]);
    expect(Number.isNaN((strict[2] as { differenceLots: number }).differenceLots)).toBe(true); // lot size unknown
    const tolerant = reconcile(expected, reported, { ...options, positionToleranceLots: 1 });
    expect(tolerant.map((x) => ('instrumentId' in x ? x.instrumentId : ''))).toEqual(['ETH/USDT', 'SOL/USDT']);
  });

  it('reports balance differences beyond the tolerance, only when both sides give balances', () => {
    const expected = {
      orders: [],
      positions: [],
      balances: [
        { currency: 'USDT', total: 1000, free: 1000, locked: 0 },
        { currency: 'BTC', total: 0.5, free: 0.5, locked: 0 },
      ],
    };
    const reported = {
      orders: [],
      positions: [],
      balances: [
        { currency: 'USDT', total: 1000.0000001, free: 1000, locked: 0 },
        { currency: 'BTC', total: 0.49, free: 0.49, locked: 0 },
        { currency: 'BNB', total: 0.1, free: 0.1, locked: 0 },
      ],
    };
    const d = reconcile(expected, reported, options);
    expect(d).toEqual([
      expect.objectContaining({ kind: 'balance_mismatch', currency: 'BNB', expectedTotal: 0, reportedTotal: 0.1, action: 'adopt_venue_state' }),
      expect.objectContaining({ kind: 'balance_mismatch', currency: 'BTC', expectedTotal: 0.5, reportedTotal: 0.49 }),
    ]);
    expect(reconcile(expected, { orders: [], positions: [] }, options)).toEqual([]);
    expect(reconcile(expected, reported, { ...options, balanceTolerance: { absolute: 0.2 } })).toEqual([]);
  });
});
