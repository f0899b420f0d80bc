/**
 * Indicators once, signals per epoch: an epoch run through the shared indicator columns must
 * trade exactly as a plain backtest of the same parameters, for a strategy that computes its
 * indicators over `.range` (shared once) and for one that reads `.value` (computed per value).
 * Real candles: Binance BTC/USDT 5m, January 2023.
 */
import { describe, expect, it } from 'vitest';
import { CandleStore } from '../../../framework/data/parquet-store.ts';
import { runBacktest } from '../../../framework/engine/backtest/runner.ts';
import { EpochRunner } from '../../../framework/optimize/hyperopt/epoch-runner.ts';
import { installIndicatorCache, precomputeIndicators, traceValueReads } from '../../../framework/optimize/hyperopt/indicators.ts';
import { backtestOptions } from '../../../framework/optimize/hyperopt/settings.ts';
import { loadedFromShared, shareLoadedData } from '../../../framework/optimize/hyperopt/shared-data.ts';
import { findBuiltinLoss } from '../../../framework/optimize/losses/builtin.ts';
import type { Point } from '../../../framework/optimize/spaces/index.ts';
import { hashTradeList } from '../../../framework/reports/trade-hash.ts';
import { collectParameters } from '../../../framework/strategy/parameters.ts';
import { IStrategy, IntParameter, ta, type DataFrame } from '../../../framework/strategy/index.ts';
import { SmaCross } from '../../../user_data/strategies/sma_cross.ts';
import { BTC_4W, loadedBtc, hyperoptFixture, testSettings } from './backtest-settings.ts';

const CANDLES = BTC_4W;

/** SmaCross computing only the current periods (`.value`), the way not to write a hyperoptable strategy. */
class ValueSma extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 10 };
  override stoploss = -0.1;
  override startupCandleCount = 30;
  buy_fast = new IntParameter(5, 30, { default: 10 });
  buy_slow = new IntParameter(20, 100, { default: 30 });
  populateIndicators(df: DataFrame): void {
    df.set('fast', ta.sma(df.get('close'), this.buy_fast.value));
    df.set('slow', ta.sma(df.get('close'), this.buy_slow.value));
  }
  populateEntryTrend(df: DataFrame): void {
    df.assignWhere(df.get('fast').crossedAbove(df.get('slow')), { enter_long: 1 });
  }
  populateExitTrend(df: DataFrame): void {
    df.assignWhere(df.get('fast').crossedBelow(df.get('slow')), { exit_long: 1 });
  }
}

/** SmaCross whose entry hook writes into an indicator column in place (must not leak into the next epoch). */
class Scribbler extends SmaCross {
  override populateEntryTrend(df: DataFrame): void {
    const fast = `sma_${this.buy_fast.value}`;
    // Not idempotent: were the shared column changed, the next epoch with this period would scale it twice.
    df.setWhere(fast, df.get('close').gt(0), df.get(fast).mul(1.01));
    super.populateEntryTrend(df);
  }
}

const settings = testSettings();
const loaded = loadedBtc;

function setup(make: () => IStrategy) {
  return hyperoptFixture(make(), ['buy'], settings);
}

/** A plain backtest of the point: a fresh instance, not in hyperopt mode. */
async function plain(make: () => IStrategy, point: Point): Promise<string> {
  const s = make();
  const params = collectParameters(s, s.constructor.name);
  for (const [k, v] of Object.entries(point)) params.get(k)!.value = v;
  const o = await runBacktest(backtestOptions(settings, s, s.constructor.name, loaded(), 1));
  return hashTradeList(o.trades);
}

const POINTS: Point[] = [
  { buy_fast: 12, buy_slow: 40 },
  { buy_fast: 7, buy_slow: 88 },
  { buy_fast: 12, buy_slow: 40 },
  { buy_fast: 29, buy_slow: 21 },
];

describe('hyperopt indicators', () => {
  it('notices which searched parameters populateIndicators reads by .value', () => {
    const s = new ValueSma();
    const params = collectParameters(s, 'ValueSma');
    const { read, result } = traceValueReads(params, () => params.get('buy_slow')!.value);
    expect(result).toBe(30);
    expect([...read]).toEqual(['buy_slow']);
    // The tracing accessor is gone afterwards; values still set and read normally.
    params.get('buy_slow')!.value = 44;
    expect(params.get('buy_slow')!.value).toBe(44);
    expect(Object.getOwnPropertyDescriptor(params.get('buy_slow')!, 'value')).toBeUndefined();
  });

  it('a .range strategy: indicators computed once and shared; every epoch trades as a plain backtest', async () => {
    const make = () => new SmaCross();
    const { l, spec } = setup(make);
    const shared = loadedFromShared(shareLoadedData(loaded()));
    expect(shared.pairs[0]!.candles.close.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...shared.pairs[0]!.candles.close]).toEqual([...CANDLES.close]);
    const pre = precomputeIndicators(l.strategy, l.parameters, spec.searchSpace.parameterNames, shared, '5m');
    expect(pre.mode).toBe('shared');
    // Every period of both ranges (5..30 and 20..100 = 5..100): 96 columns of 8,064 rows.
    expect(pre.bytes).toBe(96 * 8064 * 8);
    const stats = installIndicatorCache(l.strategy, l.parameters, pre, shared, '5m');
    const runner = new EpochRunner(spec, l, shared, findBuiltinLoss('Sharpe')!);
    for (const p of POINTS) {
      const r = await runner.run(p);
      expect(r.outcome.trades.length).toBeGreaterThan(0);
      expect(hashTradeList(r.outcome.trades)).toBe(await plain(make, p));
      expect(r.loss!.values).toHaveLength(1);
    }
    expect(stats).toEqual({ computed: 0, hits: POINTS.length });
  });

  it('an in-place write to a shared column in one epoch does not reach the next', async () => {
    const make = () => new Scribbler();
    const { l, spec } = setup(make);
    const shared = loadedFromShared(shareLoadedData(loaded()));
    const pre = precomputeIndicators(l.strategy, l.parameters, spec.searchSpace.parameterNames, shared, '5m');
    const before = new Float64Array(pre.frames[0]!.buffer).slice();
    installIndicatorCache(l.strategy, l.parameters, pre, shared, '5m');
    const runner = new EpochRunner(spec, l, shared, null);
    for (const p of POINTS) expect(hashTradeList((await runner.run(p)).outcome.trades)).toBe(await plain(make, p));
    expect(new Float64Array(pre.frames[0]!.buffer)).toEqual(before);
  });

  it('a .value strategy: indicators computed per distinct value, cached, and still exact', async () => {
    const make = () => new ValueSma();
    const { l, spec } = setup(make);
    const shared = loadedFromShared(shareLoadedData(loaded()));
    const pre = precomputeIndicators(l.strategy, l.parameters, spec.searchSpace.parameterNames, shared, '5m');
    expect(pre.mode).toBe('per-value');
    expect(pre.valueDependent).toEqual(['buy_fast', 'buy_slow']);
    const stats = installIndicatorCache(l.strategy, l.parameters, pre, shared, '5m');
    const runner = new EpochRunner(spec, l, shared, null);
    for (const p of POINTS) expect(hashTradeList((await runner.run(p)).outcome.trades)).toBe(await plain(make, p));
    // Four epochs, three distinct points: the repeated one comes from the cache.
    expect(stats).toEqual({ computed: 3, hits: 1 });
  });

  it('the per-value cache keeps to its byte budget', async () => {
    const { l, spec } = setup(() => new ValueSma());
    const shared = loadedFromShared(shareLoadedData(loaded()));
    const pre = precomputeIndicators(l.strategy, l.parameters, spec.searchSpace.parameterNames, shared, '5m');
    // Room for one entry (two columns of 8,064 rows): the repeated point is computed again.
    const stats = installIndicatorCache(l.strategy, l.parameters, pre, shared, '5m', 2 * 8064 * 8);
    const runner = new EpochRunner(spec, l, shared, null);
    for (const p of POINTS) await runner.run(p);
    expect(stats).toEqual({ computed: 4, hits: 0 });
  });

  it('backtest options over loaded data do not touch the store', () => {
    const o = backtestOptions(settings, new SmaCross(), 'SmaCross', loaded(), -1);
    expect(o.maxOpenTrades).toBe(Infinity);
    expect(o.store).toBeInstanceOf(CandleStore);
    expect(o.loaded?.pairs[0]!.pair).toBe('BTC/USDT');
  });
});
