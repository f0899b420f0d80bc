/**
 * The rows of Freqtrade's per-pair, enter-tag, exit-reason and mixed-tag tables
 * (optimize_reports.py: _generate_result_line, generate_pair_metrics, generate_tag_metrics).
 * Every row carries the full metric set computed on that row's trades alone, against the
 * whole run's starting balance and date span.
 */
import { tradeDurationMinutes, type TradeRecord } from '../portfolio/trade-record.ts';
import { calculateMaxDrawdown } from './drawdown.ts';
import { pyRound, pyTimedelta, roundHalfEven } from './py-format.ts';
import {
  calculateCagr,
  calculateExpectancy,
  calmarFromDrawdown,
  calculateProfitFactor,
  calculateSharpe,
  calculateSortino,
  calculateSqn,
  wholeDays,
} from './ratios.ts';
import type { ResultLine } from './result-schema.ts';


export interface Span {
  minDate: number;
  maxDate: number;
  startingBalance: number;
}

/** Backtest days as Freqtrade counts them: whole days of the span, at least 1. */
export function backtestDays(span: Pick<Span, 'minDate' | 'maxDate'>): number {
  return wholeDays(span.minDate, span.maxDate) || 1;
}

export function generateResultLine(trades: readonly TradeRecord[], span: Span, key: string | string[]): ResultLine {
  const { startingBalance, minDate, maxDate } = span;
  const n = trades.length;
  let profitAbs = 0;
  let wins = 0;
  let draws = 0;
  let losses = 0;
  for (const t of trades) {
    profitAbs += t.profitAbs;
    if (t.profitAbs > 0) wins++;
    else if (t.profitAbs === 0) draws++;
    else if (t.profitAbs < 0) losses++;
  }
  const profitTotal = profitAbs / startingBalance;
  let ratioSum = 0;
  let minutesSum = 0;
  for (const t of trades) {
    ratioSum += t.profitRatio;
    minutesSum += tradeDurationMinutes(t);
  }
  const profitMean = n > 0 ? ratioSum / n : 0;
  const { expectancy, expectancyRatio } = calculateExpectancy(trades);
  const dd = calculateMaxDrawdown(trades, { value: 'profitAbs', startingBalance });
  return {
    key,
    trades: n,
    profitMean,
    profitMeanPct: n > 0 ? pyRound(profitMean * 100, 2) : 0,
    profitTotalAbs: profitAbs,
    profitTotal,
    profitTotalPct: pyRound(profitTotal * 100, 2),
    durationAvg: n > 0 ? pyTimedelta(roundHalfEven(minutesSum / n) * 60) : '0:00',
    wins,
    draws,
    losses,
    winrate: n > 0 ? wins / n : 0,
    cagr: calculateCagr(backtestDays(span), startingBalance, startingBalance + profitAbs),
    expectancy,
    expectancyRatio,
    sortino: calculateSortino(trades, minDate, maxDate, startingBalance),
    sharpe: calculateSharpe(trades, minDate, maxDate, startingBalance),
    calmar: calmarFromDrawdown(trades, minDate, maxDate, startingBalance, dd ? dd.relativeAccountDrawdown : 0),
    sqn: calculateSqn(trades, startingBalance),
    profitFactor: calculateProfitFactor(trades),
    maxDrawdownAccount: dd ? dd.relativeAccountDrawdown : 0,
    maxDrawdownAbs: dd ? dd.drawdownAbs : 0,
  };
}

/** Python's sorted(..., key=profit_total_abs, reverse=True): descending, ties keep their order. */
function sortByProfitDesc(lines: ResultLine[]): ResultLine[] {
  return lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => b.l.profitTotalAbs - a.l.profitTotalAbs || a.i - b.i)
    .map((x) => x.l);
}

/**
 * One row per pair of the pair list (in that order before sorting by total profit), then the
 * TOTAL row. `skipEmpty` drops pairs without trades (Freqtrade's skip_nan, used for the
 * left-open table).
 */
export function generatePairMetrics(
  pairs: readonly string[],
  trades: readonly TradeRecord[],
  span: Span,
  skipEmpty = false,
  total: ResultLine = generateResultLine(trades, span, 'TOTAL'),
): ResultLine[] {
  const byPair = new Map<string, TradeRecord[]>();
  for (const p of pairs) byPair.set(p, []);
  for (const t of trades) byPair.get(t.pair)?.push(t);
  const lines: ResultLine[] = [];
  for (const [pair, list] of byPair) {
    if (skipEmpty && list.length === 0) continue;
    lines.push(generateResultLine(list, span, pair));
  }
  return [...sortByProfitDesc(lines), total];
}

export type TagColumn = 'enterTag' | 'exitReason';

/**
 * One row per tag value (or per [enter tag, exit reason] pair), sorted by total profit, then
 * TOTAL. As in pandas' groupby, trades whose tag is null are in no group (they still count in
 * TOTAL), an empty-string tag is a group of its own, and groups start in sorted key order.
 */
export function generateTagMetrics(
  columns: TagColumn | TagColumn[],
  trades: readonly TradeRecord[],
  span: Span,
  total: ResultLine = generateResultLine(trades, span, 'TOTAL'),
): ResultLine[] {
  const cols = Array.isArray(columns) ? columns : [columns];
  const groups = new Map<string, { key: string[]; trades: TradeRecord[] }>();
  for (const t of trades) {
    const key: string[] = [];
    let dropped = false;
    for (const c of cols) {
      const v = t[c];
      if (v === null || v === undefined) dropped = true;
      else key.push(v);
    }
    if (dropped) continue;
    const id = key.join('\u0000');
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, trades: [] }));
    g.trades.push(t);
  }
  const sorted = [...groups.values()].sort((a, b) => compareKeys(a.key, b.key));
  const lines = sorted.map((g) => generateResultLine(g.trades, span, Array.isArray(columns) ? g.key : g.key[0]!));
  return [...sortByProfitDesc(lines), total];
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}
