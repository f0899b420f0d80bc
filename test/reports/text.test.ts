/** The text report: Python-identical number formatting and Freqtrade's table contents. */
import { describe, expect, it } from 'vitest';
import { buildBacktestResult } from '../../framework/reports/export.ts';
import { fmtCoin, formatDurationDHM, pyFixed, pyPct, pyRound, pyStr, pyTimedelta, roundHalfEven } from '../../framework/reports/py-format.ts';
import { showBacktestResults, summaryMetricRows, textTableAddMetrics, winsDrawsLosses } from '../../framework/reports/text.ts';
import { handRun } from './fixtures.ts';

describe('Python-identical formatting', () => {
  it('f"{x:.2f}" and round() round exact ties to even', () => {
    // 0.125 and 0.375 are exact in binary: Python gives 0.12 and 0.38 (JS toFixed: 0.13, 0.38)
    expect(pyFixed(0.125, 2)).toBe('0.12');
    expect(pyFixed(0.375, 2)).toBe('0.38');
    expect(pyFixed(2.675, 2)).toBe('2.67'); // 2.67499999... in binary
    expect(pyFixed(-0.125, 2)).toBe('-0.12');
    expect(pyFixed(-0, 2)).toBe('-0.00');
    expect(pyFixed(2.5, 0)).toBe('2');
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect([roundHalfEven(2.5), roundHalfEven(3.5), roundHalfEven(6.5), roundHalfEven(6.51)]).toEqual([2, 4, 6, 7]);
  });

  it('str(float), percentages, money and durations', () => {
    expect([pyStr(0.2), pyStr(3), pyStr(1e-5), pyStr(-0.5)]).toEqual(['0.2', '3.0', '1e-05', '-0.5']);
    expect(pyPct(0.03)).toBe('3.00%');
    expect(fmtCoin(1030, 'USDT')).toBe('1030 USDT');
    expect(fmtCoin(0.1234567891, 'BTC')).toBe('0.12345679 BTC');
    expect(fmtCoin(12.3456, 'ETH', false)).toBe('12.3456');
    expect(fmtCoin(2.5, 'USDT', true, true)).toBe('2.500 USDT');
    expect([pyTimedelta(0), pyTimedelta(600 * 60), pyTimedelta(86_400 + 3600), pyTimedelta(7 * 86_400 + 7200)]).toEqual([
      '0:00:00',
      '10:00:00',
      '1 day, 1:00:00',
      '7 days, 2:00:00',
    ]);
    expect(formatDurationDHM(1160 * 60)).toBe('0d 19:20');
    expect(formatDurationDHM(2160 * 60)).toBe('1d 12:00');
  });

  it('Win  Draw  Loss  Win% cell', () => {
    expect(winsDrawsLosses(2, 0, 1)).toBe('   2     0     1  66.7');
    expect(winsDrawsLosses(3, 1, 0)).toBe('   3     1     0   100');
    expect(winsDrawsLosses(0, 0, 0)).toBe('   0     0     0     0');
  });
});

describe('summary metrics block', () => {
  const result = buildBacktestResult([handRun()], { createdAt: Date.UTC(2024, 0, 1) });
  const s = result.strategy.HandMade!;
  const rows = new Map(summaryMetricRows(s.metrics, s.provenance));

  it('prints every metric with Freqtrade\'s label and format', () => {
    expect(Object.fromEntries([...rows].filter(([k]) => k !== ''))).toEqual({
      'Backtesting from': '2023-01-01 00:00:00',
      'Backtesting to': '2023-01-31 00:00:00',
      'Max open trades': '3',
      'Total/Daily Avg Trades': '6 / 0.2',
      'Starting balance': '1000 USDT',
      'Final balance': '1030 USDT',
      'Absolute profit': '30 USDT',
      'Total profit %': '3.00%',
      'CAGR %': '43.28%',
      Sortino: '1.91',
      Sharpe: '0.86',
      Calmar: '48.72',
      SQN: '0.50',
      'Profit factor': '1.75',
      'Expectancy (Ratio)': '5.00 (0.08)',
      'Avg. daily profit': '1 USDT',
      'Avg. stake amount': '100 USDT',
      'Total trade volume': '1230 USDT',
      'Best Pair': 'BTC/USDT 3.00%',
      'Worst Pair': 'ETH/USDT 0.00%',
      'Best trade': 'BTC/USDT 40.00%',
      'Worst trade': 'BTC/USDT -30.00%',
      'Best day': '40 USDT',
      'Worst day': '-30 USDT',
      'Days win/draw/lose': '3 / 25 / 2',
      'Min/Max/Avg. Duration Winners': '0d 10:00 / 1d 00:00 / 0d 19:20',
      'Min/Max/Avg. Duration Losers': '0d 05:00 / 1d 12:00 / 0d 20:30',
      'Max Consecutive Wins / Loss': '2 / 3',
      'Rejected Entry signals': '4',
      'Risk denials': '4 (max_open_trades: 3, pair_locked: 1)',
      'Entry/Exit Timeouts': '0 / 0',
      'Min balance': '980 USDT',
      'Max balance': '1030 USDT',
      'Max % of account underwater': '3.92%',
      'Absolute drawdown': '40 USDT (3.92%)',
      'Drawdown duration': '7 days, 2:00:00',
      'Profit at drawdown start': '20 USDT',
      'Profit at drawdown end': '-20 USDT',
      'Drawdown start': '2023-01-02 10:00:00',
      'Drawdown end': '2023-01-09 12:00:00',
      'Market change': '-7.50%',
      'Fill model': 'freqtrade v1',
      Seed: '42',
      'Trade list hash': s.provenance.tradeListHash.slice(0, 16),
    });
  });

  it('the full report has every table, breakdowns on request, and the strategy summary', () => {
    const text = showBacktestResults(result, ['week', 'month']);
    for (const title of ['BACKTESTING REPORT', 'LEFT OPEN TRADES REPORT', 'ENTER TAG STATS', 'EXIT REASON STATS', 'MIXED TAG STATS', 'WEEK BREAKDOWN', 'MONTH BREAKDOWN', 'SUMMARY METRICS', 'STRATEGY SUMMARY']) {
      expect(text).toContain(title);
    }
    expect(text).not.toContain('DAY BREAKDOWN');
    expect(text).toMatch(/│ BTC\/USDT │ +3 │ +10\.00 │ +30\.000 │ +3\.00 │ +23:20:00 │    2     0     1  66\.7 │/);
    expect(text).toContain('│ 09/01/2023 │      2 │             -40 │           0.0 │    0     0     2     0 │');
    expect(text).toContain('Backtested 2023-01-01 00:00:00 -> 2023-01-31 00:00:00 | Max open trades : 3');
    // strategy summary drawdown cell: "40 USDT  3.92%"
    expect(text).toMatch(/│ HandMade │ +6 │ +5\.00 │ +30\.000 │ +3\.00 │ +16:40:00 │ +3 +1 +2 +50\.0 │ 40 USDT  3\.92% │/);
  });

  it('no trades: Freqtrade\'s one-line message instead of the metrics', () => {
    const empty = buildBacktestResult([handRun({ trades: [] })]).strategy.HandMade!;
    expect(textTableAddMetrics(empty.metrics)).toBe('No trades made. Your starting balance was 1000 USDT, and your stake was 100 USDT.\n');
    const unlimited = buildBacktestResult([handRun({ trades: [], stakeAmount: 'unlimited' })]).strategy.HandMade!;
    expect(textTableAddMetrics(unlimited.metrics)).toContain('your stake was unlimited.');
    expect(() => showBacktestResults(buildBacktestResult([handRun({ trades: [] })]), ['day', 'week', 'month'])).not.toThrow();
  });
});
