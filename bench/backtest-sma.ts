/**
 * SMA(10)/SMA(30) cross (user_data/strategies/sma_cross.ts) on Binance BTC/USDT 5m 2023
 * (104,816 candles, ../shared/data/binance_5m_2023), the whole `backtest` process including
 * start-up, as a user runs it. Goal < 0.5 s (Freqtrade ~11 s, backtrader ~6 s).
 *
 * compiled: `node framework/build/launch.mjs ...`, what `npm start` / `npm run keel` run (the
 * framework compiled to JavaScript); source: `node --import tsx run.ts ...` (TypeScript through
 * tsx). Medians of 5 runs each, after one warm-up run of each (file cache, compiled strategy).
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
  runProcess('compiled', args, tmp.dir);
  runProcess('source', args, tmp.dir);
  const compiled = Array.from({ length: REPS }, () => runProcess('compiled', args, tmp.dir));
  const source = Array.from({ length: REPS }, () => runProcess('source', args, tmp.dir));
  const pick = (runs: typeof compiled, k: 'loadMs' | 'analyzeMs' | 'loopMs') => median(runs.map((r) => r[k] ?? Number.NaN));
  process.stdout.write(
    `${JSON.stringify({
      bench: 'backtest-sma',
      data: 'binance BTC/USDT 5m 2023, 104,816 candles',
      strategy: 'SmaCross (SMA 10/30), fee 0.001, unlimited stake, 1 slot',
      trades: compiled[0]!.trades,
      reps: REPS,
      whole_process_s: { compiled: round(median(compiled.map((r) => r.seconds))), source: round(median(source.map((r) => r.seconds))) },
      goal_s: 0.5,
      inside_process_ms: { load: pick(compiled, 'loadMs'), analyze: pick(compiled, 'analyzeMs'), loop: pick(compiled, 'loopMs') },
      max_rss_mb: round(median(compiled.map((r) => r.maxRssMb)), 0),
    })}\n`,
  );
} finally {
  tmp.cleanup();
}
