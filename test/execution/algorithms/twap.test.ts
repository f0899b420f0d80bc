import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import type { AlgorithmReport } from '../../../framework/execution/algorithms/types.ts';
import { MIN, PAIR, T0, TF, setup } from './helpers.ts';

const HOUR = 60 * MIN;

/** Bars every 5 minutes from T0, bar i opening at 100 + i (range +-2 around it). */
function rising(h: ReturnType<typeof setup>, bars: number): void {
  for (let i = 0; i < bars; i++) h.bar(T0 + i * TF, 100 + i, 102 + i, 98 + i, 100.5 + i);
}

describe('TWAP', () => {
  it('plans N slices evenly over the window, on the lot grid, the remainder in the last slice', () => {
    const h = setup();
    const twap = h.algos.twap({ instrumentId: PAIR, side: 'buy', quantity: 1.003, durationMs: HOUR, slices: 4 });
    expect(twap.schedule()).toEqual({
      times: [T0, T0 + 15 * MIN, T0 + 30 * MIN, T0 + 45 * MIN],
      lots: [250, 250, 250, 253],
      end: T0 + HOUR,
    });
    // An uneven window: slice k at start + floor(k * 1000 / 3) ms.
    const odd = h.algos.twap({ instrumentId: PAIR, side: 'sell', quantity: 0.01, durationMs: 1000, slices: 3 });
    expect(odd.schedule()).toEqual({ times: [T0, T0 + 333, T0 + 666], lots: [3, 3, 4], end: T0 + 1000 });
  });

  it('sends each slice as a market child at its time; fills, report and shortfall check by hand', () => {
    const h = setup();
    h.engine.onPrice(PAIR, 99.5); // the arrival price
    let finished: AlgorithmReport | undefined;
    const twap = h.algos.twap({ instrumentId: PAIR, side: 'buy', quantity: 1.003, durationMs: HOUR, slices: 4, strategyId: 'Algo', tags: ['rebalance'], onFinished: (r) => (finished = r) });
    expect(twap.parentId).toBe('A-Algo-1');
    expect(h.submits).toHaveLength(1); // the first slice goes at once
    rising(h, 13);
    // Slices at bars 0, 3, 6, 9 (T0, +15m, +30m, +45m) fill at those bars' opens.
    expect(h.submits.map((r) => [r.clientOrderId, r.type, r.quantity, r.execAlgorithmId, r.execAlgorithmParentId, r.strategyId, r.tags])).toEqual([
      ['A-Algo-1-E1', 'market', 0.25, 'TWAP', 'A-Algo-1', 'Algo', ['rebalance']],
      ['A-Algo-1-E2', 'market', 0.25, 'TWAP', 'A-Algo-1', 'Algo', ['rebalance']],
      ['A-Algo-1-E3', 'market', 0.25, 'TWAP', 'A-Algo-1', 'Algo', ['rebalance']],
      ['A-Algo-1-E4', 'market', 0.253, 'TWAP', 'A-Algo-1', 'Algo', ['rebalance']],
    ]);
    const fills = h.events.filter((e) => e.type === 'filled').map((e) => [e.ts, e.type === 'filled' ? e.lastPrice : 0]);
    expect(fills).toEqual([
      [T0, 100],
      [T0 + 15 * MIN, 103],
      [T0 + 30 * MIN, 106],
      [T0 + 45 * MIN, 109],
    ]);
    const r = twap.report();
    // Notional 0.25*100 + 0.25*103 + 0.25*106 + 0.253*109 = 25 + 25.75 + 26.5 + 27.577 = 104.827.
    const avg = 104.827 / 1.003;
    expect(r).toMatchObject({
      algorithm: 'TWAP',
      status: 'COMPLETED',
      quantity: 1.003,
      filledQuantity: 1.003,
      remainingQuantity: 0,
      completion: 1,
      arrivalPrice: 99.5,
      slicesPlanned: 4,
      slicesSent: 4,
      slicesFilled: 4,
      slicesFailed: 0,
      sweptQuantity: 0,
      startedAt: T0,
      endedAt: T0 + 45 * MIN,
    });
    expect(r.averageFillPrice).toBeCloseTo(avg, 10);
    // A buy paying above arrival is a positive cost: (104.513459 - 99.5) / 99.5 * 1e4 = 503.8653 bps.
    expect(r.shortfallBps).toBeCloseTo(((avg - 99.5) / 99.5) * 10_000, 8);
    expect(r.shortfallBps).toBeCloseTo(503.8653, 3);
    expect(r.shortfallQuote).toBeCloseTo(104.827 - 99.5 * 1.003, 9);
    expect(r.fees).toBeCloseTo(104.827 * 0.002, 9); // taker 0.2%
    expect(finished).toEqual(r);
    expect(h.clock.nextTimerAt()).toBe(Infinity);
  });

  it("a sell's shortfall is positive when it receives less than the arrival price", () => {
    const h = setup();
    h.engine.onPrice(PAIR, 110);
    const twap = h.algos.twap({ instrumentId: PAIR, side: 'sell', quantity: 0.2, durationMs: 10 * MIN, slices: 2 });
    for (let i = 0; i < 3; i++) h.bar(T0 + i * TF, 108 - i, 109 - i, 106 - i, 107 - i);
    // Fills at 108 (bar 0) and 107 (bar 1): avg 107.5, (110 - 107.5) / 110 * 1e4 = 227.27 bps.
    expect(twap.report()).toMatchObject({ status: 'COMPLETED', averageFillPrice: 107.5 });
    expect(twap.report().shortfallBps).toBeCloseTo((2.5 / 110) * 10_000, 9);
  });

  it("limit children with remainder 'cancel': what did not fill by the end is canceled, the parent ENDS partial", () => {
    const h = setup();
    const twap = h.algos.twap({ instrumentId: PAIR, side: 'buy', quantity: 0.4, durationMs: 20 * MIN, slices: 4, limitPrice: 101.5, remainder: 'cancel' });
    // Bars rise 1 per bar with low = open - 2: a buy limit at 101.5 is reachable while low <= 101.5, i.e. bars 0..3.
    rising(h, 6);
    // Slices at bars 0 and 1 and 2 and 3 (every 5 min) all rest at 101.5, reachable on bars 0..3: all fill.
    expect(twap.report()).toMatchObject({ status: 'COMPLETED', filledQuantity: 0.4 });

    const h2 = setup();
    const t2 = h2.algos.twap({ instrumentId: PAIR, side: 'buy', quantity: 0.4, durationMs: 40 * MIN, slices: 4, limitPrice: 101.5, remainder: 'cancel' });
    rising(h2, 10);
    // Slices at bars 0 and 2 fill (low 98, 100 <= 101.5); bars 4 and 6 have lows 102 and 104: those two rest until T0+40m.
    const r = t2.report();
    expect(r).toMatchObject({ status: 'ENDED', filledQuantity: 0.2, remainingQuantity: 0.2, completion: 0.5, slicesSent: 4, slicesFilled: 2, averageFillPrice: 101.5, endedAt: T0 + 40 * MIN });
    expect(r.reason).toMatch(/time up with 0.2 unfilled/);
    expect(r.childOrderIds.map((id) => h2.engine.order(id)!.status)).toEqual(['FILLED', 'FILLED', 'CANCELED', 'CANCELED']);
  });

  it("remainder 'sweep': the unfilled rest goes out as one market order at the end", () => {
    const h = setup();
    const twap = h.algos.twap({ instrumentId: PAIR, side: 'buy', quantity: 0.4, durationMs: 40 * MIN, slices: 4, limitPrice: 101.5, remainder: 'sweep' });
    rising(h, 10);
    const r = twap.report();
    // Bars 0 and 2 fill 0.1 each at 101.5; at T0+40m the two resting children are canceled and a
    // market child of 0.2 fills at the open of bar 8 (108).
    expect(r).toMatchObject({ status: 'COMPLETED', filledQuantity: 0.4, slicesSent: 5, slicesFilled: 3, sweptQuantity: 0.2 });
    expect(h.submits[4]).toMatchObject({ type: 'market', quantity: 0.2, execAlgorithmId: 'TWAP' });
    expect(r.averageFillPrice).toBeCloseTo((0.2 * 101.5 + 0.2 * 108) / 0.4, 10);
  });

  it('cancelling the parent cancels its working children and stops scheduling', () => {
    const h = setup();
    const twap = h.algos.twap({ instrumentId: PAIR, side: 'buy', quantity: 0.4, durationMs: HOUR, slices: 4, limitPrice: 50 });
    rising(h, 4); // slices at T0 and T0+15m rest at 50
    expect(h.submits).toHaveLength(2);
    expect(h.algos.cancel(twap.parentId)).toBe(true);
    expect(twap.report().childOrderIds.map((id) => h.engine.order(id)!.status)).toEqual(['CANCELED', 'CANCELED']);
    rising(h, 14);
    h.clock.advanceTo(T0 + 2 * HOUR);
    expect(h.submits).toHaveLength(2);
    expect(twap.report()).toMatchObject({ status: 'CANCELED', reason: 'parent canceled', filledQuantity: 0, slicesSent: 2, completion: 0 });
    expect(h.algos.cancel(twap.parentId)).toBe(false);
    expect(h.algos.running()).toEqual([]);
  });

  it('refuses slices below the minimum quantity and quantities off the lot grid', () => {
    const h = setup();
    expect(() => h.algos.twap({ instrumentId: PAIR, side: 'buy', quantity: 0.003, durationMs: HOUR, slices: 4 })).toThrow(/at most 3 slices/);
    expect(() => h.algos.twap({ instrumentId: PAIR, side: 'buy', quantity: 0.0035, durationMs: HOUR, slices: 2 })).toThrow(UsageError);
    expect(() => h.algos.twap({ instrumentId: 'NOPE/USDT', side: 'buy', quantity: 1, durationMs: HOUR, slices: 2 })).toThrow(/unknown instrument/);
  });
});
