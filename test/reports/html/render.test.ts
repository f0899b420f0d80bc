import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../../framework/core/errors.ts';
import type { ChartData } from '../../../framework/reports/html/chart-data.ts';
import { escapeHtml, jsonForScript, scriptSafe } from '../../../framework/reports/html/escape.ts';
import { buildBacktestResult } from '../../../framework/reports/export.ts';
import { htmlReportPathFor, renderHtmlReport, writeHtmlReport } from '../../../framework/reports/html/html-report.ts';
import { decimalsPerCoin, pyFixed } from '../../../framework/reports/py-format.ts';
import { summaryMetricRows } from '../../../framework/reports/text.ts';
import { makeTempDir } from '../../helpers/tmp.ts';
import { PLOT_CONFIG, realCandleFixture, yearFixture, YEAR_PLOT_CONFIG } from './fixture.ts';
import { loadPageDecoder } from './decoder.ts';

const tmp = makeTempDir('keel-html-report-');
afterAll(() => tmp.cleanup());

/** The JSON the page draws from, read back out of the HTML. */
function pageData(html: string): ChartData {
  const m = /<script type="application\/json" id="keel-report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data block in the page');
  return JSON.parse(m[1]!) as ChartData;
}

/** The page without the contents of its <script> elements (the markup a browser would fetch from). */
function markupOnly(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
}

describe('renderHtmlReport on real candles', () => {
  const f = realCandleFixture(4);
  const html = renderHtmlReport({ result: f.result, candles: f.candles, plotConfig: PLOT_CONFIG });
  const data = pageData(html);

  it('is one self-contained document: inline library, styles and scripts, no external reference', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const markup = markupOnly(html);
    expect(/<link\b/i.test(markup)).toBe(false);
    expect(/\ssrc\s*=/i.test(markup)).toBe(false);
    expect(/@import|url\(/i.test(markup)).toBe(false);
    // The only link: the attribution the chart library's licence asks for.
    expect([...markup.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://www.tradingview.com/']);
    // The network is closed by policy, not only by omission.
    expect(markup.includes(`http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-`)).toBe(true);
    // One hash per script element, each matching its text exactly (else the browser would not run it).
    const csp = /content="(default-src[^"]*)"/.exec(markup)![1]!;
    const allowed = [...csp.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => createHash('sha256').update(m[1]!, 'utf8').digest('base64'));
    expect(scripts.length).toBe(3);
    expect(allowed).toEqual(scripts);
    expect(csp.includes('unsafe-inline') && /script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
    expect(markup.includes("connect-src 'none'")).toBe(true);
    // Library inlined with its licence banner, attribution notice in the footer.
    expect(html.includes('@license')).toBe(true);
    expect(/TradingView Lightweight Charts™ v5\.\d+\.\d+/.test(html)).toBe(true);
    expect(/Copyright \(c\) \d{4} TradingView, Inc\./.test(html)).toBe(true);
    expect(html.includes('Apache License, Version 2.0')).toBe(true);
    // Keel's own scripts never reach for the network.
    for (const asset of ['report.js', 'decode.js']) {
      const code = readFileSync(path.join(import.meta.dirname, '../../../framework/reports/html/assets', asset), 'utf8');
      expect(code).not.toMatch(/fetch\(|XMLHttpRequest|WebSocket|EventSource|importScripts|sendBeacon|https?:\/\//);
    }
  });

  it('embeds the candles of both pairs at full resolution, exactly', () => {
    expect(data.pairs.map((p) => [p.pair, p.timeframe, p.aggregatedFrom, p.candles])).toEqual([
      ['BTC/USDT', '5m', null, 1152],
      ['ETH/USDT', '5m', null, 1152],
    ]);
    const decode = loadPageDecoder();
    const btc = f.candles['BTC/USDT']!;
    const back = decode.ohlc(data.pairs[0]!.ohlc);
    expect(data.pairs[0]!.ohlc.dec).toBe(2);
    expect(data.pairs[1]!.ohlc.dec).toBe(2);
    expect(back.close).toEqual(btc.close);
    expect(back.high).toEqual(btc.high);
    expect(Array.from(decode.times(data.pairs[0]!.time))).toEqual(Array.from(btc.timestamp, (t) => t / 1000));
    expect(data.pairs[0]!.volume[5]).toBe(Number(btc.volume[5]!.toPrecision(4)));
  });

  it('carries exactly the plotConfig columns, price-chart lines at price precision', () => {
    expect(data.plot).toEqual({
      main: [
        { column: 'sma_20', color: '#2962ff', type: 'line' },
        { column: 'ema_50', color: 'orange', type: 'line' },
      ],
      subplots: [{ title: 'RSI', lines: [{ column: 'rsi', color: '#8e24aa', type: 'line' }] }],
    });
    const cols = data.pairs[0]!.columns;
    expect(Object.keys(cols).sort()).toEqual(['ema_50', 'rsi', 'sma_20']);
    expect(cols.sma_20!.dec).toBe(2);
    const sma = loadPageDecoder().series(cols.sma_20!);
    const orig = f.candles['BTC/USDT']!.columns!.sma_20!;
    expect(Number.isNaN(sma[18]!)).toBe(true);
    expect(sma[19]).toBeCloseTo(orig[19]!, 2);
    expect(sma[1000]).toBeCloseTo(orig[1000]!, 2);
    expect(data.notes).toEqual([]);
  });

  it('carries every trade for the markers and the trade list, and the equity curve', () => {
    const s = data.strategies[0]!;
    expect(s.name).toBe('HandPlaced');
    expect(s.trades.id).toEqual(f.trades.map((t) => t.id));
    expect(s.trades.openTime).toEqual(f.trades.map((t) => t.openDate / 1000));
    expect(s.trades.isShort.reduce((a, b) => a + b, 0)).toBe(1);
    expect(s.tags.sort()).toEqual(['cross', 'exit_signal', 'force_exit', 'roi', 'rsi_dip', 'stop_loss', 'trailing_stop_loss']);
    // Equity: the start, then one point per close; the final balance is the report's.
    const m = f.result.strategy.HandPlaced!.metrics;
    expect(s.equity.time[0]).toBe(m.backtestStart / 1000);
    expect(s.equity.balance[0]).toBe(1000);
    expect(s.equity.time.length).toBe(1 + f.trades.length);
    expect(s.equity.balance[s.equity.balance.length - 1]).toBeCloseTo(m.finalBalance, 6);
    // The deepest point of the underwater curve is the report's max % underwater.
    expect(-Math.min(...s.equity.drawdown)).toBeCloseTo(m.maxRelativeDrawdown, 9);
  });

  it('prints the same metrics and tables as the text report', () => {
    const s = f.result.strategy.HandPlaced!;
    for (const [k, v] of summaryMetricRows(s.metrics, s.provenance)) {
      if (k !== '') expect(html.includes(`<th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td>`), `summary row ${k}: ${v}`).toBe(true);
    }
    const total = s.tables.resultsPerPair[s.tables.resultsPerPair.length - 1]!;
    expect(html.includes(`<td class="num neg">${pyFixed(total.profitTotalAbs, decimalsPerCoin('USDT'))}</td>`)).toBe(true);
    for (const title of ['BACKTESTING REPORT', 'LEFT OPEN TRADES REPORT', 'ENTER TAG STATS', 'EXIT REASON STATS', 'MIXED TAG STATS', 'MONTH BREAKDOWN', 'DAY BREAKDOWN', 'WEEKDAY BREAKDOWN']) {
      expect(html.includes(`<h3>${title}</h3>`), title).toBe(true);
    }
    // 5 trades per pair; 5 entries tagged cross, 3 rsi_dip (untagged entries have no row, as in Freqtrade).
    expect(html.includes('<td>BTC/USDT</td><td class="num">5</td>')).toBe(true);
    expect(html.includes('<td>ETH/USDT</td><td class="num">5</td>')).toBe(true);
    expect(html.includes('<td>cross</td><td class="num">5</td>')).toBe(true);
    expect(html.includes('<td>rsi_dip</td><td class="num">3</td>')).toBe(true);
    // One strategy: no strategy selector, no comparison table.
    expect(markupOnly(html).includes('id="strategy-select"')).toBe(false);
    expect(html.includes('STRATEGY SUMMARY')).toBe(false);
  });
});

describe('renderHtmlReport: hostile names, notes and limits', () => {
  it('escapes strategy names, pairs and tags so no text can end a script or add markup', () => {
    const evil = 'Evil</script><script>alert(1)</script>';
    const evilPair = '<b>X</b>/USDT';
    const f = realCandleFixture(1);
    const trades = f.run.trades.map((t, i) =>
      i === 0 ? { ...t, enterTag: '<img src=x onerror=alert(2)>' } : i === 1 ? { ...t, pair: evilPair } : t,
    );
    const result = buildBacktestResult([{ ...f.run, strategy: evil, trades, pairs: [...f.run.pairs, evilPair] }]);
    const html = renderHtmlReport({ result, candles: { ...f.candles, [evilPair]: f.candles['BTC/USDT']! } });
    expect(html.match(/<\/script>/gi)!.length).toBe(4); // data block + library + decoder + report script
    expect(html.match(/<script\b/gi)!.length).toBe(4);
    expect(html.includes('<img')).toBe(false);
    expect(html.includes('<b>')).toBe(false);
    expect(html.includes('Evil&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;')).toBe(true);
    expect(html.includes('<td>&lt;img src=x onerror=alert(2)&gt;</td>')).toBe(true); // enter tag table
    expect(html.includes('<td>&lt;b&gt;X&lt;/b&gt;/USDT</td>')).toBe(true); // per-pair table
    const data = pageData(html);
    expect(data.strategies[0]!.name).toBe(evil);
    expect(data.strategies[0]!.tags).toContain('<img src=x onerror=alert(2)>');
    expect(data.pairs.map((p) => p.pair)).toContain(evilPair);
  });

  it('escape helpers: JSON stays the same value, code with a closing tag is refused', () => {
    const value = { a: '</script><!-- & \u2028', b: [1, 2] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
    expect(() => scriptSafe('var s = "</script>";', 'lib.js')).toThrow(DataError);
    expect(() => scriptSafe('var s = "</script>";', 'lib.js')).toThrow(/lib\.js contains "<\/script" at offset 9/);
    expect(escapeHtml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&#39;');
  });

  it('notes plotConfig columns that are missing and traded pairs without candles', () => {
    const f = realCandleFixture(2);
    const html = renderHtmlReport({
      result: f.result,
      candles: { 'BTC/USDT': f.candles['BTC/USDT']! },
      plotConfig: { mainPlot: { sma_20: {}, bb_upper: { color: 'red' } } },
    });
    const data = pageData(html);
    expect(data.notes).toEqual([
      'plotConfig column "bb_upper" is not among the indicator columns of BTC/USDT; it is not drawn there.',
      'No candles were given for ETH/USDT: their trades are in the tables but not on a chart.',
    ]);
    expect(html.includes('<ul class="notes"><li>plotConfig column &quot;bb_upper&quot;')).toBe(true);
    expect(Object.keys(data.pairs[0]!.columns)).toEqual(['sma_20']);
  });

  it('without a plotConfig draws no indicator', () => {
    const f = realCandleFixture(1);
    const data = pageData(renderHtmlReport({ result: f.result, candles: f.candles }));
    expect(data.plot).toEqual({ main: [], subplots: [] });
    expect(data.pairs.every((p) => Object.keys(p.columns).length === 0)).toBe(true);
  });

  it('aggregates a pair over maxCandles to a coarser timeframe and says so', () => {
    const f = realCandleFixture(4);
    const data = pageData(renderHtmlReport({ result: f.result, candles: f.candles, plotConfig: PLOT_CONFIG, maxCandles: 500 }));
    // 1,152 5m candles > 500: 15m gives 384.
    expect(data.pairs.map((p) => [p.timeframe, p.aggregatedFrom, p.candles])).toEqual([
      ['15m', '5m', 384],
      ['15m', '5m', 384],
    ]);
    expect(data.notes[0]).toBe(
      'BTC/USDT: 1,152 candles of 5m exceed the chart limit of 500 per pair; the chart shows them aggregated to 15m ' +
        "(384 candles; indicators at each candle's last 5m value, trade markers on the candle containing the trade).",
    );
    expect(() => renderHtmlReport({ result: f.result, candles: f.candles, maxCandles: 0 })).toThrow(UsageError);
  });

  it('refuses mismatched columns and an empty result, naming what is wrong', () => {
    const f = realCandleFixture(1);
    const btc = f.candles['BTC/USDT']!;
    const short = { ...btc, columns: { sma_20: new Float64Array(3) } };
    expect(() => renderHtmlReport({ result: f.result, candles: { 'BTC/USDT': short }, plotConfig: PLOT_CONFIG })).toThrow(
      /candles of BTC\/USDT: indicator column sma_20 has 3 rows, timestamp has 288/,
    );
    expect(() => renderHtmlReport({ result: { ...f.result, strategy: {} }, candles: {} })).toThrow(/holds no strategy/);
  });
});

describe('page size on the bundled year (BTC/USDT + ETH/USDT 5m, 104,816 candles each)', () => {
  const f = yearFixture();

  it('keeps both pairs at full resolution with four indicator columns and thousands of trades, under 15 MB', () => {
    const html = renderHtmlReport({ result: f.result, candles: f.candles, plotConfig: YEAR_PLOT_CONFIG });
    const bytes = Buffer.byteLength(html, 'utf8');
    const data = pageData(html);
    expect(data.pairs.map((p) => [p.timeframe, p.aggregatedFrom, p.candles])).toEqual([
      ['5m', null, 104_816],
      ['5m', null, 104_816],
    ]);
    expect(f.trades.length).toBeGreaterThan(4000);
    expect(data.strategies[0]!.trades.id.length).toBe(f.trades.length);
    expect(bytes).toBeLessThan(15 * 1024 * 1024);
    console.info(`HTML report, BTC+ETH 5m year, 4 indicators, ${f.trades.length} trades: ${(bytes / 1e6).toFixed(2)} MB`);
  });

  it('with ten such pairs, aggregates by the default budget and stays under 15 MB', () => {
    const candles = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`P${i}/USDT`, i % 2 === 0 ? f.candles['BTC/USDT']! : f.candles['ETH/USDT']!]),
    );
    const html = renderHtmlReport({ result: f.result, candles, plotConfig: YEAR_PLOT_CONFIG });
    const bytes = Buffer.byteLength(html, 'utf8');
    const data = pageData(html);
    // 250,000 / 10 = 25,000 per pair: 30m (17,470 candles) is the finest that fits.
    expect(new Set(data.pairs.map((p) => `${p.timeframe} ${p.aggregatedFrom} ${p.candles}`))).toEqual(new Set(['30m 5m 17470']));
    expect(data.notes.filter((n) => n.includes('aggregated to 30m')).length).toBe(10);
    expect(bytes).toBeLessThan(15 * 1024 * 1024);
    console.info(`HTML report, 10 pairs x 5m year (aggregated to 30m): ${(bytes / 1e6).toFixed(2)} MB`);
  });
});

describe('writeHtmlReport', () => {
  it('writes the page atomically beside the result file name', async () => {
    const f = realCandleFixture(1);
    const file = htmlReportPathFor(path.join(tmp.dir, 'results', 'HandPlaced-2024-01-02_03-04-05.json'));
    expect(path.basename(file)).toBe('HandPlaced-2024-01-02_03-04-05.html');
    const written = await writeHtmlReport(file, { result: f.result, candles: f.candles, plotConfig: PLOT_CONFIG });
    expect(written).toBe(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(renderHtmlReport({ result: f.result, candles: f.candles, plotConfig: PLOT_CONFIG }));
    // No temp file left behind.
    expect(readdirSync(path.dirname(file))).toEqual(['HandPlaced-2024-01-02_03-04-05.html']);
  });
});
