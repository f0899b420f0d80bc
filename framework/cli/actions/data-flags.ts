/** The data commands' shared flags (../data-options.ts) parsed into importer and quality options. */
import { UsageError } from '../../core/errors.ts';
import { DATE_FORMATS, isDateFormat } from '../../data/importers/dates.ts';
import { parseColumnMapping, type CsvOptions } from '../../data/importers/csv.ts';
import type { ImportOptions } from '../../data/importers/index.ts';
import type { QualityOptions } from '../../data/quality.ts';
import type { ImportFlags, QualityFlags } from '../data-options.ts';

export function importOptionsFromFlags(flags: ImportFlags): ImportOptions {
  const csv: CsvOptions = {};
  if (flags.csvColumns !== undefined) csv.columns = parseColumnMapping(flags.csvColumns);
  if (flags.dateFormat !== undefined) {
    if (!isDateFormat(flags.dateFormat)) throw new UsageError(`invalid --date-format "${flags.dateFormat}": expected one of ${DATE_FORMATS.join(', ')}`);
    csv.dateFormat = flags.dateFormat;
  }
  if (flags.delimiter !== undefined) {
    const d = flags.delimiter === '\\t' || flags.delimiter === 'tab' ? '\t' : flags.delimiter;
    if (d.length !== 1) throw new UsageError(`invalid --delimiter "${flags.delimiter}": expected one character`);
    csv.delimiter = d;
  }
  if (flags.header !== undefined) csv.header = flags.header;
  return { format: (flags.format ?? 'auto') as ImportOptions['format'], csv };
}

export function qualityOptionsFromFlags(flags: QualityFlags): QualityOptions {
  const q: QualityOptions = {};
  if (flags.staleCandles !== undefined) q.staleRunLength = nonNegative('--stale-candles', flags.staleCandles, true);
  if (flags.maxLogReturn !== undefined) q.maxLogReturn = nonNegative('--max-log-return', flags.maxLogReturn, false);
  if (flags.maxZscore !== undefined) q.maxReturnZScore = nonNegative('--max-zscore', flags.maxZscore, false);
  return q;
}

function nonNegative(flag: string, value: string, integer: boolean): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw new UsageError(`invalid ${flag} "${value}": expected ${integer ? 'a whole number' : 'a number'} >= 0`);
  }
  return v;
}
