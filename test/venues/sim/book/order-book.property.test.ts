/**
 * Random operation sequences run on OrderBook and on the naive ReferenceBook must give the
 * same results, the same fills and maker cancels in the same order, and the same book (every
 * resting order, in priority order, with its open and visible lots).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../../../framework/venues/sim/book/order-book.ts';
import { BUY, SELL, type BookTif, type Side, type StpMode } from '../../../../framework/venues/sim/book/types.ts';
import { ReferenceBook } from './reference-book.ts';
import { RecordingSink } from './recording-sink.ts';

type Op =
  | { k: 'limit'; side: Side; price: number; qty: number; tif: BookTif; postOnly: boolean; display: number; owner: number; stp: StpMode }
  | { k: 'market'; side: Side; qty: number; protection: number; owner: number; stp: StpMode; fok: boolean }
  | { k: 'cancel'; target: number }
  | { k: 'modify'; target: number; price: number; qty: number };

const side = fc.constantFrom<Side>(BUY, SELL);
const price = fc.integer({ min: 95, max: 105 });
const owner = fc.integer({ min: 0, max: 2 });
const stp = fc.constantFrom<StpMode>(0, 1, 2, 3);

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant('limit' as const),
      side,
      price,
      qty: fc.integer({ min: 1, max: 10 }),
      tif: fc.constantFrom<BookTif>(0, 0, 0, 1, 2),
      postOnly: fc.boolean(),
      display: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
      owner,
      stp,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('market' as const),
      side,
      qty: fc.integer({ min: 1, max: 30 }),
      protection: fc.oneof(fc.constant(NaN), price),
      owner,
      stp,
      fok: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('cancel' as const), target: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('modify' as const), target: fc.nat(), price, qty: fc.integer({ min: 0, max: 12 }) }),
  },
);

function run(ops: Op[]): void {
  const sink = new RecordingSink();
  const book = new OrderBook(sink, 2);
  const ref = new ReferenceBook();
  let nextId = 1;
  for (const [step, o] of ops.entries()) {
    const where = `step ${step}: ${JSON.stringify(o)}`;
    if (o.k === 'limit') {
      const id = nextId++;
      // post-only is only meaningful (and allowed) with GTC most of the time; keep some invalid combos
      const a = book.addLimit(id, o.side, o.price, o.qty, o.tif, o.postOnly, o.display, o.owner, o.stp).snapshot();
      const b = ref.addLimit(id, o.side, o.price, o.qty, o.tif, o.postOnly, o.display, o.owner, o.stp);
      expect(a, where).toEqual(b);
    } else if (o.k === 'market') {
      const id = nextId++;
      const a = book.addMarket(id, o.side, o.qty, o.protection, o.owner, o.stp, o.fok).snapshot();
      const b = ref.addMarket(id, o.side, o.qty, o.protection, o.owner, o.stp, o.fok);
      expect(a, where).toEqual(b);
    } else if (o.k === 'cancel') {
      const id = 1 + (o.target % nextId);
      expect(book.cancel(id), where).toBe(ref.cancel(id));
    } else {
      const id = 1 + (o.target % nextId);
      const a = book.modify(id, o.price, o.qty).snapshot();
      const b = ref.modify(id, o.price, o.qty);
      expect(a, where).toEqual(b);
    }
    expect(sink.take(), where).toEqual(ref.events.splice(0));
    expect(book.ordersOf(BUY), where).toEqual(ref.ordersOf(BUY));
    expect(book.ordersOf(SELL), where).toEqual(ref.ordersOf(SELL));
    expect(book.orderCount).toBe(ref.orders.length);
    const bids = book.snapshot().bids;
    const visibleAt = (p: number) => ref.orders.filter((x) => x.side === BUY && x.price === p).reduce((s, x) => s + x.visible, 0);
    for (const l of bids) expect(l.visibleLots, where).toBe(visibleAt(l.priceTicks));
  }
}

describe('OrderBook vs a naive reference book', () => {
  it('agrees on random sequences of adds, markets, cancels and modifies', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 200 }), (ops) => run(ops)),
      { numRuns: 400, seed: 20240607 },
    );
  });

  it('agrees on long sequences', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 500, maxLength: 1500 }), (ops) => run(ops)),
      { numRuns: 20, seed: 7 },
    );
  });
});
