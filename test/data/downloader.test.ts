/**
 * download-data against a stand-in Binance on 127.0.0.1 (test/helpers/fake-binance.ts) that
 * serves the real BTC/USDT and ETH/USDT 5m candles of ../shared/data in Binance's wire format.
 * ccxt's own binance class does the requests; only its URLs point at the local server.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from 'ccxt';
import { ExchangeError, UsageError } from '../../framework/core/errors.ts';
import { sliceCandles, type Candles } from '../../framework/data/candles.ts';
import { downloadCandles, DownloadInterruptedError, MalformedReplyError, ohlcvPageLimit, type DownloadOptions } from '../../framework/data/downloader.ts';
import { createExchange } from '../../framework/data/exchange-factory.ts';
import { CandleStore } from '../../framework/data/parquet-store.ts';
import { expectSameCandles, expectStrictlyIncreasing } from '../helpers/candle-asserts.ts';
import { aggregate5mTo1h, startFakeBinance, type FakeBinance } from '../helpers/fake-binance.ts';
import { readBinance5m } from '../helpers/shared-data.ts';

const FIVE_MIN = 300_000;
const ALLOWED_PATHS = new Set(['/api/v3/exchangeInfo', '/api/v3/klines']);

// Real candles. 2023-03-24 12:40..13:55 is missing on Binance (16 candles); index 23768 is the
// first candle after that gap, so SPAN crosses a real hole in the data.
const btcAll = readBinance5m('BTC');
const ethAll = readBinance5m('ETH');
const GAP_AFTER = 23768;
const SPAN = sliceCandles(btcAll, GAP_AFTER - 1200, GAP_AFTER + 1300); // 2500 candles, one gap
const ETH_SPAN = sliceCandles(ethAll, GAP_AFTER - 1200, GAP_AFTER + 1300);
const ts = SPAN.timestamp;

let tmp: string;
const open: FakeBinance[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'keel-download-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

let dirNo = 0;
async function setup(series: Record<string, Record<string, Candles>> = { BTCUSDT: { '5m': SPAN } }, extraSymbols?: string[]) {
  const fake = await startFakeBinance({ series, extraSymbols });
  open.push(fake);
  const store = new CandleStore(path.join(tmp, `d${dirNo++}`), 'binance');
  return { fake, store, exchange: newExchange(fake) };
}

function newExchange(fake: FakeBinance): Exchange {
  const ex = createExchange({ name: 'binance', urlOverride: fake.url });
  // Every endpoint ccxt could call now points at the local server.
  const urls = JSON.stringify(ex.urls.api);
  expect(urls.match(/https?:\/\/[^/"]+/g)!.every((u) => u === fake.url)).toBe(true);
  return ex;
}

function run(o: Partial<DownloadOptions> & Pick<DownloadOptions, 'exchange' | 'store'>) {
  return downloadCandles({ pairs: ['BTC/USDT'], timeframes: ['5m'], retryDelayMs: 5, ...o });
}

function startTimes(fake: FakeBinance): number[] {
  return fake.klines().map((r) => Number(r.query.startTime));
}

function expectOnlyBinancePaths(fake: FakeBinance): void {
  const unexpected = fake.requests.filter((r) => !ALLOWED_PATHS.has(r.path));
  expect(unexpected).toEqual([]);
}

describe('downloadCandles against a local Binance', () => {
  it('downloads a range over several pages, bit for bit equal to the source, asking only for klines', async () => {
    const { fake, store, exchange } = await setup();
    expect(ohlcvPageLimit(exchange, (await exchange.loadMarkets())['BTC/USDT']!)).toBe(1000);
    const [r] = await run({ exchange, store, startMs: ts[0] });
    expectSameCandles(await store.read('BTC/USDT', '5m'), SPAN);
    expect(r).toMatchObject({ pair: 'BTC/USDT', timeframe: '5m', mode: 'new', newCandles: 2500, totalCandles: 2500, firstMs: ts[0], lastMs: ts[2499] });

    // Pages of 1000 chained on the last candle received; the fourth request finds the end.
    const k = fake.klines();
    expect(k.map((q) => q.query.limit)).toEqual(['1000', '1000', '1000', '1000']);
    expect(k.every((q) => q.query.symbol === 'BTCUSDT' && q.query.interval === '5m')).toBe(true);
    expect(startTimes(fake)).toEqual([ts[0], ts[999]! + 1, ts[1999]! + 1, ts[2499]! + 1]);
    expectOnlyBinancePaths(fake);
    expect(fake.requests.filter((q) => q.path === '/api/v3/exchangeInfo')).toHaveLength(1);
  });

  it('downloads many pairs and timeframes into one file each', async () => {
    const btc1h = aggregate5mTo1h(SPAN);
    const eth1h = aggregate5mTo1h(ETH_SPAN);
    const { fake, store, exchange } = await setup({ BTCUSDT: { '5m': SPAN, '1h': btc1h }, ETHUSDT: { '5m': ETH_SPAN, '1h': eth1h } });
    const results = await run({ exchange, store, pairs: ['BTC/USDT', 'ETH/USDT'], timeframes: ['5m', '1h'], startMs: btc1h.timestamp[0] });
    expect(results.map((r) => `${r.pair} ${r.timeframe} ${r.totalCandles}`)).toEqual([
      `BTC/USDT 5m 2500`,
      `BTC/USDT 1h ${btc1h.timestamp.length}`,
      `ETH/USDT 5m 2500`,
      `ETH/USDT 1h ${eth1h.timestamp.length}`,
    ]);
    expectSameCandles(await store.read('BTC/USDT', '5m'), SPAN);
    expectSameCandles(await store.read('ETH/USDT', '5m'), ETH_SPAN);
    expectSameCandles(await store.read('BTC/USDT', '1h'), btc1h);
    expectSameCandles(await store.read('ETH/USDT', '1h'), eth1h);
    expect((await store.list()).map((e) => `${e.pair} ${e.timeframe}`)).toEqual(['BTC/USDT 5m', 'BTC/USDT 1h', 'ETH/USDT 5m', 'ETH/USDT 1h']);
    expectOnlyBinancePaths(fake);
  });

  it('treats the timerange end as inclusive and stops there', async () => {
    const { fake, store, exchange } = await setup();
    const [r] = await run({ exchange, store, startMs: ts[10], endMs: ts[1009] });
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(SPAN, 10, 1010));
    expect(r!.newCandles).toBe(1000);
    // One page covers the range: no request after the end.
    expect(startTimes(fake)).toEqual([ts[10]]);
  });

  it('incremental: a second run fetches only what follows the stored data', async () => {
    const { fake, store, exchange } = await setup();
    await run({ exchange, store, startMs: ts[0], endMs: ts[1499] });
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(SPAN, 0, 1500));
    const before = fake.klines().length;

    // A start before the stored data is ignored without --prepend (as in Freqtrade).
    const [r] = await run({ exchange, store, startMs: ts[0]! - 30 * FIVE_MIN });
    expectSameCandles(await store.read('BTC/USDT', '5m'), SPAN);
    expect(r).toMatchObject({ mode: 'append', newCandles: 1000, totalCandles: 2500 });
    const second = startTimes(fake).slice(before);
    expect(second).toEqual([ts[1499]! + 1, ts[2499]! + 1]);

    // Up to date: one request, nothing new, file unchanged.
    const bytes = await readFile(store.path('BTC/USDT', '5m'));
    const [again] = await run({ exchange, store });
    expect(again).toMatchObject({ newCandles: 0, totalCandles: 2500 });
    expect(startTimes(fake).slice(before + 2)).toEqual([ts[2499]! + 1]);
    expect((await readFile(store.path('BTC/USDT', '5m'))).equals(bytes)).toBe(true);
  });

  it('prepend: fetches the history before the first stored candle, backwards, without touching the rest', async () => {
    const { fake, store, exchange } = await setup();
    await run({ exchange, store, startMs: ts[1700] });
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(SPAN, 1700, 2500));
    const before = fake.klines().length;

    const [r] = await run({ exchange, store, startMs: ts[0], prepend: true });
    expectSameCandles(await store.read('BTC/USDT', '5m'), SPAN);
    expect(r).toMatchObject({ mode: 'prepend', newCandles: 1700, totalCandles: 2500 });
    // Windows of 1000 candles' time ending at the first stored candle, one request each, then
    // the rest down to the start. (The real gap of 16 candles lies in the first window, so
    // that window holds 984 candles and the last one 716.)
    expect(startTimes(fake).slice(before)).toEqual([ts[1700]! - 1000 * FIVE_MIN, ts[0]]);
  });

  it('prepend needs a timerange start', async () => {
    const { store, exchange } = await setup();
    await run({ exchange, store, startMs: ts[100], endMs: ts[200] });
    await expect(run({ exchange, store, prepend: true })).rejects.toThrow(/--prepend needs a timerange with a start/);
  });

  it('erase: replaces stored candles that an incremental run would keep', async () => {
    const { store, exchange } = await setup();
    // Stored candles that disagree with the exchange (close doubled).
    const wrong = sliceCandles(SPAN, 0, 1000);
    const bad = { ...wrong, close: wrong.close.map((v) => v * 2) };
    await store.write('BTC/USDT', '5m', bad);

    await run({ exchange, store, startMs: ts[0] });
    const kept = await store.read('BTC/USDT', '5m');
    expect(kept.timestamp.length).toBe(2500);
    expect(kept.close[0]).toBe(SPAN.close[0]! * 2); // incremental: old rows untouched

    const [r] = await run({ exchange, store, startMs: ts[0], erase: true });
    expect(r!.mode).toBe('erase');
    expectSameCandles(await store.read('BTC/USDT', '5m'), SPAN);
  });

  it('erase with nothing to download removes the old file', async () => {
    const { store, exchange } = await setup();
    await run({ exchange, store, startMs: ts[0], endMs: ts[99] });
    expect(store.exists('BTC/USDT', '5m')).toBe(true);
    // The exchange has nothing after the span.
    await run({ exchange, store, startMs: ts[2499]! + FIVE_MIN, erase: true });
    expect(store.exists('BTC/USDT', '5m')).toBe(false);
  });

  it('drops the still-open last candle and picks it up once it has closed', async () => {
    const { store, exchange } = await setup();
    const openSince = ts[2499]!;
    await run({ exchange, store, startMs: ts[0], now: () => openSince + 2 * 60_000 });
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(SPAN, 0, 2499));
    await run({ exchange, store, now: () => openSince + FIVE_MIN });
    expectSameCandles(await store.read('BTC/USDT', '5m'), SPAN);
  });

  it('resumes after an abort: what was received is kept, the rerun continues from it without duplicates', async () => {
    const { fake, store, exchange } = await setup();
    const controller = new AbortController();
    const err = await run({
      exchange,
      store,
      startMs: ts[0],
      flushEveryPages: 5,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.pages === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadInterruptedError);
    expect((err as Error).message).toMatch(/binance BTC\/USDT 5m interrupted/);
    // Pending pages are written on the way out, so both pages are stored.
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(SPAN, 0, 2000));
    expect(fake.klines()).toHaveLength(2);

    const [r] = await run({ exchange, store, startMs: ts[0] });
    expect(r!.newCandles).toBe(500);
    expect(startTimes(fake).slice(2)).toEqual([ts[1999]! + 1, ts[2499]! + 1]);
    const all = await store.read('BTC/USDT', '5m');
    expectStrictlyIncreasing(all);
    expectSameCandles(all, SPAN);
  });

  it('resumes after the exchange goes away mid-download (retries exhausted)', async () => {
    const { fake, store, exchange } = await setup();
    fake.failAfter(2, { kind: 'reset' });
    const err = await run({ exchange, store, startMs: ts[0], retries: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as Error).message).toMatch(/binance BTC\/USDT 5m: request for candles since 2023-03-.* failed after 3 attempts/);
    // Two good pages, then the same request three times (first try + 2 retries).
    expect(startTimes(fake)).toEqual([ts[0], ts[999]! + 1, ts[1999]! + 1, ts[1999]! + 1, ts[1999]! + 1]);
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(SPAN, 0, 2000));

    // The exchange is back (a new server, as after a restart).
    const fake2 = (await setup()).fake;
    const [r] = await run({ exchange: newExchange(fake2), store, startMs: ts[0] });
    expect(r!.newCandles).toBe(500);
    expect(startTimes(fake2)[0]).toBe(ts[1999]! + 1);
    const all = await store.read('BTC/USDT', '5m');
    expectStrictlyIncreasing(all);
    expectSameCandles(all, SPAN);
  });

  it('retries transient 5xx and 429 replies and still gets every candle', async () => {
    const { fake, store, exchange } = await setup();
    fake.faults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 500 });
    await run({
      exchange,
      store,
      startMs: ts[0],
      retries: 3,
      // After the first good page, one "too many requests".
      onProgress: (e) => {
        if (e.pages === 1) fake.faults.push({ kind: 'status', status: 429, body: '{"code":-1003,"msg":"Too many requests."}' });
      },
    });
    expectSameCandles(await store.read('BTC/USDT', '5m'), SPAN);
    expect(startTimes(fake)).toEqual([ts[0], ts[0], ts[0], ts[999]! + 1, ts[999]! + 1, ts[1999]! + 1, ts[2499]! + 1]);
  });

  it('does not retry a refusal (4xx with an exchange error code)', async () => {
    const { fake, store, exchange } = await setup();
    fake.faults.push({ kind: 'status', status: 400, body: '{"code":-1100,"msg":"Illegal characters found in parameter."}' });
    await expect(run({ exchange, store, startMs: ts[0] })).rejects.toThrow(/binance BTC\/USDT 5m: the exchange refused the request .*Illegal characters/);
    expect(fake.klines()).toHaveLength(1);
    expect(store.exists('BTC/USDT', '5m')).toBe(false);
  });

  const garbage: Array<[string, string, RegExp]> = [
    ['an HTML error page with status 200', '<html><body>Bad gateway</body></html>', /the body is not JSON: "<html>/],
    ['an object instead of a list', '{"foo":1}', /no list of candles in "\{\\"foo\\":1\}"/],
    ['rows that are numbers', '[1,2,3]', /row 0 is 1, expected a list or an object/],
    ['a price that is not a number', `[[${Date.UTC(2023, 2, 25)},"abc","1","1","1","1",0,"0",1,"0","0","0"]]`, /row 0 field 1 is "abc", expected a number/],
    ['a row with too few fields', `[[${Date.UTC(2023, 2, 25)},"1.0","2.0"]]`, /row 0 has 3 fields, expected at least 6/],
    ['an empty price', `[[${Date.UTC(2023, 2, 25)},"","1","1","1","1",0,"0",1,"0","0","0"]]`, /row 0 field 1 is "", expected a number/],
  ];
  it.each(garbage)('a malformed reply (%s) is an error naming pair, timeframe and the fault; the stored file is untouched', async (_name, body, why) => {
    const { fake, store, exchange } = await setup();
    await run({ exchange, store, startMs: ts[0], endMs: ts[1499] });
    const file = store.path('BTC/USDT', '5m');
    const bytes = await readFile(file);

    fake.faults.push({ kind: 'garbage', body });
    const err = await run({ exchange, store }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedReplyError);
    expect(err).toBeInstanceOf(ExchangeError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^binance BTC\/USDT 5m: malformed reply to the request for candles since 2023-03-/);
    expect(msg).toMatch(why);
    expect((await readFile(file)).equals(bytes)).toBe(true);
    expect(fake.klines().at(-1)!.query.startTime).toBe(String(ts[1499]! + 1)); // not retried
  });

  it('a malformed reply after good pages drops the unwritten pages too, keeping the last written state', async () => {
    const { fake, store, exchange } = await setup();
    await run({ exchange, store, startMs: ts[0], endMs: ts[499] });
    const bytes = await readFile(store.path('BTC/USDT', '5m'));
    fake.failAfter(fake.klines().length + 1, { kind: 'garbage', body: '{"oops":true}' });
    await expect(run({ exchange, store })).rejects.toBeInstanceOf(MalformedReplyError);
    expect(fake.klines()).toHaveLength(3);
    expect((await readFile(store.path('BTC/USDT', '5m'))).equals(bytes)).toBe(true);
  });

  it('rejects an unknown pair before downloading anything, naming it and the exchange', async () => {
    const { fake, store, exchange } = await setup({ BTCUSDT: { '5m': SPAN } }, ['ETHBTC']);
    const err = await run({ exchange, store, pairs: ['BTC/USDT', 'DOGE/USDT', 'btc/usdt'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/unknown pairs on binance: DOGE\/USDT; btc\/usdt \(did you mean BTC\/USDT\?\)/);
    expect((err as Error).message).toMatch(/not among the 2 spot markets/);
    expect(fake.klines()).toHaveLength(0);
    expect(await store.list()).toEqual([]);
  });

  it('rejects an unknown timeframe, listing what the exchange offers', async () => {
    const { fake, store, exchange } = await setup();
    const err = await run({ exchange, store, timeframes: ['5m', '7m'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/unknown timeframe "7m" on binance: it offers 1s, 1m, 3m, 5m/);
    expect(fake.klines()).toHaveLength(0);
  });

  it('rejects an unknown exchange name, saying it is not among ccxt.exchanges', () => {
    expect(() => createExchange({ name: 'notanexchange' })).toThrow(UsageError);
    expect(() => createExchange({ name: 'notanexchange' })).toThrow(/unknown exchange "notanexchange": it is not among ccxt\.exchanges/);
    expect(() => createExchange({ name: 'binance', urlOverride: 'ftp://127.0.0.1' })).toThrow(/expected an http/);
  });

  it('reports an unreachable exchange while loading markets as an ExchangeError', async () => {
    const { fake, store } = await setup();
    const url = fake.url;
    await fake.close();
    open.splice(open.indexOf(fake), 1);
    const exchange = createExchange({ name: 'binance', urlOverride: url });
    await expect(run({ exchange, store })).rejects.toThrow(/could not load the market list of binance/);
  });

  it('merges the config ccxt options and restricts market loading to spot', async () => {
    const { fake, store } = await setup();
    const exchange = createExchange({
      name: 'binance',
      urlOverride: fake.url,
      ccxtConfig: { timeout: 4321, enableRateLimit: false, apiKey: 'must-not-be-used', options: { recvWindow: 7000 } },
    });
    expect(exchange.apiKey).toBeFalsy();
    expect(exchange.timeout).toBe(4321);
    expect(exchange.options.recvWindow).toBe(7000);
    expect(exchange.options.fetchCurrencies).toBe(false);
    expect(exchange.options.fetchMarkets).toMatchObject({ types: ['spot'] });
    expect(exchange.enableRateLimit).toBe(true); // not switchable off from the config
    const futures = createExchange({ name: 'binance', tradingMode: 'futures' });
    expect(futures.options.fetchMarkets).toMatchObject({ types: ['linear', 'inverse'] });
    expect(futures.options.defaultType).toBe('swap');
    await run({ exchange, store, startMs: ts[0], endMs: ts[9] });
    expectSameCandles(await store.read('BTC/USDT', '5m'), sliceCandles(SPAN, 0, 10));
    expectOnlyBinancePaths(fake);
  });
});
