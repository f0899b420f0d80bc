/**
 * Load candles from the store the way a backtest uses them: read, check quality (findings go
 * to the `data` logger), sort and drop duplicate timestamps, fill gaps Freqtrade's way.
 */
import { DataError } from '../core/errors.ts';
import { getLogger } from '../core/logger.ts';
import type { Pair } from '../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import type { Candles } from './candles.ts';
import { fillGaps as fillCandleGaps, isStrictlyIncreasing, sortAndDedupe } from './clean.ts';
import type { CandleStore } from './parquet-store.ts';
import { checkCandles, QUALITY_CHECKS, SEVERITY, type QualityOptions, type QualityReport } from './quality.ts';

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
}

/** Errors that sorting and deduplication repair; every other error survives loading. */
const REPAIRED_ON_LOAD = new Set(['unsorted', 'duplicate']);

export async function loadCandles(
  store: CandleStore,
  pair: Pair,
  timeframe: Timeframe,
  opts: LoadOptions = {},
): Promise<LoadedCandles> {
  const { fillGaps = true, dedupe = true, check = true, strict = false } = opts;
  const tfMs = timeframeToMs(timeframe);
  // Calendar months have no fixed length: no grid to check gaps or alignment against.
  const calendar = timeframe.endsWith('M');
  const file = store.path(pair, timeframe);
  const log = getLogger('data');
  let candles = await store.read(pair, timeframe);

  let report: QualityReport | undefined;
  if (check) {
    report = checkCandles(candles, tfMs, { ...opts.quality, checkGrid: !calendar && opts.quality?.checkGrid !== false });
    logReport(report, { pair, timeframe, file }, fillGaps);
    if (strict) {
      const unrepaired = QUALITY_CHECKS.filter(
        (c) => SEVERITY[c] === 'error' && report!.counts[c] > 0 && !(dedupe && REPAIRED_ON_LOAD.has(c)),
      );
      if (unrepaired.length > 0) {
        const first = report.findings.find((f) => unrepaired.includes(f.check));
        throw new DataError(
          `${file}: ${unrepaired.map((c) => `${report!.counts[c]} ${c}`).join(', ')}` +
            (first ? `; first at row ${first.row} (${first.timestamp}): ${first.message}` : '') +
            ' (run check-data for the full report)',
        );
      }
    }
  }

  let reordered = false;
  let duplicatesRemoved = 0;
  if (dedupe) {
    const r = sortAndDedupe(candles);
    candles = r.candles;
    reordered = r.reordered;
    duplicatesRemoved = r.duplicatesRemoved;
    if (reordered || duplicatesRemoved > 0) {
      log.info({ pair, timeframe, reordered, duplicatesRemoved }, 'sorted candles and dropped duplicate timestamps');
    }
  }

  let filled = 0;
  if (fillGaps && !calendar) {
    if (!isStrictlyIncreasing(candles.timestamp)) {
      throw new DataError(`${file}: cannot fill gaps in unsorted or duplicated candles; load with dedupe enabled`);
    }
    const r = fillCandleGaps(candles, tfMs);
    candles = r.candles;
    filled = r.filled;
  }
  return { candles, ...(report ? { report } : {}), reordered, duplicatesRemoved, filled };
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
