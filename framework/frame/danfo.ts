/**
 * Interop with danfojs for authors who want its API or its tables. danfojs is slow (about
 * 250 ms for one comparison on 500k rows, where a typed-array loop takes < 1 ms) and takes
 * ~1.5 s to import, so it is loaded lazily here and never on the backtest path: only call
 * these from research code or a notebook-style script.
 *
 * Numbers cross as plain JS numbers, so float64 values (prices, epoch-ms dates) round-trip
 * exactly, even though danfojs labels them 'float32' / 'int32'. Tag columns cross as
 * strings with null.
 */
import { UsageError } from '../core/errors.ts';
import type { Column } from './columns.ts';
import { DataFrame, type FrameOptions } from './dataframe.ts';

/** The part of a danfojs DataFrame this module uses (kept structural so either build fits). */
export interface DanfoFrameLike {
  readonly columns: string[];
  readonly shape: number[];
  column(name: string): { readonly values: ArrayLike<unknown> };
}

type DanfoModule = { DataFrame: new (data: Record<string, unknown[]>) => DanfoFrameLike };

let danfoModule: Promise<DanfoModule> | undefined;

/** The danfojs-node module, imported on first use. */
export function loadDanfo(): Promise<DanfoModule> {
  danfoModule ??= import('danfojs-node') as unknown as Promise<DanfoModule>;
  return danfoModule;
}

/** A danfojs DataFrame with the same columns (copies: danfojs keeps its own arrays). */
export async function toDanfo(df: DataFrame): Promise<DanfoFrameLike> {
  if (df.length === 0) {
    throw new UsageError('toDanfo: the frame has no rows, and danfojs cannot build an empty DataFrame');
  }
  const dfd = await loadDanfo();
  const data: Record<string, unknown[]> = {};
  for (const name of df.columns) {
    data[name] = df.isTags(name) ? df.getTags(name).slice() : Array.from(df.array(name));
  }
  return new dfd.DataFrame(data);
}

/**
 * A Keel DataFrame from a danfojs one: numeric and boolean columns become Float64Array
 * (booleans 1/0, null -> NaN, Date -> epoch ms), string columns become tag columns.
 */
export function fromDanfo(ddf: DanfoFrameLike, options: FrameOptions = {}): DataFrame {
  const rows = ddf.shape[0] ?? 0;
  const columns: Record<string, Column> = {};
  for (const name of ddf.columns) {
    const values = ddf.column(name).values;
    // danfojs guesses dtypes from the first rows (a tag column starting with nulls is
    // 'float32'), so the kind is decided from the values themselves.
    columns[name] = hasText(values) ? toTags(name, values) : toNumbers(name, values);
  }
  return new DataFrame(columns, { ...options, length: rows });
}

function hasText(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) if (typeof values[i] === 'string') return true;
  return false;
}

function toNumbers(name: string, values: ArrayLike<unknown>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') out[i] = v;
    else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
    else if (v === null || v === undefined) out[i] = NaN;
    else if (v instanceof Date) out[i] = v.getTime();
    else throw new UsageError(`fromDanfo: column '${name}' row ${i} holds ${typeof v} '${String(v)}', expected a number`);
  }
  return out;
}

function toTags(name: string, values: ArrayLike<unknown>): (string | null)[] {
  const out = new Array<string | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') out[i] = v;
    else if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) out[i] = null;
    else throw new UsageError(`fromDanfo: column '${name}' mixes text and ${typeof v} (row ${i}); expected only text or null`);
  }
  return out;
}
