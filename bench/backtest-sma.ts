/**
 * SMA(10)/SMA(30) cross (user_data/strategies/sma_cross.ts) on Binance BTC/USDT 5m 2023
 * (104,816 candles, ../shared/data/binance_5m_2023), the whole `backtest` process including
 * start-up, as a user runs it. Goal < 0.5 s (Freqtrade ~11 s, backtrader ~6 s).
 *
 * full: the CLI as shipped (every command registered, as run.ts does); lean: only the
 * backtest command registered (what lazy command registration would give). Medians of 5 runs.
 */
import { median, round, runProcess, tempDir, writeConfig, writeStore } from './_backtest-setup.ts';
import { readBinance5m } from './lib/real-candles.ts';

const REPS = 5;
const tmp = tempDir('keel-bench-sma-');
try {
  const dataDir = `${tmp.dir}/data`;
  await writeStore(dataDir, [{ pair: 'BTC/USDT', candles: readBinance5m('BTC') }]);
  const config = writeConfig(tmp.dir, { pairs: ['BTC/USDT'], maxOpenTrades: 1, dataDir });
  const args = ['--config', config, '--log-json', 'backtest', '--strategy', 'SmaCross'];
  runProcess('full', args, tmp.dir); // warm the file cache and tsx's transform cache
  const full = Array.from({ length: REPS }, () => runProcess('full', args, tmp.dir));
  const lean = Array.from({ length: REPS }, () => runProcess('lean', args, tmp.dir));
  const pick = (runs: typeof full, k: 'loadMs' | 'analyzeMs' | 'loopMs') => median(runs.map((r) => r[k] ?? Number.NaN));
  process.stdout.write(
    `${JSON.stringify({
      bench: 'backtest-sma',
      data: 'binance BTC/USDT 5m 2023, 104,816 candles',
      strategy: 'SmaCross (SMA 10/30), fee 0.001, unlimited stake, 1 slot',
      trades: full[0]!.trades,
      reps: REPS,
      whole_process_s: { full: round(median(full.map((r) => r.seconds))), lean: round(median(lean.map((r) => r.seconds))) },
      goal_s: 0.5,
      inside_process_ms: { load: pick(full, 'loadMs'), analyze: pick(full, 'analyzeMs'), loop: pick(full, 'loopMs') },
      max_rss_mb: round(median(full.map((r) => r.maxRssMb)), 0),
    })}\n`,
  );
} finally {
  tmp.cleanup();
}
