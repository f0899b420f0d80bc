import { describe, expect, it } from 'vitest';
import { EarlyStop, bestEpoch, newBestEpochs } from '../../../framework/optimize/hyperopt/best.ts';
import type { EpochMetrics } from '../../../framework/optimize/hyperopt/epoch-metrics.ts';
import { epochsCsv, epochTable, filterEpochs } from '../../../framework/optimize/hyperopt/list.ts';
import type { EpochLine } from '../../../framework/optimize/hyperopt/results-file.ts';

function metrics(trades: number, profitTotalAbs: number, profitMean: number): EpochMetrics {
  return {
    trades,
    wins: Math.floor(trades / 2),
    draws: 0,
    losses: trades - Math.floor(trades / 2),
    profitMean,
    profitTotal: profitTotalAbs / 1000,
    profitTotalAbs,
    durationAvgMin: 90,
    maxDrawdownAbs: 10,
    maxDrawdownAccount: 0.01,
  };
}

function epoch(n: number, values: Array<number | null>, m: EpochMetrics | null): EpochLine {
  return {
    kind: 'epoch',
    epoch: n,
    params: { buy_fast: n, buy_slow: 20 + n },
    paramsDetails: {},
    loss: values[0] ?? null,
    values,
    failed: values.some((v) => v === null),
    belowMinTrades: false,
    metrics: m,
    seed: 1,
    durationMs: 1,
    worker: 0,
    finishedAt: '',
  };
}

// Written in completion order (as a run with several workers writes them), not in epoch order.
const EPOCHS: EpochLine[] = [
  epoch(3, [-3], metrics(30, 30, 0.001)),
  epoch(1, [-1], metrics(10, 10, 0.001)),
  epoch(2, [5], metrics(5, -20, -0.004)),
  epoch(5, [null], null),
  epoch(4, [-2], metrics(40, 25, 0.000625)),
  epoch(6, [-3], metrics(60, -1, -0.00001)),
];

describe('best epoch', () => {
  it('is the lowest loss, the earlier epoch on ties, never a failed one', () => {
    expect(bestEpoch(EPOCHS)!.epoch).toBe(3);
    expect(bestEpoch([epoch(1, [null], null)])).toBeNull();
  });

  it('new bests are decided in epoch order, whatever order the lines are in', () => {
    expect([...newBestEpochs(EPOCHS)].sort()).toEqual([1, 3]);
  });

  it('with several objectives: the Pareto front, then the lowest first objective', () => {
    const multi = [epoch(1, [1, 5], null), epoch(2, [2, 1], null), epoch(3, [3, 3], null), epoch(4, [0.5, 9], null)];
    expect(bestEpoch(multi)!.epoch).toBe(4);
    // 3 is dominated by 2 (2 < 3 and 1 < 3).
    expect([...newBestEpochs(multi)].sort()).toEqual([1, 2, 4]);
  });

  it('early stop counts epochs in epoch order, so the stopping point does not depend on completion order', () => {
    const stopAt = (order: number[]): number => {
      const es = new EarlyStop(3);
      const byNumber = new Map(EPOCHS.map((e) => [e.epoch, e]));
      const done: number[] = [];
      for (const n of order) {
        done.push(n);
        if (es.add(byNumber.get(n)!)) return Math.max(...done);
      }
      return -1;
    };
    // Best 3 at epoch 3; epochs 4, 5, 6 bring nothing better: stop once 1..6 are all in.
    expect(stopAt([1, 2, 3, 4, 5, 6])).toBe(6);
    expect(stopAt([6, 5, 4, 3, 2, 1])).toBe(6);
    expect(new EarlyStop(0).add(EPOCHS[0]!)).toBe(false);
  });
});

describe('hyperopt-list filters', () => {
  const numbers = (f: Parameters<typeof filterEpochs>[1]): number[] => filterEpochs(EPOCHS, f).map((e) => e.epoch);

  it('without filters: every epoch in epoch order', () => {
    expect(numbers({})).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('--best, --profitable, trade counts, average and total profit, objective (bounds inclusive)', () => {
    expect(numbers({ best: true })).toEqual([1, 3]);
    expect(numbers({ profitable: true })).toEqual([1, 3, 4]);
    expect(numbers({ minTrades: 30 })).toEqual([3, 4, 6]);
    expect(numbers({ maxTrades: 10 })).toEqual([1, 2]);
    expect(numbers({ minAvgProfit: 0.1 })).toEqual([1, 3]);
    expect(numbers({ maxAvgProfit: 0 })).toEqual([2, 6]);
    expect(numbers({ minTotalProfit: 25 })).toEqual([3, 4]);
    expect(numbers({ maxTotalProfit: -1 })).toEqual([2, 6]);
    expect(numbers({ minObjective: -2 })).toEqual([1, 2, 4]);
    expect(numbers({ maxObjective: -3 })).toEqual([3, 6]);
    expect(numbers({ profitable: true, minTrades: 20 })).toEqual([3, 4]);
  });

  it('the table marks new bests and shows a failed epoch as failed', () => {
    const text = epochTable(filterEpochs(EPOCHS, {}), EPOCHS, 6, 'USDT');
    expect(text).toMatch(/│ \*\s+│\s+3\/6 │\s+30 │/);
    expect(text).toMatch(/│\s+│\s+5\/6 │\s+- │/);
    expect(text).toContain('-20 USDT (-2.00%)');
  });

  it('CSV: one row per epoch with metrics, objective and parameters', () => {
    const csv = epochsCsv(filterEpochs(EPOCHS, { profitable: true }), EPOCHS, ['buy_fast', 'buy_slow']).trim().split('\n');
    expect(csv[0]).toBe(
      'best,epoch,trades,wins,draws,losses,avg_profit_pct,total_profit_abs,total_profit_pct,avg_duration_min,objective,max_drawdown_abs,max_drawdown_account_pct,failed,below_min_trades,buy_fast,buy_slow',
    );
    expect(csv).toHaveLength(4);
    expect(csv[2]).toBe('true,3,30,15,0,15,0.1,30,3,90,-3,10,1,false,false,3,23');
  });
});
