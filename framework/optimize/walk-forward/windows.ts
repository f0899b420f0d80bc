import { UsageError } from '../../core/errors.ts';
import type { Timerange } from '../../core/timerange.ts';

/**
 * Walk-forward windows. `--walk-forward windows=N[,train=DUR][,test=DUR][,anchored]` splits the
 * data's span into N rolling pairs of an in-sample (IS) window, where hyperopt searches, and the
 * out-of-sample (OOS) window right after it, where the best parameters are backtested:
 *
 *   rolling:   |-- IS 1 --|OOS 1|
 *                    |-- IS 2 --|OOS 2|
 *                          |-- IS 3 --|OOS 3|
 *   anchored:  |-- IS 1 --|OOS 1|
 *              |----- IS 2 -----|OOS 2|
 *              |-------- IS 3 --------|OOS 3|
 *
 * Windows move by one test length, so the OOS windows follow each other without overlap and
 * together cover the end of the span. Durations: a number and m, h, d or w (`90d`, `12w`).
 * Without train/test: test = span / (N + 3) and train = 3 x test (75 % IS / 25 % OOS per
 * window). With only test: train = span - N x test. With only train: test = (span - train) / N.
 * Every boundary falls on a candle open time.
 */

export interface WalkForwardSpec {
  windows: number;
  trainMs: number | null;
  testMs: number | null;
  anchored: boolean;
}

export interface WalkForwardWindow {
  index: number;
  /** Inclusive candle-open bounds, as --timerange has them. */
  inSample: Required<Timerange>;
  outOfSample: Required<Timerange>;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const WALK_FORWARD_HELP = 'windows=N[,train=DUR][,test=DUR][,anchored], DUR like 90d, 12w, 36h (default train = 3 x test)';

export function parseDuration(text: string, key: string): number {
  const m = /^(\d+)(m|h|d|w)$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--walk-forward ${key}=${text}: expected a duration such as 90d, 12w, 36h or 240m`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

export function parseWalkForward(text: string): WalkForwardSpec {
  const spec: WalkForwardSpec = { windows: 0, trainMs: null, testMs: null, anchored: false };
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [key, value] = part.split('=', 2) as [string, string | undefined];
    switch (key) {
      case 'windows': {
        const n = Number(value);
        if (value === undefined || !Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`--walk-forward windows=${value ?? ''}: expected a whole number from 1 to 100`);
        spec.windows = n;
        break;
      }
      case 'train':
        spec.trainMs = parseDuration(value ?? '', 'train');
        break;
      case 'test':
        spec.testMs = parseDuration(value ?? '', 'test');
        break;
      case 'anchored':
        if (value !== undefined) throw new UsageError(`--walk-forward anchored takes no value (got anchored=${value})`);
        spec.anchored = true;
        break;
      default:
        throw new UsageError(`--walk-forward: unknown key ${JSON.stringify(key)} in ${JSON.stringify(text)}; expected ${WALK_FORWARD_HELP}`);
    }
  }
  if (spec.windows === 0) throw new UsageError(`--walk-forward ${JSON.stringify(text)}: windows=N is required (${WALK_FORWARD_HELP})`);
  return spec;
}

/**
 * The windows over the candles opening from `firstMs` to `lastMs` (inclusive) of a `tfMs`
 * timeframe. A span too short for the request is an error giving the numbers.
 */
export function walkForwardWindows(spec: WalkForwardSpec, firstMs: number, lastMs: number, tfMs: number): WalkForwardWindow[] {
  const candles = Math.floor((lastMs - firstMs) / tfMs) + 1;
  const toCandles = (ms: number): number => Math.floor(ms / tfMs);
  const N = spec.windows;
  let test: number;
  let train: number;
  if (spec.testMs === null && spec.trainMs === null) {
    test = Math.floor(candles / (N + 3));
    train = 3 * test;
  } else if (spec.trainMs === null) {
    test = toCandles(spec.testMs!);
    train = candles - N * test;
  } else if (spec.testMs === null) {
    train = toCandles(spec.trainMs);
    test = Math.floor((candles - train) / N);
  } else {
    test = toCandles(spec.testMs);
    train = toCandles(spec.trainMs);
  }
  const days = (c: number): string => `${((c * tfMs) / 86_400_000).toFixed(1)} days`;
  if (test < 2 || train < 2 || train + N * test > candles) {
    throw new UsageError(
      `--walk-forward: ${N} window(s) of ${days(Math.max(train, 0))} in-sample + ${days(Math.max(test, 0))} out-of-sample ` +
        `do not fit the data's ${days(candles)} (${candles} candles; need train + ${N} x test, each at least 2 candles)`,
    );
  }
  const at = (c: number): number => firstMs + c * tfMs;
  const out: WalkForwardWindow[] = [];
  for (let k = 0; k < N; k++) {
    const isStart = spec.anchored ? 0 : k * test;
    const isEnd = train + k * test;
    out.push({
      index: k + 1,
      inSample: { startMs: at(isStart), endMs: at(isEnd) - tfMs },
      outOfSample: { startMs: at(isEnd), endMs: at(isEnd + test) - tfMs },
    });
  }
  return out;
}
