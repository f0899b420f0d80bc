/**
 * Text rendering of a frame for `print()` / `toString()`: pandas-like, right-aligned,
 * first and last rows with a `...` line between, dates in UTC, `[rows x columns]` footer.
 */
import { isDateColumn, type Column } from './columns.ts';

export interface FormatOptions {
  /** Rows shown before eliding the middle (default 10: first 5 and last 5). */
  maxRows?: number;
  /** Significant digits for non-integer numbers (default 8). */
  precision?: number;
}

export function formatFrame(
  names: string[],
  column: (name: string) => Column,
  rows: number,
  options: FormatOptions,
): string {
  const maxRows = Math.max(options.maxRows ?? 10, 2);
  const precision = options.precision ?? 8;
  const elide = rows > maxRows;
  const headCount = elide ? Math.ceil(maxRows / 2) : rows;
  const tailStart = elide ? rows - Math.floor(maxRows / 2) : rows;
  const shownRows: number[] = [];
  for (let i = 0; i < headCount; i++) shownRows.push(i);
  for (let i = tailStart; i < rows; i++) shownRows.push(i);

  // one text column per frame column, plus the row index on the left
  const table: string[][] = [['', ...shownRows.map(String)]];
  for (const name of names) {
    const col = column(name);
    const asDate = col instanceof Float64Array && isDateColumn(name);
    const cells = shownRows.map((i) =>
      col instanceof Float64Array
        ? asDate
          ? formatDate(col[i]!)
          : formatNumber(col[i]!, precision)
        : (col[i] ?? 'None'),
    );
    table.push([name, ...cells]);
  }
  const widths = table.map((c) => Math.max(...c.map((s) => s.length)));
  const lines: string[] = [];
  const line = (r: number) => table.map((c, k) => (k === 0 ? c[r]!.padEnd(widths[k]!) : c[r]!.padStart(widths[k]!))).join('  ');
  lines.push(line(0));
  for (let r = 1; r <= shownRows.length; r++) {
    if (elide && r === headCount + 1) lines.push(table.map((_, k) => '...'.padStart(k === 0 ? 3 : widths[k]!)).join('  '));
    lines.push(line(r));
  }
  lines.push('', `[${rows} rows x ${names.length} columns]`);
  return lines.map((l) => l.trimEnd()).join('\n');
}

export function formatNumber(v: number, precision = 8): string {
  if (v !== v) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
  return String(Number(v.toPrecision(precision)));
}

/** `2023-01-01 00:00:00` (UTC), NaT for NaN, as pandas prints datetimes. */
export function formatDate(ms: number): string {
  if (ms !== ms || !Number.isFinite(ms)) return 'NaT';
  const iso = new Date(ms).toISOString(); // 2023-01-01T00:00:00.000Z
  const frac = iso.slice(19, 23);
  return iso.slice(0, 10) + ' ' + iso.slice(11, 19) + (frac === '.000' ? '' : frac);
}
