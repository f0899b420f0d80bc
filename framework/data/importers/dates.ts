/**
 * Date parsing for text candle files. Every format is read as UTC: a time without an offset
 * (NinjaTrader exports, backtrader samples, `YYYY-MM-DD` dailies) is taken to be UTC, and an
 * ISO-8601 string with an explicit offset (`Z`, `+02:00`) is converted to UTC. Parsers return
 * NaN for text that does not match, so the caller can name the file and row.
 */

export const DATE_FORMATS = ['auto', 'epoch_s', 'epoch_ms', 'iso', 'YYYY-MM-DD', 'YYYYMMDD', 'YYYYMMDD HHMMSS'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export type ConcreteDateFormat = Exclude<DateFormat, 'auto'>;

export function isDateFormat(v: string): v is DateFormat {
  return (DATE_FORMATS as readonly string[]).includes(v);
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH_RE = /^[+-]?\d+(?:\.\d+)?$/;

/** Epoch ms of a calendar date/time in UTC, or NaN when a field is out of range (e.g. Feb 30). */
export function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls Feb 30 over into March; a rolled-over day is not a valid date.
  if (new Date(t).getUTCDate() !== d) return NaN;
  return t;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

export function parseIso(s: string): number {
  const m = ISO_RE.exec(s);
  if (!m) return NaN;
  const frac = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const t = utcMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), frac);
  const tz = m[8];
  if (!tz || tz === 'Z' || tz === 'z') return t;
  const sign = tz[0] === '-' ? -1 : 1;
  const hh = Number(tz.slice(1, 3));
  const mm = tz.length > 3 ? Number(tz.slice(-2)) : 0;
  return t - sign * (hh * 60 + mm) * 60_000;
}

export function parseYmdDash(s: string): number {
  if (s.length !== 10 || s[4] !== '-' || s[7] !== '-') return NaN;
  return utcMs(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
}

export function parseYmdCompact(s: string): number {
  if (s.length !== 8) return NaN;
  return utcMs(digits(s, 0, 4), digits(s, 4, 2), digits(s, 6, 2));
}

/** NinjaTrader export: `20110103 090100`. */
export function parseNinjaTrader(s: string): number {
  if (s.length !== 15 || s[8] !== ' ') return NaN;
  return utcMs(digits(s, 0, 4), digits(s, 4, 2), digits(s, 6, 2), digits(s, 9, 2), digits(s, 11, 2), digits(s, 13, 2));
}

export function parseEpochSeconds(s: string): number {
  if (!EPOCH_RE.test(s)) return NaN;
  return Math.round(Number(s) * 1000);
}

export function parseEpochMs(s: string): number {
  if (!EPOCH_RE.test(s)) return NaN;
  return Number(s);
}

/** Milliseconds into the day of a separate time column: `HH:MM:SS`, `HH:MM` or `HHMMSS`. */
export function parseTimeOfDay(s: string): number {
  let h: number;
  let m: number;
  let sec = 0;
  if (s.length === 8 && s[2] === ':' && s[5] === ':') {
    h = digits(s, 0, 2);
    m = digits(s, 3, 2);
    sec = digits(s, 6, 2);
  } else if (s.length === 5 && s[2] === ':') {
    h = digits(s, 0, 2);
    m = digits(s, 3, 2);
  } else if (s.length === 6) {
    h = digits(s, 0, 2);
    m = digits(s, 2, 2);
    sec = digits(s, 4, 2);
  } else return NaN;
  if (!(h <= 23 && m <= 59 && sec <= 59)) return NaN;
  return ((h * 60 + m) * 60 + sec) * 1000;
}

export const DATE_PARSERS: Record<ConcreteDateFormat, (s: string) => number> = {
  epoch_s: parseEpochSeconds,
  epoch_ms: parseEpochMs,
  iso: parseIso,
  'YYYY-MM-DD': parseYmdDash,
  YYYYMMDD: parseYmdCompact,
  'YYYYMMDD HHMMSS': parseNinjaTrader,
};

/**
 * Guess the format from one sample value. Integers of 12+ digits are epoch ms, 9-11 digits
 * epoch seconds (1973-2286); an 8-digit integer that is a valid calendar date is YYYYMMDD.
 */
export function detectDateFormat(sample: string): ConcreteDateFormat | undefined {
  const s = sample.trim();
  if (/^\d{8}$/.test(s) && !Number.isNaN(parseYmdCompact(s))) return 'YYYYMMDD';
  if (/^\d{12,}$/.test(s)) return 'epoch_ms';
  if (/^\d{9,11}(\.\d+)?$/.test(s)) return 'epoch_s';
  if (!Number.isNaN(parseNinjaTrader(s))) return 'YYYYMMDD HHMMSS';
  if (!Number.isNaN(parseYmdDash(s))) return 'YYYY-MM-DD';
  if (!Number.isNaN(parseIso(s))) return 'iso';
  return undefined;
}
