/**
 * The rows of Freqtrade's per-pair, enter-tag, exit-reason and mixed-tag tables
 * (optimize_reports.py: _generate_result_line, generate_pair_metrics, generate_tag_metrics).
 * Every row carries the full metric set computed on that row's trades alone, against the
 * whole run's starting balance and date span.
 */
import { tradeDurationMinutes, type TradeRecord } from '../portfolio/trade-record.ts';
import { calculateMaxDrawdown, type DrawdownResult } from './drawdown.ts';
import { pyRound, pyTimedelta, roundHalfEven } from './py-format.ts';
import { calculateCagr, wholeDays } from './ratios.ts';
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

/**
 * One table row. Every figure is Freqtrade's formula as in ratios.ts (calculateSortino,
 * calculateSharpe, calculateSqn, calculateExpectancy, calculateProfitFactor, calmarFromDrawdown,
 * which stay the reference), computed here in two walks over the trades with the same
 * operations in the same order, so the results are bit for bit theirs: the report runs once per
 * process as cold code, where each extra pass, callback and temporary array costs.
 * `drawdown`, when the caller has it: calculateMaxDrawdown(trades, { value: 'profitAbs',
 * startingBalance }) of these trades.
 */
export function generateResultLine(
  trades: readonly TradeRecord[],
  span: Span,
  key: string | string[],
  drawdown?: DrawdownResult | null,
): ResultLine {
  const { startingBalance: sb, minDate, maxDate } = span;
  const n = trades.length;
  let profitAbs = 0;
  let wins = 0;
  let draws = 0;
  let losses = 0;
  let winSum = 0;
  let lossSum = 0;
  let ratioSum = 0;
  let minutesSum = 0;
  // Returns are profit_abs / starting balance; down = those of the losing trades.
  let returnSum = 0;
  let downSum = 0;
  for (let i = 0; i < n; i++) {
    const t = trades[i]!;
    const p = t.profitAbs;
    profitAbs += p;
    const r = p / sb;
    returnSum += r;
    if (p > 0) {
      wins++;
      winSum += p;
    } else if (p === 0) draws++;
    else if (p < 0) {
      losses++;
      lossSum += p;
      downSum += r;
    }
    ratioSum += t.profitRatio;
    minutesSum += tradeDurationMinutes(t);
  }
  // Second walk: squared deviations from the means (numpy / pandas std).
  const returnMean = returnSum / n;
  const downMean = downSum / losses;
  let ss = 0;
  let downSs = 0;
  for (let i = 0; i < n; i++) {
    const p = trades[i]!.profitAbs;
    const r = p / sb;
    ss += (r - returnMean) ** 2;
    if (p < 0) downSs += (r - downMean) ** 2;
  }
  const profitTotal = profitAbs / sb;
  const profitMean = n > 0 ? ratioSum / n : 0;
  const dd = drawdown !== undefined ? drawdown : calculateMaxDrawdown(trades, { value: 'profitAbs', startingBalance: sb });
  const maxDrawdownAccount = dd ? dd.relativeAccountDrawdown : 0;
  // calculateSortino / calculateSharpe / calmarFromDrawdown: 0 for no trades or a zero-length span.
  const degenerate = n === 0 || minDate === maxDate;
  const ratioDays = degenerate ? 1 : Math.max(1, wholeDays(minDate, maxDate));
  const downStd = losses > 0 ? Math.sqrt(downSs / losses) : NaN;
  const std = n > 0 ? Math.sqrt(ss / n) : NaN;
  const sampleStd = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  const sqn = n === 0 ? 0 : pyRound(sampleStd !== 0 && !Number.isNaN(sampleStd) ? Math.sqrt(n) * (returnMean / sampleStd) : -100, 4);
  // calculateExpectancy (draws count in the denominators only) and calculateProfitFactor.
  const averageWin = wins > 0 ? winSum / wins : 0;
  const averageLoss = losses > 0 ? Math.abs(lossSum) / losses : 0;
  const expectancy = n > 0 ? (wins / n) * averageWin - (losses / n) * averageLoss : 0;
  const expectancyRatio = n > 0 && averageLoss > 0 ? (1 + averageWin / averageLoss) * (wins / n) - 1 : 100;
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
    cagr: calculateCagr(backtestDays(span), sb, sb + profitAbs),
    expectancy,
    expectancyRatio,
    sortino: degenerate ? 0 : downStd !== 0 && !Number.isNaN(downStd) ? (returnSum / ratioDays / downStd) * Math.sqrt(365) : -100,
    sharpe: degenerate ? 0 : std !== 0 ? (returnSum / ratioDays / std) * Math.sqrt(365) : -100,
    calmar: degenerate ? 0 : maxDrawdownAccount !== 0 ? (((profitAbs / sb / ratioDays) * 100) / maxDrawdownAccount) * Math.sqrt(365) : -100,
    sqn,
    profitFactor: lossSum ? winSum / Math.abs(lossSum) : 0,
    maxDrawdownAccount,
    maxDrawdownAbs: dd ? dd.drawdownAbs : 0,
  };
}

/**
 * The row of a group holding every trade of `trades` (in their order): the TOTAL row's
 * figures under the group's key, without computing them again (a single-pair run, a
 * strategy with one enter tag or one exit reason).
 */
function groupLine(list: readonly TradeRecord[], trades: readonly TradeRecord[], span: Span, key: string | string[], total: ResultLine): ResultLine {
  return list.length === trades.length ? { ...total, key } : generateResultLine(list, span, key);
}

/**
 * One row per pair of the pair list (in that order before sorting by total profit), then the
 * TOTAL row. `skipEmpty` drops pairs without trades (Freqtrade's skip_nan, used for the
 * left-open table). `total`, when given, must be generateResultLine(trades, span, 'TOTAL').
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
  // Consecutive trades are often of one pair: the previous trade's list is reused.
  let pair: string | undefined;
  let list: TradeRecord[] | undefined;
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    if (t.pair !== pair) {
      pair = t.pair;
      list = byPair.get(pair);
    }
    list?.push(t);
  }
  const lines: ResultLine[] = [];
  for (const [pair, list] of byPair) {
    if (skipEmpty && list.length === 0) continue;
    lines.push(groupLine(list, trades, span, pair, total));
  }
  const out = sortByProfitDesc(lines);
  out.push(total);
  return out;
}

export type TagColumn = 'enterTag' | 'exitReason';

/**
 * One row per tag value (or per [enter tag, exit reason] pair), sorted by total profit, then
 * TOTAL. As in pandas' groupby, trades whose tag is null are in no group (they still count in
 * TOTAL), an empty-string tag is a group of its own, and groups start in sorted key order.
 * `total`, when given, must be generateResultLine(trades, span, 'TOTAL').
 */
export function generateTagMetrics(
  columns: TagColumn | TagColumn[],
  trades: readonly TradeRecord[],
  span: Span,
  total: ResultLine = generateResultLine(trades, span, 'TOTAL'),
): ResultLine[] {
  const cols = Array.isArray(columns) ? columns : [columns];
  type Group = { key: string[]; trades: TradeRecord[] };
  const groups = new Map<string, Group>();
  // The group of a key: its values joined by NUL are the id; a null value leaves the trade out.
  const groupOf = (values: ReadonlyArray<string | null | undefined>): Group | null => {
    let id = '';
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (v === null || v === undefined) return null;
      id = c === 0 ? v : `${id}\u0000${v}`;
    }
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key: values.slice() as string[], trades: [] }));
    return g;
  };
  // Consecutive trades mostly share their tags: the previous trade's group is reused while the
  // values are the same, without building and looking up the id again.
  const values: Array<string | null | undefined> = cols.map(() => undefined);
  let group: Group | null | undefined;
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    let same = group !== undefined;
    for (let c = 0; c < cols.length; c++) {
      const v = t[cols[c]!];
      if (v !== values[c]) {
        values[c] = v;
        same = false;
      }
    }
    if (!same) group = groupOf(values);
    if (group) group.trades.push(t);
  }
  const sorted = [...groups.values()].sort((x, y) => compareKeys(x.key, y.key));
  const lines = sorted.map((g) => groupLine(g.trades, trades, span, Array.isArray(columns) ? g.key : g.key[0]!, total));
  const out = sortByProfitDesc(lines);
  out.push(total);
  return out;
}

/** Python's sorted(..., key=profit_total_abs, reverse=True): descending, ties keep their order. */
function sortByProfitDesc(lines: readonly ResultLine[]): ResultLine[] {
  const order = lines.map((_, i) => i);
  order.sort((a, b) => lines[b]!.profitTotalAbs - lines[a]!.profitTotalAbs || a - b);
  return order.map((i) => lines[i]!);
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}
