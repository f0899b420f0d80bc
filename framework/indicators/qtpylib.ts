/**
 * qtpylib-style helpers, the ones Freqtrade strategies import as
 * `freqtrade.vendor.qtpylib.indicators as qtpylib`, with qtpylib's exact semantics (pandas
 * rolling windows, sample std with ddof 1, EWM with adjust=True, NaN warm-ups) so a ported
 * strategy gives the same columns. Use as `import { qtpylib } from '.../indicators/index.ts'`.
 * Note the differences from the TA-Lib-compatible functions of the same idea:
 *  - bollingerBands: rolling mean and *sample* std (ddof 1) with min_periods 1, so it has
 *    values from row 0 (mid) / row 1 (bands); Freqtrade strategies pass the typical price.
 *    TA-Lib's bbands uses the population std (ddof 0).
 *  - trueRange has a value on row 0 (high - low); atr is a rolling *mean* of it, not Wilder.
 *  - roc is a fraction (0.01 = 1 %), TA-Lib's roc is in percent.
 * crossed / crossedAbove / crossedBelow delegate to the frame's Series methods (one
 * implementation) and return the frame's BoolSeries, usable in `df.setWhere`.
 */
import { BoolSeries, Series as FrameSeries } from '../frame/index.ts';
import type { Operand } from '../frame/index.ts';
import { ewmMean, pctChange, rollingMean, rollingStd, rollingSum } from '../frame/kernels/index.ts';
import { checkPeriod, checkReal, toF64, toF64s, type Series } from './input.ts';

function frameSeries(x: Series, fn: string): FrameSeries {
  return x instanceof FrameSeries ? x : new FrameSeries(toF64(x, fn, 'series1'));
}

function rhs(x: Series | number, fn: string): Operand {
  return typeof x === 'number' ? x : toF64(x, fn, 'series2');
}

/** series1 crossed series2 (or a constant) upward or downward on this row. */
export function crossed(series1: Series, series2: Series | number): BoolSeries {
  return frameSeries(series1, 'crossed').crossed(rhs(series2, 'crossed'));
}

/** series1 > series2 on this row and series1 <= series2 on the previous row. */
export function crossedAbove(series1: Series, series2: Series | number): BoolSeries {
  return frameSeries(series1, 'crossedAbove').crossedAbove(rhs(series2, 'crossedAbove'));
}

/** series1 < series2 on this row and series1 >= series2 on the previous row. */
export function crossedBelow(series1: Series, series2: Series | number): BoolSeries {
  return frameSeries(series1, 'crossedBelow').crossedBelow(rhs(series2, 'crossedBelow'));
}

/** (high + low + close) / 3. */
export function typicalPrice(high: Series, low: Series, close: Series): Float64Array {
  const [h, l, c] = toF64s('typicalPrice', ['high', 'low', 'close'], [high, low, close]);
  const out = new Float64Array(h!.length);
  for (let i = 0; i < out.length; i++) out[i] = (h![i]! + l![i]! + c![i]!) / 3.0;
  return out;
}

/** (high + low) / 2. */
export function midPrice(high: Series, low: Series): Float64Array {
  const [h, l] = toF64s('midPrice', ['high', 'low'], [high, low]);
  const out = new Float64Array(h!.length);
  for (let i = 0; i < out.length; i++) out[i] = (h![i]! + l![i]!) / 2.0;
  return out;
}

/** numpy's round(x, 2): round half to even on x * 100. */
function round2(x: number): number {
  const y = x * 100;
  const r = Math.round(y);
  return (r - y === 0.5 && r % 2 !== 0 ? r - 1 : r) / 100;
}

/** Internal bar strength (close - low) / (high - low), rounded to 2 decimals. */
export function ibs(high: Series, low: Series, close: Series): Float64Array {
  const [h, l, c] = toF64s('ibs', ['high', 'low', 'close'], [high, low, close]);
  const out = new Float64Array(h!.length);
  for (let i = 0; i < out.length; i++) out[i] = round2((c![i]! - l![i]!) / (h![i]! - l![i]!));
  return out;
}

/** max(high - low, |high - prevClose|, |low - prevClose|), NaNs skipped (row 0: high - low). */
export function trueRange(high: Series, low: Series, close: Series): Float64Array {
  const [h, l, c] = toF64s('trueRange', ['high', 'low', 'close'], [high, low, close]);
  const out = new Float64Array(h!.length);
  for (let i = 0; i < out.length; i++) {
    const pc = i > 0 ? c![i - 1]! : NaN;
    // pandas max(axis=1) skips NaN, so row 0 (no previous close) is high - low
    out[i] = nanMax3(h![i]! - l![i]!, Math.abs(h![i]! - pc), Math.abs(l![i]! - pc));
  }
  return out;
}

/** Rolling mean of the true range (exp = true: EWM with span = window, min_periods = window). */
export function atr(high: Series, low: Series, close: Series, window = 14, exp = false): Float64Array {
  checkPeriod('atr', 'window', window, 1);
  const tr = trueRange(high, low, close);
  return exp ? ewmMean(tr, { span: window, minPeriods: window }) : rollingMean(tr, window);
}

export interface HeikinAshiResult {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

/**
 * Heikin-Ashi candles: close = (o + h + l + c) / 4; open[0] = (o + c) / 2, then
 * open[i] = (open[i-1] + close[i-1]) / 2; high/low = max/min of (high|low, open, close).
 */
export function heikinAshi(open: Series, high: Series, low: Series, close: Series): HeikinAshiResult {
  const [o, h, l, c] = toF64s('heikinAshi', ['open', 'high', 'low', 'close'], [open, high, low, close]);
  const n = o!.length;
  const r: HeikinAshiResult = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
  };
  let prevOpen = NaN;
  let prevClose = NaN;
  for (let i = 0; i < n; i++) {
    const haClose = (o![i]! + h![i]! + l![i]! + c![i]!) / 4;
    const haOpen = i === 0 ? (o![0]! + c![0]!) / 2 : (prevOpen + prevClose) / 2;
    r.open[i] = haOpen;
    r.close[i] = haClose;
    r.high[i] = nanMax3(h![i]!, haOpen, haClose);
    r.low[i] = nanMin3(l![i]!, haOpen, haClose);
    prevOpen = haOpen;
    prevClose = haClose;
  }
  return r;
}

function nanMax3(a: number, b: number, c: number): number {
  let m = NaN;
  if (a === a) m = a;
  if (b === b && !(b <= m)) m = b;
  if (c === c && !(c <= m)) m = c;
  return m;
}

function nanMin3(a: number, b: number, c: number): number {
  let m = NaN;
  if (a === a) m = a;
  if (b === b && !(b >= m)) m = b;
  if (c === c && !(c >= m)) m = c;
  return m;
}

/**
 * Rolling VWAP of the typical price: sum(volume * tp) / sum(volume) over `window` rows;
 * ±Infinity becomes NaN and NaNs are then forward-filled (a window with zero volume repeats
 * the last VWAP), as qtpylib does.
 */
export function rollingVwap(
  high: Series,
  low: Series,
  close: Series,
  volume: Series,
  window = 200,
  minPeriods = window,
): Float64Array {
  checkPeriod('rollingVwap', 'window', window, 1);
  const [h, l, c, v] = toF64s('rollingVwap', ['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  const n = h!.length;
  const pv = new Float64Array(n);
  for (let i = 0; i < n; i++) pv[i] = v![i]! * ((h![i]! + l![i]! + c![i]!) / 3);
  const left = rollingSum(pv, window, minPeriods);
  const right = rollingSum(v!, window, minPeriods);
  let last = NaN;
  for (let i = 0; i < n; i++) {
    let x = left[i]! / right[i]!;
    if (x === Infinity || x === -Infinity) x = NaN;
    if (x !== x) x = last;
    else last = x;
    left[i] = x;
  }
  return left;
}

export interface QtBands {
  upper: Float64Array;
  mid: Float64Array;
  lower: Float64Array;
}

/** qtpylib bollinger_bands: rolling mean and sample std (ddof 1), min_periods 1. */
export function bollingerBands(series: Series, window = 20, stds = 2): QtBands {
  checkPeriod('bollingerBands', 'window', window, 1);
  checkReal('bollingerBands', 'stds', stds, 0);
  const x = toF64(series, 'bollingerBands', 'series');
  const mid = rollingMean(x, window, 1);
  const std = rollingStd(x, window, 1, 1);
  return bandsAround(mid, std, stds);
}

/** qtpylib weighted_bollinger_bands: EWM mean (span = window) ± stds * sample std. */
export function weightedBollingerBands(series: Series, window = 20, stds = 2): QtBands {
  checkPeriod('weightedBollingerBands', 'window', window, 1);
  checkReal('weightedBollingerBands', 'stds', stds, 0);
  const x = toF64(series, 'weightedBollingerBands', 'series');
  const mid = rollingWeightedMean(x, window);
  const std = rollingStd(x, window, 1);
  return bandsAround(mid, std, stds);
}

function bandsAround(mid: Float64Array, std: Float64Array, stds: number): QtBands {
  const n = mid.length;
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = std[i]! * stds;
    upper[i] = mid[i]! + d;
    lower[i] = mid[i]! - d;
  }
  return { upper, mid, lower };
}

/** qtpylib keltner_channel: rolling mean of the typical price ± atrs * rolling-mean ATR. */
export function keltnerChannel(high: Series, low: Series, close: Series, window = 14, atrs = 2): QtBands {
  checkPeriod('keltnerChannel', 'window', window, 1);
  const mid = rollingMean(typicalPrice(high, low, close), window);
  const a = atr(high, low, close, window);
  const n = mid.length;
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i]! * atrs;
    upper[i] = mid[i]! + d;
    lower[i] = mid[i]! - d;
  }
  return { upper, mid, lower };
}

/** (x - rolling mean) / (rolling sample std * stds) over `window` rows. */
export function zscore(series: Series, window = 20, stds = 1): Float64Array {
  checkPeriod('zscore', 'window', window, 2);
  const x = toF64(series, 'zscore', 'series');
  const mean = rollingMean(x, window);
  const std = rollingStd(x, window, 1);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - mean[i]!) / (std[i]! * stds);
  return out;
}

/** Simple returns x / x.shift(1) - 1; ±Infinity becomes NaN. */
export function returns(series: Series): Float64Array {
  const out = pctChange(toF64(series, 'returns', 'series'), 1);
  for (let i = 0; i < out.length; i++) if (out[i] === Infinity || out[i] === -Infinity) out[i] = NaN;
  return out;
}

/** Log returns log(x / x.shift(1)); ±Infinity becomes NaN. */
export function logReturns(series: Series): Float64Array {
  const x = toF64(series, 'logReturns', 'series');
  const out = new Float64Array(x.length);
  out[0] = NaN;
  for (let i = 1; i < x.length; i++) {
    const v = Math.log(x[i]! / x[i - 1]!);
    out[i] = v === Infinity || v === -Infinity ? NaN : v;
  }
  return out;
}

/** qtpylib roc: (x - x.shift(window)) / x.shift(window), as a fraction. */
export function roc(series: Series, window = 14): Float64Array {
  checkPeriod('roc', 'window', window, 1);
  const x = toF64(series, 'roc', 'series');
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = window; i < x.length; i++) out[i] = (x[i]! - x[i - window]!) / x[i - window]!;
  return out;
}

/** Price volume trend: cumulative sum of pct change * volume (NaN terms skipped, as cumsum). */
export function pvt(close: Series, volume: Series): Float64Array {
  const [c, v] = toF64s('pvt', ['close', 'volume'], [close, volume]);
  const out = new Float64Array(c!.length);
  let sum = 0;
  for (let i = 0; i < out.length; i++) {
    const term = i === 0 ? NaN : ((c![i]! - c![i - 1]!) / c![i - 1]!) * v![i]!;
    if (term === term) {
      sum += term;
      out[i] = sum;
    } else out[i] = NaN;
  }
  return out;
}

/** qtpylib rolling_weighted_mean: pandas ewm(span = window, min_periods).mean(). */
export function rollingWeightedMean(series: Series, window = 200, minPeriods = window): Float64Array {
  checkReal('rollingWeightedMean', 'window', window, 1);
  return ewmMean(toF64(series, 'rollingWeightedMean', 'series'), { span: window, minPeriods: Math.ceil(minPeriods) });
}

/** Hull moving average as qtpylib computes it (from EWMs, not WMAs). */
export function hullMovingAverage(series: Series, window = 200, minPeriods = window): Float64Array {
  checkReal('hullMovingAverage', 'window', window, 2);
  const x = toF64(series, 'hullMovingAverage', 'series');
  const half = rollingWeightedMean(x, window / 2, minPeriods);
  const full = rollingWeightedMean(x, window, minPeriods);
  const ma = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) ma[i] = 2 * half[i]! - full[i]!;
  return rollingWeightedMean(ma, Math.sqrt(window), minPeriods);
}
