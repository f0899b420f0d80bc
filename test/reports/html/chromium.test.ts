/**
 * The HTML report in a real headless Chromium (Debian's /usr/bin/chromium; .ci/run installs
 * it): the page loads from a file:// URL, the charts draw (canvases with size, series holding
 * the data, pixels on the screenshot), hovering and clicking work, and the page logs no error
 * and requests nothing but itself. Screenshots are written to the test's temp dir (kept, and
 * their paths printed, with KEEL_KEEP_SCREENSHOTS=1).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBacktestResult } from '../../../framework/reports/export.ts';
import { renderHtmlReport, writeHtmlReport } from '../../../framework/reports/html/html-report.ts';
import { makeTempDir } from '../../helpers/tmp.ts';
import { Chromium, CHROMIUM, chromiumAvailable, type Page } from './chromium.ts';
import { PLOT_CONFIG, realCandleFixture, yearFixture, YEAR_PLOT_CONFIG } from './fixture.ts';
import { decodePng, regionStats } from './png.ts';

const available = chromiumAvailable();
if (!available) console.warn(`SKIPPED the HTML report browser tests: ${CHROMIUM} is not installed (apt-get install chromium; CI installs it)`);

const keep = process.env.KEEL_KEEP_SCREENSHOTS === '1';

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  const tmp = makeTempDir('keel-html-chromium-');
  let browser: Chromium;

  beforeAll(async () => {
    browser = await Chromium.launch();
  });
  afterAll(async () => {
    await browser?.close();
    if (!keep) tmp.cleanup();
  });

  async function open(file: string, timeoutMs = 30_000): Promise<Page> {
    const page = await browser.newPage(1400, 900);
    await page.goto(pathToFileURL(file).href);
    await page.waitFor('window.__keelReport && (window.__keelReport.ready || window.__keelReport.error)', `the report ${file} to draw`, timeoutMs);
    expect(await page.evaluate<string | null>('window.__keelReport.error')).toBeNull();
    return page;
  }

  /** Nothing went wrong in the page, and it fetched nothing but itself. */
  function expectClean(page: Page, file: string): void {
    const problems = [
      ...page.events.console.filter((c) => c.level === 'error' || c.level === 'warning' || c.level === 'assert').map((c) => `console.${c.level}: ${c.text}`),
      ...page.events.exceptions.map((e) => `exception: ${e}`),
      ...page.events.log.filter((l) => l.level === 'error' || l.level === 'warning').map((l) => `${l.source} ${l.level}: ${l.text}`),
    ];
    expect(problems).toEqual([]);
    expect(page.events.requests).toEqual([pathToFileURL(file).href]);
  }

  /** Rectangle of an element in page coordinates (what a full-page screenshot uses). */
  function rectOf(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
    return page.evaluate(
      `(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }; })()`,
    );
  }

  async function screenshot(page: Page, name: string): Promise<ReturnType<typeof decodePng>> {
    const png = await page.screenshot();
    const file = path.join(tmp.dir, name);
    writeFileSync(file, png);
    if (keep) console.info(`screenshot: ${file}`);
    return decodePng(png);
  }

  it('draws candles, markers, indicators, equity and tables of a real-candle backtest', async () => {
    const f = realCandleFixture(4, ['HandPlaced', 'EveryOther']);
    const file = path.join(tmp.dir, 'report.html');
    await writeHtmlReport(file, { result: f.result, candles: f.candles, plotConfig: PLOT_CONFIG });
    const page = await open(file);

    // Canvases of both charts exist with real sizes.
    const canvases = await page.evaluate<Array<{ chart: string; w: number; h: number }>>(
      `[...document.querySelectorAll('#price-chart canvas, #equity-chart canvas')].map((c) => ({ chart: c.closest('.chart').id, w: c.width, h: c.height }))`,
    );
    const biggest = (id: string) => Math.max(...canvases.filter((c) => c.chart === id).map((c) => c.w * c.h));
    expect(biggest('price-chart')).toBeGreaterThan(1000 * 400);
    expect(biggest('equity-chart')).toBeGreaterThan(600 * 200);

    // The chart holds the data: candles + volume + 2 lines on the price pane, RSI below (the
    // lines start after their warm-up: the chart drops leading empty points).
    const shape = await page.evaluate<number[][]>(
      `window.__keelReport.charts.price.panes().map((p) => p.getSeries().map((s) => s.data().length))`,
    );
    expect(shape).toEqual([[1152, 1152, 1152 - 19, 1152 - 49], [1152 - 14]]);
    const equityPoints = await page.evaluate<number[][]>(`window.__keelReport.charts.equity.panes().map((p) => p.getSeries().map((s) => s.data().length))`);
    expect(equityPoints).toEqual([[11], [11]]);

    // Hover the entry candle of trade #1: the legend names the entry, its price and tag.
    const t1 = f.trades[0]!;
    expect(t1.pair).toBe('BTC/USDT');
    // Zoomed in to 60 candles so the mouse cannot land on a neighbour.
    await page.evaluate(`(() => {
      document.getElementById('price-chart').scrollIntoView();
      const ts = window.__keelReport.charts.price.timeScale();
      const bar = ts.timeToIndex(${t1.openDate / 1000});
      ts.setVisibleLogicalRange({ from: bar - 30, to: bar + 30 });
      return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    })()`);
    const at = await page.evaluate<{ x: number; y: number }>(
      `(() => { const r = document.getElementById('price-chart').getBoundingClientRect(); return { x: r.left + window.__keelReport.charts.price.timeScale().timeToCoordinate(${t1.openDate / 1000}), y: r.top + 150 }; })()`,
    );
    await page.mouseMove(at.x, at.y);
    const legend = await page.evaluate<string>(`document.getElementById('price-legend').textContent`);
    expect(legend).toContain(`BTC/USDT · 5m${new Date(t1.openDate).toISOString().slice(0, 16).replace('T', ' ')}`);
    expect(legend).toContain(`▲ entry #1 long @ ${t1.openRate.toFixed(2)}  enter tag: cross`);
    expect(legend).toMatch(/sma_20 \d+\.\d{2}/);
    expect(legend).toMatch(/RSI: rsi \d+\.\d{4}/);

    // The trade list: one row per trade; a click on an ETH trade switches the chart to ETH
    // and brings the trade into view.
    expect(await page.evaluate<number>(`document.querySelectorAll('.trades[data-strategy="0"] tbody tr').length`)).toBe(10);
    const ethIndex = f.trades.findIndex((t) => t.pair === 'ETH/USDT' && !t.isOpen);
    const eth = f.trades[ethIndex]!;
    await page.evaluate(`document.querySelector('.trades[data-strategy="0"] tr[data-trade="${ethIndex}"] td').click()`);
    expect(await page.evaluate<string>(`document.getElementById('pair-select').value`)).toBe('1');
    const view = await page.evaluate<{ from: number; to: number }>(`window.__keelReport.charts.price.timeScale().getVisibleRange()`);
    expect(view.from).toBeLessThanOrEqual(eth.openDate / 1000);
    expect(view.to).toBeGreaterThanOrEqual(eth.closeDate / 1000);
    expect(view.to - view.from).toBeLessThan(2 * 86_400); // zoomed in, not the whole range

    // Periodic breakdown tabs.
    await page.evaluate(`document.querySelector('.per-strategy:not([hidden]) .tab[data-period="day"]').click()`);
    expect(
      await page.evaluate<boolean[]>(
        `['day', 'month'].map((p) => document.querySelector('.per-strategy:not([hidden]) .period-pane[data-period="' + p + '"]').hidden)`,
      ),
    ).toEqual([false, true]);

    // Pixels: the charts are drawn, not blank boxes.
    const png = await screenshot(page, 'report.png');
    const price = regionStats(png, ...Object.values(await rectOf(page, '#price-chart')) as [number, number, number, number]);
    const equity = regionStats(png, ...Object.values(await rectOf(page, '#equity-chart')) as [number, number, number, number]);
    for (const stats of [price, equity]) {
      expect(stats.pixels).toBeGreaterThan(100_000);
      expect(stats.colours).toBeGreaterThan(50);
      expect(stats.inked).toBeGreaterThan(0.03);
      expect(stats.lumaStd).toBeGreaterThan(10);
    }

    // The second strategy of the --strategy-list run: its sections, markers and trades.
    await page.evaluate(`(() => { const s = document.getElementById('strategy-select'); s.value = '1'; s.dispatchEvent(new Event('change')); })()`);
    expect(await page.evaluate<string>(`document.getElementById('chart-info').textContent`)).toContain('trades of EveryOther on this pair');
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('.per-strategy:not([hidden])')].map((e) => e.dataset.strategy)`)).toEqual(['1', '1']);
    expect(await page.evaluate<number>(`document.querySelectorAll('.trades[data-strategy="1"] tbody tr').length`)).toBe(5);
    expect(await page.evaluate<boolean>(`/STRATEGY SUMMARY/.test(document.body.textContent)`)).toBe(true);

    expectClean(page, file);
  });

  it('the page cannot reach the network or run foreign code: what is added to it is blocked and reported', async () => {
    const f = realCandleFixture(1);
    const html = renderHtmlReport({ result: f.result, candles: f.candles }).replace(
      '</body>',
      `<img alt="" src="http://127.0.0.1:9/pixel.png"><script>window.__foreign = 1;</script></body>`,
    );
    const file = path.join(tmp.dir, 'tampered.html');
    writeFileSync(file, html);
    const page = await open(file);
    // Even code the page runs cannot fetch.
    const fetched = await page.evaluate<string>(`fetch('http://127.0.0.1:9/data').then(() => 'fetched', (e) => 'refused: ' + e.message)`);
    expect(fetched).toMatch(/^refused/);
    expect(await page.evaluate<unknown>('window.__foreign')).toBeUndefined();
    const blocked = [...page.events.log, ...page.events.console].map((e) => e.text).filter((t) => /Content Security Policy/.test(t));
    expect(blocked.some((t) => t.includes('http://127.0.0.1:9/pixel.png'))).toBe(true);
    expect(blocked.some((t) => t.includes('http://127.0.0.1:9/data'))).toBe(true);
    expect(blocked.some((t) => /inline script/.test(t))).toBe(true);
    // ... so the checks of the real report above would have caught any of these.
    expect(() => expectClean(page, file)).toThrow();
  });

  it('shows hostile names as text: nothing a strategy, pair or tag name holds runs in the page', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const f = realCandleFixture(1);
    const trades = f.run.trades.map((t) => ({ ...t, pair: t.pair === 'BTC/USDT' ? `${hostile}/USDT` : t.pair, enterTag: hostile }));
    const result = buildBacktestResult([{ ...f.run, strategy: hostile, trades, pairs: [`${hostile}/USDT`, 'ETH/USDT'] }]);
    const file = path.join(tmp.dir, 'hostile.html');
    await writeHtmlReport(file, { result, candles: { [`${hostile}/USDT`]: f.candles['BTC/USDT']!, 'ETH/USDT': f.candles['ETH/USDT']! } });
    const page = await open(file);
    expect(await page.evaluate<unknown>('window.__pwned')).toBeUndefined();
    expect(await page.evaluate<number>(`document.querySelectorAll('main img').length`)).toBe(0);
    // The names are there, as text: pair selector, legend, trade list, title.
    expect(await page.evaluate<string>(`document.getElementById('pair-select').options[0].textContent`)).toBe(`${hostile}/USDT`);
    expect(await page.evaluate<string>(`document.getElementById('price-legend').textContent`)).toContain(`${hostile}/USDT`);
    expect(await page.evaluate<string>(`document.querySelector('.trades tbody tr td:nth-child(11)').textContent`)).toBe(hostile);
    expect(await page.evaluate<string>('document.title')).toContain(hostile);
    expectClean(page, file);
  });

  it('opens the full bundled year (2 x 104,816 candles, 4,000+ trades) with the overview strip', async () => {
    const f = yearFixture();
    const file = path.join(tmp.dir, 'year.html');
    await writeHtmlReport(file, { result: f.result, candles: f.candles, plotConfig: YEAR_PLOT_CONFIG });
    const page = await open(file, 120_000);
    const shape = await page.evaluate<number[][]>(`window.__keelReport.charts.price.panes().map((p) => p.getSeries().map((s) => s.data().length))`);
    const n = 104_816;
    expect(shape).toEqual([[n, n, n - 9, n - 29, n - 49], [n - 14]]); // sma_10, sma_30, ema_50 | rsi after their warm-up
    expect(await page.evaluate<boolean>(`document.getElementById('price-overview').hidden`)).toBe(false);
    // The overview spans the year; the price chart shows a window of it, capped for drawing speed.
    const overview = await page.evaluate<{ from: number; to: number }>(`window.__keelReport.charts.overview.timeScale().getVisibleRange()`);
    expect(overview.from).toBeLessThanOrEqual(Date.parse('2023-01-01T00:00:00Z') / 1000);
    expect(overview.to).toBeGreaterThanOrEqual(Date.parse('2023-12-30T00:00:00Z') / 1000);
    const bars = await page.evaluate<{ from: number; to: number }>(`window.__keelReport.charts.price.timeScale().getVisibleLogicalRange()`);
    expect(bars.to - bars.from).toBeLessThanOrEqual(20_500);
    expect(await page.evaluate<number>(`document.querySelectorAll('.trades[data-strategy="0"] tbody tr').length`)).toBe(200);

    const png = await screenshot(page, 'year.png');
    const stats = regionStats(png, ...Object.values(await rectOf(page, '#price-chart')) as [number, number, number, number]);
    expect(stats.colours).toBeGreaterThan(50);
    expect(stats.inked).toBeGreaterThan(0.03);
    expectClean(page, file);
  }, 180_000);
});
