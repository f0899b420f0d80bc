/**
 * Keel's indicators: one flat module. Core set = our own typed-array kernels that reproduce
 * TA-Lib (same seeding, same warm-up, values equal to TA-Lib; see docs/indicators.md). Every
 * function returns arrays of the input length with NaN where TA-Lib outputs nothing, takes
 * Float64Array (or number[]) and TA-Lib's parameter defaults, and is named like the TA-Lib
 * function in camelCase (ta.PLUS_DI -> plusDi, ta.STOCHRSI -> stochRsi).
 */
export type { Series } from './input.ts';
export { sma, ema, wma } from './ma.ts';
export { dema, tema, trix } from './ma-chained.ts';
export { kama } from './kama.ts';
export { macd, type MacdResult } from './macd.ts';
export { rsi, roc, mom } from './momentum.ts';
export { bbands, type BandsResult } from './bands.ts';
export { trange, atr, natr } from './volatility.ts';
export { plusDi, minusDi, adx, adxr } from './directional.ts';
export { stoch, stochf, stochRsi, willr, type StochResult, type StochFResult } from './stochastic.ts';
export { cci } from './cci.ts';
export { obv, mfi, ad, adosc } from './volume.ts';
export { sar } from './sar.ts';
export { aroon, type AroonResult } from './aroon.ts';
export { ultosc } from './ultosc.ts';

// Long tail: technicalindicators wrapped and index-aligned (see long-tail/).
export {
  ichimoku,
  keltnerChannels,
  vwap,
  awesomeOscillator,
  kst,
  forceIndex,
  chandelierExit,
  candlePattern,
  bullishEngulfing,
  bearishEngulfing,
  CANDLE_PATTERNS,
  type IchimokuResult,
  type KeltnerResult,
  type KstResult,
  type ChandelierResult,
  type CandlePatternName,
} from './long-tail/index.ts';

// qtpylib-style helpers, as a namespace like Freqtrade's `qtpylib` import.
export * as qtpylib from './qtpylib.ts';
