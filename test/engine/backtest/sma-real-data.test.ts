import { describe, expect, it } from 'vitest';
import type { Candles } from '../../../framework/data/candles.ts';
import { CandleStore, candleFilePath, writeCandlesParquet } from '../../../framework/data/parquet-store.ts';
import { runBacktest, type BacktestOutcome } from '../../../framework/engine/backtest/runner.ts';
import { hashTradeList } from '../../../framework/reports/trade-hash.ts';
import { IStrategy, ta, type DataFrame } from '../../../framework/strategy/index.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

/**
 * SMA(10) / SMA(30) crossover on the real Binance BTC/USDT 5m candles of 2023: long only,
 * all-in (unlimited stake, one slot, the whole balance), no fee, no ROI, no stop. The engine's
 * trade list must equal an independent plain loop over the same rule.
 */

class SmaCrossAllIn extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = {};
  override stoploss = -1;
  override startupCandleCount = 30;

  populateIndicators(df: DataFrame): void {
    df.set('fast', ta.sma(df.get('close'), 10));
    df.set('slow', ta.sma(df.get('close'), 30));
  }

  populateEntryTrend(df: DataFrame): void {
    df.setWhere('enter_long', df.get('fast').crossedAbove(df.get('slow')).and(df.get('volume').gt(0)), 1);
  }

  populateExitTrend(df: DataFrame): void {
    df.setWhere('exit_long', df.get('fast').crossedBelow(df.get('slow')), 1);
  }
}

const TF = 300_000;

/** Freqtrade's gap filling: a missing candle is flat at the previous close with volume 0. */
function fillGaps(c: Candles): { ts: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] } {
  const out = { ts: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[], volume: [] as number[] };
  for (let i = 0; i < c.timestamp.length; i++) {
    if (i > 0) {
      for (let t = c.timestamp[i - 1]! + TF; t < c.timestamp[i]!; t += TF) {
        const p = out.close[out.close.length - 1]!;
        out.ts.push(t), out.open.push(p), out.high.push(p), out.low.push(p), out.close.push(p), out.volume.push(0);
      }
    }
    out.ts.push(c.timestamp[i]!), out.open.push(c.open[i]!), out.high.push(c.high[i]!), out.low.push(c.low[i]!);
    out.close.push(c.close[i]!), out.volume.push(c.volume[i]!);
  }
  return out;
}

/** TA-Lib's SMA: a running sum (add the new value, output, subtract the oldest). */
function sma(x: number[], p: number): number[] {
  const out = new Array<number>(x.length).fill(NaN);
  let total = 0;
  for (let i = 0; i < p - 1; i++) total += x[i]!;
  for (let i = p - 1, j = 0; i < x.length; i++, j++) {
    total += x[i]!;
    out[i] = total / p;
    total -= x[j]!;
  }
  return out;
}

/** Truncate to 8 decimals on the shortest decimal form, as ccxt's amount_to_precision does. */
function truncate8(x: number): number {
  const [int, frac = ''] = String(x).split('.');
  return Number(`${int}.${frac.slice(0, 8) || '0'}`);
}

interface ReplayTrade {
  openDate: number;
  closeDate: number;
  openRate: number;
  closeRate: number;
  amount: number;
  profitAbs: number;
  exitReason: string;
}

function replay(c: Candles, startup: number, balance0: number): ReplayTrade[] {
  const d = fillGaps(c);
  const fast = sma(d.close, 10);
  const slow = sma(d.close, 30);
  const n = d.ts.length;
  const entry = (i: number) => fast[i]! > slow[i]! && fast[i - 1]! <= slow[i - 1]! && d.volume[i]! > 0;
  const exit = (i: number) => fast[i]! < slow[i]! && fast[i - 1]! >= slow[i - 1]!;
  const trades: ReplayTrade[] = [];
  // Freqtrade's wallet adds each trade's profit rounded to 8 decimals; the account's cash moves
  // by the exact fill values. A stake never exceeds the cash.
  let balance = balance0;
  let cash = balance0;
  let pos: { openDate: number; openRate: number; amount: number } | null = null;
  const close = (k: number, reason: string) => {
    const p = pos!;
    const profit = Number((p.amount * d.open[k]! - p.amount * p.openRate).toFixed(8));
    trades.push({ openDate: p.openDate, closeDate: d.ts[k]!, openRate: p.openRate, closeRate: d.open[k]!, amount: p.amount, profitAbs: profit, exitReason: reason });
    balance += profit;
    cash += p.amount * d.open[k]!;
    pos = null;
  };
  // The first backtested candle is row startup + 1: it acts on row startup's signals.
  for (let k = startup + 1; k < n; k++) {
    const s = k - 1;
    if (pos === null) {
      if (entry(s) && !exit(s) && k !== n - 1) {
        const stake = Math.min(balance, cash * (1 - 1e-12));
        const amount = truncate8(stake / d.open[k]!);
        cash -= amount * d.open[k]!;
        pos = { openDate: d.ts[k]!, openRate: d.open[k]!, amount };
      }
    } else if (exit(s) && !entry(s)) close(k, 'exit_signal');
  }
  if (pos !== null) close(n - 1, 'force_exit');
  return trades;
}

async function runEngine(candles: Candles): Promise<BacktestOutcome> {
  const tmp = makeTempDir('keel-sma-');
  try {
    await writeCandlesParquet(candleFilePath(tmp.dir, 'binance', 'BTC/USDT', '5m'), candles);
    return await runBacktest({
      strategy: new SmaCrossAllIn(),
      strategyName: 'SmaCrossAllIn',
      store: new CandleStore(tmp.dir, 'binance', 'spot'),
      exchange: 'binance',
      pairs: ['BTC/USDT'],
      timeframe: '5m',
      timerange: {},
      stakeCurrency: 'USDT',
      stake: { amount: 'unlimited', tradableBalanceRatio: 1, startingBalance: 1000 },
      maxOpenTrades: 1,
      fee: 0,
      load: { check: false },
    });
  } finally {
    tmp.cleanup();
  }
}

describe('SMA(10)/SMA(30) crossover on Binance BTC/USDT 5m 2023', () => {
  it('trades exactly as a plain loop over the rule', async () => {
    const candles = readBinance5m('BTC');
    const out = await runEngine(candles);
    const expected = replay(candles, 30, 1000);
    expect(expected.length).toBeGreaterThan(1000);
    expect(out.trades.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
      const t = out.trades[i]!;
      const e = expected[i]!;
      const got = { openDate: t.openDate, closeDate: t.closeDate, openRate: t.openRate, closeRate: t.closeRate, amount: t.amount, exitReason: t.exitReason };
      const want = { openDate: e.openDate, closeDate: e.closeDate, openRate: e.openRate, closeRate: e.closeRate, amount: e.amount, exitReason: e.exitReason };
      if (JSON.stringify(got) !== JSON.stringify(want)) expect({ trade: i, ...got }).toEqual({ trade: i, ...want });
      // Profits are rounded to 8 decimals; the engine multiplies in exact decimals (Freqtrade's
      // Precise), the replay in floats: at a rounding boundary they may differ by one unit.
      expect(Math.abs(t.profitAbs - e.profitAbs)).toBeLessThanOrEqual(1.0001e-8);
    }
    const last = out.trades[out.trades.length - 1]!;
    expect(last.isOpen).toBe(last.exitReason === 'force_exit');
    // Balances agree at the end too.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(out.trades.map((t) => t.profitAbs))).toBeCloseTo(sum(expected.map((t) => t.profitAbs)), 6);
  });

  it('is deterministic: two runs give the same trade list hash', async () => {
    const candles = readBinance5m('BTC');
    const [a, b] = [await runEngine(candles), await runEngine(candles)];
    expect(a.trades.length).toBeGreaterThan(0);
    expect(hashTradeList(a.trades)).toBe(hashTradeList(b.trades));
  });
});
