import { UsageError } from './errors.ts';

/**
 * A time range as Freqtrade's `--timerange` writes it. Both bounds are optional epoch
 * milliseconds (UTC) and both are INCLUSIVE, as in Freqtrade (its trim_dataframe keeps
 * `date >= start` and `date <= stop`): `20230101-20230201` covers the candles opening from
 * 2023-01-01 00:00 up to and including the one opening at 2023-02-01 00:00.
 */
export interface Timerange {
  startMs?: number;
  endMs?: number;
}

// Freqtrade's accepted forms: dates (YYYYMMDD), epoch seconds (10 digits), epoch ms (13 digits,
// truncated to whole seconds as Freqtrade does); either side may be left open.
const TIMERANGE_RE = /^(\d{8}|\d{10}|\d{13})?-(\d{8}|\d{10}|\d{13})?$/;

export const TIMERANGE_HELP =
  'YYYYMMDD-[YYYYMMDD], -YYYYMMDD, or epoch seconds such as 1672531200-1675209600 (UTC; both ends inclusive)';

/** Parse `--timerange`; an empty or absent value means "no bounds". */
export function parseTimerange(text: string | undefined): Timerange {
  if (text === undefined || text.trim() === '') return {};
  const value = text.trim();
  const m = TIMERANGE_RE.exec(value);
  if (!m || (m[1] === undefined && m[2] === undefined)) {
    throw new UsageError(`invalid timerange "${text}": expected ${TIMERANGE_HELP}`);
  }
  const range: Timerange = {};
  if (m[1] !== undefined) range.startMs = boundToMs(m[1], text);
  if (m[2] !== undefined) range.endMs = boundToMs(m[2], text);
  if (range.startMs !== undefined && range.endMs !== undefined && range.startMs > range.endMs) {
    throw new UsageError(`invalid timerange "${text}": the start is after the end`);
  }
  return range;
}

function boundToMs(part: string, text: string): number {
  if (part.length === 10) return Number(part) * 1000;
  if (part.length === 13) return Math.floor(Number(part) / 1000) * 1000;
  const y = Number(part.slice(0, 4));
  const mo = Number(part.slice(4, 6));
  const d = Number(part.slice(6, 8));
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 20230230 over into March; a calendar date must round-trip.
  if (mo < 1 || mo > 12 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new UsageError(`invalid timerange "${text}": "${part}" is not a calendar date (YYYYMMDD)`);
  }
  return ms;
}

/** Whether a candle opening at `ts` lies in the range (both ends inclusive). */
export function inTimerange(range: Timerange, ts: number): boolean {
  return (range.startMs === undefined || ts >= range.startMs) && (range.endMs === undefined || ts <= range.endMs);
}

/** Freqtrade-style text for a range, e.g. "20230101-20230201" (dates when whole days, else epoch seconds). */
export function formatTimerange(range: Timerange): string {
  const fmt = (ms: number | undefined): string => {
    if (ms === undefined) return '';
    if (ms % 86_400_000 === 0) return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
    return String(Math.floor(ms / 1000));
  };
  return `${fmt(range.startMs)}-${fmt(range.endMs)}`;
}
