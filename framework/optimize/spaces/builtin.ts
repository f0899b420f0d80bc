import { timeframeToMinutes } from '../../core/timeframe.ts';
import type { TrailingParams } from '../../strategy/parameter-file.ts';
import { categoricalDim, decimalDim, intDim, type Dimension, type ParamValue } from './dimensions.ts';

/**
 * The built-in spaces with Freqtrade's exact definitions (freqtrade/optimize/hyperopt/
 * hyperopt_interface.py, IHyperOpt): roi, stoploss, trailing and trades (max_open_trades).
 * A strategy may replace any of them (see strategy-hooks.ts).
 */

export const BUILTIN_SPACES = ['roi', 'stoploss', 'trailing', 'trades'] as const;
export type BuiltinSpace = (typeof BUILTIN_SPACES)[number];

export interface RoiLimits {
  roi_t1_min: number;
  roi_t1_max: number;
  roi_t2_min: number;
  roi_t2_max: number;
  roi_t3_min: number;
  roi_t3_max: number;
  roi_p1_min: number;
  roi_p1_max: number;
  roi_p2_min: number;
  roi_p2_max: number;
  roi_p3_min: number;
  roi_p3_max: number;
}

/**
 * Freqtrade's adaptive ROI limits: the time steps scale linearly with the candle length and
 * the profit steps logarithmically, so that 5m gives exactly the legacy ranges
 * (t1 10..120, t2 10..60, t3 10..40 minutes; p1 0.01..0.04, p2 0.01..0.07, p3 0.01..0.20).
 * Python's int() truncates, hence Math.trunc.
 */
export function roiLimits(timeframe: string): RoiLimits {
  const minutes = timeframeToMinutes(timeframe);
  const t = minutes / 5;
  const p = Math.log1p(minutes) / Math.log1p(5);
  return {
    roi_t1_min: Math.trunc(10 * t),
    roi_t1_max: Math.trunc(120 * t),
    roi_t2_min: Math.trunc(10 * t),
    roi_t2_max: Math.trunc(60 * t),
    roi_t3_min: Math.trunc(10 * t),
    roi_t3_max: Math.trunc(40 * t),
    roi_p1_min: 0.01 * p,
    roi_p1_max: 0.04 * p,
    roi_p2_min: 0.01 * p,
    roi_p2_max: 0.07 * p,
    roi_p3_min: 0.01 * p,
    roi_p3_max: 0.2 * p,
  };
}

/** Three time steps and three profit steps, which generateRoiTable turns into a 4-row table. */
export function roiSpace(timeframe: string): Dimension[] {
  const l = roiLimits(timeframe);
  return [
    intDim('roi_t1', l.roi_t1_min, l.roi_t1_max),
    intDim('roi_t2', l.roi_t2_min, l.roi_t2_max),
    intDim('roi_t3', l.roi_t3_min, l.roi_t3_max),
    decimalDim('roi_p1', l.roi_p1_min, l.roi_p1_max, 3),
    decimalDim('roi_p2', l.roi_p2_min, l.roi_p2_max, 3),
    decimalDim('roi_p3', l.roi_p3_min, l.roi_p3_max, 3),
  ];
}

export function stoplossSpace(): Dimension[] {
  return [decimalDim('stoploss', -0.35, -0.02, 3)];
}

/**
 * trailing_stop is always true while the trailing space is searched (varying the others with
 * trailing off would be wasted epochs); it is a one-choice dimension so that it is reported
 * with the others. The offset is positive + offset_p1, so it always exceeds the positive.
 */
export function trailingSpace(): Dimension[] {
  return [
    categoricalDim('trailing_stop', [true]),
    decimalDim('trailing_stop_positive', 0.01, 0.35, 3),
    decimalDim('trailing_stop_positive_offset_p1', 0.001, 0.1, 3),
    categoricalDim('trailing_only_offset_is_reached', [true, false]),
  ];
}

/** -1 and 0 both mean "no limit" (Freqtrade's reading). */
export function maxOpenTradesSpace(): Dimension[] {
  return [intDim('max_open_trades', -1, 10)];
}

export function defaultBuiltinSpace(name: BuiltinSpace, timeframe: string): Dimension[] {
  switch (name) {
    case 'roi':
      return roiSpace(timeframe);
    case 'stoploss':
      return stoplossSpace();
    case 'trailing':
      return trailingSpace();
    case 'trades':
      return maxOpenTradesSpace();
  }
}

function num(params: Record<string, ParamValue>, key: string): number {
  const v = params[key];
  if (typeof v !== 'number') throw new TypeError(`ROI table: ${key} is ${JSON.stringify(v)}, expected a number`);
  return v;
}

/**
 * Freqtrade's generate_roi_table: minutes -> minimum profit.
 *   0            -> p1 + p2 + p3
 *   t3           -> p1 + p2
 *   t3 + t2      -> p1
 *   t3 + t2 + t1 -> 0
 * Keys are whole minutes (strings, as minimalRoi stores them).
 */
export function generateRoiTable(params: Record<string, ParamValue>): Record<string, number> {
  const [t1, t2, t3] = [num(params, 'roi_t1'), num(params, 'roi_t2'), num(params, 'roi_t3')];
  const [p1, p2, p3] = [num(params, 'roi_p1'), num(params, 'roi_p2'), num(params, 'roi_p3')];
  const table: Record<string, number> = {};
  table['0'] = p1 + p2 + p3;
  table[String(t3)] = p1 + p2;
  table[String(t3 + t2)] = p1;
  table[String(t3 + t2 + t1)] = 0;
  return table;
}

/** Freqtrade's generate_trailing_params (offset = positive + offset_p1). */
export function generateTrailingParams(params: Record<string, ParamValue>): Required<TrailingParams> {
  const positive = num(params, 'trailing_stop_positive');
  return {
    trailing_stop: params['trailing_stop'] as boolean,
    trailing_stop_positive: positive,
    trailing_stop_positive_offset: positive + num(params, 'trailing_stop_positive_offset_p1'),
    trailing_only_offset_is_reached: params['trailing_only_offset_is_reached'] as boolean,
  };
}

/** The smallest and largest ROI tables of the default roi space (Freqtrade logs both when hyperopt starts). */
export function roiTableBounds(timeframe: string): { min: Record<string, number>; max: Record<string, number> } {
  const pick = (end: 'min' | 'max'): Record<string, ParamValue> => {
    const p: Record<string, ParamValue> = {};
    for (const d of roiSpace(timeframe)) if (d.kind !== 'categorical') p[d.name] = end === 'min' ? d.low : d.high;
    return p;
  };
  return { min: generateRoiTable(pick('min')), max: generateRoiTable(pick('max')) };
}
