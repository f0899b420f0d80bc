import { CandleStore } from './framework/data/parquet-store.ts';
import { loadStrategy } from './framework/strategy/loader.ts';
import { runBacktest } from './framework/engine/backtest/index.ts';
import { SimVenue } from './framework/venues/sim/sim-venue.ts';
import { ExecutionEngine } from './framework/execution/execution-engine.ts';
import { TradeManager } from './framework/engine/trade-manager/trade-manager.ts';
const acc: Record<string, number> = {};
function wrap(proto: any, name: string, label = name) {
  const f = proto[name];
  proto[name] = function (...a: any[]) { const t = performance.now(); try { return f.apply(this, a); } finally { acc[label] = (acc[label] ?? 0) + performance.now() - t; } };
}
wrap(SimVenue.prototype, 'onBar');
wrap(ExecutionEngine.prototype, 'submit');
wrap(ExecutionEngine.prototype, 'cancel');
wrap(TradeManager.prototype, 'beginCandle');
wrap(TradeManager.prototype, 'onOrderEvent');
const l = await loadStrategy('SmaCross', { dir: 'user_data/strategies' });
for (let r = 0; r < 3; r++) {
  for (const k of Object.keys(acc)) acc[k] = 0;
  const out = await runBacktest({ strategy: l.strategy, strategyName: 'X', store: new CandleStore('/tmp/keel-b1', 'binance', 'spot'), exchange: 'binance', pairs: ['BTC/USDT'], timeframe: '5m', timerange: {}, stakeCurrency: 'USDT', stake: { amount: 'unlimited', tradableBalanceRatio: 0.99, startingBalance: 1000 }, maxOpenTrades: 1, fee: 0.001, load: { check: false } });
  console.log(out.trades.length, Math.round(out.timings.loopMs), Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, Math.round(v)])));
}
