/**
 * Flags shared by the data commands (convert-data, check-data): their definitions. Parsing
 * them into importer / quality options is in actions/data-flags.ts, loaded when a command runs.
 */
import { Option, type Command } from 'commander';
import { DATE_FORMATS } from '../data/importers/dates.ts';
import type { ImportFormat } from '../data/importers/index.ts';
import { QUALITY_DEFAULTS } from '../data/quality.ts';

/**
 * The importers' formats (IMPORT_FORMATS of data/importers/index.ts), listed again here
 * because that module loads every importer (Apache Arrow among them) while this list is
 * needed on every start to register the flag. A format that is not an importer's, or one left
 * out, does not compile.
 */
const IMPORT_FORMATS = ['json', 'jsongz', 'feather', 'csv', 'yahoo', 'parquet'] as const satisfies readonly ImportFormat[];
true satisfies [Exclude<ImportFormat, (typeof IMPORT_FORMATS)[number]>] extends [never] ? true : false;

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
