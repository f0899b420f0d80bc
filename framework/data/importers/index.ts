/**
 * One entry point for every candle file format: detect the format of a file (by its first
 * bytes, then its name) and import it into `Candles`.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { DataError, errorMessage } from '../../core/errors.ts';
import { fileStemToPair, type Pair } from '../../core/pair.ts';
import { isTimeframe, type Timeframe } from '../../core/timeframe.ts';
import type { Candles } from '../candles.ts';
import { importCsv, type CsvOptions } from './csv.ts';
import { importFeather } from './feather.ts';
import { importFreqtradeJson, importFreqtradeJsonGz } from './freqtrade-json.ts';
import { importYahooCsv, isYahooHeader } from './yahoo.ts';

export const IMPORT_FORMATS = ['json', 'jsongz', 'feather', 'csv', 'yahoo', 'parquet'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** `auto` (default) detects the format with detectFormat. */
  format?: ImportFormat | 'auto';
  /** Column mapping, delimiter, header and date format for `csv`. */
  csv?: CsvOptions;
}

/** File names the importers recognise when a directory is given. */
export const IMPORTABLE_EXTENSIONS = ['.json', '.json.gz', '.feather', '.arrow', '.csv', '.txt', '.parquet'];

export function isImportableFile(file: string): boolean {
  const lower = file.toLowerCase();
  return IMPORTABLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Detect a file's format from its first bytes: gzip magic -> jsongz, `ARROW1` -> feather,
 * `PAR1` -> parquet, `[` -> json; text with a Yahoo header (Date,...,Adj Close,...) -> yahoo;
 * other text -> csv.
 */
export function detectFormat(file: string): ImportFormat {
  const head = readHead(file, 4096);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'jsongz';
  const ascii = head.toString('latin1');
  if (ascii.startsWith('ARROW1')) return 'feather';
  if (ascii.startsWith('PAR1')) return 'parquet';
  const text = ascii.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.length === 0) throw new DataError(`${file}: file is empty`);
  const firstLine = text.split(/\r?\n/, 1)[0]!;
  if (isYahooHeader(firstLine)) return 'yahoo';
  if (/[\x00-\x08\x0e-\x1f]/.test(firstLine)) {
    throw new DataError(`${file}: unrecognised binary file; expected json, json.gz, feather, parquet or CSV`);
  }
  return 'csv';
}

export async function importCandles(file: string, options: ImportOptions = {}): Promise<Candles> {
  const format = !options.format || options.format === 'auto' ? detectFormat(file) : options.format;
  switch (format) {
    case 'json':
      return importFreqtradeJson(file);
    case 'jsongz':
      return importFreqtradeJsonGz(file);
    case 'feather':
      return importFeather(file);
    case 'csv':
      return importCsv(file, options.csv);
    case 'yahoo':
      return importYahooCsv(file);
    case 'parquet': {
      const { readCandlesParquet } = await import('../parquet-store.ts');
      return readCandlesParquet(file);
    }
    default:
      throw new DataError(`${file}: unknown format "${String(format)}"; expected one of auto, ${IMPORT_FORMATS.join(', ')}`);
  }
}

export interface FileNameInfo {
  pair: Pair;
  timeframe: Timeframe;
  /** Freqtrade's candle type suffix for futures files (`-futures`, `-mark`, ...), if any. */
  candleType?: string;
}

const FREQTRADE_NAME_RE =
  /^(.+?)-(\d+[smhdwM])(?:-(spot|futures|mark|index|premiumIndex|funding_rate))?\.(?:json\.gz|json|feather|arrow|csv|txt|parquet)$/;

/** Pair and timeframe from a Freqtrade-style file name (`BTC_USDT-5m.json`, `BTC_USDT_USDT-1h-futures.feather`). */
export function parseFreqtradeFileName(file: string): FileNameInfo | undefined {
  const m = FREQTRADE_NAME_RE.exec(path.basename(file));
  if (!m || !isTimeframe(m[2]!)) return undefined;
  try {
    const pair = fileStemToPair(m[1]!);
    return m[3] ? { pair, timeframe: m[2]!, candleType: m[3] } : { pair, timeframe: m[2]! };
  } catch {
    return undefined;
  }
}

function readHead(file: string, bytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `${file}: file not found` : `${file}: cannot open (${errorMessage(err)})`, {
      cause: err,
    });
  }
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } catch (err) {
    throw new DataError(`${file}: cannot read (${errorMessage(err)})`, { cause: err });
  } finally {
    closeSync(fd);
  }
}
