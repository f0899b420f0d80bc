/**
 * Candles <-> apache-arrow Table.
 *
 * Candles -> Table never copies: each column becomes a Float64 vector over the same buffer.
 * Table -> Candles does not copy either when a column is Float64 in a single chunk without
 * nulls (what our Parquet store and candlesToArrowTable produce); anything else (several
 * chunks, int64 / timestamp / date timestamps, other numeric types, nulls) is converted into
 * a fresh Float64Array with a plain loop.
 */
import {
  DataType,
  Float64,
  makeVector,
  Precision,
  Table,
  TimeUnit,
  type Data,
  type Field,
  type Vector,
} from 'apache-arrow';
import { DataError } from '../core/errors.ts';
import type { Candles } from './candles.ts';
import { int64ToMs } from './int64-ms.ts';

const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
/** Freqtrade's frames and feather files call the timestamp column `date`. */
const TIMESTAMP_NAMES = ['timestamp', 'date'] as const;

/** A zero-copy Arrow view of `c`: six Float64 columns, `timestamp` in epoch ms. */
export function candlesToArrowTable(c: Candles): Table {
  return new Table({
    timestamp: makeVector(c.timestamp),
    open: makeVector(c.open),
    high: makeVector(c.high),
    low: makeVector(c.low),
    close: makeVector(c.close),
    volume: makeVector(c.volume),
  });
}

/**
 * Candles from an Arrow table with columns `timestamp` (or `date`), open, high, low, close,
 * volume. `source` names the table's origin (a file) in error messages.
 */
export function candlesFromArrowTable(t: Table, source = 'Arrow table'): Candles {
  const tsName = TIMESTAMP_NAMES.find((n) => t.schema.fields.some((f) => f.name === n));
  if (tsName === undefined) {
    throw new DataError(
      `${source}: no "timestamp" or "date" column (columns: ${columnList(t)}); expected timestamp, open, high, low, close, volume`,
    );
  }
  const timestamp = timestampColumn(t, tsName, source);
  const out: Record<string, Float64Array> = { timestamp };
  for (const name of PRICE_COLUMNS) {
    const field = t.schema.fields.find((f) => f.name === name);
    const vector = t.getChild(name);
    if (!field || !vector) {
      throw new DataError(
        `${source}: missing column "${name}" (columns: ${columnList(t)}); expected timestamp, open, high, low, close, volume`,
      );
    }
    if (!isPlainNumber(field.type)) {
      throw new DataError(`${source}: column "${name}" has type ${String(field.type)}; expected float64`);
    }
    out[name] = numericColumn(vector);
  }
  return {
    timestamp,
    open: out.open!,
    high: out.high!,
    low: out.low!,
    close: out.close!,
    volume: out.volume!,
  };
}

/** Types whose values array holds the numbers themselves (float16 holds raw half-float bits). */
function isPlainNumber(type: DataType): boolean {
  return DataType.isInt(type) || (DataType.isFloat(type) && type.precision !== Precision.HALF);
}

function columnList(t: Table): string {
  return t.schema.fields.map((f) => f.name).join(', ') || '(none)';
}

/** A Float64Array for a numeric column: the column's own buffer when possible. */
function numericColumn(vector: Vector): Float64Array {
  const chunks = vector.data;
  if (chunks.length === 1) {
    const d = chunks[0]!;
    if (d.type instanceof Float64 && d.nullCount === 0) {
      const values = d.values as Float64Array;
      return values.length === d.length ? values : values.subarray(0, d.length);
    }
  }
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const d of chunks) {
    const values = d.values as ArrayLike<number | bigint>;
    const n = d.length;
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      for (let i = 0; i < n; i++) out[at + i] = Number(values[i]!);
    } else {
      const v = values as ArrayLike<number>;
      for (let i = 0; i < n; i++) out[at + i] = v[i]!;
    }
    markNulls(d, out, at);
    at += n;
  }
  return out;
}

/** Null slots hold arbitrary bytes in Arrow; candles have no nulls, so they become NaN (which quality checks report). */
function markNulls(d: Data, out: Float64Array, at: number): void {
  if (d.nullCount === 0) return;
  for (let i = 0; i < d.length; i++) if (!d.getValid(i)) out[at + i] = NaN;
}

function timestampColumn(t: Table, name: string, source: string): Float64Array {
  const field = t.schema.fields.find((f) => f.name === name) as Field;
  const vector = t.getChild(name)!;
  const type = field.type;
  if (DataType.isFloat(type) && isPlainNumber(type)) return numericColumn(vector);
  let divisor: number; // int64 units per millisecond (0 = the column counts seconds)
  if (DataType.isTimestamp(type)) {
    divisor = UNIT_PER_MS[type.unit]!;
  } else if (DataType.isDate(type)) {
    return dateColumn(vector);
  } else if (DataType.isInt(type) && type.bitWidth === 64 && type.isSigned) {
    divisor = 1; // plain int64 timestamps are epoch ms, as in Freqtrade's json rows
  } else {
    throw new DataError(
      `${source}: column "${name}" has type ${String(type)}; expected float64 or int64 epoch ms, or timestamp[ms|us|ns]`,
    );
  }
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const d of vector.data) {
    int64ToMs(halvesOf(d.values as BigInt64Array, d.length), d.length, divisor, out, at);
    markNulls(d, out, at);
    at += d.length;
  }
  return out;
}

const UNIT_PER_MS: Record<number, number> = {
  [TimeUnit.SECOND]: 0,
  [TimeUnit.MILLISECOND]: 1,
  [TimeUnit.MICROSECOND]: 1_000,
  [TimeUnit.NANOSECOND]: 1_000_000,
};

const DAY_MS = 86_400_000;

function dateColumn(vector: Vector): Float64Array {
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const d of vector.data) {
    const values = d.values as Int32Array | BigInt64Array;
    if (values instanceof Int32Array) {
      // date32: days since the epoch
      for (let i = 0; i < d.length; i++) out[at + i] = values[i]! * DAY_MS;
    } else {
      int64ToMs(halvesOf(values, d.length), d.length, 1, out, at);
    }
    markNulls(d, out, at);
    at += d.length;
  }
  return out;
}

/** An int64 column as little-endian int32 halves (a view, no copy). */
function halvesOf(values: BigInt64Array, n: number): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, n * 2);
}
