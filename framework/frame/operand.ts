/**
 * Turning the right-hand side of a Series operation into either a scalar or an array of the
 * same length, once per operation, so the element loops stay branch-free and typed.
 */
import { UsageError } from '../core/errors.ts';

/** Anything that has numeric values row by row: a Series (duck-typed to avoid an import cycle) or a raw array. */
export interface HasValues {
  readonly values: Float64Array;
}

/** A right-hand side of an arithmetic or comparison operation. */
export type Operand = HasValues | Float64Array | number;

/** A scalar, or an array already checked to have `length` elements. */
export type Resolved = { scalar: number; array: null } | { scalar: 0; array: Float64Array };

export function resolveOperand(op: string, length: number, o: Operand): Resolved {
  if (typeof o === 'number') return { scalar: o, array: null };
  const array = o instanceof Float64Array ? o : o.values;
  if (!(array instanceof Float64Array)) {
    throw new UsageError(`${op}: expected a Series, a Float64Array or a number, got ${describe(o)}`);
  }
  checkLength(op, length, array.length);
  return { scalar: 0, array };
}

export function checkLength(op: string, expected: number, got: number): void {
  if (expected !== got) {
    throw new UsageError(
      `${op}: length mismatch, this series has ${expected} rows and the other ${got}; ` +
        'series from different frames cannot be combined row by row (merge them first)',
    );
  }
}

function describe(o: unknown): string {
  if (o === null) return 'null';
  if (typeof o === 'object') return (o as object).constructor?.name ?? 'object';
  return typeof o;
}
