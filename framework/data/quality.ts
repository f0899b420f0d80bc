/**
 * Data quality checks over columnar candles. One pass per check over the typed arrays; a
 * finding object is created only for a row that is wrong, so clean data allocates nothing
 * per row. Counts are always exact; the detail list per check is capped
 * (`maxFindingsPerCheck`) so a file that is wrong everywhere cannot exhaust memory.
 *
 * Errors make the data unusable as is (check-data exits 1); warnings are facts a user should
 * know (gaps are filled on load, stale runs and big moves may be real). Defaults and their
 * reasons are documented in docs/data.md ("Quality checks").
 */
import { floorToTimeframe } from '../core/timeframe.ts';
import type { Candles } from './candles.ts';
import { sortOrder } from './clean.ts';

export const QUALITY_CHECKS = [
  'unsorted',
  'duplicate',
  'misaligned',
  'invalid_price',
  'high_below_open_close',
  'low_above_open_close',
  'high_below_low',
  'invalid_volume',
  'gap',
  'stale_run',
  'outlier_return',
] as const;
export type QualityCheck = (typeof QUALITY_CHECKS)[number];
export type Severity = 'error' | 'warning';

export const SEVERITY: Record<QualityCheck, Severity> = {
  unsorted: 'error',
  duplicate: 'error',
  misaligned: 'error',
  invalid_price: 'error',
  high_below_open_close: 'error',
  low_above_open_close: 'error',
  high_below_low: 'error',
  invalid_volume: 'error',
  gap: 'warning',
  stale_run: 'warning',
  outlier_return: 'warning',
};

export interface QualityFinding {
  check: QualityCheck;
  severity: Severity;
  /** 0-based row index in the data as given (for a gap: the first row after it). */
  row: number;
  /** ISO-8601 UTC time of that row (candle open time). */
  timestamp: string;
  message: string;
  /** Gap: first and last missing candle, and how many are missing. */
  start?: string;
  end?: string;
  missing?: number;
  /** Stale run: last row of the run and its length in candles. */
  endRow?: number;
  length?: number;
  /** The offending value (price, volume, log return, z-score). */
  value?: number;
  column?: string;
}

export interface QualityOptions {
  /** A run of this many consecutive candles with identical open, high, low and close is reported (0 = off). Default 24. */
  staleRunLength?: number;
  /**
   * Largest move from the previous close accepted within one candle, as |ln(price / previous
   * close)| over close, high and low (0 = off). Default 0.5 (+65% / -39%).
   */
  maxLogReturn?: number;
  /** Robust z-score (median / MAD of close-to-close log returns) above which a return is reported (0 = off). Default 0. */
  maxReturnZScore?: number;
  /** Check gaps and alignment to the timeframe grid. Default true; calendar-month timeframes have no fixed grid. */
  checkGrid?: boolean;
  /** Detailed findings kept per check (counts stay exact). Default 1000. */
  maxFindingsPerCheck?: number;
}

export const QUALITY_DEFAULTS: Required<QualityOptions> = {
  staleRunLength: 24,
  maxLogReturn: 0.5,
  maxReturnZScore: 0,
  checkGrid: true,
  maxFindingsPerCheck: 1000,
};

/**
 * Version of the checks' logic and wording: reports remembered beside the column cache
 * (candle-memo.ts, via load.ts) are keyed by it. Bump it whenever a check finds, counts or words
 * anything differently, so that no remembered report of the old checks is read back.
 */
export const QUALITY_VERSION = 1;

/** The options a check run uses: the defaults with `opts` (undefined values ignored) on top. */
export function qualityOptions(opts: QualityOptions = {}): Required<QualityOptions> {
  return { ...QUALITY_DEFAULTS, ...stripUndefined(opts) };
}

export interface QualityReport {
  rows: number;
  timeframeMs: number;
  first?: string;
  last?: string;
  errors: number;
  warnings: number;
  /** Number of findings per check (exact, also beyond the detail cap). */
  counts: Record<QualityCheck, number>;
  gaps: number;
  missingCandles: number;
  findings: QualityFinding[];
  /** True when some checks had more findings than `maxFindingsPerCheck` listed. */
  truncated: boolean;
}

export function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

class FindingSink {
  readonly findings: QualityFinding[] = [];
  readonly counts = Object.fromEntries(QUALITY_CHECKS.map((c) => [c, 0])) as Record<QualityCheck, number>;
  truncated = false;
  /** Total missing candles over all gaps (also those beyond the detail cap). */
  missingCandles = 0;
  /** Row as given of each time-ordered row, when the data was not in time order. */
  rowOf: Uint32Array | undefined;
  constructor(
    private readonly ts: Float64Array,
    private readonly cap: number,
  ) {}

  /** A finding at time-ordered row `k`. */
  add(check: QualityCheck, k: number, message: string, extra?: Partial<QualityFinding>): void {
    const n = ++this.counts[check];
    if (n > this.cap) {
      this.truncated = true;
      return;
    }
    const row = this.row(k);
    this.findings.push({ check, severity: SEVERITY[check], row, timestamp: isoTime(this.ts[row]!), message, ...extra });
  }

  /** The row as given of time-ordered row `k`. */
  row(k: number): number {
    return this.rowOf ? this.rowOf[k]! : k;
  }
}

/** Run every check on `c` (candles of one pair and timeframe) and return the findings. */
export function checkCandles(c: Candles, timeframeMs: number, opts: QualityOptions = {}): QualityReport {
  const o = qualityOptions(opts);
  const ts = c.timestamp;
  const n = ts.length;
  const sink = new FindingSink(ts, o.maxFindingsPerCheck);

  // Time order first: later checks walk rows in time order, via a sort order only if needed.
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (ts[i]! < ts[i - 1]!) {
      sorted = false;
      sink.add('unsorted', i, `timestamp ${isoTime(ts[i]!)} comes after ${isoTime(ts[i - 1]!)} (row ${i - 1})`);
    }
  }
  // Unsorted data is checked on a time-ordered copy; findings name the rows as given.
  const order = sorted ? undefined : sortOrder(ts);
  const view = order ? permute(c, order) : c;
  sink.rowOf = order;

  checkTimestamps(view, timeframeMs, o.checkGrid, sink);
  checkPrices(view, sink);
  if (o.staleRunLength > 0) checkStaleRuns(view, o.staleRunLength, sink);
  if (o.maxLogReturn > 0 || o.maxReturnZScore > 0) checkReturns(view, o.maxLogReturn, o.maxReturnZScore, sink);

  sink.findings.sort((a, b) => a.row - b.row || QUALITY_CHECKS.indexOf(a.check) - QUALITY_CHECKS.indexOf(b.check));
  let errors = 0;
  let warnings = 0;
  for (const check of QUALITY_CHECKS) {
    if (SEVERITY[check] === 'error') errors += sink.counts[check];
    else warnings += sink.counts[check];
  }
  return {
    rows: n,
    timeframeMs,
    ...(n > 0 ? { first: isoTime(view.timestamp[0]!), last: isoTime(view.timestamp[n - 1]!) } : {}),
    errors,
    warnings,
    counts: sink.counts,
    gaps: sink.counts.gap,
    missingCandles: sink.missingCandles,
    findings: sink.findings,
    truncated: sink.truncated,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Duplicates, grid alignment and gaps (rows in time order). */
function checkTimestamps(c: Candles, tf: number, grid: boolean, sink: FindingSink): void {
  const ts = c.timestamp;
  const n = ts.length;
  for (let k = 0; k < n; k++) {
    const t = ts[k]!;
    if (!Number.isFinite(t)) {
      sink.add('misaligned', k, `timestamp is ${t}; expected epoch milliseconds`, { value: t });
      continue;
    }
    if (grid && floorToTimeframe(t, tf) !== t) {
      sink.add('misaligned', k, `timestamp ${isoTime(t)} is not on the ${formatTf(tf)} candle grid`);
    }
    if (k === 0) continue;
    const prev = ts[k - 1]!;
    if (t === prev) {
      sink.add('duplicate', k, `timestamp ${isoTime(t)} also on row ${sink.row(k - 1)}`);
    } else if (grid && t - prev > tf) {
      // Counted on the grid, so a misaligned row (reported above) does not also fake a gap.
      const startSlot = floorToTimeframe(prev, tf) + tf;
      const missing = Math.round((floorToTimeframe(t, tf) - startSlot) / tf);
      if (missing <= 0) continue;
      sink.missingCandles += missing;
      const start = startSlot;
      const end = startSlot + (missing - 1) * tf;
      sink.add(
        'gap',
        k,
        missing === 1 ? `1 missing candle at ${isoTime(start)}` : `${missing} missing candles from ${isoTime(start)} to ${isoTime(end)}`,
        { start: isoTime(start), end: isoTime(end), missing },
      );
    }
  }
}

/** Per-row price and volume sanity. */
function checkPrices(c: Candles, sink: FindingSink): void {
  const { open, high, low, close, volume } = c;
  const n = open.length;
  for (let i = 0; i < n; i++) {
    const op = open[i]!;
    const hi = high[i]!;
    const lo = low[i]!;
    const cl = close[i]!;
    if (isPrice(op) && isPrice(hi) && isPrice(lo) && isPrice(cl)) {
      const top = op > cl ? op : cl;
      const bottom = op < cl ? op : cl;
      if (hi < top) sink.add('high_below_open_close', i, `high ${hi} is below max(open ${op}, close ${cl})`, { value: hi });
      if (lo > bottom) sink.add('low_above_open_close', i, `low ${lo} is above min(open ${op}, close ${cl})`, { value: lo });
      if (hi < lo) sink.add('high_below_low', i, `high ${hi} is below low ${lo}`, { value: hi });
    } else {
      // The ordering checks mean nothing on a row with an invalid price, so only this is reported.
      for (const [name, v] of [['open', op], ['high', hi], ['low', lo], ['close', cl]] as const) {
        if (!isPrice(v)) sink.add('invalid_price', i, `${name} is ${v}; expected a positive finite price`, { column: name, value: v });
      }
    }
    const v = volume[i]!;
    if (!(v >= 0 && v < Infinity)) {
      sink.add('invalid_volume', i, `volume is ${v}; expected a finite number >= 0`, { column: 'volume', value: v });
    }
  }
}

/** Positive and finite; `!(x > 0)` style comparisons are also false for NaN. */
function isPrice(v: number): boolean {
  return v > 0 && v < Infinity;
}

/** Runs of at least `minLength` consecutive candles (in time order) with identical OHLC. */
function checkStaleRuns(c: Candles, minLength: number, sink: FindingSink): void {
  const { open, high, low, close } = c;
  const n = open.length;
  let runStart = 0;
  for (let k = 1; k <= n; k++) {
    if (k < n && open[k] === open[k - 1] && high[k] === high[k - 1] && low[k] === low[k - 1] && close[k] === close[k - 1]) continue;
    const length = k - runStart;
    if (length >= minLength) {
      const last = sink.row(k - 1);
      sink.add(
        'stale_run',
        runStart,
        `${length} consecutive candles with identical OHLC (${close[runStart]}) until ${isoTime(c.timestamp[k - 1]!)} (row ${last})`,
        { endRow: last, length, value: close[runStart]! },
      );
    }
    runStart = k;
  }
}

/**
 * Moves away from the previous close: the largest of |ln(close/prev)|, ln(high/prev) and
 * ln(prev/low) above `maxLog`; and, when `maxZ` > 0, close-to-close log returns whose robust
 * z-score |r - median| / (1.4826 * MAD) exceeds it (robust because crypto returns are heavy
 * tailed and a plain standard deviation is inflated by the very outliers it should find).
 */
function checkReturns(c: Candles, maxLog: number, maxZ: number, sink: FindingSink): void {
  const { high, low, close } = c;
  const n = close.length;
  // Row k moved more than maxLog from the previous close: reported once, by the larger rule.
  const beyondLog = (k: number): boolean => {
    if (!(maxLog > 0)) return false;
    const prev = close[k - 1]!;
    return Math.abs(Math.log(close[k]! / prev)) > maxLog || Math.log(high[k]! / prev) > maxLog || Math.log(prev / low[k]!) > maxLog;
  };
  if (maxLog > 0) {
    // Ratios inside [LO, HI] cannot be beyond maxLog (the margins cover log's rounding): most
    // rows are cleared without computing a logarithm; the others take the exact test below.
    const HI = Math.exp(maxLog) * (1 + 1e-9);
    const LO = Math.exp(-maxLog) * (1 - 1e-9);
    for (let k = 1; k < n; k++) {
      const prev = close[k - 1]!;
      const cl = close[k]!;
      const hi = high[k]!;
      const lo = low[k]!;
      // Rows with invalid prices are reported as such, not a second time as moves.
      if (!isPrice(prev) || !isPrice(cl) || !isPrice(hi) || !isPrice(lo)) continue;
      const xc = cl / prev;
      if (xc <= HI && xc >= LO && hi / prev <= HI && lo / prev >= LO) continue;
      const rc = Math.log(xc);
      const rh = Math.log(hi / prev);
      const rl = Math.log(lo / prev);
      if (Math.abs(rc) > maxLog) {
        sink.add('outlier_return', k, `close moved ${pct(rc)} from the previous close (|ln| ${Math.abs(rc).toFixed(3)} > ${maxLog})`, {
          column: 'close',
          value: rc,
        });
      } else if (rh > maxLog || -rl > maxLog) {
        const col = rh > -rl ? 'high' : 'low';
        const r = col === 'high' ? rh : rl;
        sink.add('outlier_return', k, `${col} is ${pct(r)} from the previous close (|ln| ${Math.abs(r).toFixed(3)} > ${maxLog})`, {
          column: col,
          value: r,
        });
      }
    }
  }
  if (maxZ > 0 && n > 2) {
    const r = new Float64Array(n - 1);
    for (let k = 1; k < n; k++) r[k - 1] = Math.log(close[k]! / close[k - 1]!);
    const sorted = Float64Array.from(r).sort();
    const median = sorted[sorted.length >> 1]!;
    for (let j = 0; j < sorted.length; j++) sorted[j] = Math.abs(r[j]! - median);
    sorted.sort();
    const scale = 1.4826 * sorted[sorted.length >> 1]!;
    if (!(scale > 0)) return; // over half the returns equal the median (idle market): no usable spread
    for (let k = 1; k < n; k++) {
      const z = Math.abs(r[k - 1]! - median) / scale;
      if (z > maxZ && Number.isFinite(z) && !beyondLog(k)) {
        sink.add('outlier_return', k, `close-to-close return ${pct(r[k - 1]!)} has robust z-score ${z.toFixed(1)} > ${maxZ}`, {
          column: 'close',
          value: z,
        });
      }
    }
  }
}

/** The candles in time order (unsorted input only). */
function permute(c: Candles, order: Uint32Array): Candles {
  const pick = (col: Float64Array): Float64Array => {
    const out = new Float64Array(order.length);
    for (let k = 0; k < order.length; k++) out[k] = col[order[k]!]!;
    return out;
  };
  return { timestamp: pick(c.timestamp), open: pick(c.open), high: pick(c.high), low: pick(c.low), close: pick(c.close), volume: pick(c.volume) };
}

function pct(logReturn: number): string {
  const p = (Math.exp(logReturn) - 1) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(2)}%`;
}

function formatTf(ms: number): string {
  for (const [unit, size] of [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
