/**
 * Compact JSON encodings of the chart columns, so a year of 5m candles per pair fits in a
 * page of a few megabytes. Numbers are written as small integers: prices in ticks (the
 * price's own decimals), each candle relative to its neighbours; indicator values quantized
 * to six significant digits and delta-encoded. The page decodes them with assets/decode.js,
 * which must stay the exact inverse of this file (test/reports/html/codec.test.ts runs it).
 */
import { DataError } from '../../core/errors.ts';

/** Integers up to this magnitude stay exact through the decoder's running sums. */
const SAFE_TICKS = 2 ** 50;

/** 10^d without accumulated error (Number('1e-3') is the correctly rounded value). */
function pow10(d: number): number {
  return Number(`1e${d}`);
}

/** Largest finite absolute value of the columns (0 when there is none). */
export function maxAbs(cols: readonly ArrayLike<number>[]): number {
  let m = 0;
  for (const col of cols) {
    for (let i = 0; i < col.length; i++) {
      const v = Math.abs(col[i]!);
      if (v > m && v !== Infinity) m = v;
    }
  }
  return m;
}

/**
 * The fewest decimals (0..maxDecimals) at which every value of the columns is exact, i.e.
 * the instrument's tick decimals as the data shows them; maxDecimals when none is exact.
 * Lowered when needed so the largest value in ticks stays an exact integer.
 */
export function priceDecimals(cols: readonly Float64Array[], maxDecimals = 8): number {
  const top = maxAbs(cols);
  let limit = maxDecimals;
  while (limit > 0 && top * pow10(limit) > SAFE_TICKS) limit--;
  for (let d = 0; d < limit; d++) {
    const f = pow10(d);
    let exact = true;
    for (const col of cols) {
      for (let i = 0; i < col.length && exact; i++) {
        const x = col[i]! * f;
        // A decimal at d places, scaled by 10^d, lands within a few ulps of an integer.
        if (Math.abs(x - Math.round(x)) > 1e-9 + Math.abs(x) * 4e-15) exact = false;
      }
      if (!exact) break;
    }
    if (exact) return d;
  }
  return limit;
}

/**
 * Decimals that keep `significant` digits of the column's largest value (negative for big
 * magnitudes: -3 means thousands), at least `minDecimals`, within the exact-integer range.
 */
export function significantDecimals(col: ArrayLike<number>, significant = 6, minDecimals = -Infinity): number {
  const top = maxAbs([col]);
  if (top === 0) return Math.max(0, minDecimals);
  let d = Math.max(significant - 1 - Math.floor(Math.log10(top)), minDecimals);
  d = Math.min(d, 12);
  while (top * pow10(d) > SAFE_TICKS) d--;
  return d;
}

function toTicks(v: number, d: number): number {
  // Dividing by 10^-d (not multiplying by 10^d) keeps negative d exact for big magnitudes.
  return d >= 0 ? Math.round(v * pow10(d)) : Math.round(v / pow10(-d));
}

export interface EncodedOhlc {
  /** Tick decimals: price = ticks / 10^dec. */
  dec: number;
  /** open - previous close (the first: the open itself). */
  o: number[];
  /** high - max(open, close). */
  h: number[];
  /** min(open, close) - low. */
  l: number[];
  /** close - open. */
  c: number[];
}

/** OHLC as tick deltas: most candles need a few characters per price instead of eight. */
export function encodeOhlc(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  dec: number,
  where: string,
): EncodedOhlc {
  const n = open.length;
  const out: EncodedOhlc = { dec, o: new Array<number>(n), h: new Array<number>(n), l: new Array<number>(n), c: new Array<number>(n) };
  let prevClose = 0;
  for (let i = 0; i < n; i++) {
    const ov = open[i]!;
    const hv = high[i]!;
    const lv = low[i]!;
    const cv = close[i]!;
    if (!Number.isFinite(ov) || !Number.isFinite(hv) || !Number.isFinite(lv) || !Number.isFinite(cv)) {
      throw new DataError(`${where}: row ${i} has a non-finite price (open ${ov}, high ${hv}, low ${lv}, close ${cv})`);
    }
    const O = toTicks(ov, dec);
    const H = toTicks(hv, dec);
    const L = toTicks(lv, dec);
    const C = toTicks(cv, dec);
    out.o[i] = O - prevClose;
    out.h[i] = H - Math.max(O, C);
    out.l[i] = Math.min(O, C) - L;
    out.c[i] = C - O;
    prevClose = C;
  }
  return out;
}

export interface EncodedSeries {
  /** value = running sum of d / 10^dec. */
  dec: number;
  /** Delta to the previous finite value in ticks; null where the value is NaN or infinite. */
  d: (number | null)[];
}

/** A numeric column (indicator, equity) quantized to `dec` decimals and delta-encoded. */
export function encodeSeries(col: ArrayLike<number>, dec: number): EncodedSeries {
  const n = col.length;
  const d = new Array<number | null>(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (!Number.isFinite(v)) {
      d[i] = null;
      continue;
    }
    const t = toTicks(v, dec);
    d[i] = t - prev;
    prev = t;
  }
  return { dec, d };
}

/** Volume to four significant digits (absolute: volume jumps too much for deltas to pay). */
export function encodeVolume(col: Float64Array): number[] {
  const out = new Array<number>(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    out[i] = Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(4)) : 0;
  }
  return out;
}

/** Runs of evenly spaced times: [first, step, count], in epoch seconds. */
export type TimeRuns = Array<[number, number, number]>;

/**
 * Candle times (epoch ms, whole seconds, strictly increasing) as runs of equal spacing: a
 * gap-filled series is one run, a series with gaps one run per stretch.
 */
export function encodeTimes(ts: Float64Array, where: string): TimeRuns {
  const runs: TimeRuns = [];
  const n = ts.length;
  let i = 0;
  while (i < n) {
    const first = ts[i]! / 1000;
    if (i > 0 && !(ts[i]! > ts[i - 1]!)) {
      throw new DataError(`${where}: timestamps must increase; row ${i} (${ts[i]}) follows ${ts[i - 1]}`);
    }
    if (!Number.isInteger(first)) throw new DataError(`${where}: timestamp ${ts[i]} at row ${i} is not a whole second (epoch ms expected)`);
    if (i + 1 >= n) {
      runs.push([first, 0, 1]);
      break;
    }
    const step = (ts[i + 1]! - ts[i]!) / 1000;
    if (!(step > 0) || !Number.isInteger(step)) {
      throw new DataError(`${where}: timestamps must increase by whole seconds; row ${i + 1} (${ts[i + 1]}) follows ${ts[i]}`);
    }
    let j = i + 1;
    while (j + 1 < n && ts[j + 1]! - ts[j]! === step * 1000) j++;
    runs.push([first, step, j - i + 1]);
    i = j + 1;
  }
  return runs;
}
