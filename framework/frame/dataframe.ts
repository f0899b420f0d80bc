/**
 * The DataFrame strategy hooks receive: named columns over typed arrays, one row per candle.
 *
 * - Numeric columns are Float64Array (NaN = missing); tag columns (`enter_tag`, `exit_tag`,
 *   or any text) are (string | null)[].
 * - Built from Candles without copying: `date` (epoch ms, candle open time), open, high, low,
 *   close, volume are the candle store's own arrays. The frame never writes into memory it
 *   did not allocate: such columns are "borrowed" and copied on the first in-place write
 *   (`setWhere`), so the candle store is never modified.
 * - No Proxy: columns are read with `get('close')` and written with `set` / `setWhere`.
 */
import type { Candles } from '../data/candles.ts';
import { UsageError } from '../core/errors.ts';
import { BoolSeries, resolveBool, type BoolOperand } from './bool-series.ts';
import { isSignalColumn, OHLCV_COLUMNS, type Column, type TagColumn } from './columns.ts';
import { formatFrame, type FormatOptions } from './format.ts';
import { maskRows } from './kernels/mask.ts';
import { mergeInformative, type MergeInformativeOptions } from './merge-informative.ts';
import { resolveOperand, type Operand } from './operand.ts';
import { Series } from './series.ts';

/** What `set` accepts: a numeric column, a condition (stored as 0/1), a scalar for every row, or tags. */
export type ColumnValue = Series | BoolSeries | Float64Array | Uint8Array | number | string | null | TagColumn;

/** What `setWhere` writes on the selected rows. */
export type CellValue = Operand | string | null;

export interface FrameOptions {
  /** Candle timeframe of the rows (e.g. '5m'); used by mergeInformative. */
  timeframe?: string;
}

/**
 * Rows [start, end) of a tag column, copied on first use. A JS array has no zero-copy view, and
 * copying every tag column on each slice made capped frames (a backtest's
 * dp.getAnalyzedDataframe on every callback) cost a copy of the whole history per call.
 */
class TagSlice {
  constructor(
    readonly source: TagColumn,
    readonly start: number,
    readonly end: number,
  ) {}

  get length(): number {
    return this.end - this.start;
  }

  materialize(): TagColumn {
    return this.source.slice(this.start, this.end);
  }
}

export class DataFrame {
  private readonly cols = new Map<string, Column | TagSlice>();
  /** Columns whose memory belongs to someone else (candle store, a caller's array, another frame). */
  private readonly borrowed = new Set<string>();
  /**
   * The distinct non-null values of tag columns the frame filled itself (set / setWhere) and
   * whose array never left it (getTags); see knownTags.
   */
  private readonly tagValues = new Map<string, Set<string>>();
  private readonly rows: number;
  timeframe: string | undefined;

  /**
   * Columns by name, in order. Arrays are used as given (not copied) and treated as
   * borrowed. All columns must have the same length.
   */
  constructor(columns: Record<string, Column>, options: FrameOptions & { length?: number } = {}) {
    const names = Object.keys(columns);
    const first = names[0];
    this.rows = first === undefined ? (options.length ?? 0) : columns[first]!.length;
    this.timeframe = options.timeframe;
    for (const name of names) {
      const col = columns[name]!;
      if (!(col instanceof Float64Array) && !Array.isArray(col)) {
        throw new UsageError(`DataFrame: column '${name}' must be a Float64Array or an array of strings/null`);
      }
      if (col.length !== this.rows) {
        throw new UsageError(
          `DataFrame: column '${name}' has ${col.length} rows, expected ${this.rows} (the length of '${first}')`,
        );
      }
      this.cols.set(name, col);
      this.borrowed.add(name);
    }
  }

  /** A frame over candles without copying: columns date, open, high, low, close, volume. */
  static fromCandles(c: Candles, options: FrameOptions = {}): DataFrame {
    return new DataFrame(
      { date: c.timestamp, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume },
      options,
    );
  }

  get length(): number {
    return this.rows;
  }

  /** Column names in insertion order. */
  get columns(): string[] {
    return [...this.cols.keys()];
  }

  has(name: string): boolean {
    return this.cols.has(this.key(name));
  }

  /** A numeric column as a Series sharing the frame's memory (pandas `df['close']`). */
  get(name: string): Series {
    const key = this.key(name);
    const col = this.columnAt(key);
    if (col === undefined) throw this.missing(name);
    if (!(col instanceof Float64Array)) {
      throw new UsageError(`column '${name}' holds text (tags); read it with getTags('${name}')`);
    }
    return new Series(col, key);
  }

  /** Alias of `get`. */
  col(name: string): Series {
    return this.get(name);
  }

  /** The raw Float64Array of a numeric column (for kernels and the engine). */
  array(name: string): Float64Array {
    return this.get(name).values;
  }

  /** A text column such as `enter_tag`. */
  getTags(name: string): TagColumn {
    const col = this.columnAt(name);
    if (col === undefined) throw this.missing(name);
    if (col instanceof Float64Array) {
      throw new UsageError(`column '${name}' is numeric; read it with get('${name}')`);
    }
    // The caller may write into the array: the frame no longer knows which tags it holds.
    this.tagValues.delete(name);
    return col;
  }

  /**
   * The distinct tags (non-null values) of a tag column when the frame knows them without
   * reading its rows: it filled the column itself (set / setWhere) and never handed the array
   * out (getTags). It may name a tag that was overwritten since. Undefined otherwise. Lets the
   * engine find tagged rows with indexOf instead of a loop over every row.
   */
  knownTags(name: string): ReadonlySet<string> | undefined {
    return this.tagValues.get(name);
  }

  /** True for a text column (tags), false for a numeric one; error if missing. */
  isTags(name: string): boolean {
    const col = this.cols.get(this.key(name));
    if (col === undefined) throw this.missing(name);
    return !(col instanceof Float64Array);
  }

  /** Candle open times in epoch ms (the `date` column). */
  get dates(): Float64Array {
    return this.array('date');
  }

  /**
   * Set a whole column (pandas `df['rsi'] = ...`). A Series / Float64Array is stored without
   * copying; a BoolSeries becomes 0/1; a number fills every row; a string or null fills a tag column.
   */
  set(name: string, value: ColumnValue): this {
    const key = name;
    const n = this.rows;
    if (typeof value === 'number') {
      this.store(key, new Float64Array(n).fill(value), false);
    } else if (typeof value === 'string' || value === null) {
      this.store(key, new Array<string | null>(n).fill(value), false);
      this.tagValues.set(key, new Set(value === null || n === 0 ? [] : [value]));
    } else if (value instanceof Series || value instanceof Float64Array) {
      const arr = value instanceof Series ? value.values : value;
      this.checkLength(key, arr.length);
      this.store(key, arr, true);
    } else if (value instanceof BoolSeries || value instanceof Uint8Array) {
      const b = value instanceof BoolSeries ? value.values : value;
      this.checkLength(key, b.length);
      const arr = new Float64Array(n);
      for (let i = 0; i < n; i++) arr[i] = b[i]!;
      this.store(key, arr, false);
    } else if (Array.isArray(value)) {
      this.checkLength(key, value.length);
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (v !== null && typeof v !== 'string') {
          throw new UsageError(`set('${name}'): row ${i} is ${typeof v}; a tag column holds strings or null`);
        }
      }
      this.store(key, value, true);
    } else {
      throw new UsageError(`set('${name}'): unsupported value (expected Series, BoolSeries, Float64Array, number, string or string[])`);
    }
    return this;
  }

  /**
   * Freqtrade's `df.loc[cond, 'enter_long'] = 1` / `df.loc[cond, 'enter_tag'] = 'rsi'`:
   * write `value` on the rows where `cond` is true. A missing column is created first:
   * signal columns (enter_long, exit_long, enter_short, exit_short) filled with 0, other
   * numeric columns with NaN (pandas), tag columns with null.
   */
  setWhere(name: string, cond: BoolOperand, value: CellValue): this {
    return this.writeWhere(name, cond, value, null);
  }

  /** Several `setWhere` at once: `df.assignWhere(cond, { enter_long: 1, enter_tag: 'rsi' })`. */
  assignWhere(cond: BoolOperand, values: Record<string, CellValue>): this {
    // The selected rows are found once for all the columns.
    const found: SelectedRows = { mask: null, rows: null };
    for (const [name, value] of Object.entries(values)) this.writeWhere(name, cond, value, found);
    return this;
  }

  /** Remove columns; naming a missing column is an error (pandas raises KeyError). */
  drop(...names: string[]): this {
    for (const name of names) {
      const key = this.key(name);
      if (!this.cols.has(key)) throw this.missing(name);
      this.cols.delete(key);
      this.borrowed.delete(key);
      this.tagValues.delete(key);
    }
    return this;
  }

  /**
   * Rows [start, end) as a new frame sharing memory with this one (negative = from the end).
   * Numeric columns are views; tag columns are copied when the new frame first reads them (a
   * write through this frame's API copies its own tags first, so the slice keeps the values
   * it was cut from).
   */
  slice(start = 0, end = this.rows): DataFrame {
    const n = this.rows;
    const s = clampIndex(start, n);
    const e = Math.max(s, clampIndex(end, n));
    const out: Record<string, Column> = {};
    let tags: Map<string, TagSlice> | undefined;
    for (const [name, col] of this.cols) {
      if (col instanceof Float64Array) out[name] = col.subarray(s, e);
      else {
        const t = col instanceof TagSlice ? new TagSlice(col.source, col.start + s, col.start + e) : new TagSlice(col, s, e);
        (tags ??= new Map()).set(name, t);
        // The source array is now shared: an in-place write through this frame must copy first.
        if (!(col instanceof TagSlice)) this.borrowed.add(name);
      }
    }
    const df = new DataFrame(out, { timeframe: this.timeframe, length: e - s });
    if (tags !== undefined) {
      // Put the lazy tag columns back in their places (column order is part of the frame).
      const numeric = new Map(df.cols);
      df.cols.clear();
      for (const name of this.cols.keys()) df.cols.set(name, numeric.get(name) ?? tags.get(name)!);
    }
    return df;
  }

  head(n = 5): DataFrame {
    return this.slice(0, Math.min(Math.max(n, 0), this.rows));
  }

  tail(n = 5): DataFrame {
    return this.slice(Math.max(this.rows - Math.max(n, 0), 0), this.rows);
  }

  /** A deep copy: writes to the copy never reach this frame or the candle store. */
  copy(): DataFrame {
    const out: Record<string, Column> = {};
    for (const [name, col] of this.cols) out[name] = col instanceof TagSlice ? col.materialize() : col.slice();
    const df = new DataFrame(out, { timeframe: this.timeframe, length: this.rows });
    df.borrowed.clear();
    return df;
  }

  /** The OHLCV columns as Candles (views, no copy). */
  toCandles(): Candles {
    const [date, open, high, low, close, volume] = OHLCV_COLUMNS.map((c) => this.array(c));
    return { timestamp: date!, open: open!, high: high!, low: low!, close: close!, volume: volume! };
  }

  /**
   * Freqtrade's `merge_informative_pair`: add the columns of a higher-timeframe frame with a
   * suffix, each row seeing only informative candles that have closed. Modifies this frame
   * and returns it. See merge-informative.ts for the exact rule.
   */
  mergeInformative(informative: DataFrame, options: MergeInformativeOptions = {}): this {
    mergeInformative(this, informative, options);
    return this;
  }

  /** A readable table: first and last rows, dates in UTC, `[rows x columns]` footer. */
  toString(options: FormatOptions = {}): string {
    return formatFrame(this.columns, (name) => this.columnAt(name)!, this.rows, options);
  }

  print(options: FormatOptions = {}): void {
    console.log(this.toString(options));
  }

  // ---- internals ---------------------------------------------------------------------------

  /** setWhere; `found` keeps the rows a mask selects across the columns of one assignWhere. */
  private writeWhere(name: string, cond: BoolOperand, value: CellValue, found: SelectedRows | null): this {
    const key = this.key(name);
    const n = this.rows;
    const c = resolveBool(`setWhere('${name}')`, n, cond);
    // Signals are sparse: only the selected rows are visited (maskRows).
    const selected = (m: Uint8Array): Int32Array => {
      if (found === null) return maskRows(m);
      if (found.mask !== m || found.rows === null) {
        found.mask = m;
        found.rows = maskRows(m);
      }
      return found.rows;
    };
    if (typeof value === 'string' || value === null) {
      const tags = this.writableTags(key);
      if (c.array === null) {
        if (c.scalar) tags.fill(value);
      } else {
        const rows = selected(c.array);
        for (let k = 0; k < rows.length; k++) tags[rows[k]!] = value;
      }
      if (value !== null) this.tagValues.get(key)?.add(value);
      return this;
    }
    const col = this.writableNumeric(key);
    const r = resolveOperand(`setWhere('${name}')`, n, value);
    if (c.array === null) {
      if (c.scalar) {
        if (r.array) col.set(r.array);
        else col.fill(r.scalar);
      }
      return this;
    }
    const rows = selected(c.array);
    const v = r.array;
    if (v) {
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        col[i] = v[i]!;
      }
    } else {
      const s = r.scalar;
      for (let k = 0; k < rows.length; k++) col[rows[k]!] = s;
    }
    return this;
  }

  /** A column, a lazy tag slice copied into place on first use. */
  private columnAt(name: string): Column | undefined {
    const c = this.cols.get(name);
    if (!(c instanceof TagSlice)) return c;
    const own = c.materialize();
    this.cols.set(name, own);
    this.borrowed.delete(name); // a fresh copy: writes may go straight into it
    return own;
  }

  private store(name: string, col: Column, borrowed: boolean): void {
    this.cols.set(name, col);
    this.tagValues.delete(name);
    if (borrowed) this.borrowed.add(name);
    else this.borrowed.delete(name);
  }

  private writableNumeric(name: string): Float64Array {
    const col = this.columnAt(name);
    if (col === undefined) {
      // A fresh Float64Array is already 0; not writing it keeps the OS from backing untouched
      // pages (a signal column is mostly 0), which saves milliseconds on 1M rows.
      const created = new Float64Array(this.rows);
      if (!isSignalColumn(name)) created.fill(NaN);
      this.store(name, created, false);
      return created;
    }
    if (!(col instanceof Float64Array)) {
      throw new UsageError(`setWhere('${name}'): the column holds text; write a string or null, not a number`);
    }
    if (this.borrowed.has(name)) {
      const own = col.slice(); // copy on write: never modify the candle store or a caller's array
      this.store(name, own, false);
      return own;
    }
    return col;
  }

  private writableTags(name: string): TagColumn {
    const col = this.columnAt(name);
    if (col === undefined) {
      const created = new Array<string | null>(this.rows).fill(null);
      this.store(name, created, false);
      this.tagValues.set(name, new Set());
      return created;
    }
    if (col instanceof Float64Array) {
      throw new UsageError(`setWhere('${name}'): the column is numeric; write a number, not text`);
    }
    if (this.borrowed.has(name)) {
      const own = col.slice();
      this.store(name, own, false);
      return own;
    }
    return col;
  }

  private checkLength(name: string, got: number): void {
    if (got !== this.rows) {
      throw new UsageError(`set('${name}'): value has ${got} rows, the frame has ${this.rows}`);
    }
  }

  /** `timestamp` reads the `date` column (the candle store's name for it) unless a real `timestamp` column exists. */
  private key(name: string): string {
    return name === 'timestamp' && !this.cols.has(name) ? 'date' : name;
  }

  private missing(name: string): UsageError {
    return new UsageError(`no column '${name}'; the frame has: ${this.columns.join(', ')}`);
  }
}

/** The rows a condition selected, kept across the columns of one assignWhere. */
interface SelectedRows {
  mask: Uint8Array | null;
  rows: Int32Array | null;
}

function clampIndex(i: number, n: number): number {
  const j = i < 0 ? n + i : i;
  return Math.min(Math.max(Math.trunc(j), 0), n);
}
