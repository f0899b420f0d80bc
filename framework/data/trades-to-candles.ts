/**
 * Build candles from trades (as Freqtrade's trades_to_ohlcv): each trade falls in the bucket
 * floorToTimeframe(timestamp); open = first trade's price, high/low = extremes, close = last
 * trade's price, volume = sum of amounts. Buckets without trades are not emitted (fill gaps
 * on load if needed).
 */
import { DataError } from '../core/errors.ts';
import { floorToTimeframe, timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import { allocateCandles, type Candles } from './candles.ts';
import { sortOrder } from './clean.ts';

export interface Trades {
  /** Trade time, epoch ms. */
  timestamp: Float64Array;
  price: Float64Array;
  /** Base-currency amount. */
  amount: Float64Array;
}

export function tradesToCandles(trades: Trades, timeframe: Timeframe): Candles {
  const tfMs = timeframeToMs(timeframe);
  const { timestamp: ts, price, amount } = trades;
  const n = ts.length;
  if (price.length !== n || amount.length !== n) {
    throw new DataError(`trades: columns differ in length (timestamp ${n}, price ${price.length}, amount ${amount.length})`);
  }
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    const p = price[i]!;
    const a = amount[i]!;
    if (!Number.isFinite(t)) throw new DataError(`trades: row ${i}: timestamp is ${t}; expected epoch milliseconds`);
    if (!(p > 0 && p < Infinity)) throw new DataError(`trades: row ${i}: price is ${p}; expected a positive finite number`);
    if (!(a >= 0 && a < Infinity)) throw new DataError(`trades: row ${i}: amount is ${a}; expected a finite number >= 0`);
    if (i > 0 && t < ts[i - 1]!) sorted = false;
  }
  // Trades with equal timestamps keep their given order (the exchange's sequence).
  const order = sorted ? undefined : sortOrder(ts);
  let buckets = 0;
  let bucket = NaN;
  for (let k = 0; k < n; k++) {
    const start = floorToTimeframe(ts[order ? order[k]! : k]!, tfMs);
    if (start !== bucket) {
      bucket = start;
      buckets++;
    }
  }
  const out = allocateCandles(buckets);
  let b = -1;
  bucket = NaN;
  for (let k = 0; k < n; k++) {
    const i = order ? order[k]! : k;
    const p = price[i]!;
    const start = floorToTimeframe(ts[i]!, tfMs);
    if (start !== bucket) {
      bucket = start;
      b++;
      out.timestamp[b] = start;
      out.open[b] = p;
      out.high[b] = p;
      out.low[b] = p;
      out.close[b] = p;
      out.volume[b] = amount[i]!;
    } else {
      if (p > out.high[b]!) out.high[b] = p;
      if (p < out.low[b]!) out.low[b] = p;
      out.close[b] = p;
      out.volume[b] = out.volume[b]! + amount[i]!;
    }
  }
  return out;
}
