/**
 * Long-tail indicators from technicalindicators (v3), wrapped to Keel's conventions: typed
 * inputs, results index-aligned with the input (NaN warm-up), no rounding. These run
 * technicalindicators' own generator code (one object per row), so they are much slower
 * than the core kernels; fine for an indicator computed once per backtest.
 *
 * Semantics are technicalindicators', not TA-Lib's; the notable ones:
 *  - ichimoku: all four lines are computed on the row itself; spans are NOT displaced
 *    forward (technicalindicators does not shift them), so no future rows are used. The
 *    library emits nothing before row max(periods, displacement) - 1.
 *  - vwap: cumulative from the first input row (anchored at the start of the data you pass).
 *  - keltnerChannels: middle = EMA (or SMA) of close, bands = middle ± multiplier * ATR.
 */
import { checkPeriod, checkReal, toF64s, type Series } from '../input.ts';
import { alignEnd, alignEndFields, identity, plain } from './align.ts';
import { technicalIndicators } from './library.ts';

export interface IchimokuResult {
  conversion: Float64Array;
  base: Float64Array;
  spanA: Float64Array;
  spanB: Float64Array;
}

export function ichimoku(
  high: Series,
  low: Series,
  conversionPeriod = 9,
  basePeriod = 26,
  spanPeriod = 52,
  displacement = 26,
): IchimokuResult {
  for (const [k, v] of Object.entries({ conversionPeriod, basePeriod, spanPeriod, displacement })) {
    checkPeriod('ichimoku', k, v, 1);
  }
  const [h, l] = toF64s('ichimoku', ['high', 'low'], [high, low]);
  const rows = technicalIndicators().IchimokuCloud.calculate({
    high: plain(h!),
    low: plain(l!),
    conversionPeriod,
    basePeriod,
    spanPeriod,
    displacement,
    format: identity,
  });
  return alignEndFields(rows, h!.length, ['conversion', 'base', 'spanA', 'spanB'], 'ichimoku');
}

export interface KeltnerResult {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

export function keltnerChannels(
  high: Series,
  low: Series,
  close: Series,
  maPeriod = 20,
  atrPeriod = 10,
  multiplier = 1,
  useSMA = false,
): KeltnerResult {
  checkPeriod('keltnerChannels', 'maPeriod', maPeriod, 1);
  checkPeriod('keltnerChannels', 'atrPeriod', atrPeriod, 1);
  checkReal('keltnerChannels', 'multiplier', multiplier, 0);
  const [h, l, c] = toF64s('keltnerChannels', ['high', 'low', 'close'], [high, low, close]);
  const rows = technicalIndicators().KeltnerChannels.calculate({
    high: plain(h!),
    low: plain(l!),
    close: plain(c!),
    maPeriod,
    atrPeriod,
    multiplier,
    useSMA,
    format: identity,
  });
  return alignEndFields(rows, h!.length, ['upper', 'middle', 'lower'], 'keltnerChannels');
}

/** Cumulative volume-weighted average of the typical price since the first row. */
export function vwap(high: Series, low: Series, close: Series, volume: Series): Float64Array {
  const [h, l, c, v] = toF64s('vwap', ['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  const values = technicalIndicators().VWAP.calculate({ high: plain(h!), low: plain(l!), close: plain(c!), volume: plain(v!), format: identity });
  return alignEnd(values, h!.length, 'vwap');
}

/** Bill Williams' awesome oscillator: SMA(fast) - SMA(slow) of the median price. */
export function awesomeOscillator(high: Series, low: Series, fastPeriod = 5, slowPeriod = 34): Float64Array {
  checkPeriod('awesomeOscillator', 'fastPeriod', fastPeriod, 1);
  checkPeriod('awesomeOscillator', 'slowPeriod', slowPeriod, 1);
  const [h, l] = toF64s('awesomeOscillator', ['high', 'low'], [high, low]);
  const values = technicalIndicators().AwesomeOscillator.calculate({ high: plain(h!), low: plain(l!), fastPeriod, slowPeriod, format: identity });
  return alignEnd(values, h!.length, 'awesomeOscillator');
}

export interface KstResult {
  kst: Float64Array;
  signal: Float64Array;
}

/** Pring's Know Sure Thing with the usual (10, 15, 20, 30 / 10, 10, 10, 15 / 9) settings. */
export function kst(
  real: Series,
  rocPeriods: readonly [number, number, number, number] = [10, 15, 20, 30],
  smaPeriods: readonly [number, number, number, number] = [10, 10, 10, 15],
  signalPeriod = 9,
): KstResult {
  for (const p of [...rocPeriods, ...smaPeriods, signalPeriod]) checkPeriod('kst', 'period', p, 1);
  const [x] = toF64s('kst', ['real'], [real]);
  const rows = technicalIndicators().KST.calculate({
    values: plain(x!),
    ROCPer1: rocPeriods[0],
    ROCPer2: rocPeriods[1],
    ROCPer3: rocPeriods[2],
    ROCPer4: rocPeriods[3],
    SMAROCPer1: smaPeriods[0],
    SMAROCPer2: smaPeriods[1],
    SMAROCPer3: smaPeriods[2],
    SMAROCPer4: smaPeriods[3],
    signalPeriod,
    format: identity,
  });
  return alignEndFields(rows, x!.length, ['kst', 'signal'], 'kst');
}

/** Elder's force index: EMA(period) of (close - prevClose) * volume. */
export function forceIndex(close: Series, volume: Series, period = 13): Float64Array {
  checkPeriod('forceIndex', 'period', period, 1);
  const [c, v] = toF64s('forceIndex', ['close', 'volume'], [close, volume]);
  const values = technicalIndicators().ForceIndex.calculate({ close: plain(c!), volume: plain(v!), period, format: identity });
  return alignEnd(values, c!.length, 'forceIndex');
}

export interface ChandelierResult {
  exitLong: Float64Array;
  exitShort: Float64Array;
}

/** Chandelier exit: highest high - multiplier * ATR (long), lowest low + ... (short). */
export function chandelierExit(
  high: Series,
  low: Series,
  close: Series,
  period = 22,
  multiplier = 3,
): ChandelierResult {
  checkPeriod('chandelierExit', 'period', period, 1);
  checkReal('chandelierExit', 'multiplier', multiplier, 0);
  const [h, l, c] = toF64s('chandelierExit', ['high', 'low', 'close'], [high, low, close]);
  // The library's typings say number[]; it returns { exitLong, exitShort } objects.
  const rows = technicalIndicators().ChandelierExit.calculate({
    high: plain(h!),
    low: plain(l!),
    close: plain(c!),
    period,
    multiplier,
    format: identity,
  }) as unknown as Array<{ exitLong: number; exitShort: number }>;
  return alignEndFields(rows, h!.length, ['exitLong', 'exitShort'], 'chandelierExit');
}
