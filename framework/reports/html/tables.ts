/**
 * The report tables as HTML, cell for cell what the text report prints (same numbers, same
 * rounding: the text report's formatters are reused), with profit cells coloured. Rendered
 * on the server so they read without JavaScript.
 */
import { decimalsPerCoin, fmtCoin, pyFixed, pyRound, pyStr } from '../py-format.ts';
import { BREAKDOWN_PERIODS, type BacktestResult, type PeriodStats, type ResultLine, type StrategyResult } from '../result-schema.ts';
import { summaryMetricRows } from '../text.ts';
import { escapeHtml } from './escape.ts';

interface Cell {
  text: string;
  /** Right-aligned number; `sign` colours it green / red. */
  num?: boolean;
  sign?: number;
}

function cellHtml(tag: 'td' | 'th', c: Cell): string {
  const cls = [c.num ? 'num' : '', c.sign === undefined || c.sign === 0 ? '' : c.sign > 0 ? 'pos' : 'neg'].filter(Boolean).join(' ');
  return `<${tag}${cls ? ` class="${cls}"` : ''}>${escapeHtml(c.text)}</${tag}>`;
}

function table(title: string, headers: Cell[], rows: Cell[][], opts: { totalLast?: boolean; empty?: string } = {}): string {
  const head = `<tr>${headers.map((h) => cellHtml('th', h)).join('')}</tr>`;
  const body =
    rows.length === 0
      ? `<tr><td class="empty" colspan="${headers.length}">${escapeHtml(opts.empty ?? 'No rows.')}</td></tr>`
      : rows.map((r, i) => `<tr${opts.totalLast && i === rows.length - 1 ? ' class="total"' : ''}>${r.map((c) => cellHtml('td', c)).join('')}</tr>`).join('\n');
  return `<section class="table-block"><h3>${escapeHtml(title)}</h3><div class="scroll"><table class="data"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div></section>`;
}

function winPct(wins: number, draws: number, losses: number): string {
  if (wins > 0 && losses === 0) return '100';
  if (wins === 0) return '0';
  return pyFixed((100 / (wins + draws + losses)) * wins, 1);
}

const num = (text: string, sign?: number): Cell => (sign === undefined ? { text, num: true } : { text, num: true, sign });

function lineHeaders(keys: string[], count: string, stake: string): Cell[] {
  return [
    ...keys.map((k) => ({ text: k })),
    num(count),
    num('Avg Profit %'),
    num(`Tot Profit ${stake}`),
    num('Tot Profit %'),
    { text: 'Avg Duration' },
    num('Win'),
    num('Draw'),
    num('Loss'),
    num('Win%'),
  ];
}

function lineCells(t: ResultLine, stake: string): Cell[] {
  return [
    num(String(t.trades)),
    num(pyFixed(t.profitMeanPct, 2), t.profitMeanPct),
    num(pyFixed(t.profitTotalAbs, decimalsPerCoin(stake)), t.profitTotalAbs),
    num(pyFixed(t.profitTotalPct, 2), t.profitTotalPct),
    { text: t.durationAvg },
    num(String(t.wins)),
    num(String(t.draws)),
    num(String(t.losses)),
    num(winPct(t.wins, t.draws, t.losses)),
  ];
}

/** A tag cell as the text report shows it: an empty tag reads OTHER. */
function tagText(k: string): string {
  return k.length > 0 ? k : 'OTHER';
}

function keyCells(key: ResultLine['key'], width: number): Cell[] {
  const keys = Array.isArray(key) ? key.map(tagText) : [key === 'TOTAL' ? key : tagText(key)];
  while (keys.length < width) keys.push('');
  return keys.map((text) => ({ text }));
}

function lineTable(title: string, keys: string[], count: string, rows: readonly ResultLine[], stake: string, empty: string): string {
  return table(
    title,
    lineHeaders(keys, count, stake),
    rows.map((r) => [...keyCells(r.key, keys.length), ...lineCells(r, stake)]),
    { totalLast: rows.length > 0 && rows[rows.length - 1]!.key === 'TOTAL', empty },
  );
}

function periodTable(period: string, rows: readonly PeriodStats[], stake: string): string {
  return table(
    `${period.toUpperCase()} BREAKDOWN`,
    [{ text: period[0]!.toUpperCase() + period.slice(1) }, num('Trades'), num(`Tot Profit ${stake}`), num('Profit Factor'), num('Win'), num('Draw'), num('Loss'), num('Win%')],
    rows.map((d) => [
      { text: d.date },
      num(String(d.trades)),
      num(fmtCoin(d.profitAbs, stake, false), d.profitAbs),
      num(pyStr(pyRound(d.profitFactor, 2))),
      num(String(d.wins)),
      num(String(d.draws)),
      num(String(d.losses)),
      num(winPct(d.wins, d.draws, d.losses)),
    ]),
    { empty: 'No trades.' },
  );
}

/** The SUMMARY METRICS table (or Freqtrade's "No trades made" line). */
export function summaryTableHtml(s: StrategyResult): string {
  const rows = summaryMetricRows(s.metrics, s.provenance);
  if (rows.length === 0) {
    const m = s.metrics;
    return `<section class="table-block"><h3>SUMMARY METRICS</h3><p class="empty">No trades made. Starting balance ${escapeHtml(fmtCoin(m.startingBalance, m.stakeCurrency))}.</p></section>`;
  }
  const body = rows
    .map(([k, v]) => (k === '' && v === '' ? '<tr class="gap"><td colspan="2"></td></tr>' : `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`))
    .join('\n');
  return `<section class="table-block"><h3>SUMMARY METRICS</h3><table class="data metrics"><tbody>\n${body}\n</tbody></table></section>`;
}

/** Per pair, left open, enter tag, exit reason and mixed tag tables. */
export function resultTablesHtml(s: StrategyResult): string {
  const t = s.tables;
  const stake = s.metrics.stakeCurrency;
  return [
    lineTable('BACKTESTING REPORT', ['Pair'], 'Trades', t.resultsPerPair, stake, 'No pairs.'),
    lineTable('LEFT OPEN TRADES REPORT', ['Pair'], 'Trades', t.leftOpenTrades, stake, 'No trades left open.'),
    lineTable('ENTER TAG STATS', ['Enter Tag'], 'Entries', t.resultsPerEnterTag, stake, 'No trades.'),
    lineTable('EXIT REASON STATS', ['Exit Reason'], 'Exits', t.exitReasonSummary, stake, 'No trades.'),
    lineTable('MIXED TAG STATS', ['Enter Tag', 'Exit Reason'], 'Trades', t.mixTagStats, stake, 'No trades.'),
  ].join('\n');
}

/** Day / week / month / year / weekday breakdowns behind tabs (month shown first). */
export function periodicTablesHtml(s: StrategyResult): string {
  const stake = s.metrics.stakeCurrency;
  const first = 'month';
  const tabs = BREAKDOWN_PERIODS.map(
    (p) => `<button type="button" class="tab${p === first ? ' active' : ''}" data-period="${p}">${p[0]!.toUpperCase()}${p.slice(1)}</button>`,
  ).join('');
  const panes = BREAKDOWN_PERIODS.map(
    (p) => `<div class="period-pane" data-period="${p}"${p === first ? '' : ' hidden'}>${periodTable(p, s.tables.periodicBreakdown[p], stake)}</div>`,
  ).join('\n');
  return `<div class="periodic"><div class="tabs">${tabs}</div>\n${panes}</div>`;
}

/** STRATEGY SUMMARY for a --strategy-list run (null with one strategy). */
export function strategyComparisonHtml(result: BacktestResult): string | null {
  const rows = result.strategyComparison;
  if (rows.length < 2) return null;
  const first = Object.values(result.strategy)[0];
  const stake = first ? first.metrics.stakeCurrency : '';
  return table(
    'STRATEGY SUMMARY',
    [...lineHeaders(['Strategy'], 'Trades', stake), num(`Drawdown ${stake}`), num('Drawdown %')],
    rows.map((r) => [
      { text: String(r.key) },
      ...lineCells(r, stake),
      num(fmtCoin(r.maxDrawdownAbs, stake, false)),
      num(pyFixed(r.maxDrawdownAccount * 100, 2)),
    ]),
  );
}
