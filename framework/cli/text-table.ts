/** Plain-text tables for command output: left-aligned text, right-aligned numbers, two-space gaps. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((r) => r.map((v) => (typeof v === 'number' ? v.toLocaleString('en-US') : v)));
  const numeric = headers.map((_, k) => rows.length > 0 && rows.every((r) => typeof r[k] === 'number'));
  const widths = headers.map((h, k) => Math.max(h.length, ...cells.map((r) => (r[k] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((v, k) => (numeric[k] ? v.padStart(widths[k]!) : v.padEnd(widths[k]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

/** `2023-01-01T00:05:00.000Z` -> `2023-01-01 00:05` (seconds kept only when not zero). */
export function shortTime(iso: string | undefined): string {
  if (!iso) return '-';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z$/.exec(iso);
  if (!m) return iso;
  return m[3] && m[3] !== ':00' ? `${m[1]} ${m[2]}${m[3]}` : `${m[1]} ${m[2]}`;
}
