/**
 * `run.ts download-data` end to end: a real child process, a stand-in Binance on 127.0.0.1
 * serving real candles, and real kills (SIGKILL, SIGINT) in the middle of a download.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sliceCandles } from '../../framework/data/candles.ts';
import { CandleStore } from '../../framework/data/parquet-store.ts';
import { expectSameCandles, expectStrictlyIncreasing } from '../helpers/candle-asserts.ts';
import { startFakeBinance, type FakeBinance } from '../helpers/fake-binance.ts';
import { runCliAsync, spawnCli, type CliProcess } from '../helpers/run-cli.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

const BTC = sliceCandles(readBinance5m('BTC'), 0, 4000);
const ETH = sliceCandles(readBinance5m('ETH'), 0, 2500);
const ts = BTC.timestamp;
const JAN1 = '20230101-';

let tmp: string;
let fake: FakeBinance;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'keel-download-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
afterEach(async () => {
  await fake?.close();
});

// Async: the fake exchange runs in this process, so the test must not block while the CLI runs.
const logEnv = (): NodeJS.ProcessEnv => ({ KEEL__LOGGING__DIRECTORY: path.join(tmp, 'logs') });
const start = (args: string[]): CliProcess => spawnCli(args, { env: logEnv() });
const cli = (args: string[]) => runCliAsync(args, { env: logEnv() });

let dirNo = 0;
function datadir(): string {
  return path.join(tmp, `data${dirNo++}`);
}

describe('run.ts download-data', () => {
  it('downloads several pairs into the store and prints a summary; a rerun fetches only the tail', async () => {
    fake = await startFakeBinance({ series: { BTCUSDT: { '5m': BTC }, ETHUSDT: { '5m': ETH } } });
    const dir = datadir();
    const args = ['download-data', '--exchange', 'binance', '--pairs', 'BTC/USDT', 'ETH/USDT', '--timeframes', '5m', '--datadir', dir, '--exchange-url', fake.url];
    const r = await cli([...args, '--timerange', `${JAN1}${'20230110'}`]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pair\s+timeframe\s+mode\s+new\s+stored\s+first\s+last$/m);
    // 20230101-20230110 with an inclusive end: 9 days of 288 candles, plus the one at 01-10 00:00.
    expect(r.stdout).toMatch(/^BTC\/USDT\s+5m\s+new\s+2593\s+2593\s+2023-01-01 00:00\s+2023-01-10 00:00$/m);
    expect(r.stdout).toMatch(/^ETH\/USDT\s+5m\s+new\s+2500\s+2500\s+2023-01-01 00:00\s+2023-01-09 16:15$/m);
    const store = new CandleStore(dir, 'binance');
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(BTC, 0, 2593));
    expectSameCandles(await store.read('ETH/USDT', '5m'), ETH);

    const before = fake.klines().length;
    const again = await cli([...args, '--timerange', JAN1]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^BTC\/USDT\s+5m\s+append\s+1407\s+4000\s/m);
    expect(again.stdout).toMatch(/^ETH\/USDT\s+5m\s+append\s+0\s+2500\s/m);
    expectSameCandles(await store.read('BTC/USDT', '5m'), BTC);
    const tail = fake.klines().slice(before).map((q) => `${q.query.symbol} ${q.query.startTime}`);
    expect(tail[0]).toBe(`BTCUSDT ${ts[2592]! + 1}`);
    expect(tail).toContain(`ETHUSDT ${ETH.timestamp[2499]! + 1}`);
    expect(fake.requests.every((q) => q.path === '/api/v3/exchangeInfo' || q.path === '/api/v3/klines')).toBe(true);
  });

  it('takes pairs and timeframe from the config, and supports --prepend and --erase', async () => {
    fake = await startFakeBinance({ series: { BTCUSDT: { '5m': BTC }, ETHUSDT: { '5m': ETH } } });
    const dir = datadir();
    const config = path.join(tmp, 'config.yaml');
    await writeFile(config, 'exchange:\n  name: binance\n  pair_whitelist: [ETH/USDT]\ntimeframe: 5m\n');
    const base = ['--config', config, 'download-data', '--datadir', dir, '--exchange-url', fake.url];
    const store = new CandleStore(dir, 'binance');

    const first = await cli([...base, '--timerange', `${Math.floor(ETH.timestamp[1500]! / 1000)}-`]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^ETH\/USDT\s+5m\s+new\s+1000\s+1000\s/m);
    expect(store.exists('BTC/USDT', '5m')).toBe(false);

    const prepend = await cli([...base, '--timerange', JAN1, '--prepend']);
    expect(prepend.status).toBe(0);
    expect(prepend.stdout).toMatch(/^ETH\/USDT\s+5m\s+prepend\s+1500\s+2500\s/m);
    expectSameCandles(await store.read('ETH/USDT', '5m'), ETH);

    const erase = await cli([...base, '--timerange', '20230102-20230102', '--erase']);
    expect(erase.status).toBe(0);
    expect(erase.stdout).toMatch(/^ETH\/USDT\s+5m\s+erase\s+1\s+1\s+2023-01-02 00:00\s+2023-01-02 00:00$/m);
    expectSameCandles(await store.read('ETH/USDT', '5m'), sliceCandles(ETH, 288, 289));
  });

  it('survives SIGKILL in the middle of a download: the file stays valid and a rerun completes it', async () => {
    fake = await startFakeBinance({ series: { BTCUSDT: { '5m': BTC } } });
    const dir = datadir();
    const args = ['download-data', '--pairs', 'BTC/USDT', '--timeframes', '5m', '--timerange', JAN1, '--datadir', dir, '--exchange-url', fake.url, '--flush-every-pages', '1'];
    let child: CliProcess | undefined;
    let killed = false;
    // The third request never gets an answer: the process is killed while waiting for it.
    fake.onKlines = async (n) => {
      if (n === 3 && !killed) {
        killed = true;
        child!.proc.kill('SIGKILL');
        await new Promise<void>(() => undefined);
      }
    };
    child = start(args);
    const { signal } = await child.exit;
    expect(signal).toBe('SIGKILL');

    // Two pages were written (each before the next request went out).
    const store = new CandleStore(dir, 'binance');
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(BTC, 0, 2000));

    fake.onKlines = undefined;
    const before = fake.klines().length;
    const r = await cli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^BTC\/USDT\s+5m\s+append\s+2000\s+4000\s/m);
    expect(Number(fake.klines()[before]!.query.startTime)).toBe(ts[1999]! + 1);
    const all = await store.read('BTC/USDT', '5m');
    expectStrictlyIncreasing(all);
    expectSameCandles(all, BTC);
  });

  it('on SIGINT writes what it received, exits 1 with a clear message, and a rerun resumes', async () => {
    fake = await startFakeBinance({ series: { BTCUSDT: { '5m': BTC } } });
    const dir = datadir();
    const args = ['download-data', '--pairs', 'BTC/USDT', '--timeframes', '5m', '--timerange', JAN1, '--datadir', dir, '--exchange-url', fake.url];
    let child: CliProcess | undefined;
    // Interrupt while the third page is in flight; answer it only once the CLI has seen the signal.
    fake.onKlines = async (n) => {
      if (n !== 3) return;
      child!.proc.kill('SIGINT');
      while (!child!.stderr().includes('interrupted')) await new Promise((r) => setTimeout(r, 5));
    };
    child = start(args);
    const { status } = await child.exit;
    expect(status).toBe(1);
    expect(child.stderr()).toMatch(/Error: download of binance BTC\/USDT 5m interrupted/);
    expect(child.stderr()).not.toMatch(/\n\s+at /);
    const store = new CandleStore(dir, 'binance');
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(BTC, 0, 3000));
    expect(fake.klines()).toHaveLength(3);

    fake.onKlines = undefined;
    const r = await cli(args);
    expect(r.status).toBe(0);
    expectSameCandles(await store.read('BTC/USDT', '5m'), BTC);
  });

  it.each([
    [['--exchange', 'notanexchange'], /Error: unknown exchange "notanexchange": it is not among ccxt\.exchanges/],
    [['--exchange-url', 'http://example.com:8080'], /only http\(s\) URLs on a loopback address/],
    [['--exchange-url', 'http://10.0.0.1'], /only http\(s\) URLs on a loopback address/],
    [['--timerange', '2023-01-01'], /invalid timerange "2023-01-01"/],
    [['--pairs', 'NOPE/USDT'], /Error: unknown pair on binance: NOPE\/USDT/],
    [['--timeframes', '2m'], /Error: unknown timeframe "2m" on binance/],
  ])('fails with one clear sentence for %j', async (extra, why) => {
    fake = await startFakeBinance({ series: { BTCUSDT: { '5m': BTC } } });
    const dir = datadir();
    const args = ['download-data', '--pairs', 'BTC/USDT', '--timeframes', '5m', '--datadir', dir, '--exchange-url', fake.url];
    // Later flags win in commander, so `extra` overrides the defaults above.
    const r = await cli([...args, ...extra]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fake.klines()).toHaveLength(0);
  });

  it('shows help for every option', async () => {
    const r = await cli(['download-data', '--help']);
    expect(r.status).toBe(0);
    for (const flag of ['--exchange', '--pairs', '--timeframes', '--timerange', '--days', '--prepend', '--erase', '--datadir']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).not.toContain('--exchange-url');
  });
});
