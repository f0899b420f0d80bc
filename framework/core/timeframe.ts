import { UsageError } from './errors.ts';

/** Timeframe strings as ccxt and Freqtrade write them: 1m, 5m, 1h, 4h, 1d, 1w, 1M. */
export type Timeframe = string;

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  // A month has no fixed length; 30 days is what ccxt's parseTimeframe uses.
  M: 2_592_000_000,
};

const TIMEFRAME_RE = /^([1-9][0-9]*)([smhdwM])$/;

export function isTimeframe(value: string): boolean {
  return TIMEFRAME_RE.test(value);
}

/** Milliseconds in one candle of `timeframe`; throws a UsageError naming the bad value. */
export function timeframeToMs(timeframe: Timeframe): number {
  const m = TIMEFRAME_RE.exec(timeframe);
  if (!m) {
    throw new UsageError(
      `invalid timeframe "${timeframe}": expected a number and a unit (s, m, h, d, w, M), e.g. 5m, 1h, 1d`,
    );
  }
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function timeframeToMinutes(timeframe: Timeframe): number {
  return timeframeToMs(timeframe) / 60_000;
}

/** Floor a timestamp (epoch ms) to the start of its candle; weeks start Monday as on Binance. */
export function floorToTimeframe(ts: number, timeframeMs: number): number {
  if (timeframeMs === UNIT_MS.w) {
    const mondayOffset = 4 * UNIT_MS.d!; // 1970-01-01 was a Thursday
    return Math.floor((ts - mondayOffset) / timeframeMs) * timeframeMs + mondayOffset;
  }
  return Math.floor(ts / timeframeMs) * timeframeMs;
}
