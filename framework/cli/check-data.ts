import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import { timeframeToMs } from '../core/timeframe.ts';
import { importCandles, parseFreqtradeFileName, type ImportOptions } from '../data/importers/index.ts';
import { CandleStore, type TradingMode } from '../data/parquet-store.ts';
import { checkCandles, QUALITY_CHECKS, SEVERITY, type QualityOptions, type QualityReport } from '../data/quality.ts';
import { action, loadCommandConfig, splitList } from './common.ts';
import { addImportOptions, addQualityOptions, importOptionsFromFlags, qualityOptionsFromFlags, type ImportFlags, type QualityFlags } from './data-options.ts';

interface CheckDataFlags extends ImportFlags, QualityFlags {
  pairs?: string[];
  timeframes?: string[];
  exchange?: string;
  datadir?: string;
  file?: string[];
  json?: boolean;
  limit?: string;
}

export interface CheckedSeries {
  /** Store file or input file checked. */
  file: string;
  pair?: string;
  timeframe: string;
  report: QualityReport;
}

/** `run.ts check-data`: quality report per stored series (or per given file); exit code 1 on errors. */
export function registerCheckData(program: Command): void {
  const cmd = program
    .command('check-data')
    .description(
      'check candle data for unsorted or duplicate timestamps, rows off the timeframe grid, gaps, NaN or non-positive ' +
        'prices, high/low inconsistent with open/close, negative volume, long stale runs and outlier returns. ' +
        'Checks the stored series (all, or --pairs/--timeframes), or files given with --file. Exit code 1 when errors are found ' +
        '(gaps, stale runs and outliers are warnings).',
    )
    .option('-p, --pairs <pairs...>', 'only these stored pairs, e.g. BTC/USDT ETH/USDT')
    .option('-t, --timeframes <timeframes...>', 'only these stored timeframes; with --file: the timeframe of files whose name does not say it')
    .option('--exchange <name>', 'exchange folder of the store (default: exchange.name from the config)')
    .option('--datadir <dir>', 'candle store root (default: data.directory from the config)')
    .option('-f, --file <paths...>', 'check these files (any importable format) instead of the store')
    .option('--limit <n>', 'findings listed per check in the text report (the JSON report lists up to 1000)', '20')
    .option('--json', 'print the reports as JSON');
  addImportOptions(cmd);
  addQualityOptions(cmd);
  cmd.action(
    action(async (flags: CheckDataFlags, command: Command) => {
      const { config } = loadCommandConfig(command, { 'data.directory': flags.datadir, 'exchange.name': flags.exchange });
      const limit = Number(flags.limit ?? '20');
      if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`invalid --limit "${flags.limit}": expected a whole number >= 0`);
      const quality = qualityOptionsFromFlags(flags);
      const checked = flags.file
        ? await checkFiles(flags.file, splitList(flags.timeframes), importOptionsFromFlags(flags), quality)
        : await checkStore(
            new CandleStore(config.data.directory, config.exchange.name, config.exchange.trading_mode as TradingMode),
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
    }),
  );
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
