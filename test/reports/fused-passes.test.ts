/**
 * The report runs once per process, mostly as cold code, so it computes its figures in few
 * passes over the trades: one walk for a table row's sums and deviations (result-line.ts), one
 * for both drawdown picks (drawdown.ts), per-bin sums shared by every breakdown (periodic.ts),
 * one walk for the trading stats, reused rows for groups that hold every trade, a trade-hash
 * encoder that copies repeated strings whole. These tests hold each to the reference it
 * replaces, bit for bit (Object.is / toBe, never toBeCloseTo), on trade lists made from the
 * real BTC/USDT 5m 2023 candles: in close order as the engine records them, shuffled, with
 * draws, shorts, null and empty tags, and a NaN profit.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TradeRecord } from '../../framework/portfolio/trade-record.ts';
import { tradeDurationMinutes } from '../../framework/portfolio/trade-record.ts';
import { drawdownSeries, calculateMaxDrawdown, calculateMaxDrawdowns, sortByCloseDate } from '../../framework/reports/drawdown.ts';
import { buildBacktestResult } from '../../framework/reports/export.ts';
import { generateStrategyMetrics, generateStrategyTables } from '../../framework/reports/metrics.ts';
import { generateDailyStats, generatePeriodicBreakdown } from '../../framework/reports/periodic.ts';
import { formatDayMonthYear } from '../../framework/reports/py-format.ts';
import {
  calculateCalmar,
  calculateExpectancy,
  calculateProfitFactor,
  calculateSharpe,
  calculateSortino,
  calculateSqn,
  max,
  mean,
  min,
} from '../../framework/reports/ratios.ts';
import { generateResultLine, generateTagMetrics } from '../../framework/reports/result-line.ts';
import { BREAKDOWN_PERIODS, type PeriodStats } from '../../framework/reports/result-schema.ts';
import { TRADE_HASH_FIELDS, hashTradeList } from '../../framework/reports/trade-hash.ts';
import { calcStreak, generateTradingStats } from '../../framework/reports/trading-stats.ts';
import { readSharedCsv, sharedDataPath } from '../helpers/shared-data.ts';
import { handRun, makeTrade } from './fixtures.ts';

const DAY_MS = 86_400_000;
const candles = readSharedCsv(sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.csv'));

/**
 * `count` trades on the real candles, one after the other (so in close order): entry at a
 * candle's open, exit at the open `hold` candles later, 0.1 % fee per leg. Tags rotate
 * through two values, null and ''; pairs through two.
 */
function realTrades(count: number): TradeRecord[] {
  const trades: TradeRecord[] = [];
  let i = 50;
  for (let id = 1; id <= count; id++) {
    const hold = 1 + ((id * 7919) % 97);
    if (i + hold >= candles.timestamp.length) throw new Error('realTrades: not enough candles');
    const openRate = candles.open[i]!;
    const closeRate = candles.open[i + hold]!;
    const stake = 100 + (id % 13);
    const isShort = id % 9 === 0;
    const profitRatio = (isShort ? openRate / closeRate - 1 : closeRate / openRate - 1) - 0.002;
    const profitAbs = stake * profitRatio;
    trades.push(
      makeTrade(id, id % 4 === 0 ? 'ETH/USDT' : 'BTC/USDT', '2023-01-01T00:00:00', '2023-01-01T00:00:00', profitAbs, {
        openDate: candles.timestamp[i]!,
        closeDate: candles.timestamp[i + hold]!,
        openRate,
        closeRate,
        amount: stake / openRate,
        stakeAmount: stake,
        feeOpen: 0.001,
        feeClose: 0.001,
        profitRatio,
        isShort,
        enterTag: ['cross', 'cross', 'dip', null, ''][id % 5]!,
        exitReason: id % 3 === 0 ? 'roi' : 'exit_signal',
        exitTag: id % 7 === 0 ? 'tp' : null,
        initialStopLoss: id % 2 === 0 ? openRate * 0.9 : null,
      }),
    );
    i += hold + (id % 5);
  }
  return trades;
}

/** A deterministic shuffle (Park-Miller), so unsorted close dates are covered. */
function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 48_271) % 2_147_483_647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const sorted = realTrades(1500);
// Draws, a zero-profit day and two trades closing at the same instant (a tie for the sort).
const withDraws = sorted.map((t, k) => (k % 17 === 0 ? { ...t, profitAbs: 0, profitRatio: 0 } : t));
withDraws[11] = { ...withDraws[11]!, closeDate: withDraws[10]!.closeDate };
const lists: Array<[string, TradeRecord[]]> = [
  ['in close order', sorted],
  ['shuffled', shuffled(sorted)],
  ['with draws and a close-date tie', withDraws],
  ['shuffled with draws', shuffled(withDraws, 11)],
  ['one trade', sorted.slice(3, 4)],
  ['two trades', sorted.slice(8, 10)],
];
const span = { minDate: candles.timestamp[0]!, maxDate: candles.timestamp[candles.timestamp.length - 1]!, startingBalance: 1000 };

/** The drawdown as Freqtrade computes it: the full series, pandas idxmin / idxmax (NaN skipped). */
function referenceDrawdown(trades: readonly TradeRecord[], startingBalance: number, relative: boolean) {
  const rows = sortByCloseDate(trades);
  const s = drawdownSeries(rows, { value: 'profitAbs', startingBalance });
  const n = s.cumulative.length;
  let idx = 0;
  let best = relative ? -Infinity : Infinity;
  for (let k = 0; k < n; k++) {
    const v = relative ? s.drawdownRelative[k]! : s.drawdown[k]!;
    if (relative ? !Number.isNaN(v) && v > best : v < best) {
      best = v;
      idx = k;
    }
  }
  const firstMax = (to: number): number => {
    let m = 0;
    for (let k = 1; k < to; k++) if (s.highValue[k]! > s.highValue[m]!) m = k;
    return m;
  };
  const dateAt = (row: number): number => rows[Math.max(row - 1, 0)]!.closeDate;
  const highIdx = firstMax(idx + 1);
  return {
    drawdownAbs: Math.abs(s.drawdown[idx]!),
    highDate: dateAt(highIdx),
    lowDate: dateAt(idx),
    highValue: s.cumulative[highIdx]!,
    lowValue: s.cumulative[idx]!,
    relativeAccountDrawdown: s.drawdownRelative[idx]!,
    currentHighDate: dateAt(firstMax(n - 1)),
    currentHighValue: s.highValue[n - 1]!,
    currentDrawdownAbs: s.highValue[n - 1]! - s.cumulative[n - 1]!,
    currentRelativeAccountDrawdown: s.drawdownRelative[n - 1]!,
  };
}

describe('drawdown in one walk equals the series computation', () => {
  for (const [name, trades] of lists) {
    it(`${name}: absolute and relative picks, with and without a starting balance`, () => {
      for (const sb of [1000, 37.5, 0]) {
        for (const relative of [false, true]) {
          expect(calculateMaxDrawdown(trades, { startingBalance: sb, relative })).toStrictEqual(referenceDrawdown(trades, sb, relative));
        }
      }
    });
  }

  it('a NaN profit takes the series path (where NaN rows are skipped by the relative pick)', () => {
    const trades = sorted.slice(0, 40).map((t, k) => (k === 20 ? { ...t, profitAbs: Number.NaN } : t));
    const both = calculateMaxDrawdowns(trades, { startingBalance: 1000 })!;
    expect(both.absolute).toStrictEqual(referenceDrawdown(trades, 1000, false));
    expect(both.relative).toStrictEqual(referenceDrawdown(trades, 1000, true));
  });
});

describe('a table row in two walks equals the ratio functions', () => {
  for (const [name, trades] of lists) {
    it(name, () => {
      const line = generateResultLine(trades, span, 'TOTAL');
      const { minDate, maxDate, startingBalance: sb } = span;
      const dd = calculateMaxDrawdown(trades, { value: 'profitAbs', startingBalance: sb });
      const { expectancy, expectancyRatio } = calculateExpectancy(trades);
      expect(line.sortino).toBe(calculateSortino(trades, minDate, maxDate, sb));
      expect(line.sharpe).toBe(calculateSharpe(trades, minDate, maxDate, sb));
      expect(line.calmar).toBe(calculateCalmar(trades, minDate, maxDate, sb));
      expect(line.sqn).toBe(calculateSqn(trades, sb));
      expect(line.profitFactor).toBe(calculateProfitFactor(trades));
      expect(line.expectancy).toBe(expectancy);
      expect(line.expectancyRatio).toBe(expectancyRatio);
      expect(line.maxDrawdownAccount).toBe(dd!.relativeAccountDrawdown);
      expect(line.maxDrawdownAbs).toBe(dd!.drawdownAbs);
      expect(line.profitTotalAbs).toBe(trades.reduce((a, t) => a + t.profitAbs, 0));
      expect(line.profitMean).toBe(mean(trades.map((t) => t.profitRatio)));
      // The same row for the same trades whether the drawdown is passed in or computed.
      expect(generateResultLine(trades, span, 'TOTAL', dd)).toStrictEqual(line);
    });
  }

  it('a zero-length span and an empty list give the sentinels of the ratio functions', () => {
    const flat = { ...span, maxDate: span.minDate };
    const line = generateResultLine(sorted, flat, 'x');
    expect([line.sortino, line.sharpe, line.calmar]).toStrictEqual([0, 0, 0]);
    const empty = generateResultLine([], span, 'x');
    expect([empty.sortino, empty.sharpe, empty.calmar, empty.sqn, empty.profitFactor, empty.expectancy, empty.expectancyRatio]).toStrictEqual([0, 0, 0, 0, 0, 0, 100]);
  });
});

describe('tag and pair groups', () => {
  it('trades of one tag spread over the list land in one group; null tags in none; the empty tag is a group', () => {
    const rows = generateTagMetrics('enterTag', sorted, span);
    const keys = rows.map((r) => r.key);
    expect([...keys].sort()).toStrictEqual(['', 'TOTAL', 'cross', 'dip']);
    for (const tag of ['cross', 'dip', '']) {
      const group = sorted.filter((t) => t.enterTag === tag);
      expect(rows.find((r) => r.key === tag)).toStrictEqual(generateResultLine(group, span, tag));
    }
  });

  it('mixed tags: every (enter tag, exit reason) pair present, each equal to its own row', () => {
    const rows = generateTagMetrics(['enterTag', 'exitReason'], shuffled(sorted), span);
    const list = shuffled(sorted);
    for (const r of rows.slice(0, -1)) {
      const [enter, exit] = r.key as string[];
      const group = list.filter((t) => t.enterTag === enter && t.exitReason === exit);
      expect(r).toStrictEqual(generateResultLine(group, span, [enter!, exit!]));
    }
    expect(rows.slice(0, -1).reduce((a, r) => a + r.trades, 0)).toBe(list.filter((t) => t.enterTag !== null).length);
  });

  it('a group holding every trade is the TOTAL row under its key', () => {
    const one = sorted.map((t) => ({ ...t, pair: 'BTC/USDT', enterTag: 'x' }));
    const run = handRun({ trades: one, pairs: ['BTC/USDT', 'ETH/USDT'] });
    const t = generateStrategyTables(run);
    const total = t.resultsPerPair[t.resultsPerPair.length - 1]!;
    const runSpan = { minDate: run.timerange.start, maxDate: run.timerange.end, startingBalance: 1000 };
    expect(t.resultsPerPair.find((r) => r.key === 'BTC/USDT')).toStrictEqual(generateResultLine(one, runSpan, 'BTC/USDT'));
    expect(t.resultsPerPair.find((r) => r.key === 'ETH/USDT')).toStrictEqual(generateResultLine([], runSpan, 'ETH/USDT'));
    expect(t.resultsPerEnterTag).toStrictEqual([{ ...total, key: 'x' }, total]);
  });
});

/** pandas' resample as Freqtrade uses it, with a Date per label (the report's reference). */
function referenceBreakdown(trades: readonly TradeRecord[], period: (typeof BREAKDOWN_PERIODS)[number]): PeriodStats[] {
  const npRound = (x: number, d: number): number => {
    const f = 10 ** d;
    const y = x * f;
    const fl = Math.floor(y);
    const r = y - fl < 0.5 ? fl : y - fl > 0.5 ? fl + 1 : fl % 2 === 0 ? fl : fl + 1;
    return r / f;
  };
  const stats = (list: readonly TradeRecord[]) => {
    let sum = 0, wins = 0, draws = 0, losses = 0, win = 0, loss = 0;
    for (const t of list) {
      sum += t.profitAbs;
      if (t.profitAbs > 0) { wins++; win += t.profitAbs; } else if (t.profitAbs === 0) draws++; else if (t.profitAbs < 0) { losses++; loss += t.profitAbs; }
    }
    return { profitAbs: npRound(sum, 10), wins, draws, losses, trades: wins + draws + losses, profitFactor: npRound(loss ? win / Math.abs(loss) : 0, 8) };
  };
  const weekday = (ms: number): number => (new Date(ms).getUTCDay() + 6) % 7;
  if (period === 'weekday') {
    const names = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    return names.flatMap((name, d) => {
      const list = trades.filter((t) => weekday(t.closeDate) === d);
      return list.length === 0 ? [] : [{ date: name, dateTs: d, ...stats(list) }];
    });
  }
  const label = (ms: number): number => {
    const d = new Date(ms);
    const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    if (period === 'day') return day;
    if (period === 'week') return day + ((7 - weekday(day)) % 7) * DAY_MS;
    if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    return Date.UTC(d.getUTCFullYear(), 11, 31);
  };
  const closes = trades.map((t) => t.closeDate);
  const out: PeriodStats[] = [];
  for (let l = label(Math.min(...closes)); l <= label(Math.max(...closes)); l = label(l + DAY_MS)) {
    const list = trades.filter((t) => label(t.closeDate) === l);
    out.push({ date: formatDayMonthYear(l), dateTs: l, ...stats(list) });
  }
  return out;
}

describe('breakdowns on shared day sums equal a resample with Date labels', () => {
  // Two years of trades: a leap day, year and month ends, weeks across the new year.
  const twoYears = sorted.map((t, k) => (k % 2 === 0 ? { ...t, openDate: t.openDate + 365 * DAY_MS, closeDate: t.closeDate + 365 * DAY_MS } : t));
  for (const [name, trades] of [...lists, ['spanning 2023 and 2024, interleaved', twoYears] as [string, TradeRecord[]]]) {
    it(name, () => {
      for (const period of BREAKDOWN_PERIODS) expect(generatePeriodicBreakdown(trades, period)).toStrictEqual(referenceBreakdown(trades, period));
      const days = referenceBreakdown(trades, 'day');
      const rel = days.map((d) => trades.filter((t) => Math.floor(t.closeDate / DAY_MS) * DAY_MS === d.dateTs).reduce((a, t) => a + t.profitRatio, 0));
      const abs = days.map((d) => d.profitAbs);
      expect(generateDailyStats(trades)).toStrictEqual({
        backtestBestDay: max(rel),
        backtestWorstDay: min(rel),
        backtestBestDayAbs: max(abs),
        backtestWorstDayAbs: min(abs),
        winningDays: abs.filter((v) => v > 0).length,
        drawDays: abs.filter((v) => v === 0).length,
        losingDays: abs.filter((v) => v < 0).length,
        dailyProfit: days.map((d) => [new Date(d.dateTs).toISOString().slice(0, 10), d.profitAbs]),
      });
    });
  }
});

describe('trading stats in one walk', () => {
  for (const [name, trades] of lists) {
    it(name, () => {
      const minutes = (xs: readonly TradeRecord[]) => xs.map(tradeDurationMinutes);
      const toS = (m: number) => {
        const f = Math.floor(m);
        const r = m - f < 0.5 ? f : m - f > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
        return r * 60;
      };
      const winners = minutes(trades.filter((t) => t.profitRatio > 0));
      const losers = minutes(trades.filter((t) => t.profitRatio < 0));
      const agg = (xs: number[], f: (xs: number[]) => number) => (xs.length === 0 ? 0 : toS(f(xs)));
      const streak = calcStreak(trades);
      expect(generateTradingStats(trades)).toStrictEqual({
        wins: winners.length,
        losses: losers.length,
        draws: trades.filter((t) => t.profitRatio === 0).length,
        winrate: winners.length / trades.length,
        holdingAvgS: toS(mean(minutes(trades))),
        winnerHoldingMinS: agg(winners, min),
        winnerHoldingMaxS: agg(winners, max),
        winnerHoldingAvgS: agg(winners, mean),
        loserHoldingMinS: agg(losers, min),
        loserHoldingMaxS: agg(losers, max),
        loserHoldingAvgS: agg(losers, mean),
        maxConsecutiveWins: streak.wins,
        maxConsecutiveLosses: streak.losses,
      });
    });
  }
});

describe('summary metrics reuse the TOTAL row', () => {
  it('the ratios, median and sums equal their own computation', () => {
    for (const [, trades] of lists) {
      const run = handRun({ trades, pairs: ['BTC/USDT', 'ETH/USDT'], timerange: { start: span.minDate, end: span.maxDate } });
      const m = generateStrategyMetrics(run);
      const sb = run.startingBalance;
      expect(m.sortino).toBe(calculateSortino(trades, span.minDate, span.maxDate, sb));
      expect(m.sharpe).toBe(calculateSharpe(trades, span.minDate, span.maxDate, sb));
      expect(m.calmar).toBe(calculateCalmar(trades, span.minDate, span.maxDate, sb));
      expect(m.sqn).toBe(calculateSqn(trades, sb));
      const ratios = trades.map((t) => t.profitRatio).sort((a, b) => a - b);
      const mid = ratios.length >> 1;
      expect(m.profitMedian).toBe(ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2);
      expect(m.profitTotalShortAbs).toBe(trades.filter((t) => t.isShort).reduce((a, t) => a + t.profitAbs, 0));
      expect(m.avgStakeAmount).toBe(mean(trades.map((t) => t.stakeAmount)));
      const underwater = calculateMaxDrawdown(trades, { startingBalance: sb, relative: true })!;
      expect(m.maxRelativeDrawdown).toBe(underwater.relativeAccountDrawdown);
    }
  });

  it('a median landing on a zero keeps the sign the comparator sort gives (-0 before +0 is not reordered)', () => {
    const trades = sorted.slice(0, 3).map((t, k) => ({ ...t, profitRatio: [0, -0, 1][k]! }));
    const m = generateStrategyMetrics(handRun({ trades }));
    expect(Object.is(m.profitMedian, [0, -0, 1].sort((a, b) => a - b)[1])).toBe(true);
  });
});

describe('tables computed on first read', () => {
  it('the breakdowns and the daily profit list read, serialise and keep their place like plain values', () => {
    const run = handRun({ trades: sorted, pairs: ['BTC/USDT', 'ETH/USDT'] });
    const result = buildBacktestResult([run], { createdAt: 0 });
    const tables = result.strategy.HandMade!.tables;
    expect(Object.keys(tables)).toStrictEqual(['resultsPerPair', 'resultsPerEnterTag', 'exitReasonSummary', 'mixTagStats', 'leftOpenTrades', 'periodicBreakdown', 'dailyProfit']);
    expect(Object.keys(tables.periodicBreakdown)).toStrictEqual([...BREAKDOWN_PERIODS]);
    // Not computed yet: an accessor; after the first read, a plain data property with that value.
    expect(Object.getOwnPropertyDescriptor(tables.periodicBreakdown, 'week')!.get).toBeTypeOf('function');
    const weeks = tables.periodicBreakdown.week;
    expect(weeks).toStrictEqual(referenceBreakdown(run.trades, 'week'));
    expect(Object.getOwnPropertyDescriptor(tables.periodicBreakdown, 'week')).toStrictEqual({ value: weeks, writable: true, enumerable: true, configurable: true });
    expect(tables.periodicBreakdown.week).toBe(weeks);
    const parsed = JSON.parse(JSON.stringify(result)) as typeof result;
    expect(parsed.strategy.HandMade!.tables.dailyProfit).toStrictEqual(generateDailyStats(run.trades).dailyProfit);
    expect(parsed.strategy.HandMade!.tables.periodicBreakdown.month).toStrictEqual(referenceBreakdown(run.trades, 'month'));
    // Assignable like a data property.
    tables.periodicBreakdown.year = [];
    expect(tables.periodicBreakdown.year).toStrictEqual([]);
  });

  it('computed from the result\'s own copy of the trades: changing the run afterwards changes nothing', () => {
    const run = handRun({ trades: sorted.map((t) => ({ ...t })), pairs: ['BTC/USDT', 'ETH/USDT'] });
    const result = buildBacktestResult([run], { createdAt: 0 });
    const expected = referenceBreakdown(sorted, 'day');
    for (const t of run.trades) t.profitAbs = 1;
    expect(result.strategy.HandMade!.tables.periodicBreakdown.day).toStrictEqual(expected);
  });
});

/** The canonical encoding written plainly, one Buffer per field (trade-hash.ts documents it). */
function referenceHash(trades: readonly TradeRecord[]): string {
  const parts: Buffer[] = [Buffer.from(`keel-trade-list-v1\n${TRADE_HASH_FIELDS.join('|')}\n`)];
  for (const t of trades) {
    for (const f of TRADE_HASH_FIELDS) {
      const v = t[f];
      if (v === null || v === undefined) parts.push(Buffer.from([0]));
      else if (typeof v === 'boolean') parts.push(Buffer.from([3, v ? 1 : 0]));
      else if (typeof v === 'string') {
        const s = Buffer.from(v, 'utf8');
        const head = Buffer.alloc(5);
        head[0] = 2;
        head.writeUInt32LE(s.length, 1);
        parts.push(head, s);
      } else {
        const b = Buffer.alloc(9);
        b[0] = 1;
        b.writeDoubleLE(Number.isNaN(v) ? Number.NaN : v === 0 ? 0 : v, 1);
        parts.push(b);
      }
    }
  }
  return createHash('sha256').update(Buffer.concat(parts)).digest('hex');
}

describe('trade hash', () => {
  it('equals the plain encoding on real trades: pairs and tag runs changing, nulls, non-ASCII, -0 and NaN, across buffer flushes', () => {
    const trades = realTrades(1200).map((t, k) => ({
      ...t,
      exitReason: k % 11 === 0 ? 'stop_loss_on_exchange_é' : t.exitReason,
      exitTag: k % 13 === 0 ? '' : t.exitTag,
      stopLoss: k % 3 === 0 ? -0 : null,
      minRate: k === 5 ? Number.NaN : t.minRate,
    }));
    // 1,200 trades of ~250 bytes: several 64 KiB chunks.
    expect(hashTradeList(trades)).toBe(referenceHash(trades));
    expect(hashTradeList(shuffled(trades))).toBe(referenceHash(shuffled(trades)));
    expect(hashTradeList([])).toBe(referenceHash([]));
  });

  it('a string longer than a chunk', () => {
    const trades = realTrades(3).map((t) => ({ ...t, enterTag: 'x'.repeat(70_000) }));
    expect(hashTradeList(trades)).toBe(referenceHash(trades));
  });
});
