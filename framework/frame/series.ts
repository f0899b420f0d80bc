/**
 * A numeric column as strategy hooks see it: a Float64Array plus a pandas-like API.
 * Every operation returns a new Series (or BoolSeries) and allocates exactly one output
 * array; nothing is evaluated lazily and nothing mutates `this`. Missing values are NaN,
 * as in pandas; comparisons with NaN are false (except `ne`, which is true), as in pandas.
 */
import { UsageError } from '../core/errors.ts';
import { BoolSeries, type BoolOperand, resolveBool } from './bool-series.ts';
import { crossUp } from './kernels/cross.ts';
import { diff, pctChange, shift } from './kernels/shift.ts';
import { resolveOperand, type Operand } from './operand.ts';
import { Ewm, Rolling, type EwmSpec, type RollingOptions } from './window.ts';

export type { Operand } from './operand.ts';

export class Series {
  /** The column's values; for a column of a DataFrame this is the frame's own memory. */
  readonly values: Float64Array;
  readonly name: string;

  constructor(values: Float64Array | ArrayLike<number>, name = '') {
    this.values = values instanceof Float64Array ? values : Float64Array.from(values);
    this.name = name;
  }

  get length(): number {
    return this.values.length;
  }

  /** Value at row i; negative i counts from the end (pandas `iloc[-1]` is `at(-1)`). */
  at(i: number): number {
    const n = this.values.length;
    const j = i < 0 ? n + i : i;
    if (!Number.isInteger(j) || j < 0 || j >= n) {
      throw new UsageError(`Series${this.label()}.at(${i}): row out of range, the series has ${n} rows`);
    }
    return this.values[j]!;
  }

  /** The last value (Freqtrade's `dataframe['close'].iloc[-1]`); NaN for an empty series. */
  last(): number {
    const n = this.values.length;
    return n === 0 ? NaN : this.values[n - 1]!;
  }

  toArray(): number[] {
    return Array.from(this.values);
  }

  copy(name = this.name): Series {
    return new Series(Float64Array.from(this.values), name);
  }

  rename(name: string): Series {
    return new Series(this.values, name);
  }

  // ---- arithmetic (series or scalar on the right) ------------------------------------------

  add(o: Operand): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    const r = resolveOperand('add', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! + r.array[i]!;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! + s;
    return new Series(out);
  }

  sub(o: Operand): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    const r = resolveOperand('sub', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! - r.array[i]!;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! - s;
    return new Series(out);
  }

  mul(o: Operand): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    const r = resolveOperand('mul', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! * r.array[i]!;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! * s;
    return new Series(out);
  }

  /** Division as numpy does it: x/0 is ±Infinity, 0/0 is NaN. */
  div(o: Operand): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    const r = resolveOperand('div', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! / r.array[i]!;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! / s;
    return new Series(out);
  }

  pow(o: Operand): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    const r = resolveOperand('pow', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! ** r.array[i]!;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! ** s;
    return new Series(out);
  }

  /** Elementwise maximum with another series or scalar (numpy `maximum`: NaN wins). */
  maximum(o: Operand): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    const r = resolveOperand('maximum', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = Math.max(x[i]!, r.array[i]!);
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = Math.max(x[i]!, s);
    return new Series(out);
  }

  /** Elementwise minimum with another series or scalar (numpy `minimum`: NaN wins). */
  minimum(o: Operand): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    const r = resolveOperand('minimum', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = Math.min(x[i]!, r.array[i]!);
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = Math.min(x[i]!, s);
    return new Series(out);
  }

  neg(): Series {
    return this.map1((v) => -v);
  }

  abs(): Series {
    return this.map1(Math.abs);
  }

  log(): Series {
    return this.map1(Math.log);
  }

  sqrt(): Series {
    return this.map1(Math.sqrt);
  }

  /** Round half away from zero to `decimals` places (pandas rounds half to even; differs only on exact ties). */
  round(decimals = 0): Series {
    const f = 10 ** decimals;
    return this.map1((v) => (v < 0 ? -Math.round(-v * f) : Math.round(v * f)) / f);
  }

  /** Limit values to [lower, upper]; either bound may be omitted; NaN stays NaN (pandas). */
  clip(lower?: number, upper?: number): Series {
    const lo = lower ?? -Infinity;
    const hi = upper ?? Infinity;
    if (lo > hi) throw new UsageError(`clip: lower ${lo} is above upper ${hi}`);
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v < lo ? lo : v > hi ? hi : v;
    }
    return new Series(out);
  }

  /** Apply `fn` to every value. An escape hatch: a closure call per row is slower than the built-ins. */
  map(fn: (value: number, index: number) => number): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = fn(x[i]!, i);
    return new Series(out);
  }

  private map1(fn: (v: number) => number): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = fn(x[i]!);
    return new Series(out);
  }

  // ---- comparisons (BoolSeries out) -------------------------------------------------------

  gt(o: Operand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const r = resolveOperand('gt', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! > r.array[i]! ? 1 : 0;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! > s ? 1 : 0;
    return new BoolSeries(out);
  }

  ge(o: Operand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const r = resolveOperand('ge', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! >= r.array[i]! ? 1 : 0;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! >= s ? 1 : 0;
    return new BoolSeries(out);
  }

  lt(o: Operand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const r = resolveOperand('lt', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! < r.array[i]! ? 1 : 0;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! < s ? 1 : 0;
    return new BoolSeries(out);
  }

  le(o: Operand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const r = resolveOperand('le', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! <= r.array[i]! ? 1 : 0;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! <= s ? 1 : 0;
    return new BoolSeries(out);
  }

  /** Exact equality, as pandas `==`. Prices usually want a tolerance: `sub(o).abs().lt(eps)`. */
  eq(o: Operand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const r = resolveOperand('eq', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! === r.array[i]! ? 1 : 0;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! === s ? 1 : 0;
    return new BoolSeries(out);
  }

  ne(o: Operand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const r = resolveOperand('ne', n, o);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! !== r.array[i]! ? 1 : 0;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! !== s ? 1 : 0;
    return new BoolSeries(out);
  }

  /** lower <= x <= upper (pandas `between`, inclusive both ends). */
  between(lower: number, upper: number): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v >= lower && v <= upper ? 1 : 0;
    }
    return new BoolSeries(out);
  }

  isNa(): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i]! !== x[i]! ? 1 : 0;
    return new BoolSeries(out);
  }

  notNa(): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i]! === x[i]! ? 1 : 0;
    return new BoolSeries(out);
  }

  /**
   * qtpylib `crossed_above(a, b)`: a > b on this row and a <= b on the previous row.
   * Row 0 is false; a NaN on either row makes the row false (NaN compares false).
   */
  crossedAbove(o: Operand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const r = resolveOperand('crossedAbove', n, o);
    if (r.array) {
      crossUp(x, r.array, out);
    } else {
      const s = r.scalar;
      for (let i = 1; i < n; i++) out[i] = x[i]! > s && x[i - 1]! <= s ? 1 : 0;
    }
    return new BoolSeries(out);
  }

  /** qtpylib `crossed_below(a, b)`: a < b on this row and a >= b on the previous row. */
  crossedBelow(o: Operand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const r = resolveOperand('crossedBelow', n, o);
    if (r.array) {
      crossUp(r.array, x, out);
    } else {
      const s = r.scalar;
      for (let i = 1; i < n; i++) out[i] = x[i]! < s && x[i - 1]! >= s ? 1 : 0;
    }
    return new BoolSeries(out);
  }

  /** qtpylib `crossed(a, b)`: crossed above or below. */
  crossed(o: Operand): BoolSeries {
    return this.crossedAbove(o).or(this.crossedBelow(o));
  }

  // ---- selection and missing values ------------------------------------------------------

  /** pandas `where`: keep the value where `cond` is true, otherwise `other` (default NaN). */
  where(cond: BoolOperand, other: Operand = NaN): Series {
    return this.select('where', cond, other, 1);
  }

  /** pandas `mask`: replace the value with `other` where `cond` is true (the inverse of where). */
  mask(cond: BoolOperand, other: Operand = NaN): Series {
    return this.select('mask', cond, other, 0);
  }

  private select(op: string, cond: BoolOperand, other: Operand, keepWhen: 0 | 1): Series {
    const x = this.values;
    const n = x.length;
    const c = resolveBool(op, n, cond);
    const out = new Float64Array(n);
    const r = resolveOperand(op, n, other);
    if (c.array === null) {
      // a scalar condition: all rows keep or all rows take `other`
      const keep = (c.scalar ? 1 : 0) === keepWhen;
      for (let i = 0; i < n; i++) out[i] = keep ? x[i]! : r.array ? r.array[i]! : r.scalar;
      return new Series(out);
    }
    const m = c.array;
    if (r.array) for (let i = 0; i < n; i++) out[i] = m[i] === keepWhen ? x[i]! : r.array[i]!;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = m[i] === keepWhen ? x[i]! : s;
    return new Series(out);
  }

  /** Replace NaN with a scalar or with the other series' value on the same row. */
  fillna(value: Operand): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    const r = resolveOperand('fillna', n, value);
    if (r.array) for (let i = 0; i < n; i++) out[i] = x[i]! === x[i]! ? x[i]! : r.array[i]!;
    else for (let i = 0, s = r.scalar; i < n; i++) out[i] = x[i]! === x[i]! ? x[i]! : s;
    return new Series(out);
  }

  /** Carry the last non-NaN value forward (pandas `ffill`); leading NaNs stay NaN. */
  ffill(): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    let last = NaN;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v === v) last = v;
      out[i] = last;
    }
    return new Series(out);
  }

  /** Fill NaN from the next non-NaN value (pandas `bfill`). Looks ahead: never use it on signals. */
  bfill(): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    let next = NaN;
    for (let i = n - 1; i >= 0; i--) {
      const v = x[i]!;
      if (v === v) next = v;
      out[i] = next;
    }
    return new Series(out);
  }

  // ---- offsets and windows -------------------------------------------------------------------

  /** pandas `shift(periods)`: the value from `periods` rows earlier (negative: later, i.e. lookahead). */
  shift(periods = 1): Series {
    return new Series(shift(this.values, periods));
  }

  diff(periods = 1): Series {
    return new Series(diff(this.values, periods));
  }

  pctChange(periods = 1): Series {
    return new Series(pctChange(this.values, periods));
  }

  /** pandas `rolling(window, min_periods=...)`; call `.mean()`, `.sum()`, `.std()`, `.min()`, `.max()`. */
  rolling(window: number, options: RollingOptions = {}): Rolling {
    return new Rolling(this.values, window, options);
  }

  /** pandas `ewm(span=... | com=... | alpha=..., adjust=..., ...)`; call `.mean()`. */
  ewm(spec: EwmSpec): Ewm {
    return new Ewm(this.values, spec);
  }

  /** Running sum; NaN rows stay NaN and are skipped (pandas `cumsum`). */
  cumsum(): Series {
    const x = this.values;
    const n = x.length;
    const out = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v === v) {
        s += v;
        out[i] = s;
      } else out[i] = NaN;
    }
    return new Series(out);
  }

  // ---- reductions (NaN skipped, as pandas) ------------------------------------------------

  sum(): number {
    let s = 0;
    for (const v of this.values) if (v === v) s += v;
    return s;
  }

  /** Number of non-NaN values (pandas `count`). */
  count(): number {
    let c = 0;
    for (const v of this.values) if (v === v) c++;
    return c;
  }

  mean(): number {
    const c = this.count();
    return c === 0 ? NaN : this.sum() / c;
  }

  /** Standard deviation of the non-NaN values, ddof 1 like pandas. */
  std(ddof = 1): number {
    const c = this.count();
    if (c <= ddof) return NaN;
    const m = this.mean();
    let q = 0;
    for (const v of this.values) if (v === v) q += (v - m) * (v - m);
    return Math.sqrt(q / (c - ddof));
  }

  max(): number {
    let m = NaN;
    for (const v of this.values) if (v === v && !(v <= m)) m = v;
    return m;
  }

  min(): number {
    let m = NaN;
    for (const v of this.values) if (v === v && !(v >= m)) m = v;
    return m;
  }

  toString(): string {
    const n = this.values.length;
    const shown = n <= 10 ? this.toArray() : [...this.values.subarray(0, 5), '...', ...this.values.subarray(n - 5)];
    return `Series${this.label()} length ${n} [${shown.join(', ')}]`;
  }

  private label(): string {
    return this.name ? ` '${this.name}'` : '';
  }
}
