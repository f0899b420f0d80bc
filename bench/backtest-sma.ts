/**
 * SMA(10)/SMA(30) cross (user_data/strategies/sma_cross.ts) on Binance BTC/USDT 5m 2023
 * (104,816 candles, ../shared/data/binance_5m_2023), the whole `backtest` process including
 * start-up, as a user runs it. Goal < 0.5 s (Freqtrade ~11 s, backtrader ~6 s).
 *
 * compiled: `node framework/build/launch.mjs ...`, what `npm start` / `npm run keel` run (the
 * framework compiled to JavaScript); source: `node --import tsx run.ts ...` (TypeScript through
 * tsx); compiled_without_column_cache: compiled with data.column_cache off (every run decodes
 * the Parquet file); compiled_without_code_cache: compiled, with the build's V8 code caches
 * removed before each run (the first run of a command after a build: it parses and compiles the
 * bundle, and writes the cache as it exits); compiled_without_node_flags: compiled, started
 * without KEEL_NODE_FLAGS (framework/build/node-flags.mjs). Medians of 5 runs each,
 * interleaved, after one warm-up run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild } from '../framework/build/build.mjs';
import { median, round, runProcess, tempDir, writeConfig, writeStore, type ProcessRun } from './_backtest-setup.ts';
import { readBinance5m } from './lib/real-candles.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const REPS = 5;
const tmp = tempDir('keel-bench-sma-');
try {
  const dataDir = `${tmp.dir}/data`;
  await writeStore(dataDir, [{ pair: 'BTC/USDT', candles: readBinance5m('BTC') }]);
  const config = writeConfig(tmp.dir, { pairs: ['BTC/USDT'], maxOpenTrades: 1, dataDir });
  const args = ['--config', config, '--log-json', 'backtest', '--strategy', 'SmaCross'];
  const noCache = { KEEL__DATA__COLUMN_CACHE: 'false' };
  const codeCaches = path.join(await ensureBuild(), 'cache');
  // Warm-ups: the file cache, the build, the compiled strategy and the column cache.
  runProcess('compiled', args, tmp.dir);
  runProcess('source', args, tmp.dir);
  // Interleaved, so that a drift of the machine's speed hits every variant alike.
  const compiled: ProcessRun[] = [];
  const uncached: ProcessRun[] = [];
  const noCodeCache: ProcessRun[] = [];
  const source: ProcessRun[] = [];
  const noFlags: ProcessRun[] = [];
  const empty = emptyFile(tmp.dir);
  const nodeOnly: number[] = [];
  const tsxOnly: number[] = [];
  for (let r = 0; r < REPS; r++) {
    compiled.push(runProcess('compiled', args, tmp.dir));
    uncached.push(runProcess('compiled', args, tmp.dir, noCache));
    fs.rmSync(codeCaches, { recursive: true, force: true });
    noCodeCache.push(runProcess('compiled', args, tmp.dir));
    source.push(runProcess('source', args, tmp.dir));
    noFlags.push(runProcess('compiled-without-node-flags', args, tmp.dir));
    nodeOnly.push(timeProcess([empty]));
    tsxOnly.push(timeProcess(['--import', TSX, empty]));
  }
  const s = (runs: ProcessRun[]): number => round(median(runs.map((r) => r.seconds)));
  const pick = (runs: ProcessRun[], k: 'startMs' | 'loadMs' | 'analyzeMs' | 'loopMs' | 'reportMs') => median(runs.map((r) => r[k] ?? Number.NaN));
  const phases = (runs: ProcessRun[]) => ({
    start: pick(runs, 'startMs'),
    load: pick(runs, 'loadMs'),
    analyze: pick(runs, 'analyzeMs'),
    loop: pick(runs, 'loopMs'),
    report: pick(runs, 'reportMs'),
  });
  process.stdout.write(
    `${JSON.stringify({
      bench: 'backtest-sma',
      // The runtime: figures differ between Node.js versions (docs/benchmarks.md).
      node: process.version,
      data: 'binance BTC/USDT 5m 2023, 104,816 candles',
      strategy: 'SmaCross (SMA 10/30), fee 0.001, unlimited stake, 1 slot',
      trades: compiled[0]!.trades,
      reps: REPS,
      whole_process_s: { compiled: s(compiled), compiled_without_column_cache: s(uncached), compiled_without_code_cache: s(noCodeCache), compiled_without_node_flags: s(noFlags), source: s(source) },
      goal_s: 0.5,
      // start: from the process's start to the command's first line (Node, launcher, modules).
      inside_process_ms: { compiled: phases(compiled), compiled_without_column_cache: phases(uncached), compiled_without_code_cache: phases(noCodeCache), compiled_without_node_flags: phases(noFlags), source: phases(source) },
      // What a process costs before any Keel code: plain node, and node with the tsx loader.
      empty_process_s: { node: round(median(nodeOnly)), tsx: round(median(tsxOnly)) },
      max_rss_mb: { compiled: round(median(compiled.map((r) => r.maxRssMb)), 0), compiled_without_column_cache: round(median(uncached.map((r) => r.maxRssMb)), 0) },
      load_average_1m: os.loadavg()[0],
    })}\n`,
  );
} finally {
  tmp.cleanup();
}

function emptyFile(dir: string): string {
  const file = path.join(dir, 'empty.mjs');
  fs.writeFileSync(file, '');
  return file;
}

function timeProcess(argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed`);
  return (performance.now() - t0) / 1000;
}
