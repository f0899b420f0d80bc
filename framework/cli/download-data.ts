import { Option, type Command } from 'commander';
import { action } from './action.ts';
import { TIMERANGE_HELP } from '../core/timerange.ts';

export interface DownloadDataOptions {
  exchange?: string;
  pairs?: string[];
  timeframes?: string[];
  timerange?: string;
  days?: string;
  prepend?: boolean;
  erase?: boolean;
  datadir?: string;
  exchangeUrl?: string;
  flushEveryPages?: string;
}

/** `run.ts download-data`: candles from an exchange (ccxt fetchOHLCV) into the Parquet store. */
export function registerDownloadData(program: Command): void {
  program
    .command('download-data')
    .description(
      'download OHLCV candles from an exchange through ccxt into the candle store; incremental (only what is missing), ' +
        'resumable after an interruption, rate limited by ccxt',
    )
    .option('--exchange <name>', 'ccxt exchange id, e.g. binance (default: exchange.name from the config)')
    .option('-p, --pairs <pairs...>', 'pairs, e.g. BTC/USDT ETH/USDT (default: exchange.pair_whitelist from the config)')
    .option('-t, --timeframes <timeframes...>', 'timeframes, e.g. 5m 1h (default: timeframe from the config)')
    .option('--timerange <range>', `candles to download: ${TIMERANGE_HELP}`)
    .option('--days <n>', 'history for pairs with no stored data when the timerange has no start', '30')
    .option('--prepend', 'download the history before the first stored candle, back to the timerange start')
    .option('--erase', 'discard the stored candles of these pairs/timeframes and download them again')
    .option('--datadir <dir>', 'candle store root (default: data.directory from the config)')
    // For tests against a local stand-in exchange: loopback addresses only, so a flag can never
    // redirect requests to some other host.
    .addOption(new Option('--exchange-url <url>', 'send exchange requests to this loopback URL (tests)').hideHelp())
    // Smaller chunks make interruption tests meaningful on a few pages of data.
    .addOption(new Option('--flush-every-pages <n>', 'write to the store after this many pages (tests)').hideHelp())
    .action(action(async (opts: DownloadDataOptions, cmd: Command) => (await import('./actions/download-data.ts')).downloadData(opts, cmd)));
}
