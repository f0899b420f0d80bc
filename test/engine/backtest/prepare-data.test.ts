/**
 * The backtest's data preparation (framework/engine/backtest/prepare-data.ts): the signal bytes
 * found from where the signals are (signalBytes) equal the row-by-row rules (entryAt,
 * signalFlags) on every kind of column; and a backtest's preparation from the column cache and
 * its remembered facts (interleaved prices, data hash) equals the one computed from the Parquet
 * file alone, on the real Binance BTC/USDT 5m 2023 candles with SmaCross.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCandles } from '../../../framework/data/candle-hash.ts';
import { interleaveOhlc } from '../../../framework/data/candles.ts';
import { CandleStore } from '../../../framework/data/parquet-store.ts';
import {
  analyzeData,
  loadData,
  signalBytes,
  signalFlags,
  type PrepareOptions,
  type PreparedData,
} from '../../../framework/engine/backtest/prepare-data.ts';
import { DataFrame } from '../../../framework/frame/index.ts';
import { entryAt, signalArrays, type SignalArrays } from '../../../framework/strategy/signals.ts';
import { SmaCross } from '../../../user_data/strategies/sma_cross.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

/** Deterministic pseudo-random numbers (the test must not depend on Math.random). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function rowByRow(s: SignalArrays, canShort: boolean): { entryDir: Int8Array; flags: Uint8Array } {
  const entryDir = new Int8Array(s.length);
  for (let i = 0; i < s.length; i++) entryDir[i] = entryAt(s, i, canShort);
  return { entryDir, flags: signalFlags(s, entryDir) };
}

describe('signalBytes', () => {
  it('equals entryAt and signalFlags: sparse and dense signals, NaN and other values, every kind of tag column', () => {
    const n = 5000;
    let collisions = 0;
    for (const [seed, density] of [[1, 0.01], [2, 0.3], [3, 0.9], [4, 0]] as const) {
      const r = rng(seed);
      const col = (): Float64Array => Float64Array.from({ length: n }, () => (r() < density ? (r() < 0.9 ? 1 : r() < 0.5 ? NaN : 2) : 0));
      const few = ['a', 'b', 'c'];
      const tagKinds: Array<(string | null)[]> = [
        Array.from({ length: n }, () => (r() < density ? few[Math.floor(r() * 3)]! : null)),
        Array.from({ length: n }, (_, i) => (r() < density ? `tag${i}` : null)), // many distinct tags
        new Array<string | null>(n).fill(null),
        Array.from({ length: n }, () => (r() < density ? '' : null)), // empty string counts as set
        // undefined (a hole) reads as no tag; a number where a tag belongs still counts as set
        Object.assign(new Array<string | null>(n).fill(null), { 7: undefined, 9: 3 as unknown as string }),
      ];
      for (const enterTag of tagKinds) {
        const s: SignalArrays = { length: n, enterLong: col(), exitLong: col(), enterShort: col(), exitShort: col(), enterTag, exitTag: tagKinds[(tagKinds.indexOf(enterTag) + 1) % tagKinds.length]! };
        for (const canShort of [true, false]) {
          const want = rowByRow(s, canShort);
          const got = signalBytes(s, canShort);
          expect(got.entryDir).toEqual(want.entryDir);
          expect(got.flags).toEqual(want.flags);
          for (let i = 0; i < n; i++) if (s.enterLong[i] === 1 && (s.exitLong[i] === 1 || s.enterShort[i] === 1)) collisions++;
        }
      }
    }
    expect(collisions).toBeGreaterThan(1000);
  });

  it('with the frame\'s hints (known tags, no short columns) equals the same without them', () => {
    const r = rng(7);
    const n = 3000;
    const df = new DataFrame({ close: Float64Array.from({ length: n }, () => r()) });
    const close = df.get('close');
    df.assignWhere(close.gt(0.97), { enter_long: 1, enter_tag: 'up' });
    df.setWhere('enter_tag', close.lt(0.01), 'low');
    df.setWhere('enter_tag', close.gt(0.99), null);
    df.assignWhere(close.lt(0.03), { exit_long: 1, exit_tag: 'down' });
    const hints = { enterTag: df.knownTags('enter_tag'), exitTag: df.knownTags('exit_tag'), noShorts: true };
    expect([...hints.enterTag!].sort()).toEqual(['low', 'up']);
    const s = signalArrays(df);
    const want = rowByRow(s, false);
    expect(signalBytes(s, false, hints)).toEqual(want);
    expect(signalBytes(s, true, hints)).toEqual(rowByRow(s, true));
    expect(want.flags.filter((f) => f !== 0).length).toBeGreaterThan(100);
  });
});

describe('analyzeData from the column cache and its memo', () => {
  const btc = readBinance5m('BTC');
  const tmp = makeTempDir('keel-prepare-data-');
  const opts = (store: CandleStore): PrepareOptions => ({
    store,
    pairs: ['BTC/USDT'],
    timeframe: '5m',
    timerange: { startMs: Date.UTC(2023, 2, 1), endMs: Date.UTC(2023, 5, 1) },
    startupCandles: 30,
    canShort: false,
  });
  beforeAll(async () => {
    await new CandleStore(tmp.dir, 'binance').write('BTC/USDT', '5m', btc);
  });
  afterAll(() => tmp.cleanup());

  async function prepare(store: CandleStore): Promise<{ prepared: PreparedData; fromCache: boolean }> {
    const strategy = new SmaCross();
    const loaded = await loadData(strategy, opts(store));
    const prepared = analyzeData(strategy, loaded, opts(store));
    return { prepared, fromCache: loaded.pairs[0]!.ohlc !== undefined };
  }

  it('gives the same frame, signal bytes, interleaved prices and data hash on every run', async () => {
    const reference = (await prepare(new CandleStore(tmp.dir, 'binance', 'spot', { columnCache: false }))).prepared;
    const p0 = reference.pairs[0]!;
    expect(p0.dataHash).toBe(hashCandles(p0.candles));
    expect(p0.filled).toBe(16); // the March gap is inside the range
    const runs: boolean[] = [];
    for (let run = 0; run < 3; run++) {
      const { prepared, fromCache } = await prepare(new CandleStore(tmp.dir, 'binance'));
      runs.push(fromCache);
      const p = prepared.pairs[0]!;
      expect([prepared.startDate, prepared.endDate]).toEqual([reference.startDate, reference.endDate]);
      expect(p.dataHash).toBe(p0.dataHash);
      expect(p.filled).toBe(p0.filled);
      expect(Buffer.from(p.ohlc.buffer, p.ohlc.byteOffset, p.ohlc.byteLength).equals(Buffer.from(interleaveOhlc(p0.candles).buffer))).toBe(true);
      expect(p.flags).toEqual(p0.flags);
      expect(p.entryDir).toEqual(p0.entryDir);
      expect(p.frame.columns).toEqual(p0.frame.columns);
      for (const c of ['date', 'close', 'sma_10', 'sma_30', 'enter_long', 'exit_long']) expect(p.frame.array(c)).toEqual(p0.frame.array(c));
      expect(p.frame.getTags('enter_tag')).toEqual(p0.frame.getTags('enter_tag'));
    }
    // The first run decoded the Parquet file; the later ones read the cache and the memo.
    expect(runs).toEqual([false, true, true]);
    expect(p0.flags.filter((f) => f !== 0).length).toBeGreaterThan(500);
  });
});
