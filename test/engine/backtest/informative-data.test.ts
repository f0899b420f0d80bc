/**
 * The informative loading shared by the backtest (prepare-data.ts) and the analysis tools
 * (optimize/analysis/data.ts): stored series as they are, unstored ones resampled from the
 * pair's own timeframe when it divides theirs, the rest reported. Real Parquet files of the
 * bundled BTC/USDT and ETH/USDT 5m candles in a temp dir.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLogger } from '../../../framework/core/logger.ts';
import type { Pair } from '../../../framework/core/pair.ts';
import type { Timeframe } from '../../../framework/core/timeframe.ts';
import { sliceCandles, type Candles } from '../../../framework/data/candles.ts';
import { CandleStore } from '../../../framework/data/parquet-store.ts';
import { resampleCandles } from '../../../framework/data/resample.ts';
import { loadInformatives, seriesKey, type InformativeLoader } from '../../../framework/engine/backtest/informative-data.ts';
import { loadData } from '../../../framework/engine/backtest/prepare-data.ts';
import { loadAnalysisData } from '../../../framework/optimize/analysis/data.ts';
import type { DataFrame } from '../../../framework/frame/index.ts';
import { IStrategy } from '../../../framework/strategy/strategy.ts';
import type { InformativeSpec } from '../../../framework/strategy/strategy.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

const DAYS = 10;
const ROWS = DAYS * 288;

/** A strategy that only declares informatives. */
class Declares extends IStrategy {
  constructor(
    private readonly specs: InformativeSpec[],
    private readonly extra: Array<[Pair, Timeframe]> = [],
    tf = '5m',
  ) {
    super();
    this.timeframe = tf;
  }
  override informative(): InformativeSpec[] {
    return this.specs;
  }
  override informativePairs(): Array<[Pair, Timeframe]> {
    return this.extra;
  }
  populateIndicators(_df: DataFrame): void {}
  populateEntryTrend(_df: DataFrame): void {}
  populateExitTrend(_df: DataFrame): void {}
}

const noop = (): void => {};

let tmp: ReturnType<typeof makeTempDir>;
let store: CandleStore;
let btc: Candles;
let eth: Candles;

beforeAll(async () => {
  tmp = makeTempDir('keel-informative-');
  store = new CandleStore(tmp.dir, 'binance');
  btc = sliceCandles(readBinance5m('BTC'), 0, ROWS);
  eth = sliceCandles(readBinance5m('ETH'), 0, ROWS);
  await store.write('BTC/USDT', '5m', btc);
  await store.write('ETH/USDT', '5m', eth);
  // A stored 1h series for ETH that is NOT the resampled 5m one (every close + 1), so the test
  // can tell a loaded series from a resampled one.
  const h1 = resampleCandles(eth, '5m', '1h');
  const marked = { ...h1, close: h1.close.map((x) => x + 1) };
  await store.write('ETH/USDT', '1h', marked);
});
afterAll(() => tmp.cleanup());

/** A loader over the store without any range (what the analysis does). */
function loader(calls: string[]): InformativeLoader {
  return {
    store,
    timeframe: '5m',
    load: async (pair, tf) => {
      calls.push(`load ${pair} ${tf}`);
      return store.read(pair, tf);
    },
    base: async (pair) => {
      calls.push(`base ${pair}`);
      return store.exists(pair, '5m') ? store.read(pair, '5m') : undefined;
    },
    log: getLogger('test'),
  };
}

describe('loadInformatives', () => {
  it('loads a stored series, resamples an unstored one, reports what it can do neither with', async () => {
    const strategy = new Declares(
      [
        { timeframe: '1h', populate: noop },
        { timeframe: '4h', populate: noop },
      ],
      [
        ['ETH/USDT', '1h'],
        ['XRP/USDT', '1h'], // not stored at all: no base to resample from
        ['BTC/USDT', '7m'], // 5m does not divide 7m
      ],
    );
    const calls: string[] = [];
    const into = new Map<string, Candles>();
    const unresolved = await loadInformatives(strategy, ['BTC/USDT', 'ETH/USDT'], loader(calls), into);

    expect(unresolved).toEqual([
      { pair: 'XRP/USDT', timeframe: '1h', divisible: true },
      { pair: 'BTC/USDT', timeframe: '7m', divisible: false },
      // Tried again for the second pair: an unresolved informative is not remembered as loaded.
      { pair: 'XRP/USDT', timeframe: '1h', divisible: true },
      { pair: 'BTC/USDT', timeframe: '7m', divisible: false },
    ]);
    expect([...into.keys()].sort()).toEqual(['BTC/USDT|1h', 'BTC/USDT|4h', 'ETH/USDT|1h', 'ETH/USDT|4h']);
    // Resampled, bit for bit what resampleCandles gives from the stored 5m candles.
    const btc1h = resampleCandles(btc, '5m', '1h');
    expect(into.get('BTC/USDT|1h')!.close).toEqual(btc1h.close);
    expect(into.get('BTC/USDT|1h')!.timestamp).toEqual(btc1h.timestamp);
    expect(into.get('ETH/USDT|4h')!.close).toEqual(resampleCandles(eth, '5m', '4h').close);
    // Stored: loaded, not resampled (the marked closes).
    expect(into.get('ETH/USDT|1h')!.close[0]).toBe(resampleCandles(eth, '5m', '1h').close[0]! + 1);
    // Each series loaded once; no base is looked up for the 7m one (not divisible).
    expect(calls.filter((c) => c === 'load ETH/USDT 1h')).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('base')).sort()).toEqual(['base BTC/USDT', 'base BTC/USDT', 'base ETH/USDT', 'base XRP/USDT', 'base XRP/USDT']);
  });

  it('leaves a series already in the map alone', async () => {
    const strategy = new Declares([{ timeframe: '1h', populate: noop }]);
    const calls: string[] = [];
    const given = resampleCandles(btc, '5m', '1h');
    const into = new Map<string, Candles>([[seriesKey('BTC/USDT', '1h'), given]]);
    expect(await loadInformatives(strategy, ['BTC/USDT'], loader(calls), into)).toEqual([]);
    expect(into.get('BTC/USDT|1h')).toBe(given);
    expect(calls).toEqual([]);
  });
});

describe('the backtest and the analysis resolve informatives the same way', () => {
  it('same resampled and stored series over the whole stored range', async () => {
    const strategy = new Declares([{ timeframe: '1h', populate: noop }], [['ETH/USDT', '1h']]);
    const pairs = ['BTC/USDT'];
    const backtest = await loadData(strategy, {
      store,
      pairs,
      timeframe: '5m',
      timerange: {},
      startupCandles: 0,
      canShort: false,
      load: { check: false },
    });
    const analysis = await loadAnalysisData(strategy, { store, pairs, timeframe: '5m', load: { check: false } });
    for (const key of ['BTC/USDT|1h', 'ETH/USDT|1h']) {
      const a = backtest.informative.get(key)!;
      const b = analysis.series.get(key)!;
      expect(a.timestamp.length).toBeGreaterThan(DAYS * 24 - 2);
      expect(a.timestamp).toEqual(b.timestamp);
      expect(a.close).toEqual(b.close);
      expect(a.volume).toEqual(b.volume);
    }
  });

  it('an informative the strategy timeframe does not divide: the backtest defers, the analysis refuses', async () => {
    const strategy = new Declares([], [['BTC/USDT', '7m']]);
    const backtest = await loadData(strategy, {
      store,
      pairs: ['BTC/USDT'],
      timeframe: '5m',
      timerange: {},
      startupCandles: 0,
      canShort: false,
      load: { check: false },
    });
    expect([...backtest.informative.keys()]).toEqual([]);
    await expect(loadAnalysisData(strategy, { store, pairs: ['BTC/USDT'], timeframe: '5m', load: { check: false } })).rejects.toThrow(
      'no 7m candles for informative BTC/USDT and 5m does not divide 7m: download them (download-data --pairs BTC/USDT --timeframes 7m)',
    );
  });

  it('a pair that is not stored: both name the file and the download command', async () => {
    const strategy = new Declares([]);
    const msg = /no 5m candles for XRP\/USDT in .*XRP_USDT-5m.*: download them \(download-data --pairs XRP\/USDT --timeframes 5m\)/;
    await expect(
      loadData(strategy, { store, pairs: ['XRP/USDT'], timeframe: '5m', timerange: {}, startupCandles: 0, canShort: false }),
    ).rejects.toThrow(msg);
    await expect(loadAnalysisData(strategy, { store, pairs: ['XRP/USDT'], timeframe: '5m' })).rejects.toThrow(msg);
  });
});
