/**
 * `run.ts backtest` as a user runs it: a child process on a temp config, a temp candle store
 * (real Binance candles written as Parquet), strategies in a temp directory, results in a temp
 * results directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceCandles } from '../../../framework/data/candles.ts';
import { candleFilePath, writeCandlesParquet } from '../../../framework/data/parquet-store.ts';
import { readBacktestResult, resolveResultFile } from '../../../framework/reports/export.ts';
import { hashTradeList } from '../../../framework/reports/trade-hash.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';
import { makeTempDir, REPO_ROOT } from '../../helpers/tmp.ts';

let tmp: ReturnType<typeof makeTempDir>;
let results: string;

/** FastCross (SMA 5/20) and SlowCross (SMA 10/40), each with a 2% ROI and a 3% stop. */
const STRATEGIES = path.join(REPO_ROOT, 'test/engine/backtest/fixtures/strategies');

beforeAll(async () => {
  tmp = makeTempDir('keel-bt-cli-');
  results = path.join(tmp.dir, 'results');
  const data = path.join(tmp.dir, 'data');
  // Two weeks of real candles per pair: enough trades, quick runs.
  for (const base of ['BTC', 'ETH'] as const) {
    const c = readBinance5m(base);
    await writeCandlesParquet(candleFilePath(data, 'binance', `${base}/USDT`, '5m'), sliceCandles(c, 0, 4032));
  }
  fs.writeFileSync(
    path.join(tmp.dir, 'config.yaml'),
    [
      'exchange: { name: binance, pair_whitelist: [BTC/USDT, ETH/USDT] }',
      'stake: { currency: USDT, amount: unlimited, tradable_balance_ratio: 0.99, starting_balance: 1000 }',
      'max_open_trades: 2',
      'fees: { maker: 0.001, taker: 0.001 }',
      `data: { directory: ${JSON.stringify(data)}, check_on_load: false }`,
      `strategy: { name: FastCross, path: ${JSON.stringify(STRATEGIES)} }`,
      `backtest: { results_directory: ${JSON.stringify(results)} }`,
      `logging: { directory: ${JSON.stringify(path.join(tmp.dir, 'logs'))} }`,
    ].join('\n'),
  );
});
afterAll(() => tmp.cleanup());

function keel(args: string[]) {
  return runCli(['--config', path.join(tmp.dir, 'config.yaml'), '--log-level', 'warn', ...args], { cwd: tmp.dir });
}

describe('run.ts backtest', () => {
  it('prints the report and writes a result that reads back with the same trade list hash', async () => {
    const r = keel(['backtest', '--timerange', '20230102-20230110', '--breakdown', 'day']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const s of ['Result for strategy FastCross', 'BACKTESTING REPORT', 'EXIT REASON STATS', 'SUMMARY METRICS', 'DAY BREAKDOWN', 'Trade list hash']) {
      expect(r.stdout).toContain(s);
    }
    expect(r.stdout).toContain('Backtesting from              │ 2023-01-02 00:00:00');
    const file = await resolveResultFile(results);
    expect(r.stdout).toContain(`Backtest result written to ${path.relative(tmp.dir, file)}`);
    const result = await readBacktestResult(file);
    const s = result.strategy.FastCross!;
    expect(s.trades.length).toBeGreaterThan(10);
    expect(s.metrics.pairlist).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(s.provenance.fillModel.name).toBe('freqtrade');
    expect(Object.keys(s.provenance.dataHashes)).toEqual(['BTC/USDT 5m', 'ETH/USDT 5m']);
    expect(s.provenance.tradeListHash).toBe(hashTradeList(s.trades));
    expect(r.stdout).toContain(`Trade list hash               │ ${s.provenance.tradeListHash.slice(0, 16)}`);
    // Every trade lies in the timerange and follows the ROI / stop / signal rules' reasons.
    for (const t of s.trades) {
      expect(t.openDate).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 2));
      expect(t.closeDate).toBeLessThanOrEqual(Date.UTC(2023, 0, 10));
      expect(['roi', 'stop_loss', 'exit_signal', 'force_exit']).toContain(t.exitReason);
    }

    // Same inputs, same trades: a second run hashes the same.
    const again = keel(['backtest', '--timerange', '20230102-20230110', '--export-filename', path.join(tmp.dir, 'again')]);
    expect(again.status).toBe(0);
    const second = await readBacktestResult(await resolveResultFile(path.join(tmp.dir, 'again')));
    expect(second.strategy.FastCross!.provenance.tradeListHash).toBe(s.provenance.tradeListHash);
  });

  it('--strategy-list compares strategies; flags override the config', async () => {
    const r = keel([
      'backtest',
      '--strategy-list', 'FastCross', 'SlowCross',
      '--timerange', '20230102-20230108',
      '--pairs', 'BTC/USDT',
      '--stake-amount', '100',
      '--max-open-trades', '1',
      '--fee', '0',
      '--export', 'none',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Result for strategy FastCross');
    expect(r.stdout).toContain('Result for strategy SlowCross');
    expect(r.stdout).toMatch(/STRATEGY SUMMARY[\s\S]*FastCross[\s\S]*SlowCross/);
    expect(r.stdout).not.toContain('Backtest result written');
    expect(r.stdout).not.toContain('ETH/USDT');
  });

  it('refuses bad flags with a sentence naming them', () => {
    const bad = keel(['backtest', '--stake-amount', '-5']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--stake-amount "-5": expected a positive number or "unlimited"');
    const missing = keel(['backtest', '--timeframe-detail', '1m', '--export', 'none']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/--timeframe-detail 1m: no 1m candles for BTC\/USDT/);
    const unknown = keel(['backtest', '--strategy', 'Nope']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('strategy "Nope" not found');
  });
});

describe('the quickstart: backtest on the bundled data with the default config', () => {
  it('runs with no arguments', async () => {
    const out = makeTempDir('keel-bt-qs-');
    try {
      const r = runCli(['backtest'], {
        env: { KEEL__BACKTEST__RESULTS_DIRECTORY: out.dir, KEEL__LOGGING__DIRECTORY: path.join(out.dir, 'logs'), KEEL__LOGGING__LEVEL: 'warn' },
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Result for strategy SmaCross');
      expect(r.stdout).toMatch(/│ BTC\/USDT │ +\d+ │/);
      expect(r.stdout).toMatch(/│ ETH\/USDT │ +\d+ │/);
      const result = await readBacktestResult(await resolveResultFile(out.dir));
      expect(result.strategy.SmaCross!.trades.length).toBeGreaterThan(1000);
    } finally {
      out.cleanup();
    }
  });
});
