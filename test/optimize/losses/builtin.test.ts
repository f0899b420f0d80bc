import { describe, expect, it } from 'vitest';
import {
  BUILTIN_LOSSES,
  CalmarHyperOptLoss,
  MAX_LOSS,
  MaxDrawDownHyperOptLoss,
  MaxDrawDownRelativeHyperOptLoss,
  MultiMetricHyperOptLoss,
  OnlyProfitHyperOptLoss,
  ProfitDrawDownHyperOptLoss,
  SharpeHyperOptLoss,
  SharpeHyperOptLossDaily,
  ShortTradeDurHyperOptLoss,
  SortinoHyperOptLoss,
  SortinoHyperOptLossDaily,
  dailyReturns,
  evaluateLoss,
  findBuiltinLoss,
} from '../../../framework/optimize/losses/index.ts';
import { TRADES, input, trade } from './fixtures.ts';

// Values shared by several losses (see fixtures.ts for the trades):
//   Σ profit_abs = 20 - 10 - 30 + 0 + 40 = 20 USDT;  Σ profit_ratio = 0.2
//   largest drawdown 40 USDT; relative account drawdown D = 40 / 1020 = 0.0392156862745098
const D = 40 / 1020;
const SQRT365 = Math.sqrt(365); // 19.1049731745428

describe('Freqtrade losses on hand-made trades', () => {
  it('ShortTradeDurHyperOptLoss', () => {
    // trade_loss    = 1 - 0.25 * exp(-(5 - 600)^2 / 10^5.8) = 1 - 0.25 * exp(-354025 / 630957.34) = 0.8573535622
    // profit_loss   = max(0, 1 - 0.2 / 3) = 0.9333333333
    // duration_loss = 0.4 * min(mean(600, 300, 2160, 60, 1440) / 300, 1) = 0.4 * min(912 / 300, 1) = 0.4
    expect(ShortTradeDurHyperOptLoss.compute(input())).toBeCloseTo(0.8573535622481688 + 0.9333333333333333 + 0.4, 12);
    // Two short trades: mean duration (600 + 300) / 2 = 450 -> still capped at 1; Σ ratio 0.1
    const two = input(TRADES.slice(0, 2));
    const tradeLoss = 1 - 0.25 * Math.exp(-((2 - 600) ** 2) / 10 ** 5.8);
    expect(ShortTradeDurHyperOptLoss.compute(two)).toBeCloseTo(tradeLoss + (1 - 0.1 / 3) + 0.4, 12);
    // One 60-minute trade: duration_loss = 0.4 * 60 / 300 = 0.08; Σ ratio 0 -> profit_loss 1
    const one = input([TRADES[3]!]);
    expect(ShortTradeDurHyperOptLoss.compute(one)).toBeCloseTo(1 - 0.25 * Math.exp(-(599 ** 2) / 10 ** 5.8) + 1 + 0.08, 12);
  });

  it('OnlyProfitHyperOptLoss = -Σ profit_abs', () => {
    expect(OnlyProfitHyperOptLoss.compute(input())).toBe(-20);
    expect(OnlyProfitHyperOptLoss.compute(input(TRADES.slice(1, 3)))).toBe(40); // -(-10 - 30)
  });

  it('SharpeHyperOptLoss', () => {
    // r = profit_abs / 1000 = [0.02, -0.01, -0.03, 0, 0.04]; mean r = 0.004
    // population std = sqrt((0.016² + 0.014² + 0.034² + 0.004² + 0.036²) / 5) = sqrt(0.00292 / 5) = 0.0241660919
    // sharpe = (0.02 / 10 days) / 0.0241660919 * sqrt(365) = 1.5811388301 -> loss -1.5811388301
    expect(SharpeHyperOptLoss.compute(input())).toBeCloseTo(-1.5811388300841895, 10);
  });

  it('SortinoHyperOptLoss', () => {
    // losing returns [-0.01, -0.03]: population std 0.01; sortino = 0.002 / 0.01 * sqrt(365) = 3.8209946349
    expect(SortinoHyperOptLoss.compute(input())).toBeCloseTo(-0.2 * SQRT365, 10);
  });

  it('CalmarHyperOptLoss', () => {
    // expected returns = 20 / 1000 / 10 days * 100 = 0.2; calmar = 0.2 / D * sqrt(365) = 5.1 * 19.1049731745 = 97.4353631902
    expect(CalmarHyperOptLoss.compute(input())).toBeCloseTo(-97.43536319016829, 8);
  });

  it('SharpeHyperOptLossDaily', () => {
    // Daily Σ(profit_ratio - 0.0005) over the 11 days 01-01 .. 01-11:
    //   [0.1995, -0.1005, 0, -0.3005, -0.0005, 0, 0.3995, 0, 0, 0, 0]   (trade 3 closes 01-04, trade 5 on 01-07)
    const daily = [0.1995, -0.1005, 0, -0.3005, -0.0005, 0, 0.3995, 0, 0, 0, 0];
    expect([...dailyReturns(input())].map((x) => Number(x.toFixed(10)))).toEqual(daily);
    // mean = 0.1975 / 11 = 0.0179545455; sample std = 0.1721206633; sharpe = 0.0179545455 / 0.1721206633 * sqrt(365) = 1.9929106868
    expect(SharpeHyperOptLossDaily.compute(input())).toBeCloseTo(-1.992910686824915, 9);
  });

  it('SortinoHyperOptLossDaily', () => {
    // downside deviation = sqrt((0.1005² + 0.3005² + 0.0005²) / 11) = sqrt(0.10040075 / 11) = 0.0955371180
    // sortino = 0.0179545455 / 0.0955371180 * sqrt(365) = 3.5904485772
    expect(SortinoHyperOptLossDaily.compute(input())).toBeCloseTo(-3.590448577224757, 9);
  });

  it('daily losses give 20 (ratio -20) when the deviation is zero', () => {
    // No trades: every day is 0, std 0 -> sharpe -20; no losing day -> sortino -20.
    expect(SharpeHyperOptLossDaily.compute(input([]))).toBe(20);
    expect(SortinoHyperOptLossDaily.compute(input([]))).toBe(20);
    // Only a winning trade: daily [0.1995, 0, ...] has no negative day -> sortino -20.
    expect(SortinoHyperOptLossDaily.compute(input([TRADES[0]!]))).toBe(20);
  });

  it('MaxDrawDownHyperOptLoss = -Σ profit_abs / max drawdown', () => {
    // -20 / 40 = -0.5
    expect(MaxDrawDownHyperOptLoss.compute(input())).toBe(-0.5);
    // Without a losing trade there is no drawdown: -Σ profit_abs = -(20 + 40) = -60
    expect(MaxDrawDownHyperOptLoss.compute(input([TRADES[0]!, TRADES[4]!]))).toBe(-60);
    expect(MaxDrawDownHyperOptLoss.compute(input([]))).toBe(-0);
  });

  it('MaxDrawDownRelativeHyperOptLoss = -Σ profit_abs / max drawdown / max relative drawdown', () => {
    // -20 / 40 / (40 / 1020) = -12.75
    expect(MaxDrawDownRelativeHyperOptLoss.compute(input())).toBeCloseTo(-12.75, 12);
    expect(MaxDrawDownRelativeHyperOptLoss.compute(input([TRADES[0]!, TRADES[4]!]))).toBe(-60);
  });

  it('ProfitDrawDownHyperOptLoss = -(P - D·P·(1 - 0.075))', () => {
    // -(20 - 0.0392156863 * 20 * 0.925) = -(20 - 0.7254901961) = -19.2745098039
    expect(ProfitDrawDownHyperOptLoss.compute(input())).toBeCloseTo(-19.274509803921568, 12);
    // No drawdown: D = 0 -> -P
    expect(ProfitDrawDownHyperOptLoss.compute(input([TRADES[4]!]))).toBe(-40);
  });

  it('MultiMetricHyperOptLoss', () => {
    // gross win 60, gross loss -40: pf = 60 / (40 + 1e-6) ≈ 1.5;        log_pf = ln(2.5)
    // winrate 2/5 = 0.4, avg win 30, avg loss 20: er = (1 + 30/20)·0.4 - 1 = 0;  log_er = ln(0 + 2) = ln 2
    // log_wr = ln(1.2 + 0.4) = ln 1.6;   5 trades < 50: penalty = max(1 - 45/50, 0.1) = 0.1
    // profit_draw = 20 - D·20·(1 - 0.055) = 20 - 0.7411764706 = 19.2588235294
    // loss = -(19.2588235294 · ln 2.5 · ln 2 · ln 1.6 · 0.1) = -0.5748965638
    const pf = 60 / (40 + 1e-6);
    const expected = -((20 - D * 20 * 0.945) * Math.log(pf + 1) * Math.log(2) * Math.log(1.6) * 0.1);
    expect(MultiMetricHyperOptLoss.compute(input())).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(-0.5748965638263505, 10);
    // Expectancy ratio above 10 is capped: one winner, one tiny loser: avg win 40, avg loss 1 ->
    // er = (1 + 40)·0.5 - 1 = 19.5 -> min(10, 19.5) = 10 -> log_er = ln 12
    const capped = input([TRADES[4]!, trade(6, '2023-01-08T00:00', '2023-01-08T01:00', -1)]);
    const ddSmall = 1 / 1040; // high 40 then -1: drawdown 1 against 1000 + 40
    const pf2 = 40 / (1 + 1e-6);
    const exp2 = -((39 - ddSmall * 39 * 0.945) * Math.log(pf2 + 1) * Math.log(12) * Math.log(1.2 + 0.5) * 0.1);
    expect(MultiMetricHyperOptLoss.compute(capped)).toBeCloseTo(exp2, 12);
  });

  it('every Freqtrade loss is there under its name and short name, one objective each', () => {
    expect(BUILTIN_LOSSES.map((b) => b.loss.name)).toEqual([
      'ShortTradeDurHyperOptLoss',
      'OnlyProfitHyperOptLoss',
      'SharpeHyperOptLoss',
      'SharpeHyperOptLossDaily',
      'SortinoHyperOptLoss',
      'SortinoHyperOptLossDaily',
      'CalmarHyperOptLoss',
      'MaxDrawDownHyperOptLoss',
      'MaxDrawDownRelativeHyperOptLoss',
      'ProfitDrawDownHyperOptLoss',
      'MultiMetricHyperOptLoss',
    ]);
    for (const b of BUILTIN_LOSSES) {
      expect(b.loss.objectives).toBe(1);
      expect(findBuiltinLoss(b.short)).toBe(b.loss);
      expect(findBuiltinLoss(b.loss.name)).toBe(b.loss);
    }
    expect(findBuiltinLoss('sharpedaily')).toBe(SharpeHyperOptLossDaily);
    expect(findBuiltinLoss('DefaultHyperOptLoss')).toBe(ShortTradeDurHyperOptLoss);
    expect(findBuiltinLoss('Sharpie')).toBeUndefined();
  });
});

describe('evaluateLoss', () => {
  it('gives MAX_LOSS below --min-trades and the loss otherwise', () => {
    expect(MAX_LOSS).toBe(100000);
    expect(evaluateLoss(OnlyProfitHyperOptLoss, input(), 6)).toEqual({ values: [MAX_LOSS], belowMinTrades: true, failed: false });
    expect(evaluateLoss(OnlyProfitHyperOptLoss, input(), 5)).toEqual({ values: [-20], belowMinTrades: false, failed: false });
    const two = { name: 'Two', objectives: 2, compute: () => [1, 2] };
    expect(evaluateLoss(two, input([]), 1).values).toEqual([MAX_LOSS, MAX_LOSS]);
  });

  it('marks non-finite values as failed and rejects a wrong number of values', () => {
    const nan = { name: 'Nan', objectives: 1, compute: () => NaN };
    expect(evaluateLoss(nan, input(), 1).failed).toBe(true);
    const wrong = { name: 'Wrong', objectives: 2, compute: () => 3 };
    expect(() => evaluateLoss(wrong, input(), 1)).toThrow(/loss Wrong returned 1 value\(s\) but declares objectives = 2/);
  });
});
