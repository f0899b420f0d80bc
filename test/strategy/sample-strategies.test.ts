import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Candles } from '../../framework/data/candles.ts';
import { CandleStore } from '../../framework/data/parquet-store.ts';
import { resampleCandles } from '../../framework/data/resample.ts';
import { fillGaps } from '../../framework/data/clean.ts';
import { analyzePair } from '../../framework/strategy/analyze.ts';
import { loadStrategy } from '../../framework/strategy/loader.ts';
import { HistoricalDataProvider } from '../../framework/strategy/historical-data-provider.ts';
import { invokeCallback } from '../../framework/strategy/callbacks.ts';
import { entryAt, ENTRY_LONG, signalArrays } from '../../framework/strategy/signals.ts';
import type { DataFrame } from '../../framework/frame/index.ts';
import type { TradeView } from '../../framework/strategy/types.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const STRATEGY_DIR = path.join(REPO_ROOT, 'user_data/strategies');
let btc: Candles;

beforeAll(async () => {
  // The bundled quickstart data, read through the real store.
  btc = await new CandleStore(path.join(REPO_ROOT, 'user_data/data'), 'binance').read('BTC/USDT', '5m');
});

/** A plain reference: mean of the last n closes, NaN before n values. */
function naiveSma(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = n - 1; i < x.length; i++) {
    let s = 0;
    for (let k = i - n + 1; k <= i; k++) s += x[k]!;
    out[i] = s / n;
  }
  return out;
}

function rowsWhere(df: DataFrame, col: string): number[] {
  const a = df.array(col);
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] === 1) out.push(i);
  return out;
}

const noInformative = (): Candles => {
  throw new Error('no informative data expected');
};

describe('sample strategies on the bundled BTC/USDT 5m data', () => {
  it('SmaCross enters exactly where SMA(10) crosses above SMA(30) and exits on the cross back', async () => {
    const { strategy } = await loadStrategy('SmaCross', { dir: STRATEGY_DIR });
    const df = analyzePair(strategy, btc, { pair: 'BTC/USDT', timeframe: '5m' }, noInformative);
    const fast = naiveSma(btc.close, 10);
    const slow = naiveSma(btc.close, 30);
    const up: number[] = [];
    const down: number[] = [];
    for (let i = 1; i < btc.close.length; i++) {
      const above = fast[i]! > slow[i]!;
      const wasAtOrBelow = fast[i - 1]! <= slow[i - 1]!;
      const below = fast[i]! < slow[i]!;
      const wasAtOrAbove = fast[i - 1]! >= slow[i - 1]!;
      // Near-ties decided by float rounding of two summation orders are excluded from the comparison.
      const tie = Math.abs(fast[i]! - slow[i]!) < 1e-9 * slow[i]! || Math.abs(fast[i - 1]! - slow[i - 1]!) < 1e-9 * slow[i - 1]!;
      if (tie) continue;
      if (above && wasAtOrBelow && btc.volume[i]! > 0) up.push(i);
      if (below && wasAtOrAbove) down.push(i);
    }
    const entries = rowsWhere(df, 'enter_long');
    const exits = rowsWhere(df, 'exit_long');
    expect(up.length).toBeGreaterThan(500);
    // Every reference cross is flagged; extra flags may only sit on the excluded near-ties.
    expect(entries.filter((i) => !up.includes(i)).length).toBeLessThanOrEqual(2);
    expect(up.filter((i) => !entries.includes(i))).toEqual([]);
    expect(down.filter((i) => !exits.includes(i))).toEqual([]);
    expect(df.getTags('enter_tag')[entries[0]!]).toBe('sma_cross_up');
    expect(df.getTags('exit_tag')[exits[0]!]).toBe('sma_cross_down');
  });

  it('RsiMeanReversion signals satisfy its rule on every flagged row', async () => {
    const { strategy } = await loadStrategy('RsiMeanReversion', { dir: STRATEGY_DIR });
    const df = analyzePair(strategy, btc, { pair: 'BTC/USDT', timeframe: '5m' }, noInformative);
    const rsi = df.array('rsi');
    const ema = df.array('ema200');
    const entries = rowsWhere(df, 'enter_long');
    expect(entries.length).toBeGreaterThan(10);
    for (const i of entries) {
      expect(rsi[i]).toBeLessThan(30);
      expect(rsi[i - 1]).toBeGreaterThanOrEqual(30);
      expect(btc.close[i]).toBeGreaterThan(ema[i]!);
    }
    expect(Number.isNaN(rsi[13]!)).toBe(true);
    expect(Number.isNaN(rsi[14]!)).toBe(false);
  });

  it('BollingerBreakout flags breakouts above the upper band on high volume', async () => {
    const { strategy } = await loadStrategy('BollingerBreakout', { dir: STRATEGY_DIR });
    const df = analyzePair(strategy, btc, { pair: 'BTC/USDT', timeframe: '5m' }, noInformative);
    const entries = rowsWhere(df, 'enter_long');
    expect(entries.length).toBeGreaterThan(10);
    const upper = df.array('bb_upper');
    const vm = df.array('volume_mean');
    for (const i of entries) {
      expect(btc.close[i]).toBeGreaterThan(upper[i]!);
      expect(btc.close[i - 1]).toBeLessThanOrEqual(upper[i - 1]!);
      expect(btc.volume[i]).toBeGreaterThan(1.5 * vm[i]!);
    }
  });

  it('MacdTrend merges the 1h informative frame without lookahead', async () => {
    const { strategy } = await loadStrategy('MacdTrend', { dir: STRATEGY_DIR });
    // As the backtest loads it: the 16-candle outage filled (Freqtrade's rule), so every 1h
    // candle has the 5m row it is merged on.
    const filled = fillGaps(btc, 300_000).candles;
    const h1 = resampleCandles(filled, '5m', '1h');
    const df = analyzePair(strategy, filled, { pair: 'BTC/USDT', timeframe: '5m' }, (pair, tf) => {
      expect([pair, tf]).toEqual(['BTC/USDT', '1h']);
      return h1;
    });
    const dates = df.dates;
    const d1h = df.array('date_1h');
    const c1h = df.array('close_1h');
    let checked = 0;
    for (let i = 0; i < dates.length; i++) {
      if (Number.isNaN(d1h[i]!)) continue;
      // The 1h candle seen on a 5m row must have closed by the time the 5m candle closes.
      expect(d1h[i]! + 3_600_000).toBeLessThanOrEqual(dates[i]! + 300_000);
      // ... and be the latest such candle.
      const j = h1.timestamp.indexOf(d1h[i]!);
      expect(c1h[i]).toBe(h1.close[j]);
      const next = h1.timestamp[j + 1];
      if (next !== undefined) expect(next + 3_600_000).toBeGreaterThan(dates[i]! + 300_000);
      checked++;
    }
    expect(checked).toBeGreaterThan(100_000);
    const entries = rowsWhere(df, 'enter_long');
    expect(entries.length).toBeGreaterThan(10);
    const ema1h = df.array('ema_1h');
    for (const i of entries) expect(c1h[i]).toBeGreaterThan(ema1h[i]!);
  });

  it('CallbacksDemo callbacks answer as documented', async () => {
    const { strategy } = await loadStrategy('CallbacksDemo', { dir: STRATEGY_DIR });
    const df = analyzePair(strategy, btc, { pair: 'BTC/USDT', timeframe: '5m' }, noInformative);
    const dp = new HistoricalDataProvider({ runmode: 'backtest', timeframe: '5m', whitelist: ['BTC/USDT'] });
    dp.addAnalyzed('BTC/USDT', df);
    strategy.context = { dataProvider: dp, wallets: undefined as never, locks: undefined as never, orders: undefined as never };

    const trade = { openDate: btc.timestamp[1000]!, nrOfSuccessfulEntries: 1, stakeAmount: 100 } as unknown as TradeView;
    const base = { pair: 'BTC/USDT', trade, currentRate: 1, afterFill: false };
    // undefined = keep the current stop (a valid answer, not a failure).
    expect(invokeCallback(strategy, 'customStoploss', { ...base, currentTime: 0, currentProfit: 0.01 }, 'default')).toBe(undefined);
    expect(invokeCallback(strategy, 'customStoploss', { ...base, currentTime: 0, currentProfit: 0.04 }, 'default')).toBe(-0.02);
    const later = btc.timestamp[1000]! + 12 * 3_600_000;
    expect(invokeCallback(strategy, 'customExit', { ...base, currentTime: later, currentProfit: -0.01 }, null)).toBe('stale_loser');
    expect(invokeCallback(strategy, 'customExit', { ...base, currentTime: later - 1, currentProfit: -0.01 }, null)).toBeUndefined();
    const adj = { trade, currentTime: 0, currentRate: 1, minStake: 10, maxStake: 1000, currentEntryRate: 1, currentExitRate: 1, currentEntryProfit: 0, currentExitProfit: 0 };
    expect(invokeCallback(strategy, 'adjustTradePosition', { ...adj, currentProfit: -0.05 }, null)).toEqual({ stake: 100, tag: 'dca_1' });
    expect(invokeCallback(strategy, 'adjustTradePosition', { ...adj, currentProfit: -0.01 }, null)).toBeUndefined();

    // confirmTradeEntry reads the analyzed frame through dp, capped at "now".
    const zeroVol = btc.volume.findIndex((v) => v === 0);
    const confirm = (i: number): unknown => {
      dp.setNow(btc.timestamp[i]! + 300_000);
      return invokeCallback(strategy, 'confirmTradeEntry', { pair: 'BTC/USDT', orderType: 'limit', amount: 1, rate: 1, timeInForce: 'GTC', currentTime: 0, entryTag: undefined, side: 'long' }, 'default');
    };
    if (zeroVol > 0) expect(confirm(zeroVol)).toBe(false);
    expect(confirm(5000)).toBe(btc.volume[5000]! > 0);
  });

  it('every sample strategy yields long entries that the collision rules accept', async () => {
    for (const name of ['SmaCross', 'RsiMeanReversion', 'BollingerBreakout', 'CallbacksDemo']) {
      const { strategy } = await loadStrategy(name, { dir: STRATEGY_DIR });
      const df = analyzePair(strategy, btc, { pair: 'BTC/USDT', timeframe: '5m' }, noInformative);
      const s = signalArrays(df);
      let n = 0;
      for (let i = 0; i < s.length; i++) if (entryAt(s, i, false) === ENTRY_LONG) n++;
      expect(n, name).toBeGreaterThan(0);
    }
  });
});
