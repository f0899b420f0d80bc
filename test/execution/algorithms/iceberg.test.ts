import { describe, expect, it } from 'vitest';
import { evenSlices, weightedSlices } from '../../../framework/execution/algorithms/slicing.ts';
import { shortfallBps, shortfallQuote } from '../../../framework/execution/algorithms/shortfall.ts';
import { BTC, MIN, PAIR, T0, TF, setup } from './helpers.ts';

describe('iceberg', () => {
  it('shows one slice of the display quantity at a time and refills when it is filled', () => {
    // Participation cap: 10% of a bar's volume of 5 = 0.5 filled per bar.
    const h = setup({ config: { participation: { max_ratio: 0.1 } } });
    const seq: string[] = [];
    h.engine.subscribe((e, o) => {
      if (e.type === 'initialized') seq.push(`${e.clientOrderId.slice(-2)}:shown`);
      if (e.type === 'filled' && o?.status === 'FILLED') seq.push(`${e.clientOrderId.slice(-2)}:done`);
    });
    const ice = h.algos.iceberg({ instrumentId: PAIR, side: 'buy', quantity: 1, price: 100, displayQuantity: 0.3, arrivalPrice: 100.2 });
    expect(h.submits.map((r) => [r.type, r.price, r.quantity, r.execAlgorithmId])).toEqual([['limit', 100, 0.3, 'ICEBERG']]);
    // Bar 0: E1 fills 0.3; the refill E2 joins the bar and gets the 0.2 the cap leaves (partial: no refill).
    h.bar(T0, 100.5, 101, 99.5, 100.2, 5);
    expect(ice.report()).toMatchObject({ status: 'RUNNING', filledQuantity: 0.5, slicesSent: 2, slicesFilled: 1 });
    expect(h.engine.order(`${ice.parentId}-E2`)!.filledQuantity).toBe(0.2);
    // Bar 1: E2's last 0.1, refill E3 0.3, refill E4 with what is left (0.1): 0.5 again, done.
    h.bar(T0 + TF, 100.5, 101, 99.5, 100.2, 5);
    const r = ice.report();
    expect(r).toMatchObject({ status: 'COMPLETED', filledQuantity: 1, slicesPlanned: 4, slicesSent: 4, slicesFilled: 4, averageFillPrice: 100, arrivalPrice: 100.2 });
    expect(h.submits.map((s) => s.quantity)).toEqual([0.3, 0.3, 0.3, 0.1]);
    // Never more than one slice visible: each child is initialized only after the previous one filled.
    expect(seq).toEqual(['E1:shown', 'E1:done', 'E2:shown', 'E2:done', 'E3:shown', 'E3:done', 'E4:shown', 'E4:done']);
    // A buy below the arrival price is a gain: (100.2 - 100) / 100.2 * 1e4 = 19.96 bps saved.
    expect(r.shortfallBps).toBeCloseTo(-(0.2 / 100.2) * 10_000, 9);
  });

  it('a last slice below the minimum quantity is shown with the one before', () => {
    const h = setup({ instrument: { ...BTC, minQuantity: 0.2 } });
    const ice = h.algos.iceberg({ instrumentId: PAIR, side: 'sell', quantity: 1, price: 100, displayQuantity: 0.3 });
    h.bar(T0, 99.5, 101, 99, 100);
    expect(ice.report().status).toBe('COMPLETED');
    expect(h.submits.map((s) => s.quantity)).toEqual([0.3, 0.3, 0.4]);
  });

  it('a slice the venue rejects ends the iceberg with the reason', () => {
    const h = setup();
    h.bar(T0, 100, 101, 99, 100);
    // A post-only buy at 100.5 would take at the next open (100.2 <= 100.5): the venue rejects it.
    const ice = h.algos.iceberg({ instrumentId: PAIR, side: 'buy', quantity: 1, price: 100.5, displayQuantity: 0.5, postOnly: true });
    h.bar(T0 + TF, 100.2, 101, 100, 100.4);
    const r = ice.report();
    expect(r.status).toBe('ENDED');
    expect(r.reason).toMatch(/rejected: POST_ONLY_WOULD_TAKE/);
    expect(r.slicesFailed).toBe(1);
    h.bar(T0 + 2 * TF, 100.2, 101, 100, 100.4);
    expect(h.submits).toHaveLength(1);
  });

  it('with a window: at its end the working slice is canceled and the rest swept with a market order', () => {
    const h = setup();
    const ice = h.algos.iceberg({ instrumentId: PAIR, side: 'buy', quantity: 1, price: 90, displayQuantity: 0.25, durationMs: 10 * MIN, remainder: 'sweep' });
    h.bar(T0, 100, 101, 99, 100);
    h.bar(T0 + TF, 100, 101, 99, 100);
    expect(ice.report()).toMatchObject({ status: 'RUNNING', filledQuantity: 0 });
    h.bar(T0 + 2 * TF, 100.7, 101, 99, 100); // T0+10m: the window ends before this bar; the sweep fills at its open
    const r = ice.report();
    expect(r).toMatchObject({ status: 'COMPLETED', filledQuantity: 1, sweptQuantity: 1, slicesSent: 2, averageFillPrice: 100.7 });
    expect(h.engine.order(`${ice.parentId}-E1`)!.status).toBe('CANCELED');
  });

  it('cancelling the parent cancels the visible slice', () => {
    const h = setup();
    const ice = h.algos.iceberg({ instrumentId: PAIR, side: 'buy', quantity: 1, price: 90, displayQuantity: 0.25 });
    h.bar(T0, 100, 101, 99, 100);
    h.algos.cancel(ice.parentId, 'strategy changed its mind');
    expect(ice.report()).toMatchObject({ status: 'CANCELED', reason: 'strategy changed its mind', filledQuantity: 0 });
    expect(h.engine.order(`${ice.parentId}-E1`)!.status).toBe('CANCELED');
    h.bar(T0 + TF, 89, 91, 88, 90);
    expect(h.submits).toHaveLength(1);
    expect(ice.report().filledQuantity).toBe(0);
  });
});

describe('slicing and shortfall arithmetic', () => {
  it('even slices put the remainder last; weighted slices round the cumulative target', () => {
    expect(evenSlices(10, 3)).toEqual([3, 3, 4]);
    expect(evenSlices(7, 7)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    // Weights 1:2:1 of 10 lots: cumulative targets 2.5 -> 3, 7.5 -> 8, 10: slices 3, 5, 2.
    expect(weightedSlices(10, [1, 2, 1])).toEqual([3, 5, 2]);
    // A zero-weight hour gets nothing; slices below the minimum are carried forward.
    expect(weightedSlices(10, [0, 1, 1])).toEqual([0, 5, 5]);
    // [1, 1, 8] min 3: 1 and then 2 are carried, the last slice takes all 10.
    expect(weightedSlices(10, [1, 1, 8], 3)).toEqual([0, 0, 10]);
    // [8, 1, 1] min 3: 8, then 1 and 2 carried to the end, which goes back to the last non-empty slice.
    expect(weightedSlices(10, [8, 1, 1], 3)).toEqual([10, 0, 0]);
  });

  it('shortfall is signed so that a cost is positive for both sides', () => {
    expect(shortfallBps('buy', 100, 101)).toBeCloseTo(100, 9);
    expect(shortfallBps('sell', 100, 101)).toBeCloseTo(-100, 9);
    expect(shortfallBps('sell', 100, 99)).toBeCloseTo(100, 9);
    expect(shortfallQuote('buy', 100, 101, 2)).toBeCloseTo(2, 12);
    expect(Number.isNaN(shortfallBps('buy', Number.NaN, 101))).toBe(true);
  });
});
