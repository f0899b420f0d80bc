import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { timeframeToMs } from '../../core/timeframe.ts';
import { importCandles, parseFreqtradeFileName, type ImportOptions } from '../../data/importers/index.ts';
import { CandleStore, type TradingMode } from '../../data/parquet-store.ts';
import { checkCandles, QUALITY_CHECKS, SEVERITY, type QualityOptions, type QualityReport } from '../../data/quality.ts';
import type { CheckDataFlags } from '../check-data.ts';
import { loadCommandConfig, splitList } from '../common.ts';
import { importOptionsFromFlags, qualityOptionsFromFlags } from './data-flags.ts';

export interface CheckedSeries {
  /** Store file or input file checked. */
  file: string;
  pair?: string;
  timeframe: string;
  report: QualityReport;
}

/** What `run.ts check-data` does (registered in ../check-data.ts). */
export async function checkDataCommand(flags: CheckDataFlags, command: Command): Promise<void> {
  const { config } = loadCommandConfig(command, { 'data.directory': flags.datadir, 'exchange.name': flags.exchange });
  const limit = Number(flags.limit ?? '20');
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`invalid --limit "${flags.limit}": expected a whole number >= 0`);
  const quality = qualityOptionsFromFlags(flags);
  const checked = flags.file
    ? await checkFiles(flags.file, splitList(flags.timeframes), importOptionsFromFlags(flags), quality)
    : await checkStore(
        // The checks read the Parquet files themselves, never the column cache.
        new CandleStore(config.data.directory, config.exchange.name, config.exchange.trading_mode as TradingMode, { columnCache: false }),
        { pairs: splitList(flags.pairs), timeframes: splitList(flags.timeframes) },
        quality,
      );
  if (checked.length === 0) {
    throw new UsageError(
      `no candle data to check in ${config.data.directory}/${config.exchange.name}` +
        (flags.pairs || flags.timeframes ? ' for the given pairs/timeframes' : '') +
        ' (import with convert-data or download-data, or give --file)',
    );
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(checked, null, 2)}\n`);
  else process.stdout.write(formatReports(checked, limit));
  if (checked.some((c) => c.report.errors > 0)) process.exitCode = 1;
}

export async function checkStore(
  store: CandleStore,
  filter: { pairs?: string[]; timeframes?: string[] },
  quality: QualityOptions = {},
): Promise<CheckedSeries[]> {
  const out: CheckedSeries[] = [];
  for (const e of await store.list()) {
    if (filter.pairs && !filter.pairs.includes(e.pair)) continue;
    if (filter.timeframes && !filter.timeframes.includes(e.timeframe)) continue;
    const candles = await store.read(e.pair, e.timeframe);
    const report = checkCandles(candles, timeframeToMs(e.timeframe), { ...quality, checkGrid: !e.timeframe.endsWith('M') });
    out.push({ file: e.file, pair: e.pair, timeframe: e.timeframe, report });
  }
  return out;
}

export async function checkFiles(
  files: string[],
  timeframes: string[] | undefined,
  importOptions: ImportOptions,
  quality: QualityOptions = {},
): Promise<CheckedSeries[]> {
  if (timeframes && timeframes.length > 1) throw new UsageError('with --file, give at most one timeframe');
  const out: CheckedSeries[] = [];
  for (const file of files) {
    const named = parseFreqtradeFileName(file);
    const timeframe = timeframes?.[0] ?? named?.timeframe;
    if (!timeframe) {
      throw new UsageError(`${file}: cannot tell the timeframe from the file name (expected e.g. BTC_USDT-5m.json); give --timeframes`);
    }
    const tfMs = timeframeToMs(timeframe);
    const candles = await importCandles(file, importOptions);
    const report = checkCandles(candles, tfMs, { ...quality, checkGrid: !timeframe.endsWith('M') });
    out.push({ file, ...(named ? { pair: named.pair } : {}), timeframe, report });
  }
  return out;
}

export function formatReports(checked: CheckedSeries[], limit: number): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const { file, pair, timeframe, report: r } of checked) {
    errors += r.errors;
    warnings += r.warnings;
    const status = r.errors > 0 ? 'ERRORS' : r.warnings > 0 ? 'warnings' : 'ok';
    lines.push(`${pair ?? '-'} ${timeframe}  ${file}`);
    lines.push(
      `  ${r.rows.toLocaleString('en-US')} candles, ${r.first ?? '-'} .. ${r.last ?? '-'}: ` +
        `${r.errors} error${r.errors === 1 ? '' : 's'}, ${r.warnings} warning${r.warnings === 1 ? '' : 's'} [${status}]`,
    );
    for (const check of QUALITY_CHECKS) {
      const count = r.counts[check];
      if (count === 0) continue;
      const listed = r.findings.filter((f) => f.check === check);
      const extra = check === 'gap' ? `, ${r.missingCandles} missing candles` : '';
      lines.push(`  ${SEVERITY[check]} ${check}: ${count}${extra}`);
      for (const f of listed.slice(0, limit)) lines.push(`    row ${f.row}  ${f.timestamp}  ${f.message}`);
      if (count > Math.min(limit, listed.length)) lines.push(`    ... and ${count - Math.min(limit, listed.length)} more`);
    }
    lines.push('');
  }
  lines.push(
    `Checked ${checked.length} series: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}
