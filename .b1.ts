import { CandleStore, candleFilePath, writeCandlesParquet } from './framework/data/parquet-store.ts';
import { loadStrategy } from './framework/strategy/loader.ts';
import { runBacktest } from './framework/engine/backtest/index.ts';
import { readBinance5m } from './bench/lib/real-candles.ts';
import { IStrategy } from './framework/strategy/index.ts';
import fs from 'node:fs';
const dir = '/tmp/keel-b1';
if (!fs.existsSync(dir)) await writeCandlesParquet(candleFilePath(dir, 'binance', 'BTC/USDT', '5m'), readBinance5m('BTC'));
class Quiet extends IStrategy { populateIndicators() {} populateEntryTrend() {} populateExitTrend() {} }
const l = await loadStrategy('SmaCross', { dir: 'user_data/strategies' });
for (const [name, s] of [['sma', l.strategy], ['quiet', new Quiet()], ['sma', l.strategy]] as const) {
  const out = await runBacktest({ strategy: s, strategyName: 'X', store: new CandleStore(dir, 'binance', 'spot'), exchange: 'binance', pairs: ['BTC/USDT'], timeframe: '5m', timerange: {}, stakeCurrency: 'USDT', stake: { amount: 'unlimited', tradableBalanceRatio: 0.99, startingBalance: 1000 }, maxOpenTrades: 1, fee: 0.001, load: { check: false } });
  console.log(name, out.trades.length, out.timings, out.pairCandles, out.activePairCandles, (out.pairCandles / out.timings.loopMs / 1000).toFixed(2), 'M/s');
}
