import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOrderTransition, OrderInvariantError } from '../../framework/execution/errors.ts';
import { Order } from '../../framework/execution/order.ts';
import { ORDER_TRANSITIONS, PREVIOUS, isTerminal } from '../../framework/execution/state-machine.ts';
import type { OrderEvent, OrderStatus } from '../../framework/execution/types.ts';

/**
 * Random event sequences against one order. Every event is either applied exactly as the
 * table says or refused with the order unchanged; the fill invariants hold after every step.
 */

const LOT = 0.001;
type Step =
  | { kind: 'simple'; type: 'denied' | 'emulated' | 'released' | 'submitted' | 'accepted' | 'rejected' | 'canceled' | 'expired' | 'triggered' | 'pending_update' | 'pending_cancel' | 'modify_rejected' | 'cancel_rejected' }
  | { kind: 'fill'; lots: number; price: number; tradeId: number }
  | { kind: 'update'; lots: number };

const simpleTypes = [
  'denied',
  'emulated',
  'released',
  'submitted',
  'accepted',
  'rejected',
  'canceled',
  'expired',
  'triggered',
  'pending_update',
  'pending_cancel',
  'modify_rejected',
  'cancel_rejected',
] as const;

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...simpleTypes).map((type) => ({ kind: 'simple' as const, type })) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('fill' as const),
      lots: fc.integer({ min: 1, max: 700 }),
      price: fc.double({ min: 0.0001, max: 1e6, noNaN: true, noDefaultInfinity: true }),
      tradeId: fc.integer({ min: 0, max: 40 }), // repeats exercise the duplicate-trade check
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('update' as const), lots: fc.integer({ min: 1, max: 1500 }) }) },
);

function toEvent(s: Step): OrderEvent {
  const base = { clientOrderId: 'P', instrumentId: 'X/Y', ts: 0 };
  switch (s.kind) {
    case 'fill':
      return {
        ...base,
        type: 'filled',
        tradeId: `t${s.tradeId}`,
        venueOrderId: 'v',
        side: 'sell',
        lastQuantity: Number((s.lots * LOT).toFixed(3)),
        lastPrice: s.price,
        fee: 0,
        feeCurrency: 'Y',
        liquidity: 'maker',
      };
    case 'update':
      return { ...base, type: 'updated', quantity: Number((s.lots * LOT).toFixed(3)) };
    default:
      switch (s.type) {
        case 'denied':
        case 'rejected':
        case 'modify_rejected':
        case 'cancel_rejected':
          return { ...base, type: s.type, reason: 'X', message: 'x' };
        case 'accepted':
          return { ...base, type: 'accepted', venueOrderId: 'v' };
        case 'released':
          return { ...base, type: 'released', releasedPrice: 1 };
        case 'triggered':
          return { ...base, type: 'triggered', triggerPrice: 1 };
        default:
          return { ...base, type: s.type };
      }
  }
}

function snapshot(o: Order) {
  return {
    status: o.status,
    previous: o.previousStatus,
    quantity: o.quantity,
    filled: o.filledQuantity,
    leaves: o.leavesQuantity,
    avg: o.averageFillPrice,
    events: o.events.length,
  };
}

describe('order state machine properties', () => {
  it('random event sequences: table-exact statuses, no silent change, fill invariants, terminal stays terminal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(step, { minLength: 1, maxLength: 60 }), (qtyLots, steps) => {
        const quantity = Number((qtyLots * LOT).toFixed(3));
        const o = new Order({ clientOrderId: 'P', instrumentId: 'X/Y', side: 'sell', type: 'stop_limit', quantity, price: 1, triggerPrice: 1 }, 0, {
          lotSize: LOT,
        });
        const applied: Array<{ q: number; p: number }> = [];
        let terminalAt: OrderStatus | undefined;
        for (const s of steps) {
          const before = snapshot(o);
          const event = toEvent(s);
          try {
            o.apply(event);
          } catch (err) {
            expect(err instanceof InvalidOrderTransition || err instanceof OrderInvariantError).toBe(true);
            expect(snapshot(o)).toEqual(before);
            continue;
          }
          // Accepted: the new status is exactly the table's cell.
          let trigger: keyof (typeof ORDER_TRANSITIONS)['ACCEPTED'];
          if (event.type === 'filled') {
            applied.push({ q: event.lastQuantity, p: event.lastPrice });
            trigger = o.leavesQuantity === 0 && o.filledQuantity === o.quantity ? 'filled' : 'partially_filled';
          } else {
            trigger = event.type as typeof trigger;
          }
          const cell = ORDER_TRANSITIONS[before.status][trigger];
          expect(cell, `${before.status} + ${trigger}`).toBeDefined();
          const expected = cell === 'SELF' ? before.status : cell === PREVIOUS ? before.previous : cell;
          expect(o.status).toBe(expected);
          expect(o.events.length).toBe(before.events + 1);

          // Terminal stays terminal.
          if (terminalAt) expect(o.status).toBe(terminalAt);
          if (isTerminal(o.status)) terminalAt = o.status;

          // Fill invariants.
          expect(o.filledQuantity).toBeLessThanOrEqual(o.quantity * (1 + 1e-12));
          if (o.status === 'FILLED') expect(o.filledQuantity).toBe(o.quantity);
          if (o.status === 'PARTIALLY_FILLED') expect(o.filledQuantity).toBeLessThan(o.quantity);
          if (!isTerminal(o.status)) expect(o.leavesQuantity).toBeCloseTo(o.quantity - o.filledQuantity, 9);
          else expect(o.leavesQuantity).toBe(0);
          if (applied.length > 0) {
            let num = 0;
            let den = 0;
            for (const f of applied) {
              num += f.q * f.p;
              den += f.q;
            }
            const ref = num / den;
            expect(Math.abs(o.averageFillPrice - ref) / ref).toBeLessThanOrEqual(1e-12);
            expect(o.filledQuantity).toBeCloseTo(den, 9);
          }
        }
      }),
      { numRuns: 3000, seed: 20240611 },
    );
  });

  it('the average fill price matches an exact integer reference over many fills of very different sizes', () => {
    const SCALE = 2 ** 20; // prices k / 2^20 are exact doubles, so the reference can be exact in BigInt
    fc.assert(
      fc.property(
        fc.array(fc.record({ lots: fc.integer({ min: 1, max: 1_000_000 }), k: fc.integer({ min: 1, max: 100_000 * SCALE }) }), {
          minLength: 1,
          maxLength: 200,
        }),
        (fills) => {
          const total = fills.reduce((s, f) => s + f.lots, 0);
          const o = new Order({ clientOrderId: 'P', instrumentId: 'X/Y', side: 'buy', type: 'limit', quantity: total, price: 1 }, 0);
          o.apply(toEvent({ kind: 'simple', type: 'submitted' }));
          let num = 0n;
          fills.forEach((f, i) => {
            const e = toEvent({ kind: 'fill', lots: 1, price: 1, tradeId: i }) as Extract<OrderEvent, { type: 'filled' }>;
            o.apply({ ...e, lastQuantity: f.lots, lastPrice: f.k / SCALE });
            num += BigInt(f.lots) * BigInt(f.k);
          });
          const exact = Number(num) / SCALE / total;
          expect(o.status).toBe('FILLED');
          expect(Math.abs(o.averageFillPrice - exact) / exact).toBeLessThanOrEqual(1e-12);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
