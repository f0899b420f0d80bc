/**
 * Comparing two analyzed frames cell by cell: which columns are indicators, and where two
 * columns first disagree. Equality is bit-for-bit by default (NaN equals NaN, as pandas'
 * `compare` treats missing values); a relative tolerance can absorb float noise.
 */
import { OHLCV_COLUMNS, SIGNAL_COLUMNS, TAG_COLUMNS, type DataFrame } from '../../frame/index.ts';

const NOT_INDICATORS: ReadonlySet<string> = new Set<string>([...OHLCV_COLUMNS, ...SIGNAL_COLUMNS, ...TAG_COLUMNS, 'timestamp']);

/** Columns a strategy computed (everything but the candles and the signal/tag columns), in frame order. */
export function indicatorColumns(df: DataFrame): string[] {
  return df.columns.filter((c) => !NOT_INDICATORS.has(c));
}

/** Whether two numbers are the same value: identical, both NaN, or within `relTol` of the larger magnitude. */
export function sameNumber(a: number, b: number, relTol: number): boolean {
  if (a === b) return true;
  if (a !== a) return b !== b; // NaN only equals NaN
  if (b !== b) return false;
  if (relTol <= 0 || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
}

/** A column's cell as printable text: numbers as is, tags quoted, a missing column as "(missing)". */
export type Cell = number | string | null | undefined;

export function cellAt(df: DataFrame, column: string, row: number): Cell {
  if (!df.has(column)) return undefined;
  return df.isTags(column) ? (df.getTags(column)[row] ?? null) : df.array(column)[row];
}

/**
 * First row in [from, to) where `column` differs between frames `a` and `b`, or -1. A column
 * present in only one frame differs at `from`; a numeric column against a text column too.
 */
export function firstDifference(a: DataFrame, b: DataFrame, column: string, from: number, to: number, relTol: number): number {
  const inA = a.has(column);
  const inB = b.has(column);
  if (!inA && !inB) return -1;
  if (inA !== inB || a.isTags(column) !== b.isTags(column)) return from;
  if (a.isTags(column)) {
    const x = a.getTags(column);
    const y = b.getTags(column);
    for (let i = from; i < to; i++) if ((x[i] ?? null) !== (y[i] ?? null)) return i;
    return -1;
  }
  const x = a.array(column);
  const y = b.array(column);
  for (let i = from; i < to; i++) {
    const u = x[i]!;
    const v = y[i]!;
    // Inline fast path: equal values (the common case) skip the call.
    if (u === v) continue;
    if (!sameNumber(u, v, relTol)) return i;
  }
  return -1;
}

/** Whether one row agrees between two frames on every listed column (missing numeric = 0, missing tag = null). */
export function rowAgrees(a: DataFrame, b: DataFrame, columns: readonly string[], rowA: number, rowB: number): boolean {
  for (const c of columns) {
    if (signalCell(a, c, rowA) !== signalCell(b, c, rowB)) return false;
  }
  return true;
}

/** A signal or tag cell with Freqtrade's defaults for an absent column (0 / no tag). */
export function signalCell(df: DataFrame, column: string, row: number): number | string | null {
  if (!df.has(column)) return (TAG_COLUMNS as readonly string[]).includes(column) ? null : 0;
  if (df.isTags(column)) return df.getTags(column)[row] ?? null;
  const v = df.array(column)[row]!;
  return v === 1 ? 1 : 0; // NaN is read as 0, as the frame checks do
}

export function formatCell(v: Cell): string {
  if (v === undefined) return '(missing)';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}
