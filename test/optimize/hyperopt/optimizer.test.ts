/**
 * The worker loop end to end in this process: workers hold a queued trial besides the running
 * one, the last trials before a batch barrier wait for a free worker, and entry / exit columns
 * come from the signal cache where the searched values did not change. None of it may change
 * an epoch: the same seed gives the same epochs with 1, 2 or 3 workers, cache on or off.
 * Real candles: the bundled Binance BTC/USDT 5m, January 2023.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../framework/config/load.ts';
import { prepareNewRun } from '../../../framework/optimize/hyperopt/command.ts';
import { runHyperopt } from '../../../framework/optimize/hyperopt/run.ts';
import { makeWorkspace, TIMERANGE, writeStrategy, type Workspace } from './workspace.ts';

let ws: Workspace;

beforeAll(() => {
  ws = makeWorkspace();
  writeStrategy(
    ws,
    'buy_sell.ts',
    (i) => `import { IStrategy, IntParameter, ta, type DataFrame } from '${i.strategy}';
export class BuySell extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 10 };
  override stoploss = -0.1;
  override startupCandleCount = 30;
  buy_rsi = new IntParameter(20, 45, { default: 30 });
  sell_rsi = new IntParameter(55, 80, { default: 70 });
  populateIndicators(df: DataFrame): void {
    df.set('rsi', ta.rsi(df.get('close'), 14));
  }
  populateEntryTrend(df: DataFrame): void {
    df.assignWhere(df.get('rsi').crossedBelow(this.buy_rsi.value), { enter_long: 1, enter_tag: 'dip' });
  }
  populateExitTrend(df: DataFrame): void {
    df.assignWhere(df.get('rsi').crossedAbove(this.sell_rsi.value), { exit_long: 1 });
  }
}
`,
  );
});
afterAll(() => ws.cleanup());

async function run(workers: number, signalCacheBytes?: number) {
  const { config } = loadConfig({ file: ws.config, cwd: ws.dir });
  const prep = await prepareNewRun({
    config,
    timeframeExplicit: false,
    strategy: 'BuySell',
    spaces: ['buy', 'sell'],
    loss: 'SharpeHyperOptLoss',
    sampler: 'tpe',
    seed: 11,
    timerange: TIMERANGE,
    progress: false,
    out: process.stderr,
  });
  const { outcome } = await runHyperopt(prep, {
    epochs: 30,
    workers,
    resultsDir: ws.results,
    progress: false,
    handleSignals: false,
    ...(signalCacheBytes !== undefined ? { signalCacheBytes } : {}),
  });
  return { epochs: outcome.epochs.map((e) => JSON.stringify([e.epoch, e.params, e.values, e.metrics])), workers: outcome.workers };
}

describe('hyperopt worker loop', () => {
  it('the same epochs with 1, 2 and 3 workers and without the signal cache', async () => {
    const one = await run(1);
    expect(one.epochs).toHaveLength(30);
    for (const other of [await run(2), await run(3), await run(2, 0)]) expect(other.epochs).toEqual(one.epochs);
  }, 240_000);

  it('workers report busy and idle time, and the hook runs the cache saved', async () => {
    const cached = await run(2);
    const off = await run(2, 0);
    for (const w of [...cached.workers, ...off.workers]) {
      expect(w.epochs).toBeGreaterThan(0);
      expect(w.busyMs).toBeGreaterThan(0);
      expect(w.idleMs).toBeGreaterThanOrEqual(0);
    }
    const sum = (ws: typeof off.workers, k: 'hooksComputed' | 'hooksReused') => ws.reduce((s, w) => s + w[k], 0);
    // Two hooks, one pair, 30 epochs: every run is either computed or reused.
    expect(sum(off.workers, 'hooksComputed')).toBe(60);
    expect(sum(off.workers, 'hooksReused')).toBe(0);
    expect(sum(cached.workers, 'hooksComputed') + sum(cached.workers, 'hooksReused')).toBe(60);
    // 26 buy_rsi and 26 sell_rsi values over 30 epochs (TPE narrows down): values repeat.
    expect(sum(cached.workers, 'hooksReused')).toBeGreaterThan(0);
  }, 240_000);
});
