/**
 * Facts remembered beside the column cache (framework/data/candle-memo.ts, used by load.ts) on
 * the real Binance BTC/USDT 5m 2023 candles: a load served from the memo gives exactly what a
 * load without it gives (candles bit for bit, quality report, log lines, gap count, hashes),
 * and a changed Parquet file, a damaged or forged memo, or an inexact report is never read back.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initLogger } from '../../framework/core/logger.ts';
import { hashCandles } from '../../framework/data/candle-hash.ts';
import { CandleMemo, candleMemoPath } from '../../framework/data/candle-memo.ts';
import { allocateCandles, sliceCandles, type Candles } from '../../framework/data/candles.ts';
import { loadCandles, type LoadedCandles, type LoadOptions } from '../../framework/data/load.ts';
import { CandleStore, writeCandlesParquet } from '../../framework/data/parquet-store.ts';
import { expectSameCandles } from '../helpers/candle-asserts.ts';
import { readBinance5m } from '../helpers/shared-data.ts';
import { makeTempDir } from '../helpers/tmp.ts';

const btc = readBinance5m('BTC');
const logLines: Record<string, unknown>[] = [];
let tmp: ReturnType<typeof makeTempDir>;
let store: CandleStore;
let plain: CandleStore;
let memoFile: string;

beforeAll(() => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  initLogger({ level: 'info', consoleFormat: 'json', consoleStream: sink });
});

beforeEach(async () => {
  tmp = makeTempDir('keel-candle-memo-');
  store = new CandleStore(tmp.dir, 'binance');
  plain = new CandleStore(tmp.dir, 'binance', 'spot', { columnCache: false });
  await store.write('BTC/USDT', '5m', btc);
  memoFile = candleMemoPath(tmp.dir, store.path('BTC/USDT', '5m'));
});
afterEach(() => tmp.cleanup());

/** A load and the data-quality log lines it wrote (without the time field). */
async function load(s: CandleStore, opts?: LoadOptions): Promise<{ r: LoadedCandles; logs: unknown[] }> {
  logLines.length = 0;
  const r = await loadCandles(s, 'BTC/USDT', '5m', opts, { ohlc: true });
  return { r, logs: logLines.map(({ time: _t, ...rest }) => rest) };
}

function expectSameLoad(a: { r: LoadedCandles; logs: unknown[] }, b: { r: LoadedCandles; logs: unknown[] }): void {
  expectSameCandles(a.r.candles, b.r.candles);
  expect(a.r.report).toEqual(b.r.report);
  expect([a.r.filled, a.r.reordered, a.r.duplicatesRemoved]).toEqual([b.r.filled, b.r.reordered, b.r.duplicatesRemoved]);
  expect(a.logs).toEqual(b.logs);
}

function entries(): Record<string, unknown> {
  return (JSON.parse(fs.readFileSync(memoFile, 'utf8')) as { entries: Record<string, unknown> }).entries;
}

describe('candle memo', () => {
  it('a load from the memo equals a load without it: candles, report, logged gap, filled count, hashes', async () => {
    const reference = await load(plain);
    expect(reference.r.filled).toBe(16);
    expect(reference.logs.some((l) => (l as { check?: string }).check === 'gap')).toBe(true);
    expect(fs.existsSync(memoFile)).toBe(false);

    const first = await load(store);
    expectSameLoad(first, reference);
    const keys = Object.keys(entries());
    expect(keys.some((k) => k.startsWith('quality:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('gaps:'))).toBe(true);

    const second = await load(store);
    expectSameLoad(second, reference);
    // The facts came from the memo: the gap list is the one stored (row 23768, 16 missing).
    expect(entries()['gaps:1:300000']).toEqual([23768, 16]);
    // ... and the rows straight from the column cache, with the loop's interleaved prices.
    expect(first.r.ohlc).toBeUndefined();
    expect(reference.r.ohlc).toBeUndefined();
    expect(Array.from(second.r.ohlc!)).toEqual(interleaved(reference.r.candles));
    // Not asked for (an informative source): not read.
    const noOhlc = await loadCandles(store, 'BTC/USDT', '5m');
    expectSameCandles(noOhlc.candles, reference.r.candles);
    expect(noOhlc.ohlc).toBeUndefined();

    // Column cache gone, memo still there: the same load (decoded, filled from the memo's gaps).
    fs.rmSync(memoFile.replace(/\.memo\.json$/, '.columns'));
    const noColumns = await load(store);
    expectSameLoad(noColumns, reference);
    expect(noColumns.r.ohlc).toBeUndefined();

    const n = reference.r.candles.timestamp.length;
    for (const [from, to] of [[0, n], [100, 5000], [7, 7]] as const) {
      const want = hashCandles(sliceCandles(reference.r.candles, from, to));
      expect(first.r.hashRows(from, to)).toBe(want);
      expect(second.r.hashRows(from, to)).toBe(want);
      expect((await load(store)).r.hashRows(from, to)).toBe(want);
      expect(reference.r.hashRows(from, to)).toBe(want);
    }
    expect(Object.keys(entries()).filter((k) => k.startsWith('sha256:'))).toHaveLength(3);
  });

  it('other options get their own report: thresholds and check = false', async () => {
    const opts: LoadOptions = { quality: { staleRunLength: 3, maxLogReturn: 0.001 } };
    await load(store);
    const tight = await load(store, opts);
    expectSameLoad(tight, await load(plain, opts));
    expect(tight.r.report!.counts.outlier_return).toBeGreaterThan(0);
    expectSameLoad(await load(store, opts), tight);
    const unchecked = await load(store, { check: false });
    expect(unchecked.r.report).toBeUndefined();
    expectSameCandles(unchecked.r.candles, tight.r.candles);
    const raw = await load(store, { fillGaps: false });
    expect(raw.r.filled).toBe(0);
    expectSameCandles(raw.r.candles, btc);
    expect(raw.r.hashRows(0, 10)).toBe(hashCandles(sliceCandles(btc, 0, 10)));
  });

  it('a rewrite of the Parquet file (through the store or behind its back) makes every fact stale', async () => {
    await load(store);
    await load(store);
    // Through the store: a copy with a bigger gap and no candles before it.
    const cut = withoutRows(btc, 1000, 1100);
    await store.write('BTC/USDT', '5m', cut);
    expect(fs.existsSync(memoFile)).toBe(false);
    const after = await load(store);
    expectSameLoad(after, await load(plain));
    expect(after.r.filled).toBe(116);
    expectSameLoad(await load(store), after);

    // Behind its back: the memo file stays but names the old file.
    const cut2 = withoutRows(btc, 50_000, 50_003);
    await writeCandlesParquet(store.path('BTC/USDT', '5m'), cut2);
    const behind = await load(store);
    expectSameLoad(behind, await load(plain));
    expect(behind.r.filled).toBe(19);
    expect(behind.r.hashRows(0, 100_000)).toBe(hashCandles(sliceCandles(behind.r.candles, 0, 100_000)));
  });

  it('a damaged or forged memo is ignored and rewritten', async () => {
    const reference = await load(plain);
    await load(store);
    fs.writeFileSync(memoFile, '{"format":1,"source":');
    expectSameLoad(await load(store), reference);
    expect(Object.keys(entries()).length).toBeGreaterThan(0);

    // Right source, wrong format version: ignored.
    const m = JSON.parse(fs.readFileSync(memoFile, 'utf8')) as { format: number; source: unknown; entries: Record<string, unknown> };
    fs.writeFileSync(memoFile, JSON.stringify({ ...m, format: 99, entries: { 'gaps:1:300000': [5, 1000] } }));
    expectSameLoad(await load(store), reference);
    // Another file's identity: ignored.
    fs.writeFileSync(memoFile, JSON.stringify({ ...m, source: { size: 1, mtimeMs: 1, ino: 1 }, entries: { 'gaps:1:300000': [5, 1000] } }));
    expectSameLoad(await load(store), reference);
    expect(entries()['gaps:1:300000']).toEqual([23768, 16]);
  });

  it('reports JSON cannot give back exactly (NaN values) are not remembered, and still equal', async () => {
    const bad = sliceCandles(btc, 0, 2000);
    const copy = allocateCandles(2000);
    for (const k of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) copy[k].set(bad[k]);
    copy.close[10] = NaN;
    copy.volume[20] = -0;
    await store.write('BTC/USDT', '5m', copy);
    const reference = await load(plain);
    expect(reference.r.report!.counts.invalid_price).toBe(1);
    expectSameLoad(await load(store), reference);
    expectSameLoad(await load(store), reference);
    expect(Object.keys(entries()).some((k) => k.startsWith('quality:'))).toBe(false);
  });

  it('unsorted stored rows: the memo records it and loading still sorts, dedupes and fills', async () => {
    const part = sliceCandles(btc, 0, 300);
    const messy = allocateCandles(301);
    const order = [...Array.from({ length: 150 }, (_, i) => 150 + i), ...Array.from({ length: 150 }, (_, i) => i), 10];
    for (const k of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) order.forEach((src, j) => (messy[k][j] = part[k][src]!));
    await store.write('BTC/USDT', '5m', withoutRows(messy, 40, 45));
    const reference = await load(plain);
    expect([reference.r.reordered, reference.r.duplicatesRemoved]).toEqual([true, 1]);
    expectSameLoad(await load(store), reference);
    expectSameLoad(await load(store), reference);
    expect(entries()['increasing:1']).toBe(false);
  });

  it('an unwritable cache directory: loads work, nothing is remembered', async () => {
    const reference = await load(plain);
    fs.writeFileSync(`${tmp.dir}/.cache`, 'in the way');
    expectSameLoad(await load(store), reference);
    expectSameLoad(await load(store), reference);
    expect(store.memo('BTC/USDT', '5m')!.get('increasing:1')).toBeUndefined();
  });

  it('keeps the newest entries when many ranges were hashed', async () => {
    const r = (await load(store)).r;
    for (let i = 0; i < 80; i++) r.hashRows(i, i + 10);
    const keys = Object.keys(entries());
    expect(keys).toHaveLength(64);
    expect(keys).toContain('sha256:1:11:300000:79:89');
    expect(keys).not.toContain('sha256:1:11:300000:0:10');
    const memo = CandleMemo.open(memoFile, store.path('BTC/USDT', '5m'))!;
    expect(memo.get('sha256:1:11:300000:79:89')).toBe(hashCandles(sliceCandles(r.candles, 79, 89)));
  });
});

function interleaved(c: Candles): number[] {
  return Array.from(c.timestamp, (_, i) => [c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!]).flat();
}

/** `c` without rows [from, to). */
function withoutRows(c: Candles, from: number, to: number): Candles {
  const n = c.timestamp.length - (to - from);
  const out = allocateCandles(n);
  for (const k of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) {
    out[k].set(c[k].subarray(0, from));
    out[k].set(c[k].subarray(to), from);
  }
  return out;
}
