import { describe, expect, it } from 'vitest';
import { ceilToStep, decimalsOf, floorToStep, isOnStep, nearlyEqual, roundToStep, toSteps } from '../../framework/core/precision.ts';

describe('precision', () => {
  it('decides grid membership without float equality', () => {
    expect(isOnStep(0.1 + 0.2, 0.1)).toBe(true); // 0.30000000000000004
    expect(isOnStep(16541.77, 0.01)).toBe(true);
    expect(isOnStep(16541.775, 0.01)).toBe(false);
    expect(isOnStep(0.00012, 0.00001)).toBe(true);
    expect(isOnStep(0.000125, 0.00001)).toBe(false);
    expect(toSteps(16541.77, 0.01)).toBe(1654177);
  });

  it('rounds to the grid and prints clean decimals', () => {
    expect(roundToStep(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(roundToStep(16541.776, 0.01)).toBe(16541.78);
    expect(floorToStep(0.123456789, 0.00001)).toBe(0.12345);
    expect(floorToStep(0.3, 0.1)).toBe(0.3); // 0.3/0.1 = 2.9999999999999996 is still 3 steps
    expect(ceilToStep(0.12341, 0.001)).toBe(0.124);
    expect(ceilToStep(0.7, 0.1)).toBe(0.7);
    expect(roundToStep(5, 0)).toBe(5);
  });

  it('finds the decimals of a step', () => {
    expect([1, 0.5, 0.1, 0.01, 0.00001, 1e-8, 25].map(decimalsOf)).toEqual([0, 1, 1, 2, 5, 8, 0]);
  });

  it('compares with a relative tolerance', () => {
    expect(nearlyEqual(100, 100 * (1 + 1e-12))).toBe(true);
    expect(nearlyEqual(100, 100.0001)).toBe(false);
  });
});
