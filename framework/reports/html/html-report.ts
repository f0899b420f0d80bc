/**
 * The HTML report: one self-contained file (library, styles, script and data inlined; a
 * Content-Security-Policy that forbids every network request) showing per pair the candles
 * with trade markers and the strategy's plotConfig indicators, the equity curve and
 * underwater chart, and the report tables. docs/html-report.md describes the page.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { frameworkAsset } from '../../build/runtime.ts';
import { UsageError } from '../../core/errors.ts';
import { writeFileAtomic } from '../../data/atomic-write.ts';
import type { PlotConfig } from '../../strategy/types.ts';
import { formatDateTime } from '../py-format.ts';
import type { BacktestResult } from '../result-schema.ts';
import { buildChartData, type ReportCandles } from './chart-data.ts';
import { loadChartLibrary } from './chart-library.ts';
import { escapeHtml, jsonForScript, scriptSafe } from './escape.ts';
import { periodicTablesHtml, resultTablesHtml, strategyComparisonHtml, summaryTableHtml } from './tables.ts';

export type { ReportCandles } from './chart-data.ts';

export interface HtmlReportInput {
  result: BacktestResult;
  /** Candles per pair (the pairs charted, in this order), with indicator columns by name. */
  candles?: Readonly<Record<string, ReportCandles>>;
  /** The strategy's plotConfig: mainPlot columns over the candles, subplots below. None drawn without it. */
  plotConfig?: PlotConfig | undefined;
  /**
   * Most candles drawn per pair; a pair with more is aggregated to the finest coarser
   * timeframe that fits (noted on the page). Default: 250,000 split over the pairs, at least
   * 10,000 each (BTC and ETH 5m for a year: full resolution).
   */
  maxCandles?: number | undefined;
  /** Page title; default "Keel backtest report: <strategies>". */
  title?: string;
}

/**
 * No network at all: only the page's own scripts (by hash, so not even an injected inline
 * event handler could run) and inline styles, images only as data: URLs (the chart's
 * attribution logo), no fetch / XHR / WebSocket, no forms, no frames.
 */
function contentSecurityPolicy(scripts: readonly string[]): string {
  const hashes = scripts.map((code) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`).join(' ');
  return (
    `default-src 'none'; script-src ${hashes}; style-src 'unsafe-inline'; img-src data:; font-src 'none'; ` +
    "connect-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
  );
}

const assets = new Map<string, string>();

function asset(name: string): string {
  let text = assets.get(name);
  if (text === undefined) {
    text = readFileSync(frameworkAsset(`reports/html/assets/${name}`), 'utf8');
    assets.set(name, text);
  }
  return text;
}

function strategySelect(names: string[]): string {
  if (names.length < 2) return '';
  const options = names.map((n, i) => `<option value="${i}">${escapeHtml(n)}</option>`).join('');
  return `<label>Strategy <select id="strategy-select">${options}</select></label>`;
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const { result } = input;
  const strategies = Object.values(result.strategy);
  if (strategies.length === 0) throw new UsageError('HTML report: the backtest result holds no strategy');
  const lib = loadChartLibrary();
  const chartData = buildChartData(result, input.candles ?? {}, { plotConfig: input.plotConfig, maxCandles: input.maxCandles });
  const names = strategies.map((s) => s.metrics.strategyName);
  const title = input.title ?? `Keel backtest report: ${names.join(', ')}`;
  const m = strategies[0]!.metrics;
  const meta = [
    `${formatDateTime(m.backtestStart)} → ${formatDateTime(m.backtestEnd)} UTC`,
    `timeframe ${m.timeframe}${m.timeframeDetail ? ` (detail ${m.timeframeDetail})` : ''}`,
    `${m.pairlist.length} pair${m.pairlist.length === 1 ? '' : 's'}: ${m.pairlist.join(', ')}`,
    `stake ${m.stakeAmount === 'unlimited' ? 'unlimited' : `${m.stakeAmount} ${m.stakeCurrency}`}`,
    `generated ${formatDateTime(result.createdAt)} UTC`,
  ].join(' · ');
  const notes =
    chartData.notes.length === 0 ? '' : `<ul class="notes">${chartData.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
  const summaries = strategies
    .map((s, i) => `<div class="per-strategy" data-strategy="${i}"${i === 0 ? '' : ' hidden'}>${summaryTableHtml(s)}</div>`)
    .join('\n');
  const details = strategies
    .map(
      (s, i) => `<div class="per-strategy" data-strategy="${i}"${i === 0 ? '' : ' hidden'}>
<h2>Results${strategies.length > 1 ? `: ${escapeHtml(s.metrics.strategyName)}` : ''}</h2>
<div class="tables">${resultTablesHtml(s)}</div>
<h2>Periodic breakdown</h2>
${periodicTablesHtml(s)}
<h2>Trades</h2>
<div class="trades table-block" data-strategy="${i}"></div>
</div>`,
    )
    .join('\n');
  const comparison = strategyComparisonHtml(result);
  const noCharts = chartData.pairs.length === 0 ? '<p class="empty">No candles were given: no price chart.</p>' : '';
  // The text between <script> and </script>, exactly: the policy allows these by hash.
  const scripts = [lib.code, scriptSafe(asset('decode.js'), 'decode.js'), scriptSafe(asset('report.js'), 'report.js')].map((code) => `\n${code}\n`);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Keel">
<title>${escapeHtml(title)}</title>
<style>
${asset('report.css')}
</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(meta)}</p>
<div class="controls">${strategySelect(names)}</div>
</header>
<main>
<div id="keel-error" class="error" hidden></div>
<noscript><p class="error">The charts need JavaScript; the tables below do not.</p></noscript>
${notes}
<h2>Candles and trades</h2>
<div class="card">
<div class="chart-controls"><label>Pair <select id="pair-select"></select></label><label><input type="checkbox" id="marker-labels"> Marker labels</label><span id="chart-info" class="meta"></span></div>
${noCharts}<div id="price-legend" class="legend" hidden></div><div id="price-chart" class="chart"></div><div id="price-overview" class="overview" hidden></div>
</div>
<div class="grid">
<div>
<h2>Summary</h2>
${summaries}
</div>
<div>
<h2>Equity and drawdown</h2>
<div class="card"><div id="equity-chart" class="chart"></div></div>
</div>
</div>
${details}
${comparison ?? ''}
</main>
<footer>
<p>Generated by Keel. Closed-trade equity: balance after each trade's exit; drawdown: the balance's fall from its high, relative to it (Freqtrade's "underwater").</p>
<p>Charts: TradingView Lightweight Charts™ v${escapeHtml(lib.version)}. ${escapeHtml(lib.copyright)} <a href="${lib.homepage}">${lib.homepage}</a>. Licensed under the Apache License, Version 2.0.</p>
</footer>
<script type="application/json" id="keel-report-data">${jsonForScript(chartData)}</script>
${scripts.map((code) => `<script>${code}</script>`).join('\n')}
</body>
</html>
`;
}

/** The report beside a result file: `X.json` -> `X.html`. */
export function htmlReportPathFor(resultFile: string): string {
  return resultFile.replace(/\.json$/i, '') + '.html';
}

/** Renders the report and writes it atomically; returns the path written. */
export async function writeHtmlReport(file: string, input: HtmlReportInput): Promise<string> {
  await writeFileAtomic(file, Buffer.from(renderHtmlReport(input), 'utf8'));
  return file;
}
