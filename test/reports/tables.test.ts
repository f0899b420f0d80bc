/**
 * The report tables on the hand-made trade list (fixtures.ts) and on boundary cases of the
 * periodic breakdown, against hand-worked values.
 */
import { describe, expect, it } from 'vitest';
import { generateStrategyTables } from '../../framework/reports/metrics.ts';
import { generatePeriodicBreakdown } from '../../framework/reports/periodic.ts';
import { generateResultLine } from '../../framework/reports/result-line.ts';
import { handRun, makeTrade, utc } from './fixtures.ts';

const t = generateStrategyTables(handRun());
const row = (rows: typeof t.resultsPerPair, key: string | string[]) => rows.find((r) => JSON.stringify(r.key) === JSON.stringify(key))!;

describe('per-pair table', () => {
  it('rows sorted by total profit (ties in pair-list order), then TOTAL', () => {
    expect(t.resultsPerPair.map((r) => r.key)).toEqual(['BTC/USDT', 'ETH/USDT', 'XRP/USDT', 'TOTAL']);
  });

  it('BTC/USDT: trades 1, 3, 5', () => {
    const r = row(t.resultsPerPair, 'BTC/USDT');
    expect(r.trades).toBe(3);
    // mean ratio (0.2 - 0.3 + 0.4) / 3 = 0.1 -> 10.0 %
    expect(r.profitMean).toBeCloseTo(0.1, 12);
    expect(r.profitMeanPct).toBe(10);
    expect(r.profitTotalAbs).toBeCloseTo(30, 12);
    expect(r.profitTotalPct).toBe(3); // 30 / 1000
    // (600 + 2160 + 1440) / 3 = 1400 min = 23:20:00
    expect(r.durationAvg).toBe('23:20:00');
    expect([r.wins, r.draws, r.losses]).toEqual([2, 0, 1]);
    expect(r.winrate).toBeCloseTo(2 / 3, 12);
    // Per-row drawdown: BTC cumulative [0, 20, -10, 30]: 30 below the high of 20, over 1020
    expect(r.maxDrawdownAbs).toBe(30);
    expect(r.maxDrawdownAccount).toBeCloseTo(30 / 1020, 12);
  });

  it('ETH/USDT and the empty XRP/USDT row', () => {
    const eth = row(t.resultsPerPair, 'ETH/USDT');
    // (-0.1 + 0 + 0.1) / 3 = 0 ; (300 + 60 + 1440) / 3 = 600 min
    expect(eth.profitMeanPct).toBe(0);
    expect(eth.durationAvg).toBe('10:00:00');
    expect([eth.wins, eth.draws, eth.losses]).toEqual([1, 1, 1]);
    const xrp = row(t.resultsPerPair, 'XRP/USDT');
    expect(xrp).toMatchObject({ trades: 0, profitMean: 0, profitTotalAbs: 0, durationAvg: '0:00', winrate: 0, expectancyRatio: 100, sqn: 0 });
  });

  it('TOTAL row carries the whole-run metrics', () => {
    const total = row(t.resultsPerPair, 'TOTAL');
    expect(total.trades).toBe(6);
    expect(total.profitMeanPct).toBe(5); // mean ratio 0.05
    expect(total.durationAvg).toBe('16:40:00'); // 6000 / 6 = 1000 min
    expect(total.sqn).toBe(0.5042);
    expect(total.profitFactor).toBeCloseTo(1.75, 12);
  });
});

describe('tag tables', () => {
  it('enter tags: null tags are in no group (only in TOTAL), as pandas groupby does', () => {
    // a: trades 1, 3, 6 -> 20 - 30 + 10 = 0; b: trades 2, 5 -> -10 + 40 = 30; trade 4 untagged
    expect(t.resultsPerEnterTag.map((r) => [r.key, r.trades])).toEqual([['b', 2], ['a', 3], ['TOTAL', 6]]);
    expect(row(t.resultsPerEnterTag, 'b').profitTotalAbs).toBeCloseTo(30, 12);
  });

  it('exit reasons sorted by total profit', () => {
    // roi 20 + 40 = 60, force_exit 10, exit_signal 0, stop_loss -10 - 30 = -40
    expect(t.exitReasonSummary.map((r) => [r.key, r.trades, r.profitTotalAbs])).toEqual([
      ['roi', 2, 60],
      ['force_exit', 1, 10],
      ['exit_signal', 1, 0],
      ['stop_loss', 2, -40],
      ['TOTAL', 6, 30],
    ]);
  });

  it('mixed tags group by (enter tag, exit reason)', () => {
    // (b, roi) 40; (a, roi) 20; (a, force_exit) 10; (b, stop_loss) -10; (a, stop_loss) -30
    expect(t.mixTagStats.map((r) => [r.key, r.profitTotalAbs])).toEqual([
      [['b', 'roi'], 40],
      [['a', 'roi'], 20],
      [['a', 'force_exit'], 10],
      [['b', 'stop_loss'], -10],
      [['a', 'stop_loss'], -30],
      ['TOTAL', 30],
    ]);
  });

  it('left-open trades: only pairs with a force-exited trade, then TOTAL', () => {
    expect(t.leftOpenTrades.map((r) => [r.key, r.trades, r.profitTotalAbs])).toEqual([
      ['ETH/USDT', 1, 10],
      ['TOTAL', 1, 10],
    ]);
  });
});

describe('average duration rounds half to even like Python', () => {
  const span = { minDate: utc('2023-01-01T00:00:00'), maxDate: utc('2023-01-31T00:00:00'), startingBalance: 1000 };
  it('6.5 min -> 6, 7.5 min -> 8, and days print as "N days, h:mm:ss"', () => {
    const a = makeTrade(1, 'A/USDT', '2023-01-01T00:00:00', '2023-01-01T00:06:00', 1);
    const b = makeTrade(2, 'A/USDT', '2023-01-01T00:00:00', '2023-01-01T00:07:00', 1);
    const c = makeTrade(3, 'A/USDT', '2023-01-01T00:00:00', '2023-01-01T00:08:00', 1);
    expect(generateResultLine([a, b], span, 'x').durationAvg).toBe('0:06:00');
    expect(generateResultLine([b, c], span, 'x').durationAvg).toBe('0:08:00');
    const d = makeTrade(4, 'A/USDT', '2023-01-01T00:00:00', '2023-01-02T01:05:00', 1);
    const e = makeTrade(5, 'A/USDT', '2023-01-01T00:00:00', '2023-01-03T00:00:00', 1);
    expect(generateResultLine([d], span, 'x').durationAvg).toBe('1 day, 1:05:00');
    expect(generateResultLine([e], span, 'x').durationAvg).toBe('2 days, 0:00:00');
  });
});

describe('periodic breakdown (pandas resample as Freqtrade uses it)', () => {
  it('weeks run Tuesday..Monday and carry the closing Monday as label', () => {
    // Freqtrade resamples with '1W-MON'; pandas closes such bins on the right, so the bin
    // labelled Monday 09/01/2023 holds closes from Tue 03/01 00:00 to Mon 09/01 23:59:59.
    const trades = [
      makeTrade(1, 'A/USDT', '2023-01-01T00:00:00', '2023-01-02T10:00:00', 1), // Mon 02/01 -> week 02/01
      makeTrade(2, 'A/USDT', '2023-01-01T00:00:00', '2023-01-03T00:00:00', 2), // Tue 03/01 -> week 09/01
      makeTrade(3, 'A/USDT', '2023-01-01T00:00:00', '2023-01-08T23:00:00', 3), // Sun 08/01 -> week 09/01
      makeTrade(4, 'A/USDT', '2023-01-01T00:00:00', '2023-01-09T23:59:59', -4), // Mon 09/01 late -> week 09/01
      makeTrade(5, 'A/USDT', '2023-01-01T00:00:00', '2023-01-10T00:00:00', 5), // Tue 10/01 -> week 16/01
    ];
    const weeks = generatePeriodicBreakdown(trades, 'week');
    expect(weeks.map((w) => [w.date, w.trades, w.profitAbs])).toEqual([
      ['02/01/2023', 1, 1],
      ['09/01/2023', 3, 1],
      ['16/01/2023', 1, 5],
    ]);
    expect(weeks[1]).toMatchObject({ dateTs: utc('2023-01-09T00:00:00'), wins: 2, draws: 0, losses: 1, profitFactor: 1.25 }); // (2 + 3) / 4
  });

  it('the hand-made list: empty weeks between trades are listed', () => {
    expect(t.periodicBreakdown.week.map((w) => [w.date, w.trades, w.profitAbs])).toEqual([
      ['02/01/2023', 1, 20],
      ['09/01/2023', 2, -40],
      ['16/01/2023', 2, 40],
      ['23/01/2023', 0, 0],
      ['30/01/2023', 0, 0],
      ['06/02/2023', 1, 10],
    ]);
    expect(t.periodicBreakdown.day).toHaveLength(30); // 02/01 .. 31/01
    expect(t.periodicBreakdown.day[0]).toMatchObject({ date: '02/01/2023', trades: 1, profitAbs: 20, profitFactor: 0 });
  });

  it('days split at midnight UTC; months are labelled by their last day; years by 31/12', () => {
    const trades = [
      makeTrade(1, 'A/USDT', '2023-01-01T00:00:00', '2023-01-31T23:59:59', 1),
      makeTrade(2, 'A/USDT', '2023-01-01T00:00:00', '2023-02-01T00:00:00', 2),
      makeTrade(3, 'A/USDT', '2023-01-01T00:00:00', '2023-03-15T12:00:00', -1),
      makeTrade(4, 'A/USDT', '2023-01-01T00:00:00', '2024-02-29T12:00:00', 7),
    ];
    const days = generatePeriodicBreakdown(trades.slice(0, 2), 'day');
    expect(days.map((d) => [d.date, d.trades])).toEqual([['31/01/2023', 1], ['01/02/2023', 1]]);
    const months = generatePeriodicBreakdown(trades, 'month');
    expect(months.slice(0, 3).map((m) => [m.date, m.trades, m.profitAbs])).toEqual([
      ['31/01/2023', 1, 1],
      ['28/02/2023', 1, 2],
      ['31/03/2023', 1, -1],
    ]);
    expect(months).toHaveLength(14); // Jan 2023 .. Feb 2024
    expect(months[13]!.date).toBe('29/02/2024');
    const years = generatePeriodicBreakdown(trades, 'year');
    expect(years.map((y) => [y.date, y.trades, y.profitAbs])).toEqual([['31/12/2023', 3, 2], ['31/12/2024', 1, 7]]);
  });

  it('weekday: Monday..Sunday, only days that have trades', () => {
    expect(t.periodicBreakdown.weekday.map((d) => [d.date, d.dateTs, d.trades])).toEqual([
      ['Monday', 0, 3], // 02/01, 09/01, 16/01
      ['Tuesday', 1, 3], // 03/01, 10/01, 31/01
    ]);
  });
});
