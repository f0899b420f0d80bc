import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import type { EpochMetrics } from '../../../framework/optimize/hyperopt/epoch-metrics.ts';
import { categoricalDim, intDim } from '../../../framework/optimize/spaces/index.ts';
import { parameterStability, summarizeWalkForward, walkForwardText, windowMuchWorse, type WindowResult } from '../../../framework/optimize/walk-forward/report.ts';
import { parseWalkForward, walkForwardWindows } from '../../../framework/optimize/walk-forward/windows.ts';

const M5 = 300_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2023, 0, 1);

describe('--walk-forward spec', () => {
  it('parses windows, train, test and anchored', () => {
    expect(parseWalkForward('windows=3')).toEqual({ windows: 3, trainMs: null, testMs: null, anchored: false });
    expect(parseWalkForward('windows=4,train=12w,test=36h,anchored')).toEqual({ windows: 4, trainMs: 12 * 7 * DAY, testMs: 36 * 3_600_000, anchored: true });
  });

  it('names what is wrong', () => {
    expect(() => parseWalkForward('train=30d')).toThrow(/windows=N is required/);
    expect(() => parseWalkForward('windows=0')).toThrow(/windows=0: expected a whole number from 1 to 100/);
    expect(() => parseWalkForward('windows=2,test=30x')).toThrow(/test=30x: expected a duration such as 90d/);
    expect(() => parseWalkForward('windows=2,step=3d')).toThrow(/unknown key "step"/);
    expect(() => parseWalkForward('windows=2,anchored=yes')).toThrow(UsageError);
  });
});

describe('walk-forward windows', () => {
  // 40 days of 5m candles: 11,520 candles.
  const last = T0 + 40 * DAY - M5;

  it('by default: test = span / (N + 3), train = 3 x test, rolling by one test length, OOS right after IS', () => {
    const w = walkForwardWindows(parseWalkForward('windows=5'), T0, last, M5);
    expect(w).toHaveLength(5);
    const test = 5 * DAY; // 11,520 / 8 candles
    for (const [k, win] of w.entries()) {
      expect(win.inSample.startMs).toBe(T0 + k * test);
      expect(win.inSample.endMs).toBe(T0 + k * test + 3 * test - M5);
      expect(win.outOfSample.startMs).toBe(win.inSample.endMs + M5);
      expect(win.outOfSample.endMs).toBe(win.outOfSample.startMs + test - M5);
    }
    expect(w[4]!.outOfSample.endMs).toBe(last);
  });

  it('anchored: every IS starts at the beginning; only test given: train fills the rest', () => {
    const w = walkForwardWindows(parseWalkForward('windows=3,test=5d,anchored'), T0, last, M5);
    expect(w.map((x) => x.inSample.startMs)).toEqual([T0, T0, T0]);
    expect(w[0]!.inSample.endMs).toBe(T0 + 25 * DAY - M5);
    expect(w[2]!.outOfSample.endMs).toBe(last);
  });

  it('only train given: test splits the rest', () => {
    const w = walkForwardWindows(parseWalkForward('windows=2,train=20d'), T0, last, M5);
    expect(w[0]!.outOfSample.endMs - w[0]!.outOfSample.startMs + M5).toBe(10 * DAY);
  });

  it('a request that does not fit the data is refused with the numbers', () => {
    expect(() => walkForwardWindows(parseWalkForward('windows=3,train=30d,test=5d'), T0, last, M5)).toThrow(
      /3 window\(s\) of 30\.0 days in-sample \+ 5\.0 days out-of-sample do not fit the data's 40\.0 days/,
    );
  });
});

function m(profitTotal: number, trades = 10, dd = 0.05): EpochMetrics {
  return { trades, wins: 5, draws: 0, losses: 5, profitMean: 0, profitTotal, profitTotalAbs: profitTotal * 1000, durationAvgMin: 60, maxDrawdownAbs: dd * 1000, maxDrawdownAccount: dd };
}

function win(index: number, isProfit: number, oosProfit: number, params: Record<string, number | string>, isDays = 30, oosDays = 10): WindowResult {
  return {
    index,
    inSample: { startMs: T0, endMs: T0 + isDays * DAY },
    outOfSample: { startMs: T0 + isDays * DAY, endMs: T0 + (isDays + oosDays) * DAY },
    resultsFile: `w${index}.jsonl`,
    epochs: 10,
    bestEpoch: 3,
    params,
    is: { metrics: m(isProfit), loss: -1, days: isDays },
    oos: { metrics: m(oosProfit), loss: -0.5, days: oosDays },
  };
}

describe('walk-forward report', () => {
  const dims = [intDim('buy_fast', 5, 30), intDim('buy_slow', 20, 100), categoricalDim('mode', ['a', 'b'])];

  it('compares profit per day: a window is much worse below half the IS rate or when OOS loses', () => {
    // IS 3% in 30 days = 0.1%/day; OOS 1% in 10 days = 0.1%/day: as good.
    expect(windowMuchWorse(win(1, 0.03, 0.01, {}))).toBe(false);
    // OOS 0.4% in 10 days = 0.04%/day < 0.05%/day.
    expect(windowMuchWorse(win(1, 0.03, 0.004, {}))).toBe(true);
    expect(windowMuchWorse(win(1, 0.03, -0.001, {}))).toBe(true);
    // IS not profitable: nothing to degrade from.
    expect(windowMuchWorse(win(1, -0.01, -0.02, {}))).toBe(false);
  });

  it('says plainly when out-of-sample results are much worse, with the efficiency', () => {
    const s = summarizeWalkForward([win(1, 0.06, 0.002, { buy_fast: 10, buy_slow: 40, mode: 'a' }), win(2, 0.03, -0.01, { buy_fast: 25, buy_slow: 90, mode: 'b' })], dims);
    expect(s.verdict.muchWorse).toBe(true);
    expect(s.verdict.text).toMatch(/^OUT-OF-SAMPLE RESULTS ARE MUCH WORSE THAN IN-SAMPLE: walk-forward efficiency -?\d+\.\d%/);
    expect(s.muchWorseWindows).toEqual([1, 2]);
    expect(s.aggregate.oosTrades).toBe(20);
    expect(s.aggregate.oosProfitAbs).toBeCloseTo(-8, 9);
    expect(s.aggregate.oosProfitableWindows).toBe(1);
    const text = walkForwardText(s, 'USDT', 'WALK-FORWARD TEST');
    expect(text).toContain('OUT-OF-SAMPLE AGGREGATE');
    expect(text).toContain('PARAMETER STABILITY');
    expect(text).toContain('much worse');
  });

  it('says results hold up when OOS keeps at least half the IS rate in most windows', () => {
    const s = summarizeWalkForward([win(1, 0.03, 0.012, { buy_fast: 10 }), win(2, 0.03, 0.009, { buy_fast: 11 }), win(3, 0.03, 0.002, { buy_fast: 12 })], [dims[0]!]);
    expect(s.verdict.muchWorse).toBe(false);
    expect(s.verdict.text).toMatch(/^Out-of-sample results hold up: walk-forward efficiency 76\.7%/);
  });

  it('does not call it overfitting when in-sample found nothing profitable', () => {
    const s = summarizeWalkForward([win(1, -0.03, -0.05, {})], []);
    expect(s.verdict.muchWorse).toBe(false);
    expect(s.verdict.text).toMatch(/^In-sample optimisation found no profitable parameters/);
  });

  it('parameter stability: spread as a share of the range, the most frequent category', () => {
    const rows = parameterStability(
      [win(1, 0, 0, { buy_fast: 10, buy_slow: 20, mode: 'a' }), win(2, 0, 0, { buy_fast: 15, buy_slow: 100, mode: 'a' }), win(3, 0, 0, { buy_fast: 12, buy_slow: 60, mode: 'b' })],
      dims,
    );
    expect(rows[0]).toMatchObject({ name: 'buy_fast', min: 10, max: 15, spreadOfRange: 0.2, stable: true });
    expect(rows[1]).toMatchObject({ name: 'buy_slow', spreadOfRange: 1, stable: false });
    expect(rows[2]).toMatchObject({ name: 'mode', mode: 'a', stable: true });
    expect(rows[2]!.modeShare).toBeCloseTo(2 / 3, 12);
  });
});
