/** Long-tail indicators (technicalindicators, index-aligned): see overlays.ts and patterns.ts. */
export { alignEnd } from './align.ts';
export {
  ichimoku,
  keltnerChannels,
  vwap,
  awesomeOscillator,
  kst,
  forceIndex,
  chandelierExit,
  type IchimokuResult,
  type KeltnerResult,
  type KstResult,
  type ChandelierResult,
} from './overlays.ts';
export {
  candlePattern,
  bullishEngulfing,
  bearishEngulfing,
  CANDLE_PATTERNS,
  type CandlePatternName,
} from './patterns.ts';
