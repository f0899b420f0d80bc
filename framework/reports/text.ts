/**
 * The text report, table for table as Freqtrade prints it (optimize_reports/bt_output.py):
 * per-pair, left-open, enter tag, exit reason, mixed tag, periodic breakdowns, summary
 * metrics and the strategy summary. Money uses the stake currency's decimals (8 for BTC, 5
 * for ETH, 3 otherwise), percentages two decimals, durations Python's timedelta form.
 */
import { boxTable } from './box-table.ts';
import {
  decimalsPerCoin,
  fmtCoin,
  formatDateTime,
  formatDurationDHM,
  pyFixed,
  pyPct,
  pyRound,
  pyStr,
  pyTimedelta,
} from './py-format.ts';
import type { BacktestResult, BreakdownPeriod, PeriodStats, ResultLine, StrategyMetrics, StrategyResult, VenueModelInfo } from './result-schema.ts';

function lineHeader(first: string | string[], stakeCurrency: string, direction: string): string[] {
  return [
    ...(Array.isArray(first) ? first : [first]),
    direction,
    'Avg Profit %',
    `Tot Profit ${stakeCurrency}`,
    'Tot Profit %',
    'Avg Duration',
    'Win  Draw  Loss  Win%',
  ];
}

/** Freqtrade's "Win  Draw  Loss  Win%" cell. */
export function winsDrawsLosses(wins: number, draws: number, losses: number): string {
  let ratio: string;
  if (wins > 0 && losses === 0) ratio = '100';
  else if (wins === 0) ratio = '0';
  else ratio = pyFixed((100 / (wins + draws + losses)) * wins, 1);
  return `${String(wins).padStart(4)}  ${String(draws).padStart(4)}  ${String(losses).padStart(4)}  ${ratio.padStart(4)}`;
}

function lineCells(t: ResultLine, stakeCurrency: string): string[] {
  return [
    String(t.trades),
    pyFixed(t.profitMeanPct, 2),
    pyFixed(t.profitTotalAbs, decimalsPerCoin(stakeCurrency)),
    pyFixed(t.profitTotalPct, 2),
    t.durationAvg,
    winsDrawsLosses(t.wins, t.draws, t.losses),
  ];
}

/** Per-pair table (BACKTESTING REPORT) and the left-open table. */
export function textTableBtResults(rows: readonly ResultLine[], stakeCurrency: string, title: string): string {
  return boxTable(
    lineHeader('Pair', stakeCurrency, 'Trades'),
    rows.map((t) => [String(t.key), ...lineCells(t, stakeCurrency)]),
    { title },
  );
}

export type TagTableType = 'enter_tag' | 'exit_tag' | 'mix_tag';

/** ENTER TAG STATS, EXIT REASON STATS, MIXED TAG STATS. An empty tag shows as OTHER. */
export function textTableTags(type: TagTableType, rows: readonly ResultLine[], stakeCurrency: string): string {
  const title = type === 'enter_tag' ? 'Enter Tag' : type === 'exit_tag' ? 'Exit Reason' : 'Mixed Tag';
  const headers =
    type === 'enter_tag'
      ? lineHeader(title, stakeCurrency, 'Entries')
      : type === 'exit_tag'
        ? lineHeader(title, stakeCurrency, 'Exits')
        : lineHeader(['Enter Tag', 'Exit Reason'], stakeCurrency, 'Trades');
  const keyCells = (key: ResultLine['key']): string[] => {
    if (Array.isArray(key)) return key.map((k) => (k.length > 0 ? k : 'OTHER'));
    const k = key.length > 0 ? key : 'OTHER';
    return type === 'mix_tag' ? [k, ''] : [k];
  };
  return boxTable(
    headers,
    rows.map((t) => [...keyCells(t.key), ...lineCells(t, stakeCurrency)]),
    { title: `${title.toUpperCase()} STATS` },
  );
}

/** DAY / WEEK / MONTH / YEAR / WEEKDAY BREAKDOWN. */
export function textTablePeriodicBreakdown(rows: readonly PeriodStats[], stakeCurrency: string, period: BreakdownPeriod): string {
  return boxTable(
    [period[0]!.toUpperCase() + period.slice(1), 'Trades', `Tot Profit ${stakeCurrency}`, 'Profit Factor', 'Win  Draw  Loss  Win%'],
    rows.map((d) => [
      d.date,
      String(d.trades),
      fmtCoin(d.profitAbs, stakeCurrency, false),
      pyStr(pyRound(d.profitFactor, 2)),
      winsDrawsLosses(d.wins, d.draws, d.losses),
    ]),
    { title: `${period.toUpperCase()} BREAKDOWN` },
  );
}

/** STRATEGY SUMMARY: one TOTAL line per strategy, with its drawdown. */
export function textTableStrategy(rows: readonly ResultLine[], stakeCurrency: string, title = 'STRATEGY SUMMARY'): string {
  const ddAbs = rows.map((t) => fmtCoin(t.maxDrawdownAbs, stakeCurrency, false));
  const ddPct = rows.map((t) => pyFixed(t.maxDrawdownAccount * 100, 2));
  const padAbs = Math.max(0, ...ddAbs.map((s) => s.length));
  const padPct = Math.max(0, ...ddPct.map((s) => s.length));
  return boxTable(
    [...lineHeader('Strategy', stakeCurrency, 'Trades'), 'Drawdown'],
    rows.map((t, i) => [
      String(t.key),
      ...lineCells(t, stakeCurrency),
      `${ddAbs[i]!.padStart(padAbs)} ${stakeCurrency}  ${ddPct[i]!.padStart(padPct)}%`,
    ]),
    { title },
  );
}

/** The metric/value pairs of the SUMMARY METRICS table (empty when there were no trades). */
export function summaryMetricRows(m: StrategyMetrics, provenance?: StrategyResult['provenance']): Array<[string, string]> {
  if (m.totalTrades === 0) return [];
  const stake = m.stakeCurrency;
  const coin = (v: number): string => fmtCoin(v, stake);
  const d = decimalsPerCoin(stake);
  const rows: Array<[string, string]> = [
    ['Backtesting from', formatDateTime(m.backtestStart)],
    ['Backtesting to', formatDateTime(m.backtestEnd)],
    ['Max open trades', String(m.maxOpenTrades)],
    ['', ''],
    ['Total/Daily Avg Trades', `${m.totalTrades} / ${pyStr(m.tradesPerDay)}`],
    ['Starting balance', coin(m.startingBalance)],
    ['Final balance', coin(m.finalBalance)],
    ['Absolute profit', coin(m.profitTotalAbs)],
    ['Total profit %', pyPct(m.profitTotal)],
    ['CAGR %', pyPct(m.cagr)],
    ['Sortino', pyFixed(m.sortino, 2)],
    ['Sharpe', pyFixed(m.sharpe, 2)],
    ['Calmar', pyFixed(m.calmar, 2)],
    ['SQN', pyFixed(m.sqn, 2)],
    ['Profit factor', pyFixed(m.profitFactor, 2)],
    ['Expectancy (Ratio)', `${pyFixed(m.expectancy, 2)} (${pyFixed(m.expectancyRatio, 2)})`],
    ['Avg. daily profit', coin(m.avgDailyProfitAbs)],
    ['Avg. stake amount', coin(m.avgStakeAmount)],
    ['Total trade volume', coin(m.totalVolume)],
  ];
  if (m.tradeCountShort > 0) {
    rows.push(
      ['', ''],
      ['Long / Short trades', `${m.tradeCountLong} / ${m.tradeCountShort}`],
      ['Long / Short profit %', `${pyPct(m.profitTotalLong)} / ${pyPct(m.profitTotalShort)}`],
      [`Long / Short profit ${stake}`, `${pyFixed(m.profitTotalLongAbs, d)} / ${pyFixed(m.profitTotalShortAbs, d)}`],
    );
  }
  const denials = Object.entries(m.riskDenials).filter(([, n]) => n > 0);
  const denialTotal = denials.reduce((a, [, n]) => a + n, 0);
  rows.push(
    ['', ''],
    ['Best Pair', m.bestPair ? `${m.bestPair.key} ${pyPct(m.bestPair.profitTotal)}` : 'N/A'],
    ['Worst Pair', m.worstPair ? `${m.worstPair.key} ${pyPct(m.worstPair.profitTotal)}` : 'N/A'],
    ['Best trade', m.bestTrade ? `${m.bestTrade.pair} ${pyPct(m.bestTrade.profitRatio)}` : 'N/A'],
    ['Worst trade', m.worstTrade ? `${m.worstTrade.pair} ${pyPct(m.worstTrade.profitRatio)}` : 'N/A'],
    ['Best day', coin(m.backtestBestDayAbs)],
    ['Worst day', coin(m.backtestWorstDayAbs)],
    ['Days win/draw/lose', `${m.winningDays} / ${m.drawDays} / ${m.losingDays}`],
    ['Min/Max/Avg. Duration Winners', [m.winnerHoldingMinS, m.winnerHoldingMaxS, m.winnerHoldingAvgS].map(formatDurationDHM).join(' / ')],
    ['Min/Max/Avg. Duration Losers', [m.loserHoldingMinS, m.loserHoldingMaxS, m.loserHoldingAvgS].map(formatDurationDHM).join(' / ')],
    ['Max Consecutive Wins / Loss', `${m.maxConsecutiveWins} / ${m.maxConsecutiveLosses}`],
    ['Rejected Entry signals', String(m.rejectedSignals)],
    ['Risk denials', denials.length === 0 ? '0' : `${denialTotal} (${denials.map(([r, n]) => `${r}: ${n}`).join(', ')})`],
    ['Entry/Exit Timeouts', `${m.timedoutEntryOrders} / ${m.timedoutExitOrders}`],
    ['', ''],
    ['Min balance', coin(m.csumMin)],
    ['Max balance', coin(m.csumMax)],
    ['Max % of account underwater', pyPct(m.maxRelativeDrawdown)],
    ['Absolute drawdown', `${coin(m.maxDrawdownAbs)} (${pyPct(m.maxDrawdownAccount)})`],
    ['Drawdown duration', pyTimedelta(m.drawdownDurationS)],
    ['Profit at drawdown start', coin(m.maxDrawdownHigh)],
    ['Profit at drawdown end', coin(m.maxDrawdownLow)],
    ['Drawdown start', formatDateTime(m.drawdownStart)],
    ['Drawdown end', formatDateTime(m.drawdownEnd)],
    ['Market change', pyPct(m.marketChange)],
  );
  if (provenance) {
    const fm = provenance.fillModel;
    const vm = provenance.venueModels;
    rows.push(['', ''], ['Fill model', `${fm.name} v${fm.version}`]);
    if (vm) {
      rows.push(
        ['Slippage', formatVenueModel(vm.slippage)],
        ['Latency', formatVenueModel(vm.latency)],
        ['Participation', formatVenueModel(vm.participation)],
        ['Fees', formatVenueModel(vm.fees)],
        ['Account', `${vm.account.type}${vm.account.leverage === 1 ? '' : `, leverage ${vm.account.leverage}`}`],
      );
    }
    rows.push(
      ['Seed', provenance.seed === null ? '-' : String(provenance.seed)],
      ['Trade list hash', provenance.tradeListHash.slice(0, 16)],
    );
  }
  return rows;
}

/**
 * A venue model in one cell: its name, then its numeric and boolean parameters
 * (`fixed_bps (bps 5)`, `fixed (order_ms 0, ack_ms 0, cancel_ms 0)`). Text parameters (units,
 * formulas, "per instrument") are in the result file's provenance.venueModels.
 */
export function formatVenueModel(model: VenueModelInfo): string {
  const params = Object.entries(model).filter(([k, v]) => k !== 'name' && (typeof v === 'number' || typeof v === 'boolean'));
  return params.length === 0 ? model.name : `${model.name} (${params.map(([k, v]) => `${k} ${String(v)}`).join(', ')})`;
}

/** SUMMARY METRICS, or Freqtrade's one-line message when there were no trades. */
export function textTableAddMetrics(m: StrategyMetrics, provenance?: StrategyResult['provenance']): string {
  if (m.totalTrades === 0) {
    const stake = m.stakeAmount === 'unlimited' ? 'unlimited' : fmtCoin(m.stakeAmount, m.stakeCurrency);
    return `No trades made. Your starting balance was ${fmtCoin(m.startingBalance, m.stakeCurrency)}, and your stake was ${stake}.\n`;
  }
  return boxTable(['Metric', 'Value'], summaryMetricRows(m, provenance), { title: 'SUMMARY METRICS', justify: 'left' });
}

/** Everything Freqtrade prints for one strategy, breakdowns in the order asked. */
export function showBacktestResult(result: StrategyResult, breakdowns: readonly BreakdownPeriod[] = []): string {
  const { metrics: m, tables: t } = result;
  const stake = m.stakeCurrency;
  const parts = [
    `Result for strategy ${m.strategyName}\n`,
    textTableBtResults(t.resultsPerPair, stake, 'BACKTESTING REPORT'),
    textTableBtResults(t.leftOpenTrades, stake, 'LEFT OPEN TRADES REPORT'),
    textTableTags('enter_tag', t.resultsPerEnterTag, stake),
    textTableTags('exit_tag', t.exitReasonSummary, stake),
    textTableTags('mix_tag', t.mixTagStats, stake),
    ...breakdowns.map((p) => textTablePeriodicBreakdown(t.periodicBreakdown[p], stake, p)),
    textTableAddMetrics(m, result.provenance),
  ];
  return `${parts.join('\n')}\n`;
}

/** All strategies of a result file, then the strategy summary. */
export function showBacktestResults(result: BacktestResult, breakdowns: readonly BreakdownPeriod[] = []): string {
  const strategies = Object.values(result.strategy);
  let out = strategies.map((s) => showBacktestResult(s, breakdowns)).join('');
  const last = strategies[strategies.length - 1];
  if (last) {
    const m = last.metrics;
    out += `Backtested ${formatDateTime(m.backtestStart)} -> ${formatDateTime(m.backtestEnd)} | Max open trades : ${m.maxOpenTrades}\n`;
    out += textTableStrategy(result.strategyComparison, m.stakeCurrency);
  }
  return out;
}
