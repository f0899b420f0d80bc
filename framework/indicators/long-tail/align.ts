/**
 * technicalindicators returns only the values it could compute, so its arrays are shorter
 * than the input by the warm-up. Row k of its output belongs to input row n - len + k (its
 * outputs are contiguous and end on the last input row); this module puts them there and
 * fills the warm-up with NaN, so every long-tail result lines up with the frame.
 */
import { UsageError } from '../../core/errors.ts';

export function alignEnd(values: ArrayLike<number | undefined>, n: number, fn: string): Float64Array {
  const len = values.length;
  if (len > n) {
    throw new UsageError(`${fn}: technicalindicators returned ${len} values for ${n} input rows; cannot align`);
  }
  const out = new Float64Array(n);
  const pad = n - len;
  out.fill(NaN, 0, pad);
  for (let k = 0; k < len; k++) {
    const v = values[k];
    out[pad + k] = typeof v === 'number' ? v : NaN;
  }
  return out;
}

/** Aligns each named numeric field of an array of result objects. */
export function alignEndFields<K extends string>(
  rows: ReadonlyArray<Partial<Record<K, number | undefined>> | undefined>,
  n: number,
  fields: readonly K[],
  fn: string,
): Record<K, Float64Array> {
  const out = {} as Record<K, Float64Array>;
  for (const f of fields) {
    out[f] = alignEnd(
      rows.map((r) => r?.[f]),
      n,
      fn,
    );
  }
  return out;
}

/** technicalindicators wants plain arrays; typed arrays are copied once here. */
export function plain(x: ArrayLike<number>): number[] {
  return Array.from(x);
}

/** Keeps technicalindicators from rounding (its global `precision` config) our values. */
export const identity = (v: number): number => v;
