/**
 * Hand-made candle scenarios for the backtest: a few bars per pair written as real Parquet
 * files in a temp candle store, a strategy whose signal columns are given row by row, and
 * the real runner (trade manager -> risk -> engine -> sim venue -> portfolio) on top.
 *
 * Rows are 5m candles from 2024-01-01 00:00 UTC. A signal on row i acts on row i+1 (Freqtrade's
 * shift), so with no startup candles the first traded row is 1.
 */
import { allocateCandles, type Candles } from '../../../framework/data/candles.ts';
import { CandleStore, candleFilePath, writeCandlesParquet } from '../../../framework/data/parquet-store.ts';
import { runBacktest, type BacktestOptions, type BacktestOutcome } from '../../../framework/engine/backtest/runner.ts';
import type { MarketSpec } from '../../../framework/engine/backtest/instruments.ts';
import { IStrategy, type DataFrame, type PairMetadata } from '../../../framework/strategy/index.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

export const T0 = Date.UTC(2024, 0, 1);
export const TF = 300_000;
/** Open time of row i. */
export const at = (i: number): number => T0 + i * TF;

/** [open, high, low, close] (volume 100). */
export type Bar = [number, number, number, number];

export function barsToCandles(bars: readonly Bar[], start = T0, tfMs = TF): Candles {
  const c = allocateCandles(bars.length);
  bars.forEach(([o, h, l, cl], i) => {
    c.timestamp[i] = start + i * tfMs;
    c.open[i] = o;
    c.high[i] = h;
    c.low[i] = l;
    c.close[i] = cl;
    c.volume[i] = 100;
  });
  return c;
}

/** A flat bar at `p` (open = high = low = close). */
export const flat = (p: number): Bar => [p, p, p, p];

export interface PairScript {
  bars: Bar[];
  /** Rows with enter_long = 1 / exit_long = 1 / enter_short = 1 / exit_short = 1. */
  enterLong?: number[];
  exitLong?: number[];
  enterShort?: number[];
  exitShort?: number[];
  enterTag?: Record<number, string>;
  exitTag?: Record<number, string>;
  /** Smaller-timeframe bars (1m) for --timeframe-detail tests. */
  detail?: Bar[];
}

/** A strategy whose signals come from the script; attributes and callbacks are set by the test. */
export class ScriptedStrategy extends IStrategy {
  script: Record<string, PairScript> = {};
  override minimalRoi = {};
  override stoploss = -1;

  populateIndicators(): void {}

  populateEntryTrend(df: DataFrame, meta: PairMetadata): void {
    const s = this.script[meta.pair]!;
    df.set('enter_long', rowsToColumn(df.length, s.enterLong));
    df.set('enter_short', rowsToColumn(df.length, s.enterShort));
    if (s.enterTag) df.set('enter_tag', tagsToColumn(df.length, s.enterTag));
  }

  populateExitTrend(df: DataFrame, meta: PairMetadata): void {
    const s = this.script[meta.pair]!;
    df.set('exit_long', rowsToColumn(df.length, s.exitLong));
    df.set('exit_short', rowsToColumn(df.length, s.exitShort));
    if (s.exitTag) df.set('exit_tag', tagsToColumn(df.length, s.exitTag));
  }
}

function rowsToColumn(n: number, rows: number[] | undefined): Float64Array {
  const a = new Float64Array(n);
  for (const r of rows ?? []) a[r] = 1;
  return a;
}

function tagsToColumn(n: number, tags: Record<number, string>): (string | null)[] {
  const a = new Array<string | null>(n).fill(null);
  for (const [r, t] of Object.entries(tags)) a[Number(r)] = t;
  return a;
}

export interface ScenarioOptions {
  pairs: Record<string, PairScript>;
  /** Strategy attributes and callbacks (assigned onto the instance). */
  strategy?: Partial<IStrategy> & Record<string, unknown>;
  options?: Partial<BacktestOptions>;
  markets?: Record<string, MarketSpec>;
}

/** Write the scenario's candles to a temp store, run the backtest, clean up. */
export async function runScenario(s: ScenarioOptions): Promise<BacktestOutcome> {
  const tmp = makeTempDir('keel-bt-');
  try {
    const tradingMode = s.options?.tradingMode ?? 'spot';
    for (const [pair, script] of Object.entries(s.pairs)) {
      await writeCandlesParquet(candleFilePath(tmp.dir, 'binance', pair, '5m', tradingMode), barsToCandles(script.bars));
      if (script.detail) {
        await writeCandlesParquet(candleFilePath(tmp.dir, 'binance', pair, '1m', tradingMode), barsToCandles(script.detail, T0, 60_000));
      }
    }
    const strategy = new ScriptedStrategy();
    strategy.script = s.pairs;
    Object.assign(strategy, s.strategy ?? {});
    return await runBacktest({
      strategy,
      strategyName: 'Scripted',
      store: new CandleStore(tmp.dir, 'binance', tradingMode),
      exchange: 'binance',
      pairs: Object.keys(s.pairs),
      timeframe: '5m',
      timerange: {},
      startupCandles: 0,
      stakeCurrency: 'USDT',
      stake: { amount: 1000, tradableBalanceRatio: 1, startingBalance: 10_000 },
      maxOpenTrades: 10,
      fee: 0,
      load: { check: false },
      ...(s.markets ? { markets: s.markets } : {}),
      ...s.options,
    });
  } finally {
    tmp.cleanup();
  }
}
