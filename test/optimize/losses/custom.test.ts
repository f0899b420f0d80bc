import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import {
  LossLoadError,
  SharpeHyperOptLoss,
  discoverLosses,
  evaluateLoss,
  lossInputFromRun,
  resolveLoss,
} from '../../../framework/optimize/losses/index.ts';
import type { BacktestRun } from '../../../framework/reports/types.ts';
import { REPO_ROOT, makeTempDir } from '../../helpers/tmp.ts';
import { TRADES, input, utc } from './fixtures.ts';

/** Import specifier of the losses module as seen from `dir` (relative, so vitest and tsx resolve it alike). */
function lossesImport(dir: string): string {
  return path.relative(dir, path.join(REPO_ROOT, 'framework/optimize/losses/index.ts')).split(path.sep).join('/');
}

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir('keel-losses-');
});
afterEach(() => tmp.cleanup());

function writeLoss(name: string, body: string): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, body);
  return file;
}

const GOOD = (dir: string): string => `
import { IHyperoptLoss, type LossInput } from '${lossesImport(dir)}';
/** Loss per trade: -Σ profit_abs / trades. */
export class ProfitPerTradeLoss extends IHyperoptLoss {
  compute(input: LossInput): number {
    let s = 0;
    for (const t of input.trades) s += t.profitAbs;
    return -s / input.tradeCount;
  }
}
/** Two objectives: -profit and the number of trades. */
export class ProfitAndCountLoss extends IHyperoptLoss {
  override objectives = 2;
  compute(input: LossInput): number[] {
    return [-input.trades.reduce((a, t) => a + t.profitAbs, 0), input.tradeCount];
  }
}
export const helper = 42;
`;

describe('custom losses from a directory', () => {
  it('loads classes by name, with their objectives', async () => {
    writeLoss('my_losses.ts', GOOD(tmp.dir));
    const found = await discoverLosses(tmp.dir);
    expect(found.problems).toEqual([]);
    expect(found.losses.map((l) => [l.loss.name, l.loss.objectives])).toEqual([
      ['ProfitPerTradeLoss', 1],
      ['ProfitAndCountLoss', 2],
    ]);
    const perTrade = await resolveLoss('ProfitPerTradeLoss', { directory: tmp.dir });
    // -(20 - 10 - 30 + 0 + 40) / 5 = -4
    expect(perTrade.compute(input())).toBe(-4);
    const two = await resolveLoss('ProfitAndCountLoss', { directory: tmp.dir });
    expect(evaluateLoss(two, input(), 1).values).toEqual([-20, 5]);
  });

  it('built-in names win without touching the directory', async () => {
    writeLoss('broken.ts', 'export const = ;');
    expect(await resolveLoss('Sharpe', { directory: tmp.dir })).toBe(SharpeHyperOptLoss);
  });

  it('an unknown name is a UsageError listing built-in and custom names', async () => {
    writeLoss('my_losses.ts', GOOD(tmp.dir));
    const err = await resolveLoss('NoSuchLoss', { directory: tmp.dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/unknown hyperopt loss "NoSuchLoss": choose one of ShortTradeDurHyperOptLoss \(ShortTradeDur\)/);
    expect((err as Error).message).toContain('MultiMetricHyperOptLoss (MultiMetric)');
    expect((err as Error).message).toContain('ProfitPerTradeLoss, ProfitAndCountLoss');
  });

  it('a broken file is named when the loss is not found, and does not hide the good ones', async () => {
    writeLoss('my_losses.ts', GOOD(tmp.dir));
    const broken = writeLoss('broken_loss.ts', 'export class Broken {\n  compute( { return 1 }\n}\n');
    const found = await discoverLosses(tmp.dir);
    expect(found.losses.map((l) => l.loss.name)).toEqual(['ProfitPerTradeLoss', 'ProfitAndCountLoss']);
    expect(found.problems.map((p) => p.file)).toEqual([broken]);
    expect((await resolveLoss('ProfitPerTradeLoss', { directory: tmp.dir })).name).toBe('ProfitPerTradeLoss');
    const err = await resolveLoss('Broken', { directory: tmp.dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LossLoadError);
    expect((err as Error).message).toContain(`custom loss file ${broken} cannot be imported`);
  });

  it('a class whose constructor throws or whose objectives are wrong is a problem naming the file', async () => {
    writeLoss(
      'bad.ts',
      `export class Throws { constructor() { throw new Error('boom'); } compute() { return 1; } }
       export class BadObjectives { objectives = 0; compute() { return 1; } }`,
    );
    const found = await discoverLosses(tmp.dir);
    expect(found.losses).toEqual([]);
    expect(found.problems.map((p) => p.error.message)).toEqual([
      expect.stringMatching(/bad\.ts: export Throws: the constructor threw: boom/),
      expect.stringMatching(/bad\.ts: export BadObjectives: objectives must be a whole number >= 1, got 0/),
    ]);
  });

  it('a missing directory just has no custom losses', async () => {
    const found = await discoverLosses(path.join(tmp.dir, 'nope'));
    expect(found).toMatchObject({ losses: [], problems: [] });
  });
});

describe('lossInputFromRun', () => {
  it('maps a BacktestRun and computes its metrics only when read', () => {
    const run: BacktestRun = {
      strategy: 'Test',
      timeframe: '5m',
      timerange: { start: utc('2023-01-01T00:00'), end: utc('2023-01-11T00:00') },
      stakeCurrency: 'USDT',
      stakeAmount: 100,
      startingBalance: 1000,
      maxOpenTrades: 3,
      pairs: ['BTC/USDT'],
      trades: TRADES,
      marketChange: 0,
      rejectedSignals: 0,
      riskDenials: {},
      fillModel: { name: 'freqtrade' } as BacktestRun['fillModel'],
      seed: null,
      configResolved: { max_open_trades: 3 },
      strategySourceHash: 'x',
      dataHashes: {},
    };
    const li = lossInputFromRun(run);
    expect(li).toMatchObject({ tradeCount: 5, minDate: run.timerange.start, maxDate: run.timerange.end, startingBalance: 1000 });
    expect(li.config).toBe(run.configResolved);
    expect(li.metrics.totalTrades).toBe(5);
    expect(li.metrics.profitTotalAbs).toBe(20);
    // The same numbers as the hand-made input, so every built-in loss agrees on both.
    expect(SharpeHyperOptLoss.compute(li)).toBe(SharpeHyperOptLoss.compute(input()));
  });
});
