/** Flag parsing shared by the data commands (convert-data, check-data, list-data). */
import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import { DATE_FORMATS, isDateFormat } from '../data/importers/dates.ts';
import { parseColumnMapping, type CsvOptions } from '../data/importers/csv.ts';
import { IMPORT_FORMATS, type ImportOptions } from '../data/importers/index.ts';
import { QUALITY_DEFAULTS, type QualityOptions } from '../data/quality.ts';

export interface ImportFlags {
  format?: string;
  csvColumns?: string;
  dateFormat?: string;
  delimiter?: string;
  header?: boolean;
}

export interface QualityFlags {
  staleCandles?: string;
  maxLogReturn?: string;
  maxZscore?: string;
}

/** --format, --csv-columns, --date-format, --delimiter, --header/--no-header. */
export function addImportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'input format (auto detects from the file content)').choices(['auto', ...IMPORT_FORMATS]).default('auto'))
    .option(
      '--csv-columns <mapping>',
      'CSV column mapping by 0-based index or header name, e.g. timestamp=0,open=1,high=2,low=3,close=4,volume=5 ' +
        '(also time=<col> for a separate HH:MM:SS column); default: by header names, else that order',
    )
    .addOption(new Option('--date-format <format>', 'CSV date format; times without an offset are read as UTC (default auto)').choices([...DATE_FORMATS]))
    .option('--delimiter <char>', 'CSV field delimiter, e.g. ";" or "\\t" (default: detected from the first line)')
    .option('--header', 'the first CSV line is a header (default: detected)')
    .option('--no-header', 'the first CSV line is data');
}

/** --stale-candles, --max-log-return, --max-zscore. */
export function addQualityOptions(cmd: Command): Command {
  return cmd
    .option('--stale-candles <n>', `report runs of at least n candles with identical OHLC; 0 = off (default ${QUALITY_DEFAULTS.staleRunLength})`)
    .option('--max-log-return <x>', `report moves from the previous close with |ln(price/prev close)| > x; 0 = off (default ${QUALITY_DEFAULTS.maxLogReturn})`)
    .option('--max-zscore <z>', 'report close-to-close returns with a robust z-score above z; 0 = off (default off)');
}

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
