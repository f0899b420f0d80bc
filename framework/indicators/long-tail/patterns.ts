/**
 * Candlestick patterns from technicalindicators as 0/1 series aligned with the input: row i
 * is 1 when the pattern completes on candle i (the library's detector looks at the last
 * `count` candles; we slide it over every row). Rows before the first full window are 0
 * (no pattern), as TA-Lib's CDL* functions do, so the result can feed signal columns.
 *
 * The library's own series helper (getAllPatternIndex) reports window starts and drops a
 * match at index 0, hence this wrapper. Detection rules are technicalindicators' (they are
 * not TA-Lib's CDL* rules, which use candle-size averages). Cost: a few µs per row and
 * pattern (the library allocates per call).
 */
import { UsageError } from '../../core/errors.ts';
import { toF64s, type Series } from '../input.ts';
import { technicalIndicators } from './library.ts';

interface Window {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
}
type Detector = (data: Window) => unknown;
/** A pattern function's name in technicalindicators (loaded on first use). */
type DetectorName = { [K in keyof ReturnType<typeof technicalIndicators>]: ReturnType<typeof technicalIndicators>[K] extends Detector ? K : never }[keyof ReturnType<typeof technicalIndicators>];

/** name -> [detector, candles it looks at] (counts from the library's requiredCount). */
const PATTERNS = {
  abandonedBaby: ['abandonedbaby', 3],
  bearishEngulfing: ['bearishengulfingpattern', 2],
  bearishHammerStick: ['bearishhammerstick', 1],
  bearishHarami: ['bearishharami', 2],
  bearishHaramiCross: ['bearishharamicross', 2],
  bearishInvertedHammerStick: ['bearishinvertedhammerstick', 1],
  bearishMarubozu: ['bearishmarubozu', 1],
  bearishSpinningTop: ['bearishspinningtop', 1],
  bullishEngulfing: ['bullishengulfingpattern', 2],
  bullishHammerStick: ['bullishhammerstick', 1],
  bullishHarami: ['bullishharami', 2],
  bullishHaramiCross: ['bullishharamicross', 2],
  bullishInvertedHammerStick: ['bullishinvertedhammerstick', 1],
  bullishMarubozu: ['bullishmarubozu', 1],
  bullishSpinningTop: ['bullishspinningtop', 1],
  darkCloudCover: ['darkcloudcover', 2],
  doji: ['doji', 1],
  downsideTasukiGap: ['downsidetasukigap', 3],
  dragonflyDoji: ['dragonflydoji', 1],
  eveningDojiStar: ['eveningdojistar', 3],
  eveningStar: ['eveningstar', 3],
  gravestoneDoji: ['gravestonedoji', 1],
  hammer: ['hammerpattern', 5],
  hammerUnconfirmed: ['hammerpatternunconfirmed', 5],
  hangingMan: ['hangingman', 5],
  hangingManUnconfirmed: ['hangingmanunconfirmed', 5],
  morningDojiStar: ['morningdojistar', 3],
  morningStar: ['morningstar', 3],
  piercingLine: ['piercingline', 2],
  shootingStar: ['shootingstar', 5],
  shootingStarUnconfirmed: ['shootingstarunconfirmed', 5],
  threeBlackCrows: ['threeblackcrows', 3],
  threeWhiteSoldiers: ['threewhitesoldiers', 3],
  tweezerBottom: ['tweezerbottom', 5],
  tweezerTop: ['tweezertop', 5],
  /** Any of the library's bullish patterns. */
  bullish: ['bullish', 5],
  /** Any of the library's bearish patterns. */
  bearish: ['bearish', 5],
} as const satisfies Record<string, readonly [DetectorName, number]>;

export type CandlePatternName = keyof typeof PATTERNS;
export const CANDLE_PATTERNS = Object.keys(PATTERNS) as CandlePatternName[];

/** 0/1 series: 1 where `name` completes on that candle. */
export function candlePattern(
  name: CandlePatternName,
  open: Series,
  high: Series,
  low: Series,
  close: Series,
): Float64Array {
  const entry = (PATTERNS as Record<string, readonly [DetectorName, number]>)[name];
  if (entry === undefined) {
    throw new UsageError(`candlePattern: unknown pattern "${name}"; expected one of ${CANDLE_PATTERNS.join(', ')}`);
  }
  const [detectorName, count] = entry;
  const detect = technicalIndicators()[detectorName] as Detector;
  const [o, h, l, c] = toF64s('candlePattern', ['open', 'high', 'low', 'close'], [open, high, low, close]);
  const n = o!.length;
  const out = new Float64Array(n);
  // One window object, refilled per row: the detectors only read it.
  const win: Window = { open: new Array(count), high: new Array(count), low: new Array(count), close: new Array(count) };
  for (let i = count - 1; i < n; i++) {
    const from = i - count + 1;
    for (let k = 0; k < count; k++) {
      win.open[k] = o![from + k]!;
      win.high[k] = h![from + k]!;
      win.low[k] = l![from + k]!;
      win.close[k] = c![from + k]!;
    }
    if (detect(win)) out[i] = 1;
  }
  return out;
}

/** Bullish engulfing (technicalindicators' rule) as a 0/1 series. */
export function bullishEngulfing(open: Series, high: Series, low: Series, close: Series): Float64Array {
  return candlePattern('bullishEngulfing', open, high, low, close);
}

/** Bearish engulfing (technicalindicators' rule) as a 0/1 series. */
export function bearishEngulfing(open: Series, high: Series, low: Series, close: Series): Float64Array {
  return candlePattern('bearishEngulfing', open, high, low, close);
}
