import { describe, expect, it } from 'vitest';
import { defaultStartups, recursiveAnalysis } from '../../../framework/optimize/analysis/recursive.ts';
import { FIXTURE_DIR, SAMPLE_DIR, subject } from './helpers.ts';

// Three weeks of BTC/USDT 5m (~6,000 candles) as the long-history reference.
const RANGE = '20230301-20230321';

describe('recursive analysis on the bundled data', () => {
  it('flags EMA(200) with startupCandleCount 10: no value from 10 or 100 candles, converging from 400 on', async () => {
    const s = await subject('EmaShortStartup', FIXTURE_DIR, RANGE, ['BTC/USDT'], 0);
    const r = await recursiveAnalysis(s.strategy, s.windows[0]!, { startups: [100, 400, 1000, 2000], freshStrategy: s.freshStrategy });
    expect(r.startups.map((x) => x.startup)).toEqual([10, 100, 400, 1000, 2000]);
    const ema = r.columns.find((c) => c.column === 'ema200')!;
    const sma = r.columns.find((c) => c.column === 'sma10')!;
    // 10 and 100 candles: EMA(200) has no value at all.
    expect(ema.deviations.slice(0, 2)).toEqual([Infinity, Infinity]);
    // From 400 on it converges: the seed's weight decays as (1 - 2/201)^(n - 200).
    expect(ema.deviations[2]).toBeGreaterThan(ema.deviations[3]!);
    expect(ema.deviations[3]).toBeGreaterThan(ema.deviations[4]!);
    expect(ema.deviations[4]).toBeLessThan(1e-6);
    // SMA(10) is exact from 10 candles on, up to summation-order rounding.
    for (const d of sma.deviations) expect(d).toBeLessThan(1e-12);
    expect(r.tooSmallFor).toEqual([{ column: 'ema200', deviation: Infinity }]);
    expect(r.recommendedStartup).toBeGreaterThanOrEqual(400);
    expect(r.recommendedStartup).toBeLessThanOrEqual(1000);
    expect(r.lookaheadColumns).toEqual([]);
  });

  it('passes the same rule with startupCandleCount 1000', async () => {
    const s = await subject('EmaEnoughStartup', FIXTURE_DIR, RANGE, ['BTC/USDT'], 0);
    const r = await recursiveAnalysis(s.strategy, s.windows[0]!, { startups: [2000, 4000], freshStrategy: s.freshStrategy });
    // The strategy's own startupCandleCount is always tested.
    expect(r.startups).toEqual([{ startup: 1000 }, { startup: 2000 }, { startup: 4000 }]);
    expect(r.tooSmallFor).toEqual([]);
    expect(r.recommendedStartup).toBe(1000);
    const ema = r.columns.find((c) => c.column === 'ema200')!;
    expect(ema.deviations[0]).toBeGreaterThan(0);
    expect(ema.deviations[0]).toBeLessThan(1e-3);
  });

  it('measures the deviation against the reference value (threshold decides the verdict)', async () => {
    const s = await subject('EmaShortStartup', FIXTURE_DIR, RANGE, ['BTC/USDT'], 0);
    const loose = await recursiveAnalysis(s.strategy, s.windows[0]!, { startups: [400], threshold: Infinity });
    expect(loose.tooSmallFor).toEqual([{ column: 'ema200', deviation: Infinity }]); // no value is never within a threshold
    const at400 = loose.columns.find((c) => c.column === 'ema200')!.deviations[1]!;
    const strict = await recursiveAnalysis(s.strategy, s.windows[0]!, { startups: [400], threshold: at400 / 2 });
    expect(strict.recommendedStartup).toBeUndefined();
    const lenient = await recursiveAnalysis(s.strategy, s.windows[0]!, { startups: [400], threshold: at400 * 2 });
    expect(lenient.recommendedStartup).toBe(400);
  });

  it("reports Freqtrade's lookahead note for BiasedLookahead and the whole-series maximum as recursive", async () => {
    const s = await subject('BiasedLookahead', SAMPLE_DIR, RANGE, ['BTC/USDT'], 0);
    const r = await recursiveAnalysis(s.strategy, s.windows[0]!, { freshStrategy: s.freshStrategy });
    expect(r.lookaheadColumns).toEqual(['next_close', 'close_norm']);
    expect(r.tooSmallFor.map((c) => c.column)).toEqual(['close_norm']);
  });

  it('MacdTrend: the 1h informative EMA is measured through the merge, the 1h candles themselves do not deviate', async () => {
    const s = await subject('MacdTrend', SAMPLE_DIR, RANGE, ['BTC/USDT'], 0);
    const r = await recursiveAnalysis(s.strategy, s.windows[0]!, { startups: [100], freshStrategy: s.freshStrategy });
    const dev = (c: string): (number | undefined)[] => r.columns.find((x) => x.column === c)!.deviations;
    // 100 candles of 5m hold 8 closed 1h candles: EMA(50) on 1h has no value.
    expect(dev('ema_1h')[0]).toBe(Infinity);
    expect(dev('close_1h')).toEqual([0, 0]);
    expect(dev('macd')[0]).toBeGreaterThan(0);
  });

  it("tests the strategy's startupCandleCount and its multiples by default", () => {
    expect(defaultStartups(30)).toEqual([30, 60, 120, 240]);
    expect(defaultStartups(0)).toEqual([100, 500, 1000]);
  });

  it('records startup lengths longer than the history instead of failing', async () => {
    const s = await subject('EmaEnoughStartup', FIXTURE_DIR, '20230301-20230303', ['BTC/USDT'], 0);
    const r = await recursiveAnalysis(s.strategy, s.windows[0]!, { startups: [100, 5000] });
    const long = r.startups.find((x) => x.startup === 5000)!;
    expect(long.error).toMatch(/needs 5001 candles, the reference has \d+/);
    expect(r.columns.find((c) => c.column === 'ema200')!.deviations[r.startups.indexOf(long)]).toBeUndefined();
  });
});
