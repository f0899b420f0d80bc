/**
 * Longest-first dispatch before the sampler's batch barrier: the estimate is the duration of
 * the nearest finished epoch in the search space, and the next trial to run is the longest.
 */
import { describe, expect, it } from 'vitest';
import { DurationEstimator, nextToRun } from '../../../framework/optimize/hyperopt/dispatch-order.ts';
import { categoricalDim, decimalDim, intDim } from '../../../framework/optimize/spaces/index.ts';

const dims = [intDim('buy_fast', 5, 30), decimalDim('stoploss', -0.3, -0.02, 3), categoricalDim('mode', ['a', 'b', 'c'])];

describe('hyperopt dispatch order', () => {
  it('estimates from the nearest finished epoch (scaled per dimension), mean on ties, NaN before any', () => {
    const e = new DurationEstimator(dims);
    expect(e.estimate({ buy_fast: 10, stoploss: -0.1, mode: 'a' })).toBeNaN();
    e.add({ buy_fast: 5, stoploss: -0.1, mode: 'a' }, 900);
    e.add({ buy_fast: 30, stoploss: -0.1, mode: 'a' }, 100);
    e.add({ buy_fast: 30, stoploss: -0.1, mode: 'a' }, 300);
    e.add({ buy_fast: 20, stoploss: -0.1, mode: 'c' }, 50);
    e.add({ buy_fast: 5, stoploss: -0.3, mode: 'a' }, Number.NaN); // ignored
    expect(e.estimate({ buy_fast: 7, stoploss: -0.1, mode: 'a' })).toBe(900);
    expect(e.estimate({ buy_fast: 29, stoploss: -0.1, mode: 'a' })).toBe(200);
    // 'c' is far from 'a' (a whole dimension's width): the epoch with mode c is nearest.
    expect(e.estimate({ buy_fast: 18, stoploss: -0.1, mode: 'c' })).toBe(50);
    // A stoploss step of 0.28 (the whole range) outweighs 10 of 25 in buy_fast.
    expect(e.estimate({ buy_fast: 15, stoploss: -0.02, mode: 'a' })).toBe(900);
  });

  it('runs the longest estimated trial first; the sampler order while nothing is known', () => {
    const e = new DurationEstimator(dims);
    const waiting = [
      { number: 8, params: { buy_fast: 29, stoploss: -0.1, mode: 'a' } },
      { number: 9, params: { buy_fast: 6, stoploss: -0.1, mode: 'a' } },
      { number: 10, params: { buy_fast: 17, stoploss: -0.1, mode: 'a' } },
    ];
    expect(nextToRun(waiting, e)).toBe(0);
    e.add({ buy_fast: 5, stoploss: -0.1, mode: 'a' }, 900);
    e.add({ buy_fast: 30, stoploss: -0.1, mode: 'a' }, 100);
    e.add({ buy_fast: 16, stoploss: -0.1, mode: 'a' }, 400);
    expect(nextToRun(waiting, e)).toBe(1);
    expect(nextToRun([waiting[0]!, waiting[2]!], e)).toBe(1);
  });
});
