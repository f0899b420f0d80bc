/**
 * Freqtrade's backtesting-analysis groups (data/entryexitanalysis.py) over a result file's
 * trades, computed with danfojs (loaded lazily: it takes ~1.5 s to import and is never on the
 * backtest path):
 *   0  per enter tag: count, wins (> 0), losses (<= 0), summed wins (>= 0) and losses,
 *      total, win %, average win and loss
 *   1  profit summary per enter tag          2  ... per enter tag and exit reason
 *   3  ... per pair and enter tag            4  ... per pair, enter tag and exit reason
 *   5  ... per exit reason
 * A profit summary is count, sum / median / mean of profit_abs, and median / mean / sum of
 * profit_ratio in percent. Freqtrade reads the enter reason from its signal-candle export;
 * Keel uses the trade's enter tag, and shows untagged trades as OTHER instead of dropping them.
 */
import { UsageError } from '../core/errors.ts';
import type { TradeRecord } from '../portfolio/trade-record.ts';
import { psqlTable } from './box-table.ts';

export const ANALYSIS_GROUPS = ['0', '1', '2', '3', '4', '5'] as const;
export type AnalysisGroup = (typeof ANALYSIS_GROUPS)[number];

export interface AnalysisTable {
  name: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface AnalysisOptions {
  groups: readonly string[];
  /** Keep only these enter tags / exit reasons ('all' or empty: keep every one). */
  enterReasonList?: readonly string[];
  exitReasonList?: readonly string[];
}

type DanfoFrame = {
  columns: string[];
  values: unknown[][];
  groupby(cols: string[]): { agg(spec: Record<string, string[]>): DanfoFrame };
};
type DanfoModule = { DataFrame: new (data: Record<string, unknown[]>) => DanfoFrame };

let danfo: Promise<DanfoModule> | undefined;
function loadDanfo(): Promise<DanfoModule> {
  danfo ??= import('danfojs-node') as unknown as Promise<DanfoModule>;
  return danfo;
}

const GROUP_COLUMNS: Record<Exclude<AnalysisGroup, '0'>, string[]> = {
  '1': ['enter_reason'],
  '2': ['enter_reason', 'exit_reason'],
  '3': ['pair', 'enter_reason'],
  '4': ['pair', 'enter_reason', 'exit_reason'],
  '5': ['exit_reason'],
};

export function selectTrades(trades: readonly TradeRecord[], opts: Pick<AnalysisOptions, 'enterReasonList' | 'exitReasonList'>): TradeRecord[] {
  const keep = (list: readonly string[] | undefined) => (list && list.length > 0 && !list.includes('all') ? new Set(list) : null);
  const enter = keep(opts.enterReasonList);
  const exit = keep(opts.exitReasonList);
  return trades.filter((t) => (!enter || enter.has(enterReason(t))) && (!exit || exit.has(t.exitReason)));
}

function enterReason(t: TradeRecord): string {
  return t.enterTag === null || t.enterTag === '' ? 'OTHER' : t.enterTag;
}

/** The analysis tables for `groups`, in the order given. No trades -> no tables. */
export async function analyzeTrades(trades: readonly TradeRecord[], opts: AnalysisOptions): Promise<AnalysisTable[]> {
  for (const g of opts.groups) {
    if (!(ANALYSIS_GROUPS as readonly string[]).includes(g)) {
      throw new UsageError(`invalid analysis group "${g}": expected one of ${ANALYSIS_GROUPS.join(', ')}`);
    }
  }
  const selected = selectTrades(trades, opts);
  if (selected.length === 0 || opts.groups.length === 0) return [];
  const dfd = await loadDanfo();
  const p = selected.map((t) => t.profitAbs);
  const df = new dfd.DataFrame({
    pair: selected.map((t) => t.pair),
    enter_reason: selected.map(enterReason),
    exit_reason: selected.map((t) => t.exitReason),
    profit_abs: p,
    profit_ratio: selected.map((t) => t.profitRatio),
    // Group 0's conditional counts and sums, as plain columns danfojs can sum.
    is_win: p.map((v) => (v > 0 ? 1 : 0)),
    is_loss: p.map((v) => (v <= 0 ? 1 : 0)),
    abs_wins: p.map((v) => (v >= 0 ? v : 0)),
    abs_loss: p.map((v) => (v < 0 ? v : 0)),
  });
  return opts.groups.map((g) => (g === '0' ? group0(df) : profitSummary(df, g as Exclude<AnalysisGroup, '0'>)));
}

function group0(df: DanfoFrame): AnalysisTable {
  const agg = df.groupby(['enter_reason']).agg({ profit_abs: ['count'], is_win: ['sum'], is_loss: ['sum'], abs_wins: ['sum'], abs_loss: ['sum'] });
  const col = columnIndex(agg, ['enter_reason', 'profit_abs_count', 'is_win_sum', 'is_loss_sum', 'abs_wins_sum', 'abs_loss_sum']);
  const zeroIfNaN = (x: number): number => (Number.isNaN(x) ? 0 : x);
  const rows = agg.values.map((r) => {
    const n = Number(r[col[1]!]);
    const wins = Number(r[col[2]!]);
    const losses = Number(r[col[3]!]);
    const winSum = Number(r[col[4]!]);
    const lossSum = Number(r[col[5]!]);
    return [
      String(r[col[0]!]),
      n,
      wins,
      losses,
      winSum,
      lossSum,
      winSum - Math.abs(lossSum),
      zeroIfNaN((wins / n) * 100),
      zeroIfNaN(winSum / wins),
      zeroIfNaN(lossSum / losses),
    ];
  });
  rows.sort((a, b) => (a[1] as number) - (b[1] as number) || String(a[0]).localeCompare(String(b[0])));
  return {
    name: 'Group 0:',
    columns: ['enter_reason', 'total_num_buys', 'wins', 'losses', 'profit_abs_wins', 'profit_abs_loss', 'profit_tot', 'wl_ratio_pct', 'avg_win', 'avg_loss'],
    rows,
  };
}

function profitSummary(df: DanfoFrame, g: Exclude<AnalysisGroup, '0'>): AnalysisTable {
  const keys = GROUP_COLUMNS[g];
  const agg = df.groupby(keys).agg({ profit_abs: ['count', 'sum', 'median', 'mean'], profit_ratio: ['median', 'mean', 'sum'] });
  const names = [
    ...keys,
    'profit_abs_count',
    'profit_abs_sum',
    'profit_abs_median',
    'profit_abs_mean',
    'profit_ratio_median',
    'profit_ratio_mean',
    'profit_ratio_sum',
  ];
  const col = columnIndex(agg, names);
  const rows = agg.values.map((r) =>
    names.map((_, k) => {
      const v = r[col[k]!];
      if (k < keys.length) return String(v);
      const x = Number(v);
      return k >= keys.length + 4 ? x * 100 : x;
    }),
  );
  // Freqtrade sorts by profit sum then enter reason (group 5: by exit reason); the remaining
  // key columns break ties so the order never depends on danfojs' internals.
  const sumIdx = keys.length + 1;
  const order = g === '5' ? [0] : [sumIdx, keys.indexOf('enter_reason'), ...keys.map((_, i) => i)];
  rows.sort((a, b) => {
    for (const k of order) {
      const x = a[k]!;
      const y = b[k]!;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      if (c !== 0) return c;
    }
    return 0;
  });
  return {
    name: `Group ${g}:`,
    columns: [...keys, 'num_buys', 'profit_abs_sum', 'profit_abs_median', 'profit_abs_mean', 'median_profit_pct', 'mean_profit_pct', 'total_profit_pct'],
    rows,
  };
}

function columnIndex(df: DanfoFrame, names: readonly string[]): number[] {
  return names.map((n) => {
    const i = df.columns.indexOf(n);
    if (i < 0) throw new Error(`danfojs groupby result has no column ${n} (columns: ${df.columns.join(', ')})`);
    return i;
  });
}

/** The tables as text, one after the other, each under its name (Freqtrade's layout). */
export function formatAnalysis(tables: readonly AnalysisTable[]): string {
  if (tables.length === 0) return 'No trades to show\n';
  return tables.map((t) => `${t.name}\n${psqlTable(t.columns, t.rows)}`).join('');
}
