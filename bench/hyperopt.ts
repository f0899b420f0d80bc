/**
 * Hyperopt throughput: epochs per minute on 10 pairs x one year of 5m candles (BTC/USDT,
 * ETH/USDT 2023 and 8 pairs derived from them, bench/_backtest-setup.ts) with SmaCross, whose
 * two IntParameters (buy_fast 5..30, buy_slow 20..100) are searched by TPE with a fixed seed,
 * for 1 and 2 worker threads. The same seed gives the same trials with any -j, so both runs do
 * the same work. Goal: >= 200 epochs/min with 2 workers, and near-linear scaling.
 *
 * Figures: epochs/min over the whole optimisation loop (worker start-up included) and in the
 * steady state (first to last finished epoch), the mean epoch time inside a worker, set-up
 * (load into shared memory + indicators once), the peak V8 heap per worker and the process's
 * peak RSS (threads share one process, so RSS is not per worker). The machine's 2 cores are
 * shared with other work, so the CPU time per epoch (all threads) and the cores actually used
 * are reported too: they tell scaling from starvation; so is the share of time the workers sat
 * idle waiting for the main thread (or the sampler's batch barrier). BENCH_EPOCHS / BENCH_PAIRS /
 * BENCH_DAYS / BENCH_REPS shrink the job. Runs under the Node.js flags of Keel's CLI
 * (bench/lib/keel-node-flags.ts).
 */
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../framework/config/load.ts';
import { prepareNewRun } from '../framework/optimize/hyperopt/command.ts';
import { runHyperopt } from '../framework/optimize/hyperopt/run.ts';
import { derivedPairs, median, round, tempDir, writeConfig, writeStore } from './_backtest-setup.ts';
import { sliceCandles } from '../framework/data/candles.ts';
import { rerunWithKeelNodeFlags } from './lib/keel-node-flags.ts';

rerunWithKeelNodeFlags();

const EPOCHS = Number(process.env['BENCH_EPOCHS'] ?? 48);
const PAIRS = Number(process.env['BENCH_PAIRS'] ?? 10);
const DAYS = Number(process.env['BENCH_DAYS'] ?? 365);
const REPS = Number(process.env['BENCH_REPS'] ?? 3);

const load0 = os.loadavg()[0]!;
const tmp = tempDir('keel-bench-hyperopt-');
try {
  const dataDir = path.join(tmp.dir, 'data');
  const candles = Math.min(104_816, DAYS * 288);
  const pairs = derivedPairs(PAIRS).map((p) => ({ pair: p.pair, candles: sliceCandles(p.candles, 0, candles) }));
  await writeStore(dataDir, pairs);
  const file = writeConfig(tmp.dir, { pairs: pairs.map((p) => p.pair), maxOpenTrades: 5, dataDir });
  const { config } = loadConfig({ file, cwd: tmp.dir });
  config.hyperopt.results_directory = path.join(tmp.dir, 'hyperopt');

  const one = async (workers: number) => {
    const t0 = performance.now();
    const prep = await prepareNewRun({
      config,
      timeframeExplicit: false,
      strategy: 'SmaCross',
      spaces: ['buy'],
      loss: 'SharpeHyperOptLoss',
      sampler: 'tpe',
      seed: 42,
      progress: false,
      out: process.stderr,
    });
    const setupS = (performance.now() - t0) / 1000;
    const c0 = process.cpuUsage();
    const { outcome } = await runHyperopt(prep, { epochs: EPOCHS, workers, resultsDir: config.hyperopt.results_directory, progress: false, handleSignals: false });
    const cpu = process.cpuUsage(c0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const finished = outcome.epochs.map((e) => Date.parse(e.finishedAt)).sort((a, b) => a - b);
    const steadyMin = (finished[finished.length - 1]! - finished[0]!) / 60_000;
    return {
      setupS,
      perMin: outcome.newEpochs / (outcome.elapsedMs / 60_000),
      steadyPerMin: (outcome.newEpochs - 1) / steadyMin,
      epochMs: outcome.epochs.reduce((s, e) => s + e.durationMs, 0) / outcome.epochs.length,
      peakHeapMb: Math.max(...outcome.workers.map((w) => w.peakHeapMb)),
      cpuMsPerEpoch: cpuMs / outcome.newEpochs,
      coresUsed: cpuMs / outcome.elapsedMs,
      // Share of the workers' time between their first and last epoch spent waiting for a trial.
      idleShare: outcome.workers.reduce((s, w) => s + w.idleMs, 0) / outcome.workers.reduce((s, w) => s + w.idleMs + w.busyMs, 0),
      losses: outcome.epochs.map((e) => e.loss),
    };
  };

  const results: Record<number, Awaited<ReturnType<typeof one>>[]> = { 1: [], 2: [] };
  for (let r = 0; r < REPS; r++) for (const j of [1, 2]) results[j]!.push(await one(j));
  const med = (j: number, k: 'setupS' | 'perMin' | 'steadyPerMin' | 'epochMs' | 'peakHeapMb' | 'cpuMsPerEpoch' | 'coresUsed' | 'idleShare') => median(results[j]!.map((x) => x[k]));
  const same = JSON.stringify(results[1]![0]!.losses) === JSON.stringify(results[2]![0]!.losses);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'hyperopt',
      // The runtime: figures differ between Node.js versions (docs/benchmarks.md).
      node: process.version,
      data: `${PAIRS} pairs x ${candles} 5m candles (BTC/ETH 2023 and derived)`,
      strategy: 'SmaCross, spaces buy (2 IntParameters), SharpeHyperOptLoss, tpe seed 42',
      epochs: EPOCHS,
      reps: REPS,
      setup_s: round(med(1, 'setupS'), 2),
      j1: { epochs_per_min: round(med(1, 'perMin'), 1), steady_epochs_per_min: round(med(1, 'steadyPerMin'), 1), epoch_ms: round(med(1, 'epochMs'), 0), cpu_ms_per_epoch: round(med(1, 'cpuMsPerEpoch'), 0), cores_used: round(med(1, 'coresUsed'), 2), worker_idle_share: round(med(1, 'idleShare'), 3), peak_worker_heap_mb: round(med(1, 'peakHeapMb'), 0) },
      j2: { epochs_per_min: round(med(2, 'perMin'), 1), steady_epochs_per_min: round(med(2, 'steadyPerMin'), 1), epoch_ms: round(med(2, 'epochMs'), 0), cpu_ms_per_epoch: round(med(2, 'cpuMsPerEpoch'), 0), cores_used: round(med(2, 'coresUsed'), 2), worker_idle_share: round(med(2, 'idleShare'), 3), peak_worker_heap_mb: round(med(2, 'peakHeapMb'), 0) },
      scaling_j2_over_j1: round(med(2, 'steadyPerMin') / med(1, 'steadyPerMin'), 2),
      // What 2 free cores would give at the measured CPU cost per epoch (the machine is shared: wall figures depend on its load).
      cpu_bound_epochs_per_min_2_cores: round((2 * 60_000) / med(2, 'cpuMsPerEpoch'), 1),
      load_average_1m: { start: round(load0, 2), end: round(os.loadavg()[0]!, 2) },
      goal_epochs_per_min_j2: 200,
      same_losses_j1_j2: same,
      process_peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 0),
    })}\n`,
  );
} finally {
  tmp.cleanup();
}
