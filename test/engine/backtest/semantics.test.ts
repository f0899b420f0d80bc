import { describe, expect, it } from 'vitest';
import { priceToPrecision, ROUND_UP } from '../../../framework/engine/trade-manager/freqtrade-precision.ts';
import type { MarketSpec } from '../../../framework/engine/backtest/instruments.ts';
import { at, flat, runScenario, type Bar } from './scenario.ts';

/**
 * Freqtrade's backtest rules, each on a few hand-made candles. Stake 1000 of 10000 USDT, no
 * fee, prices on a 0.01 tick unless a test says otherwise. A signal on row i acts at the open
 * of row i+1.
 */

const M: Record<string, MarketSpec> = {
  'BTC/USDT': { tick_size: 0.01, lot_size: 1e-8 },
  'ETH/USDT': { tick_size: 0.01, lot_size: 1e-8 },
  'SOL/USDT': { tick_size: 0.01, lot_size: 1e-8 },
  'BTC/USDT:USDT': { tick_size: 0.01, lot_size: 1e-8 },
};

const one = (bars: Bar[], extra: Record<string, unknown> = {}) => ({ 'BTC/USDT': { bars, enterLong: [0], ...extra } });

describe('entries', () => {
  it('enters at the open of the candle after the signal, never on the last candle', async () => {
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars: [flat(100), [101, 102, 100, 101], flat(101), flat(102)], enterLong: [0, 2] } },
      markets: M,
    });
    // Row 0's signal enters at row 1's open; row 2's signal would enter on the last row: not taken.
    expect(out.trades).toHaveLength(1);
    const t = out.trades[0]!;
    expect(t.openDate).toBe(at(1));
    expect(t.openRate).toBe(101);
    expect(t.amount).toBe(9.90099009); // 1000 / 101 truncated to the 1e-8 lot
    // Still open at the end: exited at the last candle's open.
    expect(t.exitReason).toBe('force_exit');
    expect(t.isOpen).toBe(true);
    expect(t.closeDate).toBe(at(3));
    expect(t.closeRate).toBe(102);
  });

  it('an entry and an exit signal on the same row cancel the entry; enter_long with exit_long is no trade', async () => {
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars: [flat(100), flat(100), flat(100)], enterLong: [0], exitLong: [0] } },
      markets: M,
    });
    expect(out.trades).toHaveLength(0);
  });
});

describe('ROI', () => {
  const roi = { '0': 0.1, '10': 0.05, '20': 0 };

  it('exits at the price giving exactly the active ROI entry once the high exceeds it', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 104, 99, 103], [103, 106, 102, 105], [103, 106, 102, 104], flat(104)]),
      strategy: { minimalRoi: roi },
      markets: M,
    });
    const t = out.trades[0]!;
    // Row 1 (0 min): 4% < 10%; row 2 (5 min): 6% < 10%; row 3 (10 min): 6% > 5% -> exit at 105.
    expect(t.exitReason).toBe('roi');
    expect(t.closeDate).toBe(at(3));
    expect(t.closeRate).toBe(105);
    expect(t.profitAbs).toBeCloseTo(50, 8);
    expect(t.profitRatio).toBeCloseTo(0.05, 12);
  });

  it('a new ROI step starting on a candle that opens above the target exits at the open', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 104, 99, 103], [103, 106, 102, 105], [107, 108, 106, 107], flat(104)]),
      strategy: { minimalRoi: roi },
      markets: M,
    });
    expect(out.trades[0]!.closeRate).toBe(107);
    expect(out.trades[0]!.exitReason).toBe('roi');
  });

  it('the ROI price accounts for both fees and is rounded up to the tick', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 100, 99, 100], [100, 108, 99, 107], flat(104)]),
      strategy: { minimalRoi: { '0': 0.05 } },
      options: { fee: 0.001 },
      markets: M,
    });
    const t = out.trades[0]!;
    // Freqtrade: -(roi * open + open * (1 + fee)) / (fee - 1) = 105.2052...; on the 0.01 grid, up for a sell.
    expect(-(100 * 0.05 + 100 * (1 + 0.001)) / (0.001 - 1)).toBeCloseTo(105.2052052, 6);
    expect(t.closeRate).toBe(105.21);
    // The formula targets roi x open rate x amount as profit after both fees (50 here); the
    // ratio on the fee-inclusive open value is therefore a hair below the ROI, as in Freqtrade.
    expect(t.profitAbs).toBeGreaterThanOrEqual(50);
    expect(t.profitAbs).toBeLessThan(50.1);
  });

  it('ROI can fire on the entry candle', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 107, 99, 106], flat(104)]),
      strategy: { minimalRoi: { '0': 0.05 } },
      markets: M,
    });
    const t = out.trades[0]!;
    expect([t.openDate, t.closeDate]).toEqual([at(1), at(1)]);
    expect(t.closeRate).toBe(105);
  });

  it('ignoreRoiIfEntrySignal keeps the trade while the entry signal is on', async () => {
    const bars: Bar[] = [flat(100), [100, 104, 99, 103], [103, 112, 102, 110], [110, 112, 109, 110], flat(110)];
    const base = await runScenario({ pairs: { 'BTC/USDT': { bars, enterLong: [0, 1] } }, strategy: { minimalRoi: { '0': 0.05 } }, markets: M });
    expect(base.trades[0]!.closeDate).toBe(at(2));
    const kept = await runScenario({
      pairs: { 'BTC/USDT': { bars, enterLong: [0, 1] } },
      strategy: { minimalRoi: { '0': 0.05 }, ignoreRoiIfEntrySignal: true },
      markets: M,
    });
    // Row 2 acts on row 1's entry signal: no ROI there; row 3 has none: ROI.
    expect(kept.trades[0]!.closeDate).toBe(at(3));
  });
});

describe('stop loss', () => {
  it('exits at the stop price when the low reaches it', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 101, 95, 96], [96, 97, 89, 90], flat(90)]),
      strategy: { stoploss: -0.1 },
      markets: M,
    });
    const t = out.trades[0]!;
    expect(t.exitReason).toBe('stop_loss');
    expect(t.closeRate).toBe(90);
    expect(t.closeDate).toBe(at(2));
    expect(t.initialStopLoss).toBe(90);
  });

  it('a candle entirely below the stop (gap) exits at its open', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 101, 95, 96], [85, 88, 80, 86], flat(86)]),
      strategy: { stoploss: -0.1 },
      markets: M,
    });
    expect(out.trades[0]!.closeRate).toBe(85);
  });

  it("a candle that opens below the stop but trades back up to it exits at the stop (Freqtrade's rule)", async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 101, 95, 96], [85, 95, 80, 90], flat(90)]),
      strategy: { stoploss: -0.1 },
      markets: M,
    });
    expect(out.trades[0]!.closeRate).toBe(90);
  });

  it('entry and stop on the same candle', async () => {
    const out = await runScenario({ pairs: one([flat(100), [100, 101, 88, 95], flat(95)]), strategy: { stoploss: -0.1 }, markets: M });
    const t = out.trades[0]!;
    expect([t.openDate, t.closeDate, t.openRate, t.closeRate, t.exitReason]).toEqual([at(1), at(1), 100, 90, 'stop_loss']);
  });
});

describe('trailing stop', () => {
  it('without offset: the stop follows the high at the stoploss distance', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 100, 99, 100], [100, 120, 110, 115], [115, 118, 107, 110], flat(110)]),
      strategy: { stoploss: -0.1, trailingStop: true },
      markets: M,
    });
    const t = out.trades[0]!;
    expect(t.exitReason).toBe('trailing_stop_loss');
    expect(t.closeRate).toBe(108);
    expect(t.closeDate).toBe(at(3));
    expect(t.initialStopLoss).toBe(90);
    expect(t.stopLoss).toBe(108);
    expect(t.maxRate).toBe(120);
  });

  it('with a positive offset reached only: trails at trailingStopPositive once the offset is passed', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 104, 99, 103], [103, 110, 108, 109], [109, 109, 107, 108], flat(108)]),
      strategy: { stoploss: -0.1, trailingStop: true, trailingStopPositive: 0.02, trailingStopPositiveOffset: 0.05, trailingOnlyOffsetIsReached: true },
      markets: M,
    });
    const t = out.trades[0]!;
    // Row 1: +4% at the high, below the 5% offset: the stop stays at 90. Row 2: +10%: the stop
    // moves to 110 x (1 - 0.02), rounded up to the tick.
    const stop = priceToPrecision(110 * (1 - 0.02), 0.01, ROUND_UP);
    expect(stop).toBe(107.8);
    expect(t.exitReason).toBe('trailing_stop_loss');
    expect(t.closeRate).toBe(stop);
    expect(t.closeDate).toBe(at(3));
  });

  it('a trailing stop hit on the entry candle exits at the worst realistic price', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 110, 95, 96], flat(96)]),
      strategy: { stoploss: -0.1, trailingStop: true, trailingStopPositive: 0.02, trailingStopPositiveOffset: 0.05, trailingOnlyOffsetIsReached: true },
      markets: M,
    });
    const t = out.trades[0]!;
    // Stop moved to 107.81 at the high, low 95 hits it; on the entry candle Freqtrade assumes the
    // price reached the offset (+5%) and fell by the trail (2%): open x 1.03 = 103.
    expect(t.exitReason).toBe('trailing_stop_loss');
    expect(t.closeRate).toBe(103);
  });
});

describe('exit priority (should_exit order: exit signal, stop loss, ROI, trailing stop)', () => {
  it('exit signal beats the stop loss, at the open', async () => {
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars: [flat(100), [100, 101, 99, 100], [95, 96, 85, 90], flat(90)], enterLong: [0], exitLong: [1] } },
      strategy: { stoploss: -0.1 },
      markets: M,
    });
    expect([out.trades[0]!.exitReason, out.trades[0]!.closeRate]).toEqual(['exit_signal', 95]);
  });

  it('the exit tag names the exit', async () => {
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars: [flat(100), flat(101), flat(102), flat(102)], enterLong: [0], exitLong: [1], exitTag: { 1: 'cross_down' } } },
      markets: M,
    });
    expect([out.trades[0]!.exitReason, out.trades[0]!.exitTag, out.trades[0]!.closeRate]).toEqual(['cross_down', 'cross_down', 102]);
  });

  it('stop loss beats ROI', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 101, 99, 100], [100, 110, 85, 95], flat(95)]),
      strategy: { stoploss: -0.1, minimalRoi: { '0': 0.05 } },
      markets: M,
    });
    expect([out.trades[0]!.exitReason, out.trades[0]!.closeRate]).toEqual(['stop_loss', 90]);
  });

  it('ROI beats a trailing stop', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 100, 99, 100], [100, 120, 105, 110], flat(110)]),
      strategy: { stoploss: -0.1, trailingStop: true, minimalRoi: { '0': 0.15 } },
      markets: M,
    });
    // The trail moved the stop to 108 and the low 105 hits it, but ROI (20% > 15%) comes first.
    expect([out.trades[0]!.exitReason, out.trades[0]!.closeRate]).toEqual(['roi', 115]);
  });

  it('exitProfitOnly ignores a losing exit signal; customExit exits at the open with its reason', async () => {
    const bars: Bar[] = [flat(100), [100, 101, 97, 98], [98, 99, 97, 98], [98, 99, 97, 98], flat(98)];
    const kept = await runScenario({
      pairs: { 'BTC/USDT': { bars, enterLong: [0], exitLong: [1] } },
      strategy: { exitProfitOnly: true },
      markets: M,
    });
    expect(kept.trades[0]!.exitReason).toBe('force_exit');
    const custom = await runScenario({
      pairs: one(bars),
      strategy: { customExit: ({ currentTime }: { currentTime: number }) => (currentTime >= at(3) ? 'give_up' : undefined) },
      markets: M,
    });
    expect([custom.trades[0]!.exitReason, custom.trades[0]!.closeDate, custom.trades[0]!.closeRate]).toEqual(['give_up', at(3), 98]);
  });
});

describe('custom prices and timeouts', () => {
  it('customEntryPrice above the candle is clamped to its high', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 104, 99, 103], flat(103)]),
      strategy: { customEntryPrice: () => 1000 },
      markets: M,
    });
    expect(out.trades[0]!.openRate).toBe(104);
  });

  it('a limit entry below the candle rests and times out (unfilledtimeout)', async () => {
    const bars: Bar[] = [flat(100), [100, 101, 99, 100], flat(100), flat(100), flat(100), flat(100)];
    const out = await runScenario({
      pairs: one(bars),
      strategy: { customEntryPrice: () => 50 },
      options: { unfilledTimeout: { entry: 10, unit: 'minutes' } },
      markets: M,
    });
    expect(out.trades).toHaveLength(0);
    expect(out.stats.timedoutEntryOrders).toBe(1);
  });

  it('checkEntryTimeout cancels a resting entry', async () => {
    const out = await runScenario({
      pairs: one([flat(100), [100, 101, 99, 100], flat(100), flat(100)]),
      strategy: { customEntryPrice: () => 50, checkEntryTimeout: () => true },
      markets: M,
    });
    expect(out.trades).toHaveLength(0);
    expect(out.stats.timedoutEntryOrders).toBe(1);
  });

  it('customExitPrice below the candle is clamped to its low', async () => {
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars: [flat(100), flat(100), [100, 103, 97, 101], flat(101)], enterLong: [0], exitLong: [1] } },
      strategy: { customExitPrice: () => 10 },
      markets: M,
    });
    expect([out.trades[0]!.closeRate, out.trades[0]!.exitReason]).toEqual([97, 'exit_signal']);
  });

  it('confirmTradeEntry false skips the entry', async () => {
    const out = await runScenario({ pairs: one([flat(100), flat(100), flat(100)]), strategy: { confirmTradeEntry: () => false }, markets: M });
    expect(out.trades).toHaveLength(0);
    expect(out.stats.entrySkips.confirm_trade_entry).toBe(1);
  });
});

describe('stake and slots', () => {
  it('unlimited stake splits (available + tied up) over max_open_trades', async () => {
    const bars: Bar[] = [flat(100), flat(100), flat(100), flat(100)];
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars, enterLong: [0] }, 'ETH/USDT': { bars, enterLong: [0] } },
      options: { stake: { amount: 'unlimited', tradableBalanceRatio: 0.99, startingBalance: 1000 }, maxOpenTrades: 2 },
      markets: M,
    });
    expect(out.trades.map((t) => t.stakeAmount)).toEqual([495, 495]);
  });

  it('max_open_trades: the third pair signalling on the same candle is rejected', async () => {
    const bars: Bar[] = [flat(100), flat(100), flat(100)];
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars, enterLong: [0] }, 'ETH/USDT': { bars, enterLong: [0] }, 'SOL/USDT': { bars, enterLong: [0] } },
      options: { maxOpenTrades: 2 },
      markets: M,
    });
    expect(out.trades.map((t) => t.pair)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(out.stats.rejectedSignals).toBe(1);
  });

  it('pairs holding a trade are processed first: a slot freed on a candle is taken on that candle', async () => {
    const bars: Bar[] = [flat(100), flat(100), flat(100), flat(100), flat(100)];
    const out = await runScenario({
      pairs: {
        'BTC/USDT': { bars, enterLong: [2] },
        'ETH/USDT': { bars },
        'SOL/USDT': { bars, enterLong: [0], exitLong: [2] },
      },
      options: { maxOpenTrades: 1 },
      markets: M,
    });
    const btc = out.trades.find((t) => t.pair === 'BTC/USDT')!;
    expect(out.trades.find((t) => t.pair === 'SOL/USDT')!.closeDate).toBe(at(3));
    expect(btc.openDate).toBe(at(3));
    expect(out.stats.rejectedSignals).toBe(0);
  });

  it('amounts are truncated to the lot size and the stake recomputed; below the minimum notional no trade', async () => {
    const markets = { 'BTC/USDT': { tick_size: 0.01, lot_size: 0.001, min_notional: 5 } };
    const out = await runScenario({ pairs: one([flat(333.4), flat(333.4), flat(333.4)]), markets });
    const t = out.trades[0]!;
    expect(t.amount).toBe(2.999); // 1000 / 333.4 = 2.9994...
    expect(t.stakeAmount).toBe(999.8666);
    // A stake of 5 is below the minimum 5 x 1.05 / (1 - 0.05) = 5.526 (min notional with the
    // stop reserve): raised to it (less than +30%), then the amount truncated: 0.055 x 100.
    const small = await runScenario({ pairs: one([flat(100), flat(100), flat(100)]), markets, options: { stake: { amount: 5, tradableBalanceRatio: 1, startingBalance: 100 } } });
    expect(small.trades[0]!.stakeAmount).toBe(5.5);
    // A stake of 4 would need +38%: no trade.
    const tiny = await runScenario({ pairs: one([flat(100), flat(100), flat(100)]), markets, options: { stake: { amount: 4, tradableBalanceRatio: 1, startingBalance: 100 } } });
    expect(tiny.trades).toHaveLength(0);
    expect(tiny.stats.entrySkips.stake_zero_or_below_minimum).toBe(1);
  });
});

describe('fees, shorts and leverage', () => {
  it('fees on both legs: profit_abs = close value - open value, ratio on the open value', async () => {
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars: [flat(100), flat(100), flat(110), flat(110)], enterLong: [0], exitLong: [1] } },
      options: { fee: 0.001 },
      markets: M,
    });
    const t = out.trades[0]!;
    expect(t.amount).toBe(10);
    expect(t.profitAbs).toBe(97.9);
    expect(t.profitRatio).toBeCloseTo(97.9 / 1001, 12);
    expect(t.feeOpenCost).toBeCloseTo(1, 9);
    expect(t.feeCloseCost).toBeCloseTo(1.1, 9);
  });

  it('a leveraged short mirrors the long: stop above the entry, profit when the price falls', async () => {
    const out = await runScenario({
      pairs: { 'BTC/USDT:USDT': { bars: [flat(100), [100, 101, 99, 100], [100, 106, 99, 104], flat(104)], enterShort: [0] } },
      strategy: { canShort: true, stoploss: -0.1, leverage: () => 2 },
      options: { tradingMode: 'futures', maxLeverage: 3 },
      markets: M,
    });
    const t = out.trades[0]!;
    expect([t.isShort, t.leverage, t.amount, t.openRate]).toEqual([true, 2, 20, 100]);
    // Stop at 100 x (1 + 0.1 / 2) = 105, touched by the high 106.
    expect([t.exitReason, t.closeRate]).toEqual(['stop_loss', 105]);
    expect(t.profitAbs).toBeCloseTo(-100, 8);
    expect(t.profitRatio).toBeCloseTo(-0.1, 12);
  });
});

describe('position adjustment, protections, detail timeframe', () => {
  it('adjustTradePosition adds to the trade (DCA) at the open; the average price and amounts follow', async () => {
    const out = await runScenario({
      pairs: { 'BTC/USDT': { bars: [flat(100), flat(100), flat(90), flat(90), flat(95)], enterLong: [0], exitLong: [3] } },
      strategy: {
        positionAdjustmentEnable: true,
        adjustTradePosition: ({ trade, currentProfit }: { trade: { nrOfSuccessfulEntries: number }; currentProfit: number }) =>
          trade.nrOfSuccessfulEntries === 1 && currentProfit < -0.05 ? 900 : undefined,
      },
      markets: M,
    });
    const t = out.trades[0]!;
    expect(t.nrOfEntries).toBe(2);
    expect(t.amount).toBe(20);
    expect(t.openRate).toBe(95);
    expect(t.closeRate).toBe(95);
    expect(t.profitAbs).toBeCloseTo(0, 8);
  });

  it('--enable-protections: a cooldown after an exit blocks the next entry on the pair', async () => {
    const bars: Bar[] = [flat(100), flat(100), flat(100), flat(100), flat(100), flat(100), flat(100)];
    const script = { 'BTC/USDT': { bars, enterLong: [0, 2, 4], exitLong: [1] } };
    const strategy = { protections: [{ method: 'CooldownPeriod' as const, stopDurationCandles: 1 }] };
    const off = await runScenario({ pairs: script, strategy, markets: M });
    expect(off.trades.map((t) => t.openDate)).toEqual([at(1), at(3)]);
    // Closed at row 2's open; locked for 1 candle, rounded up to the next candle: until row 4.
    const on = await runScenario({ pairs: script, strategy, options: { enableProtections: true }, markets: M });
    expect(on.trades.map((t) => t.openDate)).toEqual([at(1), at(5)]);
    expect(on.stats.entrySkips.pair_locked).toBe(1);
  });

  it('--timeframe-detail evaluates inside the candle: the ROI reached in the first minute wins over a later stop', async () => {
    const main: Bar[] = [flat(100), [100, 110, 89, 105], flat(105), flat(105)];
    const detail: Bar[] = [
      ...Array.from({ length: 5 }, () => flat(100)),
      [100, 110, 100, 110], [110, 110, 95, 96], [96, 96, 89, 90], [90, 100, 90, 100], [100, 105, 100, 105],
      ...Array.from({ length: 10 }, () => flat(105)),
    ];
    const strategy = { stoploss: -0.1, minimalRoi: { '0': 0.05 } };
    const coarse = await runScenario({ pairs: { 'BTC/USDT': { bars: main, enterLong: [0], detail } }, strategy, markets: M });
    expect([coarse.trades[0]!.exitReason, coarse.trades[0]!.closeRate]).toEqual(['stop_loss', 90]);
    const fine = await runScenario({ pairs: { 'BTC/USDT': { bars: main, enterLong: [0], detail } }, strategy, options: { timeframeDetail: '1m' }, markets: M });
    expect([fine.trades[0]!.exitReason, fine.trades[0]!.closeRate, fine.trades[0]!.closeDate]).toEqual(['roi', 105, at(1)]);
  });
});

describe('other fill models', () => {
  it('ohlc_path: the same decisions; a stop exit is a stop order filled where the path crosses it', async () => {
    const bars: Bar[] = [flat(100), [100, 101, 95, 96], [96, 97, 89, 90], flat(90)];
    const ft = await runScenario({ pairs: one(bars), strategy: { stoploss: -0.1 }, markets: M });
    const path = await runScenario({ pairs: one(bars), strategy: { stoploss: -0.1 }, options: { fillModel: 'ohlc_path' }, markets: M });
    expect(path.fillModel.name).toBe('ohlc_path');
    expect([path.trades[0]!.exitReason, path.trades[0]!.closeRate]).toEqual([ft.trades[0]!.exitReason, 90]);
  });
});

describe('the risk manager on the path', () => {
  it('a drawdown breaker halts trading: later entries are denied by the risk gate and counted by reason', async () => {
    const bars: Bar[] = [flat(100), [100, 101, 99, 100], [95, 96, 89, 90], flat(90), flat(90), flat(90)];
    const script = { 'BTC/USDT': { bars, enterLong: [0, 3] } };
    const options = { stake: { amount: 'unlimited' as const, tradableBalanceRatio: 1, startingBalance: 10_000 }, maxOpenTrades: 1 };
    const free = await runScenario({ pairs: script, strategy: { stoploss: -0.1 }, options, markets: M });
    expect(free.trades).toHaveLength(2);
    const guarded = await runScenario({
      pairs: script,
      strategy: { stoploss: -0.1 },
      options: { ...options, risk: { breakers: { drawdown: { max_ratio: 0.05 } } } },
      markets: M,
    });
    // The stop loses 10% of the account; the breaker (5%) halts: the second entry never happens.
    expect(guarded.trades).toHaveLength(1);
    expect(guarded.riskDenials.RISK_HALTED).toBe(1);
  });
});
