/**
 * Every summary metric on the hand-made trade list of fixtures.ts, against values worked out
 * by hand (the arithmetic is in the comments). Starting balance 1000, span 30 days,
 * profits [+20, -10, -30, 0, +40, +10] (sum 30), returns r = profit / 1000 =
 * [0.02, -0.01, -0.03, 0, 0.04, 0.01].
 */
import { describe, expect, it } from 'vitest';
import { generateStrategyMetrics, generateStrategyTables, tradeVolume } from '../../framework/reports/metrics.ts';
import {
  calculateCagr,
  calculateCalmar,
  calculateExpectancy,
  calculateSharpe,
  calculateSortino,
  calculateSqn,
} from '../../framework/reports/ratios.ts';
import { calculateCsum, calculateMaxDrawdown } from '../../framework/reports/drawdown.ts';
import { calculateMarketChange } from '../../framework/reports/market-change.ts';
import { calcStreak } from '../../framework/reports/trading-stats.ts';
import { handRun, handTrades, makeTrade, utc } from './fixtures.ts';

const SQRT365 = Math.sqrt(365); // 19.104973...

describe('summary metrics on the hand-made trade list', () => {
  const m = generateStrategyMetrics(handRun());

  it('start/end, days, trades, balances and profit', () => {
    expect(m.backtestStart).toBe(utc('2023-01-01T00:00:00'));
    expect(m.backtestEnd).toBe(utc('2023-01-31T00:00:00'));
    expect(m.backtestDays).toBe(30);
    expect(m.totalTrades).toBe(6);
    expect(m.tradesPerDay).toBe(0.2); // 6 / 30
    expect(m.startingBalance).toBe(1000);
    expect(m.profitTotalAbs).toBeCloseTo(30, 12); // 20 - 10 - 30 + 0 + 40 + 10
    expect(m.finalBalance).toBeCloseTo(1030, 12);
    expect(m.profitTotal).toBeCloseTo(0.03, 12); // 30 / 1000
    expect(m.avgDailyProfitAbs).toBeCloseTo(1, 12); // 30 / 30 days
    expect(m.avgStakeAmount).toBe(100);
    // mean of ratios (0.2 - 0.1 - 0.3 + 0 + 0.4 + 0.1) / 6 = 0.05; median of sorted
    // [-0.3, -0.1, 0, 0.1, 0.2, 0.4] = (0 + 0.1) / 2 = 0.05
    expect(m.profitMean).toBeCloseTo(0.05, 12);
    expect(m.profitMedian).toBeCloseTo(0.05, 12);
    expect(m.maxOpenTrades).toBe(3); // min(3 setting, 3 pairs)
    expect(m.tradeCountLong).toBe(6);
    expect(m.tradeCountShort).toBe(0);
  });

  it('total volume: amount * (open * (1 + fee) + close * (1 + fee)) summed', () => {
    // No fees: each trade is stake * (2 + ratio) = 100 * 2 + profit -> 6 * 200 + 30 = 1230
    expect(m.totalVolume).toBeCloseTo(1230, 9);
    // With fees: amount 2, open 50, close 55, fee 0.001 -> 2 * (50.05 + 55.055) = 210.21
    const t = makeTrade(9, 'BTC/USDT', '2023-01-01T00:00:00', '2023-01-01T01:00:00', 10, { amount: 2, openRate: 50, closeRate: 55, feeOpen: 0.001, feeClose: 0.001 });
    expect(tradeVolume(t)).toBeCloseTo(210.21, 9);
  });

  it('CAGR over the 30-day span', () => {
    // (1030 / 1000) ^ (1 / (30 / 365)) - 1 = 1.03 ^ 12.1667 - 1 = 0.432802...
    expect(m.cagr).toBeCloseTo(1.03 ** (365 / 30) - 1, 12);
    expect(m.cagr).toBeCloseTo(0.432802, 6);
  });

  it('CAGR over known whole-year periods', () => {
    expect(calculateCagr(365, 1000, 1100)).toBeCloseTo(0.1, 12); // one year, +10%
    expect(calculateCagr(730, 1000, 1210)).toBeCloseTo(0.1, 12); // 1.21 = 1.1^2 over two years
    expect(calculateCagr(365, 1000, 500)).toBeCloseTo(-0.5, 12);
    expect(calculateCagr(365, 1000, -5)).toBe(0); // leverage wiped the account: Freqtrade reports 0
  });

  it('Sharpe: daily mean return / population std * sqrt(365)', () => {
    // sum r = 0.03, per day 0.03 / 30 = 0.001; mean r = 0.005; deviations 0.015, -0.015,
    // -0.035, -0.005, 0.035, 0.005; squares sum 2.95e-3; / 6 = 4.916667e-4; std = 0.0221736
    // Sharpe = 0.001 / 0.0221736 * 19.104973 = 0.861611
    const std = Math.sqrt(2.95e-3 / 6);
    expect(m.sharpe).toBeCloseTo((0.001 / std) * SQRT365, 10);
    expect(m.sharpe).toBeCloseTo(0.861611, 6);
  });

  it('Sortino: daily mean return / population std of losing returns * sqrt(365)', () => {
    // losing returns [-0.01, -0.03]: mean -0.02, std 0.01 -> 0.001 / 0.01 * 19.104973 = 1.910497
    expect(m.sortino).toBeCloseTo(0.1 * SQRT365, 10);
    expect(m.sortino).toBeCloseTo(1.910497, 6);
  });

  it('Calmar: (total return / days * 100) / relative drawdown * sqrt(365)', () => {
    // 0.03 / 30 * 100 = 0.1; drawdown 40 / 1020 = 0.0392157; 0.1 / 0.0392157 = 2.55;
    // 2.55 * 19.104973 = 48.717682
    expect(m.calmar).toBeCloseTo(2.55 * SQRT365, 9);
    expect(m.calmar).toBeCloseTo(48.717682, 5);
  });

  it('SQN: sqrt(n) * mean / sample std, rounded to 4 decimals', () => {
    // sample std = sqrt(2.95e-3 / 5) = 0.0242899; sqrt(6) * 0.005 / 0.0242899 = 0.504220 -> 0.5042
    expect(m.sqn).toBe(0.5042);
  });

  it('profit factor, expectancy and expectancy ratio', () => {
    expect(m.profitFactor).toBeCloseTo(1.75, 12); // (20 + 40 + 10) / |-10 - 30|
    // average win 70 / 3 = 23.333, average loss 40 / 2 = 20, winrate 3/6, loserate 2/6:
    // expectancy = 0.5 * 23.333 - (1/3) * 20 = 5.0 (= 30 / 6)
    expect(m.expectancy).toBeCloseTo(5, 12);
    // ratio = (1 + 23.333 / 20) * 0.5 - 1 = 2.16667 * 0.5 - 1 = 0.083333
    expect(m.expectancyRatio).toBeCloseTo(1 / 12, 12);
  });

  it('best / worst pair and trade', () => {
    // BTC: 20 - 30 + 40 = 30 (3.00%); ETH: -10 + 0 + 10 = 0; XRP: no trades = 0. The worst
    // is the first minimum in the table order (sorted by profit, ties in pair-list order): ETH.
    expect(m.bestPair).toEqual({ key: 'BTC/USDT', profitTotal: expect.closeTo(0.03, 12), profitTotalAbs: expect.closeTo(30, 12) });
    expect(m.worstPair?.key).toBe('ETH/USDT');
    expect(m.worstPair?.profitTotalAbs).toBeCloseTo(0, 12);
    expect(m.bestTrade).toMatchObject({ id: 5, pair: 'BTC/USDT', profitRatio: 0.4 });
    expect(m.worstTrade).toMatchObject({ id: 3, pair: 'BTC/USDT', profitRatio: -0.3 });
  });

  it('best / worst day and days win / draw / lose', () => {
    // Closing days: 01-02 +20, 01-03 -10, 01-09 -30, 01-10 0, 01-16 +40, 01-31 +10. pandas
    // resamples every day from 01-02 to 01-31 (30 days): 3 winning, 2 losing, and 25 draw
    // days (the 01-10 draw trade and 24 days without trades).
    expect(m.backtestBestDayAbs).toBe(40);
    expect(m.backtestWorstDayAbs).toBe(-30);
    expect(m.backtestBestDay).toBeCloseTo(0.4, 12); // summed profit ratio of the best day
    expect(m.backtestWorstDay).toBeCloseTo(-0.3, 12);
    expect([m.winningDays, m.drawDays, m.losingDays]).toEqual([3, 25, 2]);
  });

  it('wins / draws / losses and holding times of winners and losers', () => {
    expect([m.wins, m.draws, m.losses]).toEqual([3, 1, 2]);
    expect(m.winrate).toBe(0.5);
    // all: (600 + 300 + 2160 + 60 + 1440 + 1440) / 6 = 1000 min
    expect(m.holdingAvgS).toBe(1000 * 60);
    // winners 600, 1440, 1440 min: min 600, max 1440, avg 3480 / 3 = 1160
    expect([m.winnerHoldingMinS, m.winnerHoldingMaxS, m.winnerHoldingAvgS]).toEqual([600 * 60, 1440 * 60, 1160 * 60]);
    // losers 300, 2160 min: avg 1230
    expect([m.loserHoldingMinS, m.loserHoldingMaxS, m.loserHoldingAvgS]).toEqual([300 * 60, 2160 * 60, 1230 * 60]);
  });

  it('max consecutive wins / losses (a draw counts as a loss, as in Freqtrade)', () => {
    // W L L L(draw) W W -> 2 wins in a row, 3 losses in a row
    expect([m.maxConsecutiveWins, m.maxConsecutiveLosses]).toEqual([2, 3]);
  });

  it('rejected signals and risk denials by reason are passed through', () => {
    expect(m.rejectedSignals).toBe(4);
    expect(m.riskDenials).toEqual({ max_open_trades: 3, pair_locked: 1 });
  });

  it('min / max balance: running profit sum in trade order + starting balance', () => {
    // cumulative [20, 10, -20, -20, 20, 30] -> 980 and 1030
    expect([m.csumMin, m.csumMax]).toEqual([980, 1030]);
  });

  it('drawdown: high, low, start, end, absolute, account % and underwater', () => {
    // cumulative (with the zero row) [0, 20, 10, -20, -20, 20, 30], high water mark
    // [0, 20, 20, 20, 20, 20, 30], drawdown [0, 0, -10, -40, -40, 0, 0]: the first -40 is after
    // trade 3; the high before it was set by trade 1.
    expect(m.maxDrawdownAbs).toBe(40);
    expect(m.maxDrawdownHigh).toBe(20);
    expect(m.maxDrawdownLow).toBe(-20);
    expect(m.drawdownStart).toBe(utc('2023-01-02T10:00:00')); // trade 1's close
    expect(m.drawdownEnd).toBe(utc('2023-01-09T12:00:00')); // trade 3's close
    expect(m.drawdownDurationS).toBe((7 * 24 + 2) * 3600); // 7 days, 2:00:00
    // (1000 + 20) - (1000 - 20) = 40 over 1020
    expect(m.maxDrawdownAccount).toBeCloseTo(40 / 1020, 12);
    expect(m.maxRelativeDrawdown).toBeCloseTo(40 / 1020, 12);
    expect(m.marketChange).toBe(-0.075);
  });
});

describe('drawdown edge cases', () => {
  it('relative and absolute maxima can be different rows', () => {
    // Balance 100: lose 50 first (abs 50, relative 50 / 100 = 0.5), then gain 1050 and lose
    // 100 (abs 100, relative 100 / 1100 = 0.091): the largest absolute and the largest
    // relative drawdown are different rows.
    const trades = [
      makeTrade(1, 'A/USDT', '2023-01-01T00:00:00', '2023-01-01T01:00:00', -50),
      makeTrade(2, 'A/USDT', '2023-01-02T00:00:00', '2023-01-02T01:00:00', 1050),
      makeTrade(3, 'A/USDT', '2023-01-03T00:00:00', '2023-01-03T01:00:00', -100),
    ];
    const abs = calculateMaxDrawdown(trades, { startingBalance: 100 })!;
    // cumulative [0, -50, 1000, 900], high [0, 0, 1000, 1000], drawdown [0, -50, 0, -100]
    expect(abs.drawdownAbs).toBe(100);
    expect(abs.highValue).toBe(1000);
    expect(abs.lowValue).toBe(900);
    expect(abs.relativeAccountDrawdown).toBeCloseTo(100 / 1100, 12);
    expect(abs.highDate).toBe(utc('2023-01-02T01:00:00'));
    expect(abs.lowDate).toBe(utc('2023-01-03T01:00:00'));
    const rel = calculateMaxDrawdown(trades, { startingBalance: 100, relative: true })!;
    // relative [0, 50/100, 0, 100/1100]: the first trade's loss is half the account
    expect(rel.relativeAccountDrawdown).toBeCloseTo(0.5, 12);
    expect(rel.drawdownAbs).toBe(50);
    // high is the zero row -> its date is the first trade's close
    expect(rel.highDate).toBe(utc('2023-01-01T01:00:00'));
    expect(rel.lowDate).toBe(utc('2023-01-01T01:00:00'));
  });

  it('trades are sorted by close date for the drawdown but not for the balance range', () => {
    // Recorded order: +30 closing late, -20 closing early. By close date: -20 then +30 ->
    // drawdown 20 from the start. In recorded order the running sum is [30, 10].
    const trades = [
      makeTrade(1, 'A/USDT', '2023-01-01T00:00:00', '2023-01-05T00:00:00', 30),
      makeTrade(2, 'A/USDT', '2023-01-02T00:00:00', '2023-01-03T00:00:00', -20),
    ];
    expect(calculateMaxDrawdown(trades, { startingBalance: 1000 })!.drawdownAbs).toBe(20);
    expect(calculateCsum(trades, 1000)).toEqual({ min: 1010, max: 1030 });
  });
});

describe('ratios: degenerate inputs return Freqtrade\'s sentinels', () => {
  const span = [utc('2023-01-01T00:00:00'), utc('2023-01-31T00:00:00')] as const;

  it('one winning trade: std 0 -> -100 for Sharpe, Sortino (no losers), SQN (n=1) and Calmar (no drawdown)', () => {
    const t = [makeTrade(1, 'A/USDT', '2023-01-02T00:00:00', '2023-01-02T01:00:00', 10)];
    expect(calculateSharpe(t, span[0], span[1], 1000)).toBe(-100);
    expect(calculateSortino(t, span[0], span[1], 1000)).toBe(-100);
    expect(calculateSqn(t, 1000)).toBe(-100);
    expect(calculateCalmar(t, span[0], span[1], 1000)).toBe(-100);
    expect(calculateExpectancy(t)).toEqual({ expectancy: 10, expectancyRatio: 100 }); // no loser -> ratio 100
  });

  it('one losing trade: drawdown from the starting balance, Calmar from it', () => {
    const t = [makeTrade(1, 'A/USDT', '2023-01-02T00:00:00', '2023-01-02T01:00:00', -10)];
    const dd = calculateMaxDrawdown(t, { startingBalance: 1000 })!;
    // cumulative [0, -10], high [0, 0]: abs 10, relative 10 / 1000, high at the zero row
    expect(dd).toMatchObject({ drawdownAbs: 10, highValue: 0, lowValue: -10, relativeAccountDrawdown: 0.01 });
    expect(dd.highDate).toBe(dd.lowDate);
    // -0.01 / 30 * 100 = -0.033333; / 0.01 = -3.33333; * sqrt(365) = -63.6832
    expect(calculateCalmar(t, span[0], span[1], 1000)).toBeCloseTo((-1 / 0.3) * SQRT365, 9);
    // expectancy = 0 * 0 - 1 * 10 = -10; ratio = (1 + 0 / 10) * 0 - 1 = -1
    expect(calculateExpectancy(t)).toEqual({ expectancy: -10, expectancyRatio: -1 });
  });

  it('a zero-length span gives 0 for Sharpe, Sortino and Calmar', () => {
    const t = handTrades();
    expect(calculateSharpe(t, span[0], span[0], 1000)).toBe(0);
    expect(calculateSortino(t, span[0], span[0], 1000)).toBe(0);
    expect(calculateCalmar(t, span[0], span[0], 1000)).toBe(0);
  });

  it('spans shorter than a day count as one day', () => {
    // 0.03 / 1 day / 0.0221736 * sqrt(365)
    const t = handTrades();
    expect(calculateSharpe(t, span[0], span[0] + 3_600_000, 1000)).toBeCloseTo((0.03 / Math.sqrt(2.95e-3 / 6)) * SQRT365, 9);
  });
});

describe('consecutive wins and losses', () => {
  it('counts runs in recorded order', () => {
    const p = [1, 2, -1, 3, 4, 5, -1, -2, 0, -3, 6];
    const trades = p.map((x, i) => makeTrade(i + 1, 'A/USDT', '2023-01-01T00:00:00', '2023-01-01T01:00:00', x));
    // wins: [1,2], [3,4,5], [6] -> 3; losses (0 included): [-1], [-1,-2,0,-3] -> 4
    expect(calcStreak(trades)).toEqual({ wins: 3, losses: 4 });
    expect(calcStreak([])).toEqual({ wins: 0, losses: 0 });
  });
});

describe('market change', () => {
  it('mean over pairs of last / first close - 1 from min date on, NaN skipped', () => {
    const c = (ts: number[], close: number[]) => ({ timestamp: Float64Array.from(ts), close: Float64Array.from(close) });
    const data = {
      // startup candle at t=0 (close 50) is before minDate=10: first = 100, last = 110 -> +0.10
      'A/USDT': c([0, 10, 20, 30], [50, 100, NaN, 110]),
      // 200 -> 150: -0.25
      'B/USDT': c([10, 20], [200, 150]),
      // nothing from minDate on: left out
      'C/USDT': c([0, 5], [1, 2]),
    };
    // (0.10 - 0.25) / 2 = -0.075
    expect(calculateMarketChange(data, 10)).toBeCloseTo(-0.075, 12);
    // without a min date C counts (2/1 - 1 = 1) and A starts at 50 (110/50 - 1 = 1.2): (1.2 - 0.25 + 1) / 3 = 0.65
    expect(calculateMarketChange(data)).toBeCloseTo(0.65, 12);
    expect(calculateMarketChange({})).toBe(0);
  });
});

describe('empty trade list', () => {
  it('gives Freqtrade\'s zeros and does not throw', () => {
    const run = handRun({ trades: [] });
    const m = generateStrategyMetrics(run);
    expect(m).toMatchObject({
      totalTrades: 0, tradesPerDay: 0, profitTotalAbs: 0, profitTotal: 0, finalBalance: 1000, cagr: 0,
      sharpe: 0, sortino: 0, calmar: 0, sqn: 0, profitFactor: 0, expectancy: 0, expectancyRatio: 100,
      avgStakeAmount: 0, profitMean: 0, profitMedian: 0, totalVolume: 0,
      maxDrawdownAbs: 0, maxDrawdownAccount: 0, maxRelativeDrawdown: 0, drawdownStart: 0, drawdownEnd: 0,
      csumMin: 0, csumMax: 0, winningDays: 0, drawDays: 0, losingDays: 0,
      maxConsecutiveWins: 0, maxConsecutiveLosses: 0, bestTrade: null, worstTrade: null,
    });
    // Pairs without trades still have rows, so best/worst pair exist (all at 0): the first pair.
    expect(m.bestPair?.key).toBe('BTC/USDT');
    const t = generateStrategyTables(run);
    expect(t.resultsPerPair.map((r) => [r.key, r.trades, r.durationAvg, r.winrate])).toEqual([
      ['BTC/USDT', 0, '0:00', 0],
      ['ETH/USDT', 0, '0:00', 0],
      ['XRP/USDT', 0, '0:00', 0],
      ['TOTAL', 0, '0:00', 0],
    ]);
    expect(t.leftOpenTrades.map((r) => r.key)).toEqual(['TOTAL']);
    expect(t.periodicBreakdown).toEqual({ day: [], week: [], month: [], year: [], weekday: [] });
    // No NaN anywhere (JSON cannot hold it).
    expect(JSON.stringify({ m, t })).not.toMatch(/NaN|null,"worstPair"/);
    for (const v of Object.values(m)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });
});

describe('a single trade', () => {
  it('every metric is defined and matches the hand values', () => {
    const trade = makeTrade(1, 'BTC/USDT', '2023-01-10T00:00:00', '2023-01-10T06:00:00', 15, { enterTag: 'x' });
    const m = generateStrategyMetrics(handRun({ trades: [trade] }));
    expect(m.totalTrades).toBe(1);
    expect(m.profitTotal).toBeCloseTo(0.015, 12);
    expect(m.cagr).toBeCloseTo(1.015 ** (365 / 30) - 1, 12);
    expect([m.sharpe, m.sortino, m.calmar, m.sqn]).toEqual([-100, -100, -100, -100]);
    expect([m.expectancy, m.expectancyRatio, m.profitFactor]).toEqual([15, 100, 0]);
    expect([m.maxDrawdownAbs, m.maxDrawdownAccount, m.drawdownStart, m.drawdownEnd]).toEqual([0, 0, trade.closeDate, trade.closeDate]);
    expect([m.csumMin, m.csumMax]).toEqual([1015, 1015]);
    expect([m.winningDays, m.drawDays, m.losingDays]).toEqual([1, 0, 0]);
    expect([m.maxConsecutiveWins, m.maxConsecutiveLosses]).toEqual([1, 0]);
    expect([m.winnerHoldingAvgS, m.loserHoldingAvgS]).toEqual([6 * 3600, 0]);
  });
});
