/**
 * The per-epoch preparation of a hyperopt backtest (instruments, hashes and OHLC once; hooks and
 * signal bytes per epoch) must give exactly what runBacktest's own preparation gives, and the
 * strategy must see dp.runmode 'hyperopt'. Real candles: Binance BTC/USDT and ETH/USDT 5m.
 */
import { describe, expect, it } from 'vitest';
import { sliceCandles } from '../../../framework/data/candles.ts';
import { buildInstrument } from '../../../framework/engine/backtest/instruments.ts';
import { analyzeData, signalBytes, signalFlags, type LoadedData } from '../../../framework/engine/backtest/prepare-data.ts';
import { EpochAnalysis } from '../../../framework/optimize/hyperopt/epoch-analysis.ts';
import { EpochRunner } from '../../../framework/optimize/hyperopt/epoch-runner.ts';
import { loadedFromShared, pairDerivedFromShared, shareLoadedData } from '../../../framework/optimize/hyperopt/shared-data.ts';
import { entryAt, signalArrays } from '../../../framework/strategy/signals.ts';
import { IStrategy, IntParameter, ta, type DataFrame } from '../../../framework/strategy/index.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';
import { BTC_4W, hyperoptFixture, testSettings } from './backtest-settings.ts';

const BTC = BTC_4W;
const ETH = sliceCandles(readBinance5m('ETH'), 0, 8064);

/** Long and short entries and exits with tags, colliding on some rows; records dp.runmode. */
class TwoSided extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 10 };
  override stoploss = -0.1;
  override startupCandleCount = 30;
  override canShort = true;
  buy_rsi = new IntParameter(20, 45, { default: 30 });
  /** Set to record dp.runmode (only inside a backtest: the context exists there). */
  runmodes: string[] | null = null;
  populateIndicators(df: DataFrame): void {
    df.set('rsi', ta.rsi(df.get('close'), 14));
  }
  populateEntryTrend(df: DataFrame): void {
    this.runmodes?.push(this.dp.runmode);
    const rsi = df.get('rsi');
    df.assignWhere(rsi.lt(this.buy_rsi.value), { enter_long: 1, enter_tag: 'low' });
    df.assignWhere(rsi.gt(100 - this.buy_rsi.value), { enter_short: 1, enter_tag: 'high' });
  }
  populateExitTrend(df: DataFrame): void {
    const rsi = df.get('rsi');
    df.assignWhere(rsi.gt(55), { exit_long: 1, exit_tag: 'up' });
    df.assignWhere(rsi.lt(45).or(rsi.lt(this.buy_rsi.value + 2)), { exit_short: 1 });
  }
}

const settings = testSettings({
  tradingMode: 'futures',
  pairs: ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SHORT/USDT:USDT'],
  stake: { amount: 100, tradableBalanceRatio: 0.99, startingBalance: 1000 },
  maxOpenTrades: 2,
  configMaxOpenTrades: 2,
  markets: { 'ETH/USDT:USDT': { tick_size: 0.01, lot_size: 0.001 } },
});

/** Two real pairs and one with fewer candles than the startup (left out, as analyzeData does). */
const data: LoadedData = {
  pairs: [
    { pair: 'BTC/USDT:USDT', candles: BTC, filled: 0 },
    { pair: 'ETH/USDT:USDT', candles: ETH, filled: 2 },
    { pair: 'SHORT/USDT:USDT', candles: sliceCandles(BTC, 0, 20), filled: 0 },
  ],
  informative: new Map(),
};

function strategy() {
  return hyperoptFixture(new TwoSided(), ['buy'], settings);
}

const prepareOpts = { timeframe: '5m', startupCandles: 30, canShort: true, pairs: settings.pairs };

describe('hyperopt epoch analysis', () => {
  it('signalBytes gives entryAt and signalFlags exactly, with and without shorts', () => {
    const { s } = strategy();
    const prepared = analyzeData(s, data, prepareOpts);
    let longs = 0;
    let shorts = 0;
    for (const p of prepared.pairs) {
      const sig = signalArrays(p.frame);
      for (const canShort of [true, false]) {
        const want = new Int8Array(sig.length);
        for (let i = 0; i < sig.length; i++) want[i] = entryAt(sig, i, canShort);
        const got = signalBytes(sig, canShort);
        expect(got.entryDir).toEqual(want);
        expect(got.flags).toEqual(signalFlags(sig, want));
        for (const d of want) d === 1 ? longs++ : d === -1 ? shorts++ : 0;
      }
    }
    // The rules were exercised both ways.
    expect(longs).toBeGreaterThan(100);
    expect(shorts).toBeGreaterThan(100);
  });

  it('analyze gives what analyzeData gives, epoch after epoch; instruments as buildInstrument', () => {
    const { s } = strategy();
    const a = new EpochAnalysis(settings, data, s);
    expect(a.instruments).toEqual(data.pairs.map((p) => buildInstrument(p.pair, 'binance', 0.001, settings.markets![p.pair], p.candles)));
    for (const v of [30, 42, 21]) {
      s.buy_rsi.value = v;
      const want = analyzeData(s, data, prepareOpts);
      const got = a.analyze(s, data);
      expect(got.pairs.map((p) => p.pair)).toEqual(['BTC/USDT:USDT', 'ETH/USDT:USDT']);
      expect(got.startDate).toBe(want.startDate);
      expect(got.endDate).toBe(want.endDate);
      expect(got.informative).toBe(want.informative);
      got.pairs.forEach((g, i) => {
        const w = want.pairs[i]!;
        for (const k of ['pair', 'n', 'startup', 'dataHash', 'filled'] as const) expect(g[k]).toBe(w[k]);
        expect(g.ts).toBe(w.ts);
        expect(g.candles).toBe(w.candles);
        expect(g.ohlc).toEqual(w.ohlc);
        expect(g.flags).toEqual(w.flags);
        expect(g.entryDir).toEqual(w.entryDir);
        expect(g.frame.columns).toEqual(w.frame.columns);
        expect(g.signals.enterTag).toEqual(w.signals.enterTag);
      });
    }
    expect(() => a.analyze(s, { ...data })).toThrow(/other data/);
  });

  it('uses the OHLC layout and hashes shared by the main thread (one copy for every worker)', () => {
    const { s } = strategy();
    const shared = shareLoadedData(data);
    const loaded = loadedFromShared(shared);
    const derived = pairDerivedFromShared(shared);
    const got = new EpochAnalysis(settings, loaded, s, derived).analyze(s, loaded);
    const want = analyzeData(s, loaded, prepareOpts);
    got.pairs.forEach((g, i) => {
      expect(g.ohlc).toBe(derived.get(g.pair)!.ohlc);
      expect(g.ohlc.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(g.ohlc).toEqual(want.pairs[i]!.ohlc);
      expect(g.dataHash).toBe(want.pairs[i]!.dataHash);
      expect(g.flags).toEqual(want.pairs[i]!.flags);
    });
  });

  it('epochs of a hyperopt run see dp.runmode "hyperopt"', async () => {
    const { s, l, spec } = strategy();
    s.runmodes = [];
    const runner = new EpochRunner(spec, l, data, null);
    const r = await runner.run({ buy_rsi: 25 });
    expect(r.outcome.trades.length).toBeGreaterThan(0);
    expect(r.outcome.trades.some((t) => t.isShort)).toBe(true);
    expect(new Set(s.runmodes)).toEqual(new Set(['hyperopt']));
  });
});
