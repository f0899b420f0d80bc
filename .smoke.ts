import { CandleStore } from './framework/data/parquet-store.ts';
import { loadStrategy } from './framework/strategy/loader.ts';
import { runBacktest } from './framework/engine/backtest/index.ts';
import { readMarketsFile } from './framework/engine/backtest/instruments.ts';
const t0 = performance.now();
const l = await loadStrategy('SmaCross', { dir: 'user_data/strategies' });
const store = new CandleStore('user_data/data', 'binance', 'spot');
const out = await runBacktest({
  strategy: l.strategy, strategyName: 'SmaCross', store, exchange: 'binance', pairs: ['BTC/USDT', 'ETH/USDT'], timeframe: '5m',
  timerange: {}, stakeCurrency: 'USDT', stake: { amount: 'unlimited', tradableBalanceRatio: 0.99, startingBalance: 1000 },
  maxOpenTrades: 2, fee: 0.001, markets: readMarketsFile('configs/markets/binance.json'), load: { check: false },
});
console.log(out.trades.length, out.timings, out.pairCandles, out.activePairCandles, out.stats, out.riskDenials, performance.now() - t0);
console.log(out.trades.slice(0, 3));
const byReason: Record<string, number> = {};
for (const t of out.trades) byReason[t.exitReason] = (byReason[t.exitReason] ?? 0) + 1;
console.log(byReason, out.trades.reduce((a, t) => a + t.profitAbs, 0));
