/**
 * A full backtest of 10 pairs x one year of 5m candles (1,048,160 candles), the whole process:
 * SmaCross on BTC/USDT, ETH/USDT 2023 and 8 pairs derived from them (rotated in time and
 * scaled, bench/_backtest-setup.ts), unlimited stake over 5 slots. Goal < 3 s and < 500 MB
 * RSS. Medians of 3 runs of the CLI as shipped.
 */
import { derivedPairs, median, round, runProcess, tempDir, writeConfig, writeStore } from './_backtest-setup.ts';

const REPS = 3;
const tmp = tempDir('keel-bench-10p-');
try {
  const dataDir = `${tmp.dir}/data`;
  const pairs = derivedPairs(10);
  await writeStore(dataDir, pairs);
  const config = writeConfig(tmp.dir, { pairs: pairs.map((p) => p.pair), maxOpenTrades: 5, dataDir });
  const args = ['--config', config, '--log-json', 'backtest', '--strategy', 'SmaCross'];
  runProcess('compiled', args, tmp.dir);
  const runs = Array.from({ length: REPS }, () => runProcess('compiled', args, tmp.dir));
  const pick = (k: 'loadMs' | 'analyzeMs' | 'loopMs') => median(runs.map((r) => r[k] ?? Number.NaN));
  process.stdout.write(
    `${JSON.stringify({
      bench: 'backtest-10pairs',
      // The runtime: figures differ between Node.js versions (docs/benchmarks.md).
      node: process.version,
      data: '10 pairs x 104,816 5m candles (BTC/ETH 2023 and derived)',
      trades: runs[0]!.trades,
      reps: REPS,
      whole_process_s: round(median(runs.map((r) => r.seconds))),
      goal_s: 3,
      max_rss_mb: round(median(runs.map((r) => r.maxRssMb)), 0),
      goal_rss_mb: 500,
      inside_process_ms: { load: pick('loadMs'), analyze: pick('analyzeMs'), loop: pick('loopMs') },
    })}\n`,
  );
} finally {
  tmp.cleanup();
}
