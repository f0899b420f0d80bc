import { CandleStore } from './framework/data/parquet-store.ts';
import { runBacktest } from './framework/engine/backtest/runner.ts';
import { loadStrategy } from './framework/strategy/loader.ts';
import { derivedPairs, writeStore } from './bench/_backtest-setup.ts';
import fs from 'node:fs';
const dir = '/tmp/keel-b3';
const pairs = derivedPairs(10);
if (!fs.existsSync(dir)) await writeStore(dir, pairs);
const name = process.argv[2] ?? 'SmaCross';
for (let r = 0; r < 2; r++) {
  const o = await runBacktest({ strategy: (await loadStrategy(name, { dir: 'user_data/strategies' })).strategy, strategyName: 'Bench', store: new CandleStore(dir, 'binance', 'spot'), exchange: 'binance', pairs: pairs.map(p => p.pair), timeframe: '5m', timerange: {}, stakeCurrency: 'USDT', stake: { amount: 'unlimited', tradableBalanceRatio: 0.99, startingBalance: 10000 }, maxOpenTrades: 5, fee: 0.001, load: { check: false } });
  console.log(o.trades.length, Math.round(o.timings.loopMs), o.activePairCandles);
}
