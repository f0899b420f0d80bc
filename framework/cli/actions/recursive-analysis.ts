import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { parseTimerange } from '../../core/timerange.ts';
import { iso, pairWindow } from '../../optimize/analysis/data.ts';
import { RECURSIVE_DEFAULTS, recursiveAnalysis, type RecursiveResult } from '../../optimize/analysis/recursive.ts';
import { prepareAnalysis } from '../../optimize/analysis/setup.ts';
import { loadCommandConfig, splitList } from '../common.ts';
import type { RecursiveFlags } from '../recursive-analysis.ts';
import { formatTable, shortTime } from '../text-table.ts';

/** What `run.ts recursive-analysis` does (registered in ../recursive-analysis.ts). */
export async function recursiveAction(opts: RecursiveFlags, cmd: Command): Promise<void> {
  const { config } = loadCommandConfig(cmd, {
    'data.directory': opts.datadir,
    'exchange.name': opts.exchange,
    'strategy.path': opts.strategyPath,
  });
  const range = parseTimerange(opts.timerange);
  const startups = splitList(opts.startupCandle)?.map((v) => wholeNumber('--startup-candle', v, 0));
  const threshold = opts.threshold === undefined ? RECURSIVE_DEFAULTS.threshold : Number(opts.threshold);
  if (!(threshold >= 0)) throw new UsageError(`invalid --threshold "${opts.threshold}": expected a ratio >= 0, e.g. 0.001 for 0.1%`);
  const compareRows = opts.compareRows === undefined ? RECURSIVE_DEFAULTS.compareRows : wholeNumber('--compare-rows', opts.compareRows, 1);
  const pairs = splitList(opts.pairs) ?? config.exchange.pair_whitelist.slice(0, 1);

  const started = performance.now();
  const prepared = await prepareAnalysis(config, { strategy: opts.strategy, pairs });
  const results: RecursiveResult[] = [];
  for (const pair of prepared.pairs) {
    // The reference is the whole history in the range: no startup rows before it are needed.
    const window = pairWindow(prepared.data, pair, range, 0);
    results.push(
      await recursiveAnalysis(prepared.loaded.strategy, window, {
        ...(startups ? { startups } : {}),
        threshold,
        compareRows,
        freshStrategy: prepared.freshStrategy,
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;

  if (opts.json) {
    // Infinity ("no value") is not JSON: written as null with the flag noValue.
    const json = results.map((r) => ({
      ...r,
      columns: r.columns.map((c) => ({ column: c.column, deviations: c.deviations.map((d) => (d === undefined || d === Infinity ? null : d)), noValue: c.deviations.map((d) => d === Infinity) })),
      tooSmallFor: r.tooSmallFor.map((c) => ({ column: c.column, deviation: c.deviation === Infinity ? null : c.deviation })),
    }));
    process.stdout.write(`${JSON.stringify({ results: json, seconds: Number(seconds.toFixed(3)) }, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  for (const r of results) {
    out.push(
      `Recursive analysis of ${r.strategy} on ${r.pair}: ${r.referenceCandles.toLocaleString('en-US')} candles of reference, ` +
        `last ${r.compareRows} row(s) up to ${shortTime(iso(r.evaluatedAt))} compared; relative deviation from the reference:`,
      '',
      recursiveTable(r).trimEnd(),
      '',
      recursiveVerdict(r).trimEnd(),
      '',
    );
  }
  out.push(`(${seconds.toFixed(2)} s)`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function wholeNumber(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`invalid ${flag} "${value}": expected a whole number >= ${min}`);
  return n;
}

/** A deviation as Freqtrade prints it (percent, 3 decimals); "!" marks values above the threshold. */
export function formatDeviation(d: number | undefined, threshold: number): string {
  if (d === undefined) return 'n/a';
  if (d === Infinity) return 'no value !';
  if (d === 0) return '0%';
  const pct = d * 100;
  return `${pct < 0.001 ? '<0.001' : pct.toFixed(3)}%${d > threshold ? ' !' : ''}`;
}

/** Indicator rows x startup columns; columns identical at every length are listed below the table. */
export function recursiveTable(r: RecursiveResult): string {
  const evaluated = r.startups.some((s) => s.error === undefined);
  const shown = r.columns.filter((c) => !evaluated || c.deviations.some((d) => d !== undefined && d !== 0));
  const exact = r.columns.filter((c) => !shown.includes(c)).map((c) => c.column);
  const header = ['indicator', ...r.startups.map((s) => (s.startup === r.startupCandleCount ? `${s.startup} (strategy)` : String(s.startup)))];
  const rows = shown.map((c) => [c.column, ...c.deviations.map((d) => formatDeviation(d, r.threshold))]);
  const out = [rows.length > 0 ? formatTable(header, rows).trimEnd() : 'No indicator deviates at any tested startup length.'];
  if (exact.length > 0) out.push(`identical at every tested length: ${exact.join(', ')}`);
  out.push(`("!" = above the threshold ${pct(r.threshold)}; "no value" = NaN from the short history where the reference has a value)`);
  for (const s of r.startups) if (s.error) out.push(`startup ${s.startup}: not evaluated: ${s.error}`);
  return `${out.join('\n')}\n`;
}

const pct = (d: number): string => (d === Infinity ? 'no value' : `${(d * 100).toFixed(3)}%`);

/** WARN when startupCandleCount is too small, and the lookahead suspects. */
export function recursiveVerdict(r: RecursiveResult): string {
  const lines: string[] = [];
  const own = r.startups.find((s) => s.startup === r.startupCandleCount);
  if (own?.error) {
    lines.push(`WARN: ${r.strategy}.startupCandleCount = ${r.startupCandleCount} could not be evaluated: ${own.error}.`);
  } else if (r.tooSmallFor.length > 0) {
    const cols = r.tooSmallFor.map((c) => `${c.column} (${pct(c.deviation)})`).join(', ');
    const advice =
      r.recommendedStartup !== undefined
        ? `the smallest tested length within the threshold is ${r.recommendedStartup}`
        : 'none of the tested lengths is within the threshold: test longer ones with --startup-candle';
    lines.push(
      `WARN: ${r.strategy}.startupCandleCount = ${r.startupCandleCount} is too small: ${cols} ` +
        `${r.tooSmallFor.length === 1 ? 'deviates' : 'deviate'} more than ${pct(r.threshold)} from the long-history values; ${advice}.`,
    );
  } else {
    lines.push(`OK: ${r.strategy}.startupCandleCount = ${r.startupCandleCount}: every indicator within ${pct(r.threshold)} of the long-history values.`);
  }
  const longest = Math.max(...r.startups.filter((s) => s.error === undefined).map((s) => s.startup));
  if (Number.isFinite(longest) && r.referenceCandles < 2 * longest + r.compareRows) {
    lines.push(
      `NOTE: the reference (${r.referenceCandles} candles) is less than twice the longest tested startup (${longest}): ` +
        'it may not have settled itself; use a longer --timerange.',
    );
  }
  if (r.lookaheadColumns.length > 0) {
    lines.push(
      `WARN: lookahead suspected in ${r.lookaheadColumns.join(', ')}: their values on past rows change when later candles are removed ` +
        `(run lookahead-analysis --strategy ${r.strategy}).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
