/**
 * The backtest event loop alone (candle data loaded and analyzed beforehand; the runner times
 * its loop), in pair-candles per second on one core. Goal >= 5M pair-candles/s with trades and
 * callbacks active. Real data: Binance BTC/USDT and ETH/USDT 5m 2023 and pairs derived from
 * them (bench/_backtest-setup.ts). Each case runs 5 times in one process: `first` is the cold
 * run (what one CLI invocation sees), `warm` the median of the others (`warm_M_per_cpu_s` per
 * CPU second of the process instead of wall time). Runs under the Node.js flags of Keel's CLI
 * (bench/lib/keel-node-flags.ts).
 *
 *   quiet-10        10 pairs, a strategy without signals: the fast path only
 *   hold-10         10 pairs, one trade each held all year (exit checks on every candle, no orders)
 *   sma-1           SmaCross on BTC/USDT: ~2,200 trades, every entry and exit an order
 *   sma-10          SmaCross on 10 pairs, 5 slots
 *   callbacks-10    SmaCross signals on 10 pairs with customStoploss, customExit, customRoi and
 *                   a trailing stop active on every candle of every open trade
 *   callbacks-demo-10  user_data's CallbacksDemo on 10 pairs (its confirmTradeEntry reads
 *                   dp.getAnalyzedDataframe on every entry)
 *   hold-callbacks-10  hold-10 with callbacks-10's callbacks and trailing stop, at levels that
 *                   never exit: their cost per candle of an open trade, without orders (last,
 *                   so the cases above run as before)
 */
import { CandleStore } from '../framework/data/parquet-store.ts';
import { runBacktest } from '../framework/engine/backtest/runner.ts';
import { IStrategy, type DataFrame } from '../framework/strategy/index.ts';
import { loadStrategy } from '../framework/strategy/loader.ts';
import { derivedPairs, median, REPO, round, tempDir, writeStore } from './_backtest-setup.ts';
import { rerunWithKeelNodeFlags } from './lib/keel-node-flags.ts';

rerunWithKeelNodeFlags();

/** SmaCross with every per-candle callback the trade manager calls while a trade is open. */
async function withCallbacks(dir: string): Promise<IStrategy> {
  const s = (await loadStrategy('SmaCross', { dir })).strategy;
  return Object.assign(s, {
    useCustomStoploss: true,
    trailingStop: true,
    customStoploss: ({ currentProfit }: { currentProfit: number }) => (currentProfit > 0.02 ? -0.01 : undefined),
    customExit: ({ currentProfit }: { currentProfit: number }) => (currentProfit < -0.05 ? 'cut' : undefined),
    customRoi: ({ tradeDuration }: { tradeDuration: number }) => (tradeDuration > 600 ? 0.001 : undefined),
  });
}

/** Enters once per pair (row 40) and holds: every candle runs the trade's exit checks. */
class Hold extends IStrategy {
  override minimalRoi = { '0': 10 };
  override stoploss = -0.99;
  populateIndicators(): void {}
  populateEntryTrend(df: DataFrame): void {
    const a = new Float64Array(df.length);
    a[40] = 1;
    df.set('enter_long', a);
  }
  populateExitTrend(): void {}
}

/** Hold with the per-candle callbacks of withCallbacks, at levels that never exit the trade. */
function holdWithCallbacks(): IStrategy {
  return Object.assign(new Hold(), {
    useCustomStoploss: true,
    trailingStop: true,
    customStoploss: ({ currentProfit }: { currentProfit: number }) => (currentProfit > 100 ? -0.01 : undefined),
    customExit: ({ currentProfit }: { currentProfit: number }) => (currentProfit < -100 ? 'cut' : undefined),
    customRoi: ({ tradeDuration }: { tradeDuration: number }) => (tradeDuration < 0 ? 0.001 : undefined),
  });
}

class Quiet extends IStrategy {
  populateIndicators(): void {}
  populateEntryTrend(): void {}
  populateExitTrend(): void {}
}

const REPS = 5;
const tmp = tempDir('keel-bench-loop-');
try {
  const pairs = derivedPairs(10);
  await writeStore(tmp.dir, pairs);
  const store = new CandleStore(tmp.dir, 'binance', 'spot');
  const dir = `${REPO}/user_data/strategies`;
  const cases = [
    { name: 'quiet-10', strategy: async () => new Quiet(), pairs: pairs.map((p) => p.pair), slots: 5 },
    { name: 'hold-10', strategy: async () => new Hold(), pairs: pairs.map((p) => p.pair), slots: 10 },
    { name: 'sma-1', strategy: async () => (await loadStrategy('SmaCross', { dir })).strategy, pairs: ['P0/USDT'], slots: 1 },
    { name: 'sma-10', strategy: async () => (await loadStrategy('SmaCross', { dir })).strategy, pairs: pairs.map((p) => p.pair), slots: 5 },
    { name: 'callbacks-10', strategy: () => withCallbacks(dir), pairs: pairs.map((p) => p.pair), slots: 5 },
    { name: 'callbacks-demo-10', strategy: async () => (await loadStrategy('CallbacksDemo', { dir })).strategy, pairs: pairs.map((p) => p.pair), slots: 5 },
    { name: 'hold-callbacks-10', strategy: async () => holdWithCallbacks(), pairs: pairs.map((p) => p.pair), slots: 10 },
  ];
  const out: Record<string, unknown> = {};
  for (const c of cases) {
    const rates: number[] = [];
    const cpuRates: number[] = [];
    let trades = 0;
    let pairCandles = 0;
    for (let r = 0; r < REPS; r++) {
      const o = await runBacktest({
        strategy: await c.strategy(),
        strategyName: 'Bench',
        store,
        exchange: 'binance',
        pairs: c.pairs,
        timeframe: '5m',
        timerange: {},
        stakeCurrency: 'USDT',
        stake: { amount: 'unlimited', tradableBalanceRatio: 0.99, startingBalance: 10_000 },
        maxOpenTrades: c.slots,
        fee: 0.001,
        load: { check: false },
      });
      rates.push(o.pairCandles / o.timings.loopMs / 1000);
      cpuRates.push(o.pairCandles / o.timings.loopCpuMs / 1000);
      trades = o.trades.length;
      pairCandles = o.pairCandles;
    }
    out[c.name] = {
      pair_candles: pairCandles,
      trades,
      orders: trades * 2,
      first_M_per_s: round(rates[0]!, 2),
      warm_M_per_s: round(median(rates.slice(1)), 2),
      // Per CPU second of the process (GC threads included): steadier than wall time on a busy machine.
      warm_M_per_cpu_s: round(median(cpuRates.slice(1)), 2),
    };
  }
  process.stdout.write(`${JSON.stringify({ bench: 'backtest-loop', node: process.version, unit: 'million pair-candles per second (loop only)', goal_M_per_s: 5, reps: REPS, ...out })}\n`);
} finally {
  tmp.cleanup();
}
