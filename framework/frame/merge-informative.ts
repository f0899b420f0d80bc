/**
 * Merge a higher-timeframe ("informative") frame into a frame without lookahead, with
 * Freqtrade's exact rule (freqtrade/strategy/strategy_helper.py `merge_informative_pair`):
 *
 *   key = informative date + informative timeframe - base timeframe
 *   each base row takes the informative row whose key equals its date; with ffill (default)
 *   rows without an exact match keep the last matched informative row (pandas
 *   merge_ordered(fill_method='ffill', how='left') fills the row index, not single values,
 *   so NaN values of a matched informative row stay NaN).
 *
 * Example, 5m base and 1h informative: the 1h candle opening 10:00 closes at 11:00; its key
 * is 10:55, so it first appears on the 5m row opening 10:55 (which closes at 11:00) and stays
 * until the 11:55 row takes the 11:00 candle. Column names get `_<suffix>` (default: the
 * informative timeframe, e.g. close_1h, date_1h).
 *
 * Like Freqtrade, a base row missing at a key time (a gap in the base data) means that
 * informative candle is skipped; Freqtrade fills gaps on load, so this rarely matters.
 */
import { timeframeToMs } from '../core/timeframe.ts';
import { UsageError } from '../core/errors.ts';
import type { Column } from './columns.ts';
import type { DataFrame } from './dataframe.ts';

export interface MergeInformativeOptions {
  /** Timeframe of the base frame; default: its `timeframe`. */
  timeframe?: string;
  /** Timeframe of the informative frame; default: its `timeframe`. */
  informativeTimeframe?: string;
  /** Appended after an underscore to every informative column; default: the informative timeframe. */
  suffix?: string;
  /** Carry the last closed informative candle forward (default true, as Freqtrade). */
  ffill?: boolean;
}

export function mergeInformative(base: DataFrame, inf: DataFrame, options: MergeInformativeOptions): void {
  const tf = options.timeframe ?? base.timeframe;
  const infTf = options.informativeTimeframe ?? inf.timeframe;
  if (tf === undefined || infTf === undefined) {
    throw new UsageError(
      'mergeInformative: the timeframes are unknown; pass { timeframe, informativeTimeframe } ' +
        'or build the frames with DataFrame.fromCandles(c, { timeframe })',
    );
  }
  const baseMs = timeframeToMs(tf);
  const infMs = timeframeToMs(infTf);
  if (infMs < baseMs) {
    throw new UsageError(
      `mergeInformative: informative timeframe ${infTf} is shorter than the frame's ${tf}; ` +
        'merging a faster timeframe would create rows (resample it instead)',
    );
  }
  const suffix = (options.suffix ?? infTf).replace(/^_/, '');
  if (suffix === '') throw new UsageError('mergeInformative: suffix must not be empty');
  const ffill = options.ffill ?? true;

  const dates = base.dates;
  const infDates = inf.dates;
  checkSorted('the frame', dates, false);
  checkSorted('the informative frame', infDates, true);

  const n = dates.length;
  const m = infDates.length;
  const shiftMs = infMs - baseMs;
  const idx = new Int32Array(n);
  let j = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const t = dates[i]!;
    while (j < m && infDates[j]! + shiftMs < t) j++;
    if (j < m && infDates[j]! + shiftMs === t) {
      idx[i] = j;
      last = j;
    } else idx[i] = ffill ? last : -1;
  }

  const names = inf.columns;
  for (const name of names) {
    const target = `${name}_${suffix}`;
    if (base.has(target)) {
      throw new UsageError(`mergeInformative: the frame already has a column '${target}'; choose another suffix`);
    }
  }
  for (const name of names) {
    const src: Column = inf.isTags(name) ? inf.getTags(name) : inf.array(name);
    if (src instanceof Float64Array) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const k = idx[i]!;
        out[i] = k < 0 ? NaN : src[k]!;
      }
      base.set(`${name}_${suffix}`, out);
    } else {
      const out = new Array<string | null>(n);
      for (let i = 0; i < n; i++) {
        const k = idx[i]!;
        out[i] = k < 0 ? null : (src[k] ?? null);
      }
      base.set(`${name}_${suffix}`, out);
    }
  }
}

function checkSorted(what: string, dates: Float64Array, strict: boolean): void {
  for (let i = 1; i < dates.length; i++) {
    const a = dates[i - 1]!;
    const b = dates[i]!;
    if (strict ? !(b > a) : !(b >= a)) {
      throw new UsageError(
        `mergeInformative: ${what} is not sorted by date${strict ? ' without duplicates' : ''} ` +
          `(row ${i}: ${new Date(b).toISOString()} after ${new Date(a).toISOString()})`,
      );
    }
  }
}
