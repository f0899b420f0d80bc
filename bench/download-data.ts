/**
 * download-data throughput on a full year of real BTC/USDT 5m candles (104,816, about 105
 * Binance pages) served by the local stand-in Binance on 127.0.0.1 (no internet), through
 * ccxt's binance class and the Parquet store, with the default chunking (a write every 50 pages).
 *
 * - rate_limited: as shipped (ccxt's rate limiter on): what a user waits, less network latency;
 * - unthrottled: rate limiter off, to show Keel's own cost (ccxt parsing, checks, merges, writes).
 *
 *   npx tsx bench/download-data.ts          (BENCH_REPS=n, default 3)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadCandles } from '../framework/data/downloader.ts';
import { createExchange } from '../framework/data/exchange-factory.ts';
import { CandleStore } from '../framework/data/parquet-store.ts';
import { startFakeBinance } from '../test/helpers/fake-binance.ts';
import { median, readBinance5m, round } from './lib/real-candles.ts';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const btc = readBinance5m('BTC');
const fake = await startFakeBinance({ series: { BTCUSDT: { '5m': btc } } });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'keel-bench-download-'));

async function once(rateLimit: boolean): Promise<{ ms: number; requests: number }> {
  const dir = mkdtempSync(path.join(tmp, 'run-'));
  const exchange = createExchange({ name: 'binance', urlOverride: fake.url });
  exchange.enableRateLimit = rateLimit;
  const store = new CandleStore(dir, 'binance');
  const t0 = performance.now();
  const [r] = await downloadCandles({ exchange, store, pairs: ['BTC/USDT'], timeframes: ['5m'], startMs: btc.timestamp[0] });
  const ms = performance.now() - t0;
  if (r!.totalCandles !== btc.timestamp.length) throw new Error(`downloaded ${r!.totalCandles} candles, expected ${btc.timestamp.length}`);
  rmSync(dir, { recursive: true, force: true });
  return { ms, requests: r!.requests };
}

try {
  await once(false); // warm-up (module loading, JIT)
  const limited: number[] = [];
  const free: number[] = [];
  let requests = 0;
  for (let i = 0; i < REPS; i++) {
    const a = await once(true);
    limited.push(a.ms);
    requests = a.requests;
    free.push((await once(false)).ms);
  }
  const candles = btc.timestamp.length;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'download-data',
      candles,
      requests,
      reps: REPS,
      rate_limited_ms: round(median(limited)),
      rate_limited_ms_per_request: round(median(limited) / requests, 2),
      unthrottled_ms: round(median(free)),
      unthrottled_ms_per_request: round(median(free) / requests, 2),
      unthrottled_candles_per_s: Math.round(candles / (median(free) / 1000)),
    })}\n`,
  );
} finally {
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });
}
