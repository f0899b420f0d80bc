/**
 * A boolean column (the result of a comparison): one byte per row, 1 = true, 0 = false.
 * Used as the condition of `where`, `DataFrame.setWhere` (Freqtrade's `df.loc[cond, col] = v`)
 * and combined with and / or / not (pandas `&`, `|`, `~`).
 */
import { UsageError } from '../core/errors.ts';
import { checkLength } from './operand.ts';
import { Series } from './series.ts';

/** A condition: a BoolSeries, its raw Uint8Array, or one boolean for every row. */
export type BoolOperand = BoolSeries | Uint8Array | boolean;

export type ResolvedBool = { scalar: boolean; array: null } | { scalar: false; array: Uint8Array };

export function resolveBool(op: string, length: number, o: BoolOperand): ResolvedBool {
  if (typeof o === 'boolean') return { scalar: o, array: null };
  const array = o instanceof Uint8Array ? o : o instanceof BoolSeries ? o.values : null;
  if (array === null) {
    throw new UsageError(
      `${op}: expected a condition (BoolSeries from a comparison such as s.gt(x), a Uint8Array or a boolean)`,
    );
  }
  checkLength(op, length, array.length);
  return { scalar: false, array };
}

export class BoolSeries {
  readonly values: Uint8Array;
  readonly name: string;

  constructor(values: Uint8Array | ArrayLike<boolean | number>, name = '') {
    if (values instanceof Uint8Array) this.values = values;
    else {
      const v = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) v[i] = values[i] ? 1 : 0;
      this.values = v;
    }
    this.name = name;
  }

  get length(): number {
    return this.values.length;
  }

  at(i: number): boolean {
    const n = this.values.length;
    const j = i < 0 ? n + i : i;
    if (!Number.isInteger(j) || j < 0 || j >= n) {
      throw new UsageError(`BoolSeries.at(${i}): row out of range, the series has ${n} rows`);
    }
    return this.values[j] === 1;
  }

  and(o: BoolOperand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const r = resolveBool('and', n, o);
    const out = new Uint8Array(n);
    if (r.array) bitwise(x, r.array, out, AND);
    else if (r.scalar) out.set(x);
    return new BoolSeries(out);
  }

  or(o: BoolOperand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const r = resolveBool('or', n, o);
    const out = new Uint8Array(n);
    if (r.array) bitwise(x, r.array, out, OR);
    else if (r.scalar) out.fill(1);
    else out.set(x);
    return new BoolSeries(out);
  }

  xor(o: BoolOperand): BoolSeries {
    const x = this.values;
    const n = x.length;
    const r = resolveBool('xor', n, o);
    const out = new Uint8Array(n);
    if (r.array) bitwise(x, r.array, out, XOR);
    else if (r.scalar) bitwise(x, x, out, NOT);
    else out.set(x);
    return new BoolSeries(out);
  }

  not(): BoolSeries {
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    bitwise(x, x, out, NOT);
    return new BoolSeries(out);
  }

  /** The value `periods` rows earlier; vacated rows get `fill` (pandas would give NaN -> falsy). */
  shift(periods = 1, fill = false): BoolSeries {
    if (!Number.isInteger(periods)) throw new UsageError(`BoolSeries.shift: periods must be an integer, got ${periods}`);
    const x = this.values;
    const n = x.length;
    const out = new Uint8Array(n);
    const f = fill ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const j = i - periods;
      out[i] = j >= 0 && j < n ? x[j]! : f;
    }
    return new BoolSeries(out);
  }

  /** Number of true rows. */
  count(): number {
    let c = 0;
    for (const v of this.values) c += v;
    return c;
  }

  any(): boolean {
    return this.values.includes(1);
  }

  all(): boolean {
    return !this.values.includes(0);
  }

  /** 1.0 / 0.0 as a numeric Series (pandas `cond.astype(int)`). */
  toSeries(name = this.name): Series {
    const x = this.values;
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = x[i]!;
    return new Series(out, name);
  }

  toArray(): boolean[] {
    return Array.from(this.values, (v) => v === 1);
  }

  toString(): string {
    return `BoolSeries${this.name ? ` '${this.name}'` : ''} length ${this.length}, ${this.count()} true`;
  }
}

/** All conditions true (Freqtrade's `reduce(lambda x, y: x & y, conditions)`); needs at least one. */
export function allOf(...conds: BoolSeries[]): BoolSeries {
  return combine('allOf', conds, true);
}

/** Any condition true (`reduce(lambda x, y: x | y, conditions)`); needs at least one. */
export function anyOf(...conds: BoolSeries[]): BoolSeries {
  return combine('anyOf', conds, false);
}

function combine(op: string, conds: BoolSeries[], and: boolean): BoolSeries {
  const first = conds[0];
  if (first === undefined) throw new UsageError(`${op}: needs at least one condition`);
  const n = first.length;
  const out = Uint8Array.from(first.values);
  for (let k = 1; k < conds.length; k++) {
    const c = resolveBool(op, n, conds[k]!).array!;
    bitwise(out, c, out, and ? AND : OR);
  }
  return new BoolSeries(out);
}

const AND = 0;
const OR = 1;
const XOR = 2;
const NOT = 3; // of a only

/**
 * Byte-wise logic on 0/1 bytes, four rows per step through Uint32Array views where the
 * three arrays are 4-byte aligned (fresh arrays always are); the values stay 0/1 per byte
 * because NOT flips only the low bit of each byte (XOR 0x01010101).
 */
function bitwise(a: Uint8Array, b: Uint8Array, out: Uint8Array, op: number): void {
  const n = out.length;
  let start = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && out.byteOffset % 4 === 0 && n >= 16) {
    const words = n >>> 2;
    const a4 = new Uint32Array(a.buffer, a.byteOffset, words);
    const b4 = new Uint32Array(b.buffer, b.byteOffset, words);
    const o4 = new Uint32Array(out.buffer, out.byteOffset, words);
    if (op === AND) for (let i = 0; i < words; i++) o4[i] = a4[i]! & b4[i]!;
    else if (op === OR) for (let i = 0; i < words; i++) o4[i] = a4[i]! | b4[i]!;
    else if (op === XOR) for (let i = 0; i < words; i++) o4[i] = a4[i]! ^ b4[i]!;
    else for (let i = 0; i < words; i++) o4[i] = a4[i]! ^ 0x01010101;
    start = words << 2;
  }
  if (op === AND) for (let i = start; i < n; i++) out[i] = a[i]! & b[i]!;
  else if (op === OR) for (let i = start; i < n; i++) out[i] = a[i]! | b[i]!;
  else if (op === XOR) for (let i = start; i < n; i++) out[i] = a[i]! ^ b[i]!;
  else for (let i = start; i < n; i++) out[i] = a[i]! ^ 1;
}
