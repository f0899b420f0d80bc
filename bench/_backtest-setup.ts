/**
 * Shared set-up of the backtest benchmarks (the leading "_" keeps run-all from running it):
 * a temp candle store with the real Binance 5m 2023 candles (and derived pairs), a config
 * file, and a way to run `backtest` as a whole process, as a user does.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { KEEL_NODE_FLAGS } from '../framework/build/node-flags.mjs';
import { allocateCandles, type Candles } from '../framework/data/candles.ts';
import { candleFilePath, writeCandlesParquet } from '../framework/data/parquet-store.ts';
import { readBinance5m } from './lib/real-candles.ts';

export const REPO = path.resolve(import.meta.dirname, '..');

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `count` pairs from the real candles: pair i is BTC (even i) or ETH (odd i), rotated by
 * i x 7919 candles on the same timestamps (so each pair's signals fall elsewhere) and scaled
 * by 1 + i / 10, on a 0.01 grid. Names P0/USDT, P1/USDT, ...; P0 is BTC/USDT itself.
 */
export function derivedPairs(count: number): Array<{ pair: string; candles: Candles }> {
  const src = [readBinance5m('BTC'), readBinance5m('ETH')];
  const out: Array<{ pair: string; candles: Candles }> = [];
  for (let i = 0; i < count; i++) {
    const s = src[i % 2]!;
    const n = s.timestamp.length;
    const c = allocateCandles(n);
    const shift = (i * 7919) % n;
    const k = 1 + i / 10;
    const r = (x: number) => Math.round(x * k * 100) / 100;
    for (let j = 0; j < n; j++) {
      const from = (j + shift) % n;
      c.timestamp[j] = s.timestamp[j]!;
      c.open[j] = r(s.open[from]!);
      c.high[j] = r(s.high[from]!);
      c.low[j] = r(s.low[from]!);
      c.close[j] = r(s.close[from]!);
      c.volume[j] = s.volume[from]!;
    }
    out.push({ pair: `P${i}/USDT`, candles: c });
  }
  return out;
}

export async function writeStore(dataDir: string, pairs: Array<{ pair: string; candles: Candles }>): Promise<void> {
  for (const p of pairs) await writeCandlesParquet(candleFilePath(dataDir, 'binance', p.pair, '5m'), p.candles);
}

export function writeConfig(dir: string, opts: { pairs: string[]; maxOpenTrades: number; dataDir: string }): string {
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(
    file,
    [
      `exchange: { name: binance, pair_whitelist: [${opts.pairs.join(', ')}] }`,
      'stake: { currency: USDT, amount: unlimited, tradable_balance_ratio: 0.99, starting_balance: 1000 }',
      `max_open_trades: ${opts.maxOpenTrades}`,
      'fees: { maker: 0.001, taker: 0.001 }',
      `data: { directory: ${JSON.stringify(opts.dataDir)} }`,
      `strategy: { name: SmaCross, path: ${JSON.stringify(path.join(REPO, 'user_data/strategies'))} }`,
      `backtest: { export: none, results_directory: ${JSON.stringify(path.join(dir, 'results'))} }`,
      `logging: { level: info, directory: ${JSON.stringify(path.join(dir, 'logs'))} }`,
    ].join('\n'),
  );
  return file;
}

/**
 * The process a user starts: 'compiled' is `node <KEEL_NODE_FLAGS> framework/build/launch.mjs ...` (what `npm start`
 * and `npm run keel` run: the framework compiled to JavaScript, rebuilt when a source changed);
 * 'compiled-without-node-flags' the same without KEEL_NODE_FLAGS (what they are worth);
 * 'source' is `node --import tsx run.ts ...` (the TypeScript sources through tsx). A preloaded
 * one-liner reports the process's peak RSS on exit.
 */
export type RunMode = 'compiled' | 'compiled-without-node-flags' | 'source';

function command(mode: RunMode, args: string[]): string[] {
  const rss = pathToFileURL(path.join(REPO, 'bench/lib/report-max-rss.mjs')).href;
  if (mode === 'compiled') return [...KEEL_NODE_FLAGS, '--import', rss, path.join(REPO, 'framework/build/launch.mjs'), ...args];
  if (mode === 'compiled-without-node-flags') return ['--import', rss, path.join(REPO, 'framework/build/launch.mjs'), ...args];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', rss, '--import', tsx, path.join(REPO, 'run.ts'), ...args];
}

export interface ProcessRun {
  seconds: number;
  maxRssMb: number;
  stdout: string;
  stderr: string;
  /** The runner's own timings, from its log line. */
  loadMs?: number;
  analyzeMs?: number;
  loopMs?: number;
  /** From the process's start to the backtest command's first line (Node, launcher, modules). */
  startMs?: number;
  /** Building and printing the report. */
  reportMs?: number;
  trades?: number;
}

export function runProcess(mode: RunMode, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): ProcessRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, command(mode, args), {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`backtest process failed (${r.status}): ${r.stderr}`);
  const rss = /KEEL_MAXRSS_KB (\d+)/.exec(r.stderr);
  const out: ProcessRun = { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stdout: r.stdout, stderr: r.stderr };
  const m = /"trades":(\d+),"loadMs":(\d+),"analyzeMs":(\d+),"loopMs":(\d+)/.exec(r.stderr);
  if (m) Object.assign(out, { trades: Number(m[1]), loadMs: Number(m[2]), analyzeMs: Number(m[3]), loopMs: Number(m[4]) });
  const p = /"startMs":(\d+),"reportMs":(\d+)/.exec(r.stderr);
  if (p) Object.assign(out, { startMs: Number(p[1]), reportMs: Number(p[2]) });
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const round = (x: number, d = 3): number => Number(x.toFixed(d));
