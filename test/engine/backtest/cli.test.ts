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
import type { ChartData } from '../../../framework/reports/html/chart-data.ts';
import { hashTradeList } from '../../../framework/reports/trade-hash.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { loadPageDecoder } from '../../reports/html/decoder.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';
import { makeTempDir, REPO_ROOT } from '../../helpers/tmp.ts';

let tmp: ReturnType<typeof makeTempDir>;
let results: string;
let config: string;

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
  config = [
    'exchange: { name: binance, pair_whitelist: [BTC/USDT, ETH/USDT] }',
    'stake: { currency: USDT, amount: unlimited, tradable_balance_ratio: 0.99, starting_balance: 1000 }',
    'max_open_trades: 2',
    'fees: { maker: 0.001, taker: 0.001 }',
    `data: { directory: ${JSON.stringify(data)}, check_on_load: false }`,
    `strategy: { name: FastCross, path: ${JSON.stringify(STRATEGIES)} }`,
    `backtest: { results_directory: ${JSON.stringify(results)} }`,
    `logging: { directory: ${JSON.stringify(path.join(tmp.dir, 'logs'))} }`,
  ].join('\n');
  fs.writeFileSync(path.join(tmp.dir, 'config.yaml'), config);
});
afterAll(() => tmp.cleanup());

function keel(args: string[], opts: { config?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runCli(['--config', opts.config ?? path.join(tmp.dir, 'config.yaml'), '--log-level', 'warn', ...args], { cwd: tmp.dir, env: opts.env ?? {} });
}

/** The config with a sim_venue section added, as another file. */
function configWith(name: string, simVenue: string): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, `${config}\nsim_venue: ${simVenue}\n`);
  return file;
}

/** The chart data a report page carries (its JSON data block). */
function pageData(html: string): ChartData {
  const m = /<script type="application\/json" id="keel-report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'the page has its data block').not.toBeNull();
  return JSON.parse(m![1]!) as ChartData;
}

/** Opens offline: every script inline, no stylesheet or script fetched from anywhere, a CSP that forbids requests. */
function expectSelfContained(html: string): void {
  expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThanOrEqual(3); // the data block, the chart library, the page's code
  for (const tag of scripts) expect(tag).not.toMatch(/\bsrc\s*=/i);
  expect(html).not.toMatch(/<link\b/i);
  expect(html).not.toMatch(/\bsrc\s*=\s*["']?(?:https?:)?\/\//i);
  expect(html).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//i);
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
    // The HTML report beside it: X.json -> X.html.
    const htmlFile = file.replace(/\.json$/, '.html');
    expect(r.stdout).toContain(`HTML report written to ${path.relative(tmp.dir, htmlFile)}`);
    const html = fs.readFileSync(htmlFile, 'utf8');
    expectSelfContained(html);
    expect(html).toContain('<title>Keel backtest report: FastCross</title>');
    expect(pageData(html).pairs.map((p) => p.pair)).toEqual(['BTC/USDT', 'ETH/USDT']);
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
    // --no-html: the JSON result only.
    const again = keel(['backtest', '--timerange', '20230102-20230110', '--export-filename', path.join(tmp.dir, 'again'), '--no-html']);
    expect(again.status).toBe(0);
    const second = await readBacktestResult(await resolveResultFile(path.join(tmp.dir, 'again')));
    expect(second.strategy.FastCross!.provenance.tradeListHash).toBe(s.provenance.tradeListHash);
    expect(again.stdout).not.toContain('HTML report written');
    expect(fs.readdirSync(path.join(tmp.dir, 'again')).filter((f) => f.endsWith('.html'))).toEqual([]);
  });

  it('names every venue model in the report and the result; --fill-model and the config sim_venue section reach the runner', async () => {
    const venue = configWith('venue.yaml', '{ slippage: { model: fixed_bps, bps: 50 }, latency: { order_ms: 1000 }, participation: { max_ratio: 0.5 } }');
    const args = ['backtest', '--timerange', '20230102-20230115'];
    const r = keel([...args, '--fill-model', 'ohlc-path', '--export-filename', path.join(tmp.dir, 'venue')], { config: venue });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const row of [
      /│ Fill model +│ ohlc_path v1 +│/,
      /│ Slippage +│ fixed_bps \(bps 50\) +│/,
      /│ Latency +│ fixed \(order_ms 1000, ack_ms 0, cancel_ms 0\) +│/,
      /│ Participation +│ bar_volume_cap \(max_ratio 0\.5\) +│/,
      /│ Fees +│ maker_taker \(maker 0\.001, taker 0\.001\) +│/,
      /│ Account +│ cash +│/,
    ]) {
      expect(r.stdout).toMatch(row);
    }
    const stored = (await readBacktestResult(await resolveResultFile(path.join(tmp.dir, 'venue')))).strategy.FastCross!.provenance;
    expect(stored.fillModel.name).toBe('ohlc_path');
    expect(stored.venueModels).toMatchObject({
      slippage: { name: 'fixed_bps', bps: 50 },
      latency: { name: 'fixed', order_ms: 1000, ack_ms: 0, cancel_ms: 0 },
      participation: { name: 'bar_volume_cap', max_ratio: 0.5 },
      fees: { name: 'maker_taker', maker: 0.001, taker: 0.001 },
      account: { type: 'cash', leverage: 1 },
    });
    // The same run without the sim_venue section trades differently: the section reached the runner.
    const plain = keel([...args, '--fill-model', 'ohlc-path', '--export', 'none']);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/│ Fill model +│ ohlc_path v1 +│/);
    expect(plain.stdout).toMatch(/│ Slippage +│ none +│/);
    const hash = (text: string) => /Trade list hash +│ ([0-9a-f]{16})/.exec(text)?.[1];
    expect(hash(plain.stdout)).toBeDefined();
    expect(hash(plain.stdout)).not.toBe(stored.tradeListHash.slice(0, 16));
    // sim_venue.fill_model from the config, and --fill-model over it.
    const fromConfig = configWith('ohlc.yaml', '{ fill_model: ohlc_path }');
    expect(keel([...args, '--export', 'none'], { config: fromConfig }).stdout).toMatch(/│ Fill model +│ ohlc_path v1 +│/);
    expect(keel([...args, '--export', 'none', '--fill-model', 'freqtrade'], { config: fromConfig }).stdout).toMatch(/│ Fill model +│ freqtrade v1 +│/);
  });

  it('--export signals writes the entry signals beside the result; --breakdown prints the periods asked for; no progress bar without a terminal', async () => {
    const dir = path.join(tmp.dir, 'signals');
    // CI unset: only the missing terminal keeps the progress bar off.
    const r = keel(
      ['backtest', '--timerange', '20230102-20230110', '--max-open-trades', '1', '--export', 'signals', '--export-filename', dir, '--breakdown', 'day', 'week,month'],
      { env: { CI: '' } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const title of ['DAY BREAKDOWN', 'WEEK BREAKDOWN', 'MONTH BREAKDOWN']) expect(r.stdout).toContain(title);
    expect(r.stdout).not.toContain('YEAR BREAKDOWN');
    const file = await resolveResultFile(dir);
    const sidecar = file.replace(/\.json$/, '_signals.json');
    expect(r.stdout).toContain(`Entry signals written to ${path.relative(tmp.dir, sidecar)}`);
    expect(r.stdout).toContain(`HTML report written to ${path.relative(tmp.dir, file.replace(/\.json$/, '.html'))}`);
    const result = (await readBacktestResult(file)).strategy.FastCross!;
    const signals = JSON.parse(fs.readFileSync(sidecar, 'utf8')) as {
      kind: string;
      version: number;
      strategy: Record<string, { rejected: Array<{ pair: string; date: number; enterTag: string | null }>; entries: Array<{ tradeId: number; pair: string; date: number; enterTag: string | null }> }>;
    };
    expect(signals.kind).toBe('keel-backtest-signals');
    expect(signals.version).toBe(1);
    const own = signals.strategy.FastCross!;
    expect(own.entries).toEqual(result.trades.map((t) => ({ tradeId: t.id, pair: t.pair, date: t.openDate, enterTag: t.enterTag })));
    // One slot for two pairs: entry signals were turned away, and each of them is listed.
    expect(own.rejected.length).toBeGreaterThan(0);
    expect(own.rejected.length).toBe(result.metrics.rejectedSignals);
    for (const s of own.rejected) {
      expect(['BTC/USDT', 'ETH/USDT']).toContain(s.pair);
      expect(s.enterTag).toBe('up');
      expect(s.date).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 2));
      expect(s.date).toBeLessThanOrEqual(Date.UTC(2023, 0, 10));
    }
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
    expect(r.stdout).not.toContain('HTML report written');
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
      const file = await resolveResultFile(out.dir);
      const result = await readBacktestResult(file);
      expect(result.strategy.SmaCross!.trades.length).toBeGreaterThan(1000);

      // The HTML report beside the result, with SmaCross's two SMAs (its plotConfig) over the candles.
      const htmlFile = file.replace(/\.json$/, '.html');
      expect(r.stdout).toContain(`HTML report written to ${path.relative(REPO_ROOT, htmlFile)}`);
      const html = fs.readFileSync(htmlFile, 'utf8');
      expectSelfContained(html);
      const data = pageData(html);
      expect(data.plot.main.map((l) => l.column)).toEqual(['sma_10', 'sma_30']);
      expect(data.pairs.map((p) => p.pair)).toEqual(['BTC/USDT', 'ETH/USDT']);
      const decode = loadPageDecoder();
      const m = result.strategy.SmaCross!.metrics;
      for (const p of data.pairs) {
        expect(Object.keys(p.columns).sort()).toEqual(['sma_10', 'sma_30']);
        // The backtested candles (startup trimmed), with the strategy's SMA values on the right rows:
        // recomputed here from the page's own closes, they agree to the page's six significant digits.
        const time = decode.times(p.time);
        const { close } = decode.ohlc(p.ohlc);
        expect(time[0]! * 1000).toBe(m.backtestStart);
        expect(time[time.length - 1]! * 1000).toBe(m.backtestEnd);
        for (const [column, period] of [['sma_10', 10], ['sma_30', 30]] as const) {
          const sma = decode.series(p.columns[column]!);
          expect(sma.length).toBe(close.length);
          for (const row of [period - 1, 1000, 50_000, close.length - 1]) {
            let sum = 0;
            for (let k = row - period + 1; k <= row; k++) sum += close[k]!;
            expect(Math.abs(sma[row]! / (sum / period) - 1), `${p.pair} ${column} row ${row}`).toBeLessThan(1e-5);
          }
        }
      }
    } finally {
      out.cleanup();
    }
  });
});
