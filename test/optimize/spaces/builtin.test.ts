import { describe, expect, it } from 'vitest';
import {
  generateRoiTable,
  generateTrailingParams,
  maxOpenTradesSpace,
  roiLimits,
  roiSpace,
  roiTableBounds,
  stoplossSpace,
  trailingSpace,
} from '../../../framework/optimize/spaces/builtin.ts';
import { decimalDim, describeDimension, gridCount, gridValue, intDim, isValidValue, realDim, categoricalDim } from '../../../framework/optimize/spaces/dimensions.ts';
import { UsageError } from '../../../framework/core/errors.ts';

describe('built-in spaces (Freqtrade IHyperOpt)', () => {
  it('roi limits at 5m are the legacy ranges', () => {
    expect(roiLimits('5m')).toEqual({
      roi_t1_min: 10,
      roi_t1_max: 120,
      roi_t2_min: 10,
      roi_t2_max: 60,
      roi_t3_min: 10,
      roi_t3_max: 40,
      roi_p1_min: 0.01,
      roi_p1_max: 0.04,
      roi_p2_min: 0.01,
      roi_p2_max: 0.07,
      roi_p3_min: 0.01,
      roi_p3_max: 0.2,
    });
  });

  it('roi scales with the timeframe: times linearly, profits logarithmically', () => {
    // 1h = 60 min: t scale 60/5 = 12; p scale ln(61)/ln(6) = 4.110874/1.791759 = 2.294327
    const dims = roiSpace('1h');
    expect(dims.map(describeDimension)).toEqual([
      'int 120..1440', // 10·12 .. 120·12
      'int 120..720',
      'int 120..480',
      'float 0.023..0.092 step 0.001', // 0.01·2.294327 = 0.0229 -> 0.023; 0.04·2.294327 = 0.0918 -> 0.092
      'float 0.023..0.161 step 0.001', // 0.07·2.294327 = 0.1606 -> 0.161
      'float 0.023..0.459 step 0.001', // 0.20·2.294327 = 0.4589 -> 0.459
    ]);
    // 1m: t scale 0.2 -> int(2), int(24), int(12), int(8); p scale ln 2 / ln 6 = 0.386853
    expect(roiSpace('1m').slice(0, 3).map(describeDimension)).toEqual(['int 2..24', 'int 2..12', 'int 2..8']);
    expect(roiSpace('1m')[5]).toMatchObject({ low: 0.004, high: 0.077 }); // 0.0039 -> 0.004, 0.0774 -> 0.077
  });

  it('stoploss, trailing and trades spaces', () => {
    expect(stoplossSpace().map(describeDimension)).toEqual(['float -0.35..-0.02 step 0.001']);
    expect(gridCount(stoplossSpace()[0]!)).toBe(331);
    expect(trailingSpace().map((d) => [d.name, describeDimension(d)])).toEqual([
      ['trailing_stop', 'categorical [true]'],
      ['trailing_stop_positive', 'float 0.01..0.35 step 0.001'],
      ['trailing_stop_positive_offset_p1', 'float 0.001..0.1 step 0.001'],
      ['trailing_only_offset_is_reached', 'categorical [true,false]'],
    ]);
    expect(maxOpenTradesSpace().map(describeDimension)).toEqual(['int -1..10']);
  });

  it('generateRoiTable builds the 4-step table', () => {
    // 0 -> p1+p2+p3 = 0.08; t3 = 10 -> p1+p2 = 0.03; t3+t2 = 30 -> p1 = 0.01; t3+t2+t1 = 60 -> 0
    const t = generateRoiTable({ roi_t1: 30, roi_t2: 20, roi_t3: 10, roi_p1: 0.01, roi_p2: 0.02, roi_p3: 0.05 });
    expect(Object.keys(t)).toEqual(['0', '10', '30', '60']);
    expect(t['0']).toBeCloseTo(0.08, 15);
    expect(t['10']).toBeCloseTo(0.03, 15);
    expect(t['30']).toBe(0.01);
    expect(t['60']).toBe(0);
  });

  it('generateTrailingParams puts the offset above the positive', () => {
    expect(
      generateTrailingParams({
        trailing_stop: true,
        trailing_stop_positive: 0.02,
        trailing_stop_positive_offset_p1: 0.015,
        trailing_only_offset_is_reached: false,
      }),
    ).toEqual({ trailing_stop: true, trailing_stop_positive: 0.02, trailing_stop_positive_offset: 0.035, trailing_only_offset_is_reached: false });
  });
});

describe('dimensions', () => {
  it('grids and validity', () => {
    const d = decimalDim('x', 0.0125, 0.02, 3); // bounds rounded to the grid: 0.013 .. 0.02
    expect([d.low, d.high, gridCount(d)]).toEqual([0.013, 0.02, 8]);
    expect(gridValue(d, 7)).toBe(0.02);
    expect(isValidValue(d, 0.015)).toBe(true);
    expect(isValidValue(d, 0.0155)).toBe(false);
    expect(isValidValue(d, 0.021)).toBe(false);
    expect(gridCount(intDim('n', 2, 10, 2))).toBe(5);
    expect(gridCount(realDim('r', 0, 1))).toBe(Infinity);
    expect(isValidValue(categoricalDim('c', ['a', 'b']), 'c')).toBe(false);
  });

  it('bad ranges are UsageErrors naming the dimension', () => {
    expect(() => intDim('period', 20, 5)).toThrow(UsageError);
    expect(() => intDim('period', 20, 5)).toThrow('hyperopt dimension period: range is empty: low 20 > high 5');
    expect(() => realDim('ratio', 1, 0)).toThrow('hyperopt dimension ratio: range is empty: low 1 > high 0');
    expect(() => intDim('n', 1, 10, 2)).toThrow('range 1..10 is not a whole number of steps of 2');
    expect(() => categoricalDim('c', [])).toThrow('needs at least one choice');
    expect(() => categoricalDim('c', ['a', 'a'])).toThrow('repeat a value');
    expect(() => decimalDim('d', 0, 1, 1.5)).toThrow('decimals must be a whole number');
  });
});

describe('roiTableBounds', () => {
  it('gives the min and max tables Freqtrade logs', () => {
    // 5m min: t = 10, 10, 10; p = 0.01 each -> {0: 0.03, 10: 0.02, 20: 0.01, 30: 0}
    // 5m max: t1 120, t2 60, t3 40; p 0.04, 0.07, 0.20 -> {0: 0.31, 40: 0.11, 100: 0.04, 220: 0}
    const b = roiTableBounds('5m');
    expect(Object.keys(b.min)).toEqual(['0', '10', '20', '30']);
    expect(b.min['0']).toBeCloseTo(0.03, 15);
    expect(Object.keys(b.max)).toEqual(['0', '40', '100', '220']);
    expect(b.max['0']).toBeCloseTo(0.31, 15);
    expect(b.max['40']).toBeCloseTo(0.11, 15);
  });
});
