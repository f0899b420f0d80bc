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

/** Python's `format(x, 'g')` (6 significant digits, trailing zeros dropped), tabulate's default float format. */
export function formatG(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** tabulate's 'psql' layout (what Freqtrade's backtesting-analysis prints): text left, numbers right. */
export function psqlTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((r) => r.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : formatG(v)) : v)));
  const numeric = headers.map((_, k) => rows.length > 0 && rows.every((r) => typeof r[k] === 'number'));
  const widths = headers.map((h, k) => Math.max(h.length, ...cells.map((r) => (r[k] ?? '').length)));
  const fmt = (v: string, k: number): string => (numeric[k] ? v.padStart(widths[k]!) : v.padEnd(widths[k]!));
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (r: readonly string[]): string => `| ${r.map((v, k) => fmt(v, k)).join(' | ')} |`;
  return [border, line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('+')}|`, ...cells.map(line), border].join('\n') + '\n';
}
