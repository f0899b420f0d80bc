import type { Command } from 'commander';
import { timeframeToMs } from '../../core/timeframe.ts';
import { listStoredCandles, type StoredSeries } from '../../data/inventory.ts';
import { CandleStore, type TradingMode } from '../../data/parquet-store.ts';
import { loadCommandConfig, splitList } from '../common.ts';
import type { ListDataFlags } from '../list-data.ts';
import { formatTable, shortTime } from '../text-table.ts';

/** What `run.ts list-data` does (registered in ../list-data.ts). */
export async function listData(flags: ListDataFlags, cmd: Command): Promise<void> {
  const { config } = loadCommandConfig(cmd, { 'data.directory': flags.datadir, 'exchange.name': flags.exchange });
  const store = new CandleStore(config.data.directory, config.exchange.name, config.exchange.trading_mode as TradingMode, { columnCache: config.data.column_cache });
  const timeframes = splitList(flags.timeframes);
  timeframes?.forEach(timeframeToMs); // a bad timeframe is an error, not an empty list
  const pairs = splitList(flags.pairs);
  const series = await listStoredCandles(store, { ...(pairs ? { pairs } : {}), ...(timeframes ? { timeframes } : {}) });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ exchange: store.exchange, dataDir: store.dataDir, series }, null, 2)}\n`);
    return;
  }
  process.stdout.write(formatList(series, `${store.dataDir} (${store.exchange}${store.tradingMode === 'futures' ? ', futures' : ''})`));
}

export function formatList(series: StoredSeries[], where: string): string {
  if (series.length === 0) return `No candle data in ${where}. Import some with convert-data or download-data.\n`;
  const total = series.reduce((s, x) => s + x.candles, 0);
  return (
    `Candle data in ${where}:\n` +
    formatTable(
      ['pair', 'timeframe', 'candles', 'first', 'last', 'gaps', 'missing', 'errors'],
      series.map((s) => [s.pair, s.timeframe, s.candles, shortTime(s.first), shortTime(s.last), s.gaps, s.missingCandles, s.errors]),
    ) +
    `${series.length} series, ${total.toLocaleString('en-US')} candles.` +
    (series.some((s) => s.errors > 0) ? ' Some have errors: run check-data for details.' : '') +
    '\n'
  );
}
