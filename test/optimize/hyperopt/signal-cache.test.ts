/**
 * Signals only recomputed for the hooks a searched parameter feeds: each epoch must trade
 * exactly as a plain backtest of its point, while a hook whose inputs did not change is not run
 * again. Real candles: Binance BTC/USDT 5m, January 2023.
 */
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../framework/engine/backtest/runner.ts';
import { EpochRunner } from '../../../framework/optimize/hyperopt/epoch-runner.ts';
import { installIndicatorCache, precomputeIndicators } from '../../../framework/optimize/hyperopt/indicators.ts';
import type { HyperoptRunSpec } from '../../../framework/optimize/hyperopt/run-spec.ts';
import { backtestOptions } from '../../../framework/optimize/hyperopt/settings.ts';
import { loadedFromShared, shareLoadedData } from '../../../framework/optimize/hyperopt/shared-data.ts';
import { installSignalCache, traceFrameReads, traceSettingReads } from '../../../framework/optimize/hyperopt/signal-cache.ts';
import { applyPoint, type Point } from '../../../framework/optimize/spaces/index.ts';
import { hashTradeList } from '../../../framework/reports/trade-hash.ts';
import { collectParameters } from '../../../framework/strategy/parameters.ts';
import { DataFrame, IStrategy, IntParameter, ta } from '../../../framework/strategy/index.ts';
import { SmaCross } from '../../../user_data/strategies/sma_cross.ts';
import { BTC_4W, loadedBtc, hyperoptFixture, testSettings } from './backtest-settings.ts';

const CANDLES = BTC_4W;

/** Entry on an SMA cross (buy space), exit on RSI above a level (sell space). */
class BuySell extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 10 };
  override stoploss = -0.1;
  override startupCandleCount = 30;
  buy_fast = new IntParameter(5, 30, { default: 10 });
  buy_slow = new IntParameter(20, 100, { default: 30 });
  sell_rsi = new IntParameter(55, 90, { default: 70 });
  populateIndicators(df: DataFrame): void {
    for (const p of new Set([...this.buy_fast.range, ...this.buy_slow.range])) df.set(`sma_${p}`, ta.sma(df.get('close'), p));
    df.set('rsi', ta.rsi(df.get('close'), 14));
  }
  populateEntryTrend(df: DataFrame): void {
    const fast = df.get(`sma_${this.buy_fast.value}`);
    df.assignWhere(fast.crossedAbove(df.get(`sma_${this.buy_slow.value}`)), { enter_long: 1, enter_tag: 'cross' });
  }
  populateExitTrend(df: DataFrame): void {
    df.assignWhere(df.get('rsi').gt(this.sell_rsi.value), { exit_long: 1, exit_tag: 'rsi' });
  }
}

/** The exit hook reads (and writes into) the entry hook's column: it depends on the buy values too. */
class ExitReadsEntry extends BuySell {
  override populateExitTrend(df: DataFrame): void {
    super.populateExitTrend(df);
    // No exit on a row that also enters (written in place into the entry column's copy).
    df.setWhere('enter_long', df.get('exit_long').eq(1), 0);
  }
}

/** The entry hook keeps state on the strategy (a counter): never cached. */
class Stateful extends BuySell {
  calls = 0;
  override populateEntryTrend(df: DataFrame): void {
    this.calls = this.calls + 1;
    super.populateEntryTrend(df);
  }
}

/** The entry hook reads the stoploss (a searched setting when the stoploss space is searched). */
class ReadsStoploss extends BuySell {
  override populateEntryTrend(df: DataFrame): void {
    super.populateEntryTrend(df);
    df.setWhere('enter_long', df.get('rsi').gt(50 - this.stoploss * 100), 0);
  }
}

const settings = testSettings();
const loaded = loadedBtc;

/** A worker's set-up in this thread: shared data, indicators once, the signal cache. */
function worker(make: () => IStrategy, spaces: string[]) {
  const { s: strategy, parameters, searchSpace, l, spec } = hyperoptFixture(make(), spaces, settings);
  const shared = loadedFromShared(shareLoadedData(loaded()));
  const pre = precomputeIndicators(strategy, parameters, searchSpace.parameterNames, shared, '5m');
  installIndicatorCache(strategy, parameters, pre, shared, '5m');
  const stats = installSignalCache(strategy, parameters, searchSpace, pre.valueDependent);
  return { runner: new EpochRunner(spec, l, shared, null), stats, spec };
}

/** A plain backtest of the point: a fresh instance, not in hyperopt mode, no caches. */
async function plain(make: () => IStrategy, spec: HyperoptRunSpec, point: Point): Promise<string> {
  const s = make();
  const params = collectParameters(s, s.constructor.name);
  applyPoint(s, params, spec.searchSpace, point);
  const o = await runBacktest(backtestOptions(settings, s, s.constructor.name, loaded(), 1));
  return hashTradeList(o.trades);
}

async function expectExact(make: () => IStrategy, spaces: string[], points: Point[]) {
  const w = worker(make, spaces);
  for (const p of points) {
    const r = await w.runner.run(p);
    expect(r.outcome.trades.length).toBeGreaterThan(0);
    expect(hashTradeList(r.outcome.trades), JSON.stringify(p)).toBe(await plain(make, w.spec, p));
  }
  return w.stats;
}

const BUY: Point[] = [
  { buy_fast: 12, buy_slow: 40 },
  { buy_fast: 7, buy_slow: 88 },
  { buy_fast: 29, buy_slow: 21 },
];
const SELL: Point[] = [{ sell_rsi: 60 }, { sell_rsi: 85 }, { sell_rsi: 72 }];
const BOTH: Point[] = [
  { buy_fast: 12, buy_slow: 40, sell_rsi: 60 },
  { buy_fast: 12, buy_slow: 40, sell_rsi: 85 },
  { buy_fast: 7, buy_slow: 88, sell_rsi: 60 },
  { buy_fast: 12, buy_slow: 40, sell_rsi: 72 },
];

describe('hyperopt signal cache', () => {
  it('--spaces buy: the exit hook (sell values only) runs once, every epoch exact', async () => {
    const stats = await expectExact(() => new BuySell(), ['buy'], BUY);
    expect(stats.entry).toEqual({ computed: 3, hits: 0, cacheable: true });
    expect(stats.exit).toEqual({ computed: 1, hits: 2, cacheable: true });
  });

  it('--spaces sell: the entry hook runs once', async () => {
    const stats = await expectExact(() => new BuySell(), ['sell'], SELL);
    expect(stats.entry).toEqual({ computed: 1, hits: 2, cacheable: true });
    expect(stats.exit).toEqual({ computed: 3, hits: 0, cacheable: true });
  });

  it('buy and sell: entry columns come back for repeated buy values', async () => {
    const stats = await expectExact(() => new BuySell(), ['buy', 'sell'], BOTH);
    expect(stats.entry).toEqual({ computed: 2, hits: 2, cacheable: true });
    // The exit hook reads only sell_rsi: its columns for 60 come back at the third point.
    expect(stats.exit).toEqual({ computed: 3, hits: 1, cacheable: true });
  });

  it('an exit hook that reads and rewrites an entry column follows the entry values; the cached entry stays intact', async () => {
    // buy only: the exit hook reads enter_long, so its key includes the entry's output.
    const a = await expectExact(() => new ExitReadsEntry(), ['buy'], [...BUY, BUY[0]!]);
    expect(a.exit.computed).toBe(4);
    // buy and sell: the entry columns are reused, the exit's in-place write goes to a copy.
    const b = await expectExact(() => new ExitReadsEntry(), ['buy', 'sell'], BOTH);
    expect(b.entry.hits).toBe(2);
  });

  it('a hook that keeps state on the strategy is run every epoch', async () => {
    const stats = await expectExact(() => new Stateful(), ['sell'], SELL);
    expect(stats.entry).toEqual({ computed: 3, hits: 0, cacheable: false });
  });

  it('a hook that reads a searched setting (stoploss) is keyed on it', async () => {
    const pts: Point[] = [
      { sell_rsi: 60, stoploss: -0.05 },
      { sell_rsi: 70, stoploss: -0.3 },
      { sell_rsi: 80, stoploss: -0.05 },
    ];
    const stats = await expectExact(() => new ReadsStoploss(), ['sell', 'stoploss'], pts);
    expect(stats.entry).toEqual({ computed: 2, hits: 1, cacheable: true });
  });

  it('SmaCross (both hooks read every searched parameter): nothing kept, exact', async () => {
    const stats = await expectExact(() => new SmaCross(), ['buy'], [...BUY, BUY[0]!]);
    expect(stats.entry.hits + stats.exit.hits).toBe(0);
    expect(stats.entry.computed).toBe(4);
  });

  it('traces frame reads and setting reads, and puts everything back', () => {
    const df = DataFrame.fromCandles(CANDLES);
    df.set('enter_long', 0);
    expect(traceFrameReads(df, new Set(['enter_long']), () => void df.get('close'))).toBe(false);
    expect(traceFrameReads(df, new Set(['enter_long']), () => void df.array('enter_long'))).toBe(true);
    expect(traceFrameReads(df, new Set(['enter_long']), () => void df.copy())).toBe(true);
    expect(Object.getOwnPropertyNames(df)).not.toContain('get');
    const s = new BuySell();
    const read = traceSettingReads(s, ['stoploss', 'minimalRoi'], () => {
      s.stoploss = s.stoploss * 2;
    });
    expect([...read]).toEqual(['stoploss']);
    expect(Object.getOwnPropertyDescriptor(s, 'stoploss')).toMatchObject({ value: -0.2, writable: true });
  });
});
