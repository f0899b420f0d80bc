import { boxTable } from '../../reports/box-table.ts';
import { fmtCoin, pyFixed, pyTimedelta } from '../../reports/py-format.ts';
import { winsDrawsLosses } from '../../reports/text.ts';
import { newBestEpochs } from './best.ts';
import type { EpochLine } from './results-file.ts';

/**
 * hyperopt-list: Freqtrade's filters over the epochs of a results file, its table, and the CSV
 * export. Units as in Freqtrade: average profit in percent, total profit in stake currency,
 * objective = the loss (first objective).
 */

export interface EpochFilter {
  best?: boolean;
  profitable?: boolean;
  minTrades?: number;
  maxTrades?: number;
  /** Percent, e.g. 0.5 for 0.5 %. */
  minAvgProfit?: number;
  maxAvgProfit?: number;
  /** Stake currency. */
  minTotalProfit?: number;
  maxTotalProfit?: number;
  minObjective?: number;
  maxObjective?: number;
}

/**
 * The epochs passing every filter, in epoch order. Bounds are inclusive. An epoch without
 * metrics (its backtest threw) only passes when no metric filter is set; a failed epoch has no
 * objective and fails the objective filters.
 */
export function filterEpochs(epochs: readonly EpochLine[], f: EpochFilter): EpochLine[] {
  const bestSet = f.best ? newBestEpochs(epochs) : null;
  const within = (x: number, lo: number | undefined, hi: number | undefined): boolean => (lo === undefined || x >= lo) && (hi === undefined || x <= hi);
  const needMetrics =
    f.profitable || [f.minTrades, f.maxTrades, f.minAvgProfit, f.maxAvgProfit, f.minTotalProfit, f.maxTotalProfit].some((v) => v !== undefined);
  return [...epochs]
    .sort((a, b) => a.epoch - b.epoch)
    .filter((e) => {
      if (bestSet && !bestSet.has(e.epoch)) return false;
      const m = e.metrics;
      if (needMetrics && !m) return false;
      if (m) {
        if (f.profitable && !(m.profitTotal > 0)) return false;
        if (!within(m.trades, f.minTrades, f.maxTrades)) return false;
        if (!within(m.profitMean * 100, f.minAvgProfit, f.maxAvgProfit)) return false;
        if (!within(m.profitTotalAbs, f.minTotalProfit, f.maxTotalProfit)) return false;
      }
      if (f.minObjective !== undefined || f.maxObjective !== undefined) {
        if (e.loss === null || !within(e.loss, f.minObjective, f.maxObjective)) return false;
      }
      return true;
    });
}

function duration(min: number): string {
  return pyTimedelta(Math.round(min * 60));
}

function objective(e: EpochLine): string {
  if (e.loss === null) return e.error ? 'failed' : 'nan';
  const vs = e.values.map((v) => (v === null ? 'nan' : pyFixed(v, 5)));
  return vs.length > 1 ? vs.join(' / ') : vs[0]!;
}

/** The epoch table (Freqtrade's hyperopt-list columns); `*` marks a new best. */
export function epochTable(epochs: readonly EpochLine[], all: readonly EpochLine[], total: number, stakeCurrency: string): string {
  const bestSet = newBestEpochs(all);
  const rows = epochs.map((e) => {
    const m = e.metrics;
    return [
      bestSet.has(e.epoch) ? '*' : '',
      `${e.epoch}/${total}`,
      m ? String(m.trades) : '-',
      m ? winsDrawsLosses(m.wins, m.draws, m.losses) : '-',
      m ? `${pyFixed(m.profitMean * 100, 2)}%` : '-',
      m ? `${fmtCoin(m.profitTotalAbs, stakeCurrency)} (${pyFixed(m.profitTotal * 100, 2)}%)` : '-',
      m ? duration(m.durationAvgMin) : '-',
      objective(e),
      m ? `${fmtCoin(m.maxDrawdownAbs, stakeCurrency)} (${pyFixed(m.maxDrawdownAccount * 100, 2)}%)` : '-',
    ];
  });
  return boxTable(
    ['Best', 'Epoch', 'Trades', 'Win  Draw  Loss  Win%', 'Avg profit', 'Profit', 'Avg duration', 'Objective', 'Max Drawdown (Acc)'],
    rows,
    { justify: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] },
  );
}

/** One line per epoch, Freqtrade's "results explanation". */
export function epochSummary(e: EpochLine, total: number, stakeCurrency: string): string {
  const m = e.metrics;
  const head = `${String(e.epoch).padStart(String(total).length)}/${total}:`;
  if (!m) return `${head} failed${e.error ? `: ${e.error}` : ''}`;
  return (
    `${head} ${m.trades} trades. ${m.wins}/${m.draws}/${m.losses} Wins/Draws/Losses. ` +
    `Avg profit ${pyFixed(m.profitMean * 100, 2)}%. Total profit ${fmtCoin(m.profitTotalAbs, stakeCurrency)} (${pyFixed(m.profitTotal * 100, 2)}%). ` +
    `Avg duration ${duration(m.durationAvgMin)} min. Objective: ${objective(e)}${e.belowMinTrades ? ' (below --min-trades)' : ''}`
  );
}

const CSV_HEADER = [
  'best',
  'epoch',
  'trades',
  'wins',
  'draws',
  'losses',
  'avg_profit_pct',
  'total_profit_abs',
  'total_profit_pct',
  'avg_duration_min',
  'objective',
  'max_drawdown_abs',
  'max_drawdown_account_pct',
  'failed',
  'below_min_trades',
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV of the epochs: metrics, objective(s) and one column per searched dimension. */
export function epochsCsv(epochs: readonly EpochLine[], all: readonly EpochLine[], dimensionNames: readonly string[]): string {
  const bestSet = newBestEpochs(all);
  const multi = epochs.some((e) => e.values.length > 1);
  const objectiveCols = multi ? (epochs[0]?.values.map((_, k) => `objective_${k + 1}`) ?? []) : [];
  const lines = [[...CSV_HEADER, ...objectiveCols, ...dimensionNames].join(',')];
  for (const e of epochs) {
    const m = e.metrics;
    const row: unknown[] = [
      bestSet.has(e.epoch),
      e.epoch,
      m?.trades,
      m?.wins,
      m?.draws,
      m?.losses,
      m ? m.profitMean * 100 : null,
      m?.profitTotalAbs,
      m ? m.profitTotal * 100 : null,
      m?.durationAvgMin,
      e.loss,
      m?.maxDrawdownAbs,
      m ? m.maxDrawdownAccount * 100 : null,
      e.failed,
      e.belowMinTrades,
      ...(multi ? e.values : []),
      ...dimensionNames.map((d) => e.params[d]),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
