import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { parseTimerange } from '../../core/timerange.ts';
import type { DownloadResult } from '../../data/downloader.ts';
import { CandleStore } from '../../data/parquet-store.ts';
import { loadCommandConfig, splitList } from '../common.ts';
import type { DownloadDataOptions } from '../download-data.ts';

/** What `run.ts download-data` does (registered in ../download-data.ts). */
export async function downloadData(opts: DownloadDataOptions, cmd: Command): Promise<void> {
  const { config } = loadCommandConfig(cmd, { 'data.directory': opts.datadir, 'exchange.name': opts.exchange });
  const range = parseTimerange(opts.timerange);
  const days = Number(opts.days ?? '30');
  if (!Number.isFinite(days) || days <= 0) throw new UsageError(`invalid --days "${opts.days}": expected a positive number`);
  const pairs = splitList(opts.pairs) ?? config.exchange.pair_whitelist;
  const timeframes = splitList(opts.timeframes) ?? [config.timeframe];
  const urlOverride = opts.exchangeUrl === undefined ? undefined : loopbackUrl(opts.exchangeUrl);
  const flushEveryPages = opts.flushEveryPages === undefined ? undefined : Number(opts.flushEveryPages);
  if (flushEveryPages !== undefined && !(Number.isInteger(flushEveryPages) && flushEveryPages > 0)) {
    throw new UsageError(`invalid --flush-every-pages "${opts.flushEveryPages}": expected a positive whole number`);
  }

  // ccxt takes over a second to import: load it only when this command runs.
  const { createExchange } = await import('../../data/exchange-factory.ts');
  const { downloadCandles } = await import('../../data/downloader.ts');
  const exchange = createExchange({
    name: config.exchange.name,
    ccxtConfig: config.exchange.ccxt_config,
    tradingMode: config.exchange.trading_mode,
    urlOverride,
  });
  const store = new CandleStore(config.data.directory, exchange.id, config.exchange.trading_mode);

  // Ctrl-C: finish the request in flight, write what was received, then stop; a rerun resumes.
  const controller = new AbortController();
  const onSignal = (): void => {
    process.stderr.write('\ninterrupted: saving what was downloaded (rerun the command to resume)\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let results: DownloadResult[];
  try {
    results = await downloadCandles({
      exchange,
      store,
      pairs,
      timeframes,
      startMs: range.startMs,
      endMs: range.endMs,
      prepend: Boolean(opts.prepend),
      erase: Boolean(opts.erase),
      defaultDays: days,
      flushEveryPages,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  printSummary(results, store);
}

/** Accept only http(s) URLs on a loopback address. */
export function loopbackUrl(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`invalid --exchange-url "${text}": expected e.g. http://127.0.0.1:8080`);
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (!loopback || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
    throw new UsageError(`invalid --exchange-url "${text}": only http(s) URLs on a loopback address (127.0.0.1, ::1, localhost) are accepted`);
  }
  return u.toString().replace(/\/$/, '');
}

function printSummary(results: DownloadResult[], store: CandleStore): void {
  const iso = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
  const rows = results.map((r) => [r.pair, r.timeframe, r.mode, String(r.newCandles), String(r.totalCandles), iso(r.firstMs), iso(r.lastMs)]);
  const head = ['pair', 'timeframe', 'mode', 'new', 'stored', 'first', 'last'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${line(head)}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  process.stdout.write(`data directory: ${store.dataDir}/${store.exchange}${store.tradingMode === 'futures' ? '/futures' : ''}\n`);
}
