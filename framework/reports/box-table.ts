/**
 * Box-drawn text tables in the look of Freqtrade's rich tables: a centred title line, a heavy
 * header box, light body lines. Plain strings in, one string out (no colours, no terminal
 * width detection), so the output is the same in a terminal, a pipe or a test.
 */
export type Justify = 'left' | 'right';

export interface BoxTableOptions {
  title?: string;
  /** One for all columns, or one per column; default right, as Freqtrade's report tables. */
  justify?: Justify | Justify[];
}

export function boxTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>, opts: BoxTableOptions = {}): string {
  const widths = headers.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const just = (k: number): Justify => (Array.isArray(opts.justify) ? (opts.justify[k] ?? 'right') : (opts.justify ?? 'right'));
  const cell = (v: string, k: number): string => (just(k) === 'left' ? v.padEnd(widths[k]!) : v.padStart(widths[k]!));
  const rule = (l: string, fill: string, mid: string, r: string): string => l + widths.map((w) => fill.repeat(w + 2)).join(mid) + r;
  const line = (vals: ReadonlyArray<string>, edge: string): string => edge + vals.map((v, k) => ` ${cell(v, k)} `).join(edge) + edge;
  const out: string[] = [];
  const total = widths.reduce((a, w) => a + w + 3, 1);
  if (opts.title) {
    const pad = Math.max(0, Math.floor((total - opts.title.length) / 2));
    out.push(' '.repeat(pad) + opts.title);
  }
  out.push(rule('┏', '━', '┳', '┓'));
  out.push(line(headers, '┃'));
  out.push(rule('┡', '━', '╇', '┩'));
  for (const r of rows) out.push(line(headers.map((_, k) => r[k] ?? ''), '│'));
  out.push(rule('└', '─', '┴', '┘'));
  return `${out.join('\n')}\n`;
}
