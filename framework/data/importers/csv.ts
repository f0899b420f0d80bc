/**
 * Generic delimited-text candle importer with a column mapping.
 *
 * - Columns are found by header name (case-insensitive, with common aliases) or given
 *   explicitly by name or 0-based index; a separate `time` column (backtrader's minute files:
 *   `2006-01-02,09:01:00,...`) is added to a date-only `timestamp` column.
 * - Dates: epoch s / ms, ISO-8601, `YYYY-MM-DD`, `YYYYMMDD`, `YYYYMMDD HHMMSS`; detected from
 *   the first data row unless given. Times without an offset are taken as UTC (see dates.ts).
 * - Numbers are parsed with Number() after a strict syntax check, so each value is the
 *   correctly rounded float64 of its text: the exact value a shortest round-trip writer
 *   printed. Empty or malformed cells are errors naming the file, line and column.
 * - Quoted cells are unquoted, but a delimiter inside quotes is not supported (candle files
 *   never need it).
 */
import { DataError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import type { Candles } from '../candles.ts';
import { DATE_PARSERS, detectDateFormat, isDateFormat, parseTimeOfDay, type DateFormat } from './dates.ts';
import { readInputFile } from './read-file.ts';

export type ColumnRef = string | number;

export interface CsvColumnMapping {
  timestamp?: ColumnRef;
  /** A separate time-of-day column (`HH:MM:SS`, `HH:MM` or `HHMMSS`) added to a date-only timestamp. */
  time?: ColumnRef;
  open?: ColumnRef;
  high?: ColumnRef;
  low?: ColumnRef;
  close?: ColumnRef;
  /** Absent from the file -> volume 0. */
  volume?: ColumnRef;
}

export interface CsvOptions {
  columns?: CsvColumnMapping;
  /** Field delimiter; detected from the first line (`,` `;` tab `|`) when omitted. */
  delimiter?: string;
  /** Whether the first line is a header; detected when omitted (a line with no numeric cell is a header). */
  header?: boolean;
  dateFormat?: DateFormat;
  /**
   * Rows whose price cells hold exactly this text are skipped (Yahoo writes `null` on days
   * without data). Unset: such a row is an error.
   */
  nullMarker?: string;
}

const MAPPED = ['timestamp', 'time', 'open', 'high', 'low', 'close', 'volume'] as const;
type MappedColumn = (typeof MAPPED)[number];

/** Header names recognised when no explicit mapping is given, in order of preference. */
const ALIASES: Record<MappedColumn, readonly string[]> = {
  timestamp: ['timestamp', 'datetime', 'date', 'time', 'open_time', 'opentime', 'open time', 'ts', 'unix'],
  time: ['time'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'vol', 'v'],
};

/** The no-header default: Freqtrade/NinjaTrader column order. */
const DEFAULT_INDEX: Record<MappedColumn, number> = { timestamp: 0, time: -1, open: 1, high: 2, low: 3, close: 4, volume: 5 };

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parse `timestamp=0,open=1,volume=Vol` (the --csv-columns flag) into a mapping. */
export function parseColumnMapping(spec: string): CsvColumnMapping {
  const mapping: CsvColumnMapping = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (eq <= 0 || value === '' || !(MAPPED as readonly string[]).includes(key)) {
      throw new DataError(
        `invalid column mapping "${part}": expected <column>=<index or header name> with column one of ${MAPPED.join(', ')}`,
      );
    }
    mapping[key as MappedColumn] = /^\d+$/.test(value) ? Number(value) : value;
  }
  return mapping;
}

export function parseCsv(text: string, file: string, opts: CsvOptions = {}): Candles {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  if (first === lines.length) throw new DataError(`${file}: file is empty; expected candle rows`);
  const firstLine = stripCr(lines[first]!);
  const delimiter = opts.delimiter ?? detectDelimiter(firstLine);
  const firstCells = splitLine(firstLine, delimiter);
  const header = opts.header ?? !firstCells.some((c) => NUMBER_RE.test(c));
  const headerNames = header ? firstCells : undefined;
  const dataStart = header ? first + 1 : first;

  const idx = resolveColumns(opts.columns ?? {}, headerNames, file);
  const widest = Math.max(...Object.values(idx));

  // A header that is narrower or wider than the rows means names and cells do not line up
  // (backtrader's minute sample has a 7-name header over 8-cell rows).
  let sampleLine = dataStart;
  while (sampleLine < lines.length && stripCr(lines[sampleLine]!).trim() === '') sampleLine++;
  if (sampleLine === lines.length) throw new DataError(`${file}: no data rows after the header`);
  const sampleCells = splitLine(stripCr(lines[sampleLine]!), delimiter);
  if (headerNames && opts.columns === undefined && sampleCells.length !== headerNames.length) {
    throw new DataError(
      `${file}: the header has ${headerNames.length} columns but line ${sampleLine + 1} has ${sampleCells.length}; ` +
        'give the column mapping explicitly (e.g. --csv-columns timestamp=0,time=1,open=2,high=3,low=4,close=5,volume=6)',
    );
  }

  let format = opts.dateFormat ?? 'auto';
  if (!isDateFormat(format)) throw new DataError(`${file}: unknown date format "${String(format)}"`);
  if (format === 'auto') {
    const sample = sampleCells[idx.timestamp] ?? '';
    const detected = detectDateFormat(unquote(sample));
    if (!detected) {
      throw new DataError(
        `${file}: line ${sampleLine + 1}: cannot recognise the date "${sample}"; give the date format ` +
          '(epoch_s, epoch_ms, iso, YYYY-MM-DD, YYYYMMDD, "YYYYMMDD HHMMSS")',
      );
    }
    format = detected;
  }
  const parseDate = DATE_PARSERS[format];

  const capacity = lines.length - dataStart;
  const ts = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  const priceCols: [Float64Array, number, string][] = [
    [open, idx.open, 'open'],
    [high, idx.high, 'high'],
    [low, idx.low, 'low'],
    [close, idx.close, 'close'],
  ];
  let n = 0;
  let skipped = 0;
  for (let li = dataStart; li < lines.length; li++) {
    const line = stripCr(lines[li]!);
    if (line.trim() === '') continue;
    const cells = splitLine(line, delimiter);
    const where = `${file}: line ${li + 1}`;
    if (cells.length <= widest) {
      throw new DataError(`${where}: expected at least ${widest + 1} fields separated by "${delimiter}", found ${cells.length}`);
    }
    if (opts.nullMarker !== undefined && priceCols.some(([, k]) => cells[k] === opts.nullMarker)) {
      skipped++;
      continue;
    }
    const dateText = cells[idx.timestamp]!;
    let t = parseDate(dateText);
    if (Number.isNaN(t)) throw new DataError(`${where}: timestamp "${dateText}" does not match the date format ${format}`);
    if (idx.time >= 0) {
      const timeText = cells[idx.time]!;
      const tod = parseTimeOfDay(timeText);
      if (Number.isNaN(tod)) throw new DataError(`${where}: time "${timeText}" is not HH:MM:SS, HH:MM or HHMMSS`);
      t += tod;
    }
    ts[n] = t;
    for (const [col, k, name] of priceCols) col[n] = parseCell(cells[k]!, where, name);
    volume[n] = idx.volume >= 0 ? parseCell(cells[idx.volume]!, where, 'volume') : 0;
    n++;
  }
  if (idx.volume < 0) getLogger('data').info({ file }, 'no volume column: volume set to 0');
  if (skipped > 0) getLogger('data').warn({ file, skipped, marker: opts.nullMarker }, 'skipped rows without prices');
  return {
    timestamp: ts.subarray(0, n),
    open: open.subarray(0, n),
    high: high.subarray(0, n),
    low: low.subarray(0, n),
    close: close.subarray(0, n),
    volume: volume.subarray(0, n),
  };
}

export async function importCsv(file: string, opts: CsvOptions = {}): Promise<Candles> {
  return parseCsv((await readInputFile(file)).toString('utf8'), file, opts);
}

function parseCell(cell: string, where: string, column: string): number {
  if (NUMBER_RE.test(cell)) return Number(cell);
  if (cell === 'NaN' || cell === 'nan') return NaN; // kept, so the quality checks can name the row
  throw new DataError(`${where}: ${column} "${cell}" is not a number`);
}

function resolveColumns(
  mapping: CsvColumnMapping,
  headerNames: string[] | undefined,
  file: string,
): Record<MappedColumn, number> {
  const lower = headerNames?.map((h) => h.toLowerCase());
  const out = {} as Record<MappedColumn, number>;
  for (const col of MAPPED) {
    const ref = mapping[col];
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref < 0) throw new DataError(`${file}: column index for ${col} must be >= 0, got ${ref}`);
      out[col] = ref;
    } else if (typeof ref === 'string') {
      if (!lower) {
        throw new DataError(`${file}: column "${ref}" for ${col} is given by name but the file has no header; use a 0-based index`);
      }
      const k = lower.indexOf(ref.toLowerCase());
      if (k < 0) throw new DataError(`${file}: no column "${ref}" for ${col} in the header (columns: ${headerNames!.join(', ')})`);
      out[col] = k;
    } else if (lower) {
      // A date column doubles as the timestamp only when no better name exists; `time` is
      // a separate time-of-day column only when the timestamp came from another column.
      const k = col === 'time' ? -1 : findAlias(lower, ALIASES[col]);
      out[col] = k;
    } else {
      // An explicit mapping that leaves out volume means the file has none.
      out[col] = col === 'volume' && Object.keys(mapping).length > 0 ? -1 : DEFAULT_INDEX[col];
    }
  }
  if (lower && mapping.time === undefined && mapping.timestamp === undefined) {
    // Header "Date,Time,Open,..." -> a date column plus a time column.
    const date = lower.indexOf('date');
    const time = lower.indexOf('time');
    if (date >= 0 && time >= 0 && out.timestamp === date) out.time = time;
  }
  for (const col of ['timestamp', 'open', 'high', 'low', 'close'] as const) {
    if (out[col] < 0) {
      throw new DataError(
        `${file}: cannot find the ${col} column in the header (columns: ${headerNames!.join(', ')}); give the column mapping`,
      );
    }
  }
  return out;
}

function findAlias(lowerNames: string[], aliases: readonly string[]): number {
  for (const a of aliases) {
    const k = lowerNames.indexOf(a);
    if (k >= 0) return k;
  }
  return -1;
}

function detectDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const count = line.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function splitLine(line: string, delimiter: string): string[] {
  const cells = line.split(delimiter);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    // Most cells need neither trimming nor unquoting; skip the string copies for them.
    const a = cell.charCodeAt(0);
    const z = cell.charCodeAt(cell.length - 1);
    if (a <= 32 || z <= 32 || a === 34) cells[i] = unquote(cell.trim());
  }
  return cells;
}

function unquote(cell: string): string {
  return cell.length >= 2 && cell[0] === '"' && cell[cell.length - 1] === '"' ? cell.slice(1, -1).trim() : cell;
}
