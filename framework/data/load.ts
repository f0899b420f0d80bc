/**
 * Load candles from the store the way a backtest uses them: read, check quality (findings go
 * to the `data` logger), sort and drop duplicate timestamps, fill gaps Freqtrade's way.
 *
 * With the store's column cache on, what these steps find out about the file (the quality
 * report, whether the rows are in order, where the gaps are, hashes) is remembered beside it
 * (candle-memo.ts): a later load of the unchanged file reads the rows straight into their filled
 * places and makes no pass over them, with the same candles, report and log lines.
 */
import { DataError } from '../core/errors.ts';
import { getLogger } from '../core/logger.ts';
import type { Pair } from '../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import type { CandleMemo } from './candle-memo.ts';
import { hashCandles } from './candle-hash.ts';
import { sliceCandles, type Candles } from './candles.ts';
import { fillGapsAt, findGaps, isStrictlyIncreasing, missingRows, sortAndDedupe } from './clean.ts';
import type { CandleStore } from './parquet-store.ts';
import {
  checkCandles,
  QUALITY_CHECKS,
  QUALITY_VERSION,
  qualityOptions,
  SEVERITY,
  type QualityOptions,
  type QualityReport,
} from './quality.ts';

/**
 * Version of what loading makes of a stored file (dedupe, gap filling, the hash): facts about
 * loaded candles remembered beside the column cache (candle-memo.ts) are keyed by it. Bump it
 * whenever loading would give other candles or another hash for the same file.
 */
export const LOAD_VERSION = 1;

/** Reports with more findings are not remembered: reading them back would cost more than the checks. */
const MEMO_MAX_FINDINGS = 200;

export interface LoadOptions {
  /** Insert missing candles (flat at the previous close, volume 0). Default true, as in Freqtrade's backtests. */
  fillGaps?: boolean;
  /** Sort by time and keep the last row of each duplicated timestamp. Default true. */
  dedupe?: boolean;
  /** Run the quality checks and log their findings. Default true. */
  check?: boolean;
  /** Thresholds for the checks. */
  quality?: QualityOptions;
  /** Throw a DataError when the checks find errors that loading does not repair (bad prices, misaligned rows). Default false. */
  strict?: boolean;
}

export interface LoadedCandles {
  candles: Candles;
  /** Quality report on the data as stored (before repairs); absent when check = false. */
  report?: QualityReport;
  reordered: boolean;
  duplicatesRemoved: number;
  /** Candles inserted by gap filling. */
  filled: number;
  /**
   * The open, high, low, close of each row interleaved (4 per row, the backtest loop's layout):
   * only when asked for (`want.ohlc`) and the column cache and memo served the load.
   */
  ohlc?: Float64Array;
  /**
   * hashCandles of rows [from, to) of `candles`; remembered beside the column cache when the
   * store has one, so a later load of the same file and range does not hash again.
   */
  hashRows(from: number, to: number): string;
}

/** Errors that sorting and deduplication repair; every other error survives loading. */
const REPAIRED_ON_LOAD = new Set(['unsorted', 'duplicate']);

export async function loadCandles(
  store: CandleStore,
  pair: Pair,
  timeframe: Timeframe,
  opts: LoadOptions = {},
  /** `ohlc`: also return the interleaved prices when the column cache holds them (the backtest's main pairs). */
  want: { ohlc?: boolean } = {},
): Promise<LoadedCandles> {
  const { fillGaps = true, dedupe = true, check = true } = opts;
  const tfMs = timeframeToMs(timeframe);
  // Calendar months have no fixed length: no grid to check gaps or alignment against.
  const calendar = timeframe.endsWith('M');
  const filling = fillGaps && !calendar;
  const file = store.path(pair, timeframe);
  const log = getLogger('data');
  const quality = { ...opts.quality, checkGrid: !calendar && opts.quality?.checkGrid !== false };
  const keys = {
    increasing: `increasing:${LOAD_VERSION}`,
    report: `quality:${QUALITY_VERSION}:${tfMs}:${JSON.stringify(qualityOptions(quality))}`,
    gaps: `gaps:${LOAD_VERSION}:${tfMs}`,
    // The loaded candles follow from the stored file and these options alone.
    hash: `sha256:${LOAD_VERSION}:${dedupe ? 1 : 0}${filling ? 1 : 0}:${tfMs}`,
  };
  const where = { pair, timeframe, file };

  // Facts about the stored file from earlier loads (undefined without a column cache).
  let memo = store.memo(pair, timeframe);
  if (memo) {
    // Everything this load would compute is remembered: read the rows straight into their
    // filled places (with the interleaved prices from the column cache) and skip every pass.
    const report = check ? memo.get<QualityReport>(keys.report) : undefined;
    const gaps = filling ? memo.get<number[]>(keys.gaps) : [];
    if (memo.get(keys.increasing) === true && (!check || report) && gaps) {
      let read: { candles: Candles; ohlc?: Float64Array } | undefined;
      try {
        read = await store.readFilled(pair, timeframe, { timeframeMs: tfMs, gaps }, { ohlc: want.ohlc === true });
      } catch (err) {
        // A file rewritten since the memo was read does not have those gaps: load it afresh below.
        if (memo.isCurrent()) throw err;
      }
      if (read && memo.isCurrent()) {
        const { candles, ohlc } = read;
        if (report) reportFindings(report, where, opts);
        const filled = missingRows(gaps);
        return { candles, ...(ohlc ? { ohlc } : {}), ...(report ? { report } : {}), reordered: false, duplicatesRemoved: 0, filled, hashRows: rowHasher(candles, memo, keys.hash) };
      }
    }
  }

  let candles = await store.read(pair, timeframe);
  // A memo opened before a rewrite of the file tells nothing about what was read.
  if (memo && !memo.isCurrent()) memo = undefined;
  // Whether the stored rows are strictly increasing in time (then sorting and deduplication keep them as they are).
  const storedIncreasing = memo?.getOrCompute(keys.increasing, () => isStrictlyIncreasing(candles.timestamp));

  let report: QualityReport | undefined;
  if (check) {
    report = memo ? rememberedReport(memo, keys.report, candles, tfMs, quality) : checkCandles(candles, tfMs, quality);
    reportFindings(report, where, opts);
  }

  let reordered = false;
  let duplicatesRemoved = 0;
  if (dedupe && storedIncreasing !== true) {
    const r = sortAndDedupe(candles);
    candles = r.candles;
    reordered = r.reordered;
    duplicatesRemoved = r.duplicatesRemoved;
    if (reordered || duplicatesRemoved > 0) {
      log.info({ pair, timeframe, reordered, duplicatesRemoved }, 'sorted candles and dropped duplicate timestamps');
    }
  }

  let filled = 0;
  if (filling) {
    // The rows are the stored ones when those were strictly increasing: their gaps can be remembered.
    const stored = storedIncreasing === true;
    if (!stored && !isStrictlyIncreasing(candles.timestamp)) {
      throw new DataError(`${file}: cannot fill gaps in unsorted or duplicated candles; load with dedupe enabled`);
    }
    const ts = candles.timestamp;
    const gaps = stored && memo ? memo.getOrCompute(keys.gaps, () => findGaps(ts, tfMs)) : findGaps(ts, tfMs);
    const r = fillGapsAt(candles, tfMs, gaps);
    candles = r.candles;
    filled = r.filled;
  }
  memo?.save();
  return { candles, ...(report ? { report } : {}), reordered, duplicatesRemoved, filled, hashRows: rowHasher(candles, memo, keys.hash) };
}

/** Log the report's findings; with `strict`, throw on errors that loading does not repair. */
function reportFindings(report: QualityReport, where: { pair: Pair; timeframe: Timeframe; file: string }, opts: LoadOptions): void {
  const { fillGaps = true, dedupe = true, strict = false } = opts;
  logReport(report, where, fillGaps);
  if (!strict) return;
  const unrepaired = QUALITY_CHECKS.filter((c) => SEVERITY[c] === 'error' && report.counts[c] > 0 && !(dedupe && REPAIRED_ON_LOAD.has(c)));
  if (unrepaired.length > 0) {
    const first = report.findings.find((f) => unrepaired.includes(f.check));
    throw new DataError(
      `${where.file}: ${unrepaired.map((c) => `${report.counts[c]} ${c}`).join(', ')}` +
        (first ? `; first at row ${first.row} (${first.timestamp}): ${first.message}` : '') +
        ' (run check-data for the full report)',
    );
  }
}

/** LoadedCandles.hashRows: hashCandles of a row range, remembered under `key` + the range when there is a memo. */
function rowHasher(candles: Candles, memo: CandleMemo | undefined, key: string): (from: number, to: number) => string {
  return (from, to) => {
    const compute = (): string => hashCandles(sliceCandles(candles, from, to));
    if (!memo) return compute();
    const hash = memo.getOrCompute(`${key}:${from}:${to}`, compute);
    memo.save();
    return hash;
  };
}

/**
 * checkCandles, or the report remembered from an earlier load of the same file with the same
 * options. Only reports that JSON gives back exactly are remembered (no NaN, infinite or -0
 * values in the findings) and only small ones.
 */
function rememberedReport(memo: CandleMemo, key: string, c: Candles, tfMs: number, opts: QualityOptions): QualityReport {
  const known = memo.get<QualityReport>(key);
  if (known !== undefined) return known;
  const report = checkCandles(c, tfMs, opts);
  const exact = report.findings.length <= MEMO_MAX_FINDINGS && report.findings.every((f) => f.value === undefined || (Number.isFinite(f.value) && !Object.is(f.value, -0)));
  if (exact) memo.set(key, report);
  return report;
}

/** One log line per check that found something: count plus the first finding, not one line per row. */
function logReport(report: QualityReport, where: { pair: Pair; timeframe: Timeframe; file: string }, gapsFilled: boolean): void {
  const log = getLogger('data');
  for (const check of QUALITY_CHECKS) {
    const count = report.counts[check];
    if (count === 0) continue;
    const first = report.findings.find((f) => f.check === check);
    const fields = {
      ...where,
      check,
      count,
      ...(check === 'gap' ? { missingCandles: report.missingCandles } : {}),
      ...(first ? { row: first.row, timestamp: first.timestamp, detail: first.message } : {}),
    };
    if (SEVERITY[check] === 'error') log.error(fields, `data quality: ${count} ${check}`);
    else if (check === 'gap' && gapsFilled) log.info(fields, `data quality: ${count} gap(s), ${report.missingCandles} missing candles filled`);
    else log.warn(fields, `data quality: ${count} ${check}`);
  }
}
